"""Translation status: for every English page and snippet, where its translation into each other locale stands.

``translation_status_rows()`` computes the rows (its docstring defines the four states); ``reports.py`` lists them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, ForeignKey, Model, OuterRef, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from portal.edge.language import DERIVED_LANGUAGES
from portal.translations.locales import admin_language_name
from portal.translations.roles import translatable_snippet_models

MISSING = "missing"
IN_PROGRESS = "in_progress"
OUT_OF_DATE = "out_of_date"
UP_TO_DATE = "up_to_date"

#: ``(state, label)`` in the order a translator works through them.
STATE_CHOICES = (
    (MISSING, _("Missing")),
    (IN_PROGRESS, _("In progress")),
    (OUT_OF_DATE, _("Out of date")),
    (UP_TO_DATE, _("Up to date")),
)
STATE_LABELS = dict(STATE_CHOICES)

#: The ``kind`` of every page row; a snippet row's kind is its model's ``app_label.model_name``.
PAGE = "page"


def kind_choices() -> list[tuple[str, str | Promise]]:
    """Return ``[(kind, label), ...]``: pages, then each snippet model (labels in the active language)."""
    return [(PAGE, _("Page"))] + [
        (model._meta.label_lower, capfirst(model._meta.verbose_name)) for model in translatable_snippet_models()
    ]


@dataclass
class TranslationStatusRow:
    """Where the translation of one English page or snippet into one locale stands.

    ``source_changed_at`` is when the English object was last published; ``target_published_at``
    when its translation was (None when there is none, or it was never published). ``percent`` is the
    share of the source's strings translated (rounded down, so 100 means complete), or None when
    wagtail-localize does not manage the translation (missing, disabled or made by hand).
    ``submit_url`` (wagtail-localize's *Translate*) is set only when the translation is missing and its language is
    not derived (Traditional Chinese follows the Simplified translation, ADR 0031), ``target_edit_url`` (which
    wagtail-localize turns into its translation editor) only when it exists.
    """

    object: Model
    kind: str
    kind_label: str
    locale: Locale
    state: str
    percent: int | None
    source_changed_at: datetime | None
    target_published_at: datetime | None
    source_edit_url: str
    target: Model | None = None
    target_edit_url: str | None = None
    submit_url: str | None = None

    @property
    def title(self) -> str:
        if isinstance(self.object, Page):
            return self.object.get_admin_display_title()
        return str(self.object)

    @property
    def locale_name(self) -> str:
        """The target language's name in the admin user's language ("Chinese (Traditional)", "繁体中文")."""
        return admin_language_name(self.locale)

    @property
    def state_label(self) -> str | Promise:
        return STATE_LABELS[self.state]

    @property
    def state_display(self) -> str:
        """The state as shown in the report: "In progress (40%)", "Out of date (75%)", "Up to date", "Missing"."""
        if self.percent is None or self.state in (MISSING, UP_TO_DATE):
            return str(self.state_label)
        return _("%(state)s (%(percent)d%%)") % {"state": self.state_label, "percent": self.percent}


def _later(moment: datetime | None, than: datetime | None) -> bool:
    """Return True if ``moment`` is a datetime later than ``than`` (any datetime is later than None)."""
    return moment is not None and (than is None or moment > than)


def _percent(total: int, translated: int) -> int:
    """Return ``translated`` of ``total`` strings as a whole percentage, rounded down (100 when there are none)."""
    if not total:
        return 100
    return translated * 100 // total


def string_progress(default_locale: Locale, target_locales: Iterable[Locale]) -> dict[tuple[int, int], tuple[int, int]]:
    """Return ``{(TranslationSource id, Locale id): (total, translated)}`` for the sources in ``default_locale``.

    The same counts as wagtail-localize's ``Translation.get_progress()`` (a string translation with
    an error does not count as translated), for all sources at once: one query for the totals and
    one per target locale for the translated strings, each grouped by source.
    """
    segments = StringSegment.objects.filter(source__locale=default_locale).order_by()
    totals = dict(segments.values("source_id").annotate(count=Count("pk")).values_list("source_id", "count"))
    progress = {}
    for locale in target_locales:
        translated = StringTranslation.objects.filter(
            translation_of_id=OuterRef("string_id"),
            context_id=OuterRef("context_id"),
            locale_id=locale.pk,
            has_error=False,
        )
        done = dict(
            segments.filter(Exists(translated))
            .values("source_id")
            .annotate(count=Count("pk"))
            .values_list("source_id", "count")
        )
        for source_id, total in totals.items():
            progress[source_id, locale.pk] = (total, done.get(source_id, 0))
    return progress


def _state(
    english: DraftStateMixin,
    target: DraftStateMixin | None,
    last_updated_at: datetime | None,
    managed: bool,
    counts: tuple[int, int],
) -> tuple[str, int | None]:
    """Return ``(state, percent)`` for ``target``, the translation of ``english`` into one locale (or None).

    ``last_updated_at`` is that of the English object's TranslationSource (None without one),
    ``managed`` whether an enabled wagtail-localize Translation makes ``target``, ``counts`` its
    ``(total, translated)`` strings.
    """
    if target is None:
        return MISSING, None
    percent = _percent(*counts) if managed else None
    if not target.live:
        return IN_PROGRESS, percent
    if managed:
        out_of_date = (
            percent < 100
            or _later(last_updated_at, target.last_published_at)
            or _later(english.last_published_at, last_updated_at)
        )
        return (OUT_OF_DATE if out_of_date else UP_TO_DATE), percent
    if _later(english.last_published_at, target.last_published_at):
        return OUT_OF_DATE, None
    return UP_TO_DATE, None


def _snippet_queryset(model: type[Model]) -> QuerySet:
    """``model``'s objects, with the snippets its ``__str__`` may use (a pairing's cities) in the same query."""
    related = [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, ForeignKey) and field.related_model in translatable_snippet_models()
    ]
    return model._default_manager.select_related(*related)


def _page_urls(page: Page) -> tuple[str, str]:
    return (
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        reverse("wagtail_localize:submit_page_translation", args=(page.pk,)),
    )


def _snippet_urls(instance: Model) -> tuple[str, str]:
    opts = instance._meta
    return (
        reverse(instance.snippet_viewset.get_url_name("edit"), args=(quote(instance.pk),)),
        reverse(
            "wagtail_localize:submit_snippet_translation", args=(opts.app_label, opts.model_name, quote(instance.pk))
        ),
    )


def _target_edit_url(target: Model) -> str:
    if isinstance(target, Page):
        return reverse("wagtailadmin_pages:edit", args=(target.pk,))
    return reverse(target.snippet_viewset.get_url_name("edit"), args=(quote(target.pk),))


def translation_status_rows() -> list[TranslationStatusRow]:
    """Return the translation status of every English page and snippet, one row per target locale.

    Inputs: none but the database. The English (default-locale) objects are every page except the
    tree root, in tree order, then the objects of each of ``translatable_snippet_models()`` (City, CityPairing,
    NewsCategory, FooterText); the target locales are all the other Locales, by language code.

    Output: a list of ``TranslationStatusRow`` (English object, its kind and verbose name, target
    locale, state, percent, English last publication, translation's last publication, admin URLs).
    States, for the object in the target locale with the same ``translation_key`` (its translation):

    - **missing**: there is none;
    - **in progress (N%)**: it exists but is not live (a draft made by submitting for translation,
      or unpublished); N comes from its wagtail-localize Translation (None when there is none);
    - **out of date (N%)**: it is live, but its Translation has untranslated strings, or the English
      TranslationSource was updated after the translation was last published, or the English object
      was published after its TranslationSource was last updated (changed but never synced);
    - **up to date**: live, 100% translated, published at or after the source's last update.

    A translation whose wagtail-localize Translation is disabled or absent (made by hand) is
    compared by publication dates only: out of date when the English object was published later,
    otherwise up to date; it has no percentage.

    Every datetime is timezone-aware (as stored, ``USE_TZ``). Data sources: Locale; Page and each
    snippet model (both locales); wagtail-localize's TranslationSource (``last_updated_at``),
    Translation (``enabled``), StringSegment and StringTranslation (the strings' progress, as
    ``Translation.get_progress()`` counts it). The number of queries does not depend on the number
    of objects: two per model, three for wagtail-localize's sources and translations, and one more
    per target locale.
    """
    default_locale = Locale.get_default()
    target_locales = list(Locale.objects.exclude(pk=default_locale.pk).order_by("language_code"))
    target_ids = [locale.pk for locale in target_locales]

    sources = {
        object_id: (source_id, last_updated_at)
        for source_id, object_id, last_updated_at in TranslationSource.objects.filter(
            locale=default_locale
        ).values_list("pk", "object_id", "last_updated_at")
    }
    enabled_translations = {
        (source_id, locale_id): enabled
        for source_id, locale_id, enabled in Translation.objects.filter(
            source__locale=default_locale, target_locale_id__in=target_ids
        ).values_list("source_id", "target_locale_id", "enabled")
    }
    progress = string_progress(default_locale, target_locales)

    groups = [
        (
            Page.objects.filter(locale=default_locale, depth__gt=1).order_by("path"),
            Page.objects.filter(locale_id__in=target_ids, depth__gt=1),
            _page_urls,
        )
    ]
    for model in translatable_snippet_models():
        groups.append(
            (
                _snippet_queryset(model).filter(locale=default_locale).order_by(*model._meta.ordering, "pk"),
                model._default_manager.filter(locale_id__in=target_ids),
                _snippet_urls,
            )
        )

    rows = []
    for english_objects, target_objects, urls in groups:
        targets = {(target.translation_key, target.locale_id): target for target in target_objects}
        for english in english_objects:
            if isinstance(english, Page):
                kind = PAGE
                kind_label = capfirst(ContentType.objects.get_for_id(english.content_type_id).name)
            else:
                kind = english._meta.label_lower
                kind_label = capfirst(english._meta.verbose_name)
            source_id, last_updated_at = sources.get(english.translation_key, (None, None))
            edit_url, submit_url = urls(english)
            for locale in target_locales:
                target = targets.get((english.translation_key, locale.pk))
                managed = enabled_translations.get((source_id, locale.pk), False)
                counts = progress.get((source_id, locale.pk), (0, 0))
                state, percent = _state(english, target, last_updated_at, managed, counts)
                offered = locale.language_code not in DERIVED_LANGUAGES  # by Translate (submit_views)
                rows.append(
                    TranslationStatusRow(
                        object=english,
                        kind=kind,
                        kind_label=kind_label,
                        locale=locale,
                        state=state,
                        percent=percent,
                        source_changed_at=english.last_published_at,
                        target_published_at=target.last_published_at if target is not None else None,
                        source_edit_url=edit_url,
                        target=target,
                        target_edit_url=_target_edit_url(target) if target is not None else None,
                        submit_url=submit_url if target is None and offered else None,
                    )
                )
    return rows
