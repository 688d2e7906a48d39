"""The *Reports → Translation status* admin report (rows from ``portal.translations.status``), with CSV and XLSX.

Who may see it: ``user_can_view_translation_status``; the states: docs/editors-and-translators.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from portal.translations.locales import admin_language_name
from portal.translations.permissions import user_can_edit_locale
from portal.translations.roles import CHINESE_TRANSLATORS, EDITORS, TRADITIONAL_REVIEWERS
from portal.translations.status import (
    STATE_CHOICES,
    UP_TO_DATE,
    TranslationStatusRow,
    kind_choices,
    translation_status_rows,
)
from portal.translations.traditional import overrides_to_review, overrides_to_review_rows

#: A link cell: ``(label, url)``, or None for an empty cell.
Link = tuple[str | Promise, str] | None

#: The groups whose members may see the report (besides superusers).
REPORT_GROUPS = (EDITORS, CHINESE_TRANSLATORS, TRADITIONAL_REVIEWERS)


def user_can_view_translation_status(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Return True if ``user`` may see the translation status report: a superuser, or an admin user in REPORT_GROUPS."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.has_perm("wagtailadmin.access_admin") and user.groups.filter(name__in=REPORT_GROUPS).exists()


def _target_locales() -> QuerySet[Locale]:
    return Locale.objects.exclude(pk=Locale.get_default().pk).order_by("language_code")


class TranslationStatusFilterSet(WagtailFilterSet):
    """Filters for the report's rows: state, type and target locale (only when there is more than one)."""

    state = django_filters.ChoiceFilter(
        label=_("State"), choices=STATE_CHOICES, empty_label=_("All"), widget=forms.RadioSelect
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), field_name="kind", choices=kind_choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    locale = django_filters.ChoiceFilter(
        label=_("Locale"), choices=list, empty_label=_("All"), widget=forms.RadioSelect
    )

    def __init__(
        self,
        data: QueryDict | None = None,
        queryset: QuerySet | None = None,
        *,
        request: HttpRequest | None = None,
        prefix: str | None = None,
    ) -> None:
        # django-filter wants a queryset for its model; the rows themselves are a list (``filter_rows``).
        super().__init__(data, TranslationSource.objects.none(), request=request, prefix=prefix)
        locales = [(locale.language_code, admin_language_name(locale)) for locale in _target_locales()]
        if len(locales) > 1:
            self.filters["locale"].extra["choices"] = locales
        else:
            del self.filters["locale"]

    def filter_rows(self, rows: list[TranslationStatusRow]) -> list[TranslationStatusRow]:
        """Return the rows matching the valid filter values (an invalid value filters nothing)."""
        self.is_valid()  # validates the form; cleaned_data then holds the valid values only
        values = self.form.cleaned_data
        if values.get("state"):
            rows = [row for row in rows if row.state == values["state"]]
        if values.get("type"):
            rows = [row for row in rows if row.kind == values["type"]]
        if values.get("locale"):
            rows = [row for row in rows if row.locale.language_code == values["locale"]]
        return rows


class LinkColumn(Column):
    """A column of links: ``get_link(row)`` returns ``(label, url)``, or None for an empty cell."""

    cell_template_name = "translations/admin/link_cell.html"

    def __init__(self, name: str, get_link: Callable[[TranslationStatusRow], Link], **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.get_link = get_link

    def get_cell_context_data(
        self, instance: TranslationStatusRow, parent_context: Mapping[str, Any]
    ) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        context["link"] = self.get_link(instance)
        return context


class TranslationStatusReportView(ReportView):
    """Every English page and snippet with the state of its translation into each other locale."""

    page_title = _("Translation status")
    header_icon = "globe"
    index_url_name = "portal_translation_status"
    index_results_url_name = "portal_translation_status_results"
    filterset_class = TranslationStatusFilterSet
    export_filename = "translation-status"
    list_export = [
        "title",
        "kind_label",
        "locale_name",
        "state_label",
        "percent",
        "source_changed_at",
        "target_published_at",
    ]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not user_can_view_translation_status(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def target_locales(self) -> list[Locale]:
        return list(_target_locales())

    @cached_property
    def headings(self) -> dict[str, str | Promise]:
        """Column headings, by row attribute; the dates name the languages ("English last changed")."""
        default = Locale.get_default()
        targets = self.target_locales
        if len(targets) == 1:
            target_published = _("%(language)s last published") % {"language": admin_language_name(targets[0])}
        else:
            target_published = _("Translation last published")
        return {
            "title": _("Title"),
            "kind_label": _("Type"),
            "locale_name": _("Locale"),
            "state_label": _("State"),
            "state_display": _("State"),
            "percent": _("Translated (%)"),
            "source_changed_at": _("%(language)s last changed") % {"language": admin_language_name(default)},
            "target_published_at": target_published,
            "translation": _("Translation"),
        }

    @property
    def export_headings(self) -> dict[str, str | Promise]:
        return self.headings

    @cached_property
    def columns(self) -> list[Column]:
        user = self.request.user
        default = Locale.get_default()
        can_edit_source = user_can_edit_locale(user, default.pk)
        can_submit = user.has_perm("wagtail_localize.submit_translation")

        def translation_link(row: TranslationStatusRow) -> Link:
            if row.target_edit_url and user_can_edit_locale(user, row.locale.pk):
                return _("Open translation"), row.target_edit_url
            if row.submit_url and can_submit:
                return _("Translate"), row.submit_url
            return None

        headings = self.headings
        columns = [
            TitleColumn(
                "title",
                label=headings["title"],
                get_url=lambda row: row.source_edit_url if can_edit_source else None,
            ),
            Column("kind_label", label=headings["kind_label"]),
        ]
        if len(self.target_locales) > 1:
            columns.append(Column("locale_name", label=headings["locale_name"]))
        columns += [
            StatusTagColumn(
                "state_display", label=headings["state_display"], primary=lambda row: row.state == UP_TO_DATE
            ),
            DateColumn("source_changed_at", label=headings["source_changed_at"]),
            DateColumn("target_published_at", label=headings["target_published_at"]),
            LinkColumn("translation", translation_link, label=headings["translation"]),
        ]
        return columns

    def get_queryset(self) -> list[TranslationStatusRow]:
        return translation_status_rows()

    # Traditional Chinese overrides to review (portal.translations.traditional): a block above the listing.
    template_name = "translations/admin/translation_status.html"

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Wagtail's context, with ``overrides_to_review`` (count) and ``override_rows`` (the first 100)."""
        context = super().get_context_data(*args, **kwargs)
        context["overrides_to_review"] = overrides_to_review().count()
        context["override_rows"] = overrides_to_review_rows(self.request.user) if context["overrides_to_review"] else []
        return context

    def stream_csv(self, queryset: list[TranslationStatusRow]) -> Iterator[str]:
        """Wagtail's CSV stream, in the user's admin language.

        The CSV is streamed after the view has returned, outside the language Wagtail activates
        for the user (``UserProfile.preferred_language``), so the headings and states (lazy
        translations) would otherwise come out in the request's language.
        """
        language = translation.get_language()  # now, while the view runs in the user's language
        rows = super().stream_csv(queryset)

        def stream() -> Iterator[str]:
            with translation.override(language):
                yield from rows

        return stream()

    def filter_queryset(self, rows: list[TranslationStatusRow]) -> list[TranslationStatusRow]:
        if self.filters is None:
            return rows
        return self.filters.filter_rows(rows)


class TranslationStatusMenuItem(MenuItem):
    """*Reports → Translation status*, shown to the users who may see the report."""

    def is_shown(self, request: HttpRequest) -> bool:
        return user_can_view_translation_status(request.user)
