"""Admin hooks: the translation rules of ``portal.translations.rules`` in Wagtail's and wagtail-localize's admin.

Cascading unpublish, what deleting takes with it, refused moves and incomplete publishes, the replaced views, the
status report, the translation memory's suggestions in the translation editor.
"""

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail_localize.models import Translation

from portal.edge.language import DERIVED_LANGUAGES
from portal.translations.clashes import publishing_clashes
from portal.translations.locales import admin_language_name, admin_language_names
from portal.translations.memory import offer_suggestions
from portal.translations.overrides import translate_buttons
from portal.translations.overrides import urls as override_urls
from portal.translations.reports import TranslationStatusMenuItem, TranslationStatusReportView
from portal.translations.rules import (
    is_source,
    missing_related_objects,
    missing_strings,
    remaining_translations,
    translations_to_cascade,
    write_draft_if_complete,
)

# ---------------------------------------------------------------------------- wagtail-localize views


@hooks.register("register_admin_urls", order=-10)
def register_translation_views() -> list[URLPattern]:
    """Serve ``overrides.urls`` at wagtail-localize's own URLs (registered before them, so they win)."""
    return override_urls.urlpatterns


# wagtail-localize's *Translate* buttons, shown only when a language a person translates into is missing.
translate_buttons.install()


# ---------------------------------------------------------------------------- translation status report


@hooks.register("register_admin_urls")
def register_translation_status_report() -> list[URLPattern]:
    """The translation status report, and its results-only view (the listing refreshed when filtering)."""
    return [
        path(
            "reports/translation-status/",
            TranslationStatusReportView.as_view(),
            name="portal_translation_status",
        ),
        path(
            "reports/translation-status/results/",
            TranslationStatusReportView.as_view(results_only=True),
            name="portal_translation_status_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item() -> TranslationStatusMenuItem:
    """*Reports → Translation status*, next to wagtail-localize's *Translations* report."""
    return TranslationStatusMenuItem(
        gettext_lazy("Translation status"),
        reverse("portal_translation_status"),
        name="translation-status",
        icon_name="globe",
        order=9010,
    )


# ---------------------------------------------------------------------------- structure follows the source


@hooks.register("construct_translated_pages_to_cascade_actions")
def cascade_to_translations(pages: list[Page], action: str) -> dict[Page, list[Page]]:
    """Return ``{page: [translations]}`` that unpublishing each English page applies to.

    Wagtail's unpublish view carries those out without checking the user's permissions on the other
    locales. Deletes and moves are left to ``portal.translations.signals``, which follow every path
    (the admin, bulk actions, code); Wagtail's delete view would delete the translations a second time,
    and its move view would check the editor's permission to move each Chinese page.
    """
    if action != "unpublish":
        return {}
    return {page: translations_to_cascade(page, action) for page in pages}


@hooks.register("before_move_page")
def refuse_move_without_translated_destination(
    request: HttpRequest, page: Page, destination: Page
) -> HttpResponse | None:
    """Refuse to move a translated English page under a page that lacks a translation in one of its locales."""
    if request.method != "POST":
        return None
    untranslated = [
        translation.locale
        for translation in translations_to_cascade(page, "move")
        if destination.get_translation_or_none(translation.locale) is None
    ]
    if not untranslated:
        return None
    # A derived language (Traditional Chinese) follows its source language: name only what a person translates.
    codes = {locale.language_code for locale in untranslated}
    named = [locale for locale in untranslated if DERIVED_LANGUAGES.get(locale.language_code) not in codes]
    messages.error(
        request,
        _("“%(destination)s” has no translation in %(locales)s to move the translations of this page under.")
        % {"destination": destination.get_admin_display_title(), "locales": admin_language_names(named)},
    )
    return redirect("wagtailadmin_pages:move", page.pk)


def _source_of(instance: TranslatableMixin) -> TranslatableMixin | None:
    """Return the source-locale version of ``instance`` (a translated page or snippet), or None."""
    if is_source(instance):
        return None
    return instance.get_translations().filter(locale=Locale.get_default()).first()


def _translation_goes_with_its_source_message(page: Page, source: Page) -> str:
    return _(
        "Not deleted: “%(title)s” is a translation, deleted together with its %(language)s page. "
        "To take it offline, unpublish it."
    ) % {"title": page.get_admin_display_title(), "language": admin_language_name(source.locale)}


@hooks.register("before_delete_page")
def refuse_deleting_a_translation(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Refuse to delete a translated page on its own while its English page exists.

    wagtail-localize discards a translation's strings with its last translated object, so deleting the
    Chinese page would lose the translators' work; it goes when its English page is deleted.
    """
    source = _source_of(page)
    if source is None:
        return None
    messages.error(request, _translation_goes_with_its_source_message(page, source))
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_translations(
    request: HttpRequest, action_type: str, objects: list, action_class_instance: object
) -> HttpResponse | None:
    """The same rule for bulk deletion: refused when any of the pages is a translation whose English page exists."""
    if action_type != "delete":
        return None
    for obj in objects:
        source = _source_of(obj) if isinstance(obj, Page) else None
        if source is not None:
            messages.error(request, _translation_goes_with_its_source_message(obj, source))
            return redirect(request.get_full_path())
    return None


@hooks.register("before_bulk_action")
def bulk_actions_follow_the_source(
    request: HttpRequest, action_type: str, objects: list, action_class_instance: object
) -> HttpResponse | None:
    """Bulk actions on English pages: deleting notes their translations; moving translated ones is refused."""
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if action_type == "delete" and pages:
        _remember_translations_deleted_with(request, pages)
    elif action_type == "move" and any(translations_to_cascade(page, "move") for page in pages):
        messages.error(request, _("Translated pages move one at a time, so that their translations move with them."))
        return redirect(request.get_full_path())
    return None


# ---------------------------------------------------------------------------- deleting follows the source


def _label(obj: Model) -> str:
    title = obj.get_admin_display_title() if isinstance(obj, Page) else str(obj)
    return _("“%(title)s” (%(language)s)") % {"title": title, "language": admin_language_name(obj.locale)}


def _translations_deleted_with(objects: list[Model]) -> list[Model]:
    return [translation for obj in objects if is_source(obj) for translation in remaining_translations(obj)]


def _warn_before_deleting(request: HttpRequest, objects: list[Model]) -> None:
    """On a delete confirmation page, say which translations go with the English ``objects``."""
    translations = _translations_deleted_with(objects)
    if translations:
        messages.warning(
            request,
            _("These translations are deleted too: %(translations)s.")
            % {"translations": ", ".join(_label(translation) for translation in translations)},
        )


def _remember_translations_deleted_with(request: HttpRequest, objects: list[Model]) -> None:
    request._portal_translations_deleted_with = _translations_deleted_with(objects)


def _report_translations_deleted(request: HttpRequest) -> None:
    """After a delete, say which translations went too and which were kept (unpublished) because still in use."""
    translations = getattr(request, "_portal_translations_deleted_with", [])
    request._portal_translations_deleted_with = []
    kept = [obj for obj in translations if type(obj).objects.filter(pk=obj.pk).exists()]
    deleted = [obj for obj in translations if obj not in kept]
    if deleted:
        messages.success(
            request,
            _("Translations deleted too: %(translations)s.")
            % {"translations": ", ".join(_label(translation) for translation in deleted)},
        )
    if kept:
        messages.warning(
            request,
            _("Still used elsewhere, so unpublished instead of deleted: %(translations)s.")
            % {"translations": ", ".join(_label(translation) for translation in kept)},
        )


@hooks.register("before_delete_page")
def announce_page_translations_deleted(request: HttpRequest, page: Page) -> None:
    """The delete confirmation names the translations that go with the page; the POST remembers them."""
    if request.method == "POST":
        _remember_translations_deleted_with(request, [page])
    else:
        _warn_before_deleting(request, [page])


@hooks.register("after_delete_page")
def report_page_translations_deleted(request: HttpRequest, page: Page) -> None:
    _report_translations_deleted(request)


@hooks.register("after_bulk_action")
def report_translations_deleted_in_bulk(
    request: HttpRequest, action_type: str, objects: list, action_class_instance: object
) -> None:
    if action_type == "delete":
        _report_translations_deleted(request)


@hooks.register("before_delete_snippet")
def announce_snippet_translations_deleted(request: HttpRequest, instances: list[Model]) -> None:
    """The same for snippets, deleted one at a time or in bulk."""
    if request.method == "POST":
        _remember_translations_deleted_with(request, instances)
    else:
        _warn_before_deleting(request, instances)


@hooks.register("after_delete_snippet")
def report_snippet_translations_deleted(request: HttpRequest, instances: list[Model]) -> None:
    _report_translations_deleted(request)


# ---------------------------------------------------------------------------- complete or not at all


def _translation_of(instance: TranslatableMixin) -> Translation | None:
    """The enabled wagtail-localize Translation whose target is ``instance``, or None."""
    return (
        Translation.objects.filter(
            source__object_id=instance.translation_key, target_locale_id=instance.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


def _incomplete_reasons(instance: Model) -> list[str]:
    """Return why publishing ``instance`` (a page or snippet) now would break "complete or nothing": a list of texts.

    Empty when ``instance`` is not the target of an enabled translation, or that translation is complete and
    writing it clashes with nothing.
    """
    translation = _translation_of(instance)
    if translation is None:
        return []
    reasons = [_("Not published: %(reason)s") % {"reason": clash.message} for clash in publishing_clashes(translation)]
    strings, related = missing_strings(translation), missing_related_objects(translation)
    if strings:
        reasons.append(
            ngettext(
                "Not published: %(count)d string still needs a translation.",
                "Not published: %(count)d strings still need a translation.",
                strings,
            )
            % {"count": strings}
        )
    if related:
        reasons.append(
            _("Not published: translate these first: %(objects)s.")
            % {"objects": ", ".join(str(obj.get_instance(translation.source.locale)) for obj in related)}
        )
    return reasons


def _refuse_incomplete_publish(request: HttpRequest, instance: Model) -> HttpResponse | None:
    """Return a redirect with an error when ``request`` publishes an incomplete translation of ``instance``.

    Also when publishing would clash on a unique value, such as a slug another object of its locale has.
    """
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    reasons = _incomplete_reasons(instance)
    for reason in reasons:
        messages.error(request, reason)
    return redirect(request.get_full_path()) if reasons else None


@hooks.register("before_edit_page", order=-10)
def refuse_incomplete_page_translation(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Before wagtail-localize's editor handles a publish, refuse it when the translation is incomplete."""
    return _refuse_incomplete_publish(request, page)


@hooks.register("before_edit_snippet", order=-10)
def refuse_incomplete_snippet_translation(request: HttpRequest, instance: Model) -> HttpResponse | None:
    """The same rule for snippets translated in wagtail-localize's editor."""
    if not hasattr(instance, "translation_key"):
        return None
    return _refuse_incomplete_publish(request, instance)


# ---------------------------------------------------------------------------- the translation memory


def _offer_memory(request: HttpRequest, instance: Model) -> None:
    """When the translation editor opens: show previous translations, say what the memory could fill."""
    if request.method != "GET" or not hasattr(instance, "translation_key"):
        return
    translation = _translation_of(instance)
    if translation is None:
        return
    exact, _previous = offer_suggestions(translation)
    if exact:
        messages.info(
            request,
            ngettext(
                "The translation memory has a translation for %(count)d missing string: "
                "“Translate with the translation memory” fills it for you to check.",
                "The translation memory has translations for %(count)d missing strings: "
                "“Translate with the translation memory” fills them for you to check.",
                exact,
            )
            % {"count": exact},
        )


@hooks.register("before_edit_page", order=-5)
def offer_memory_for_page(request: HttpRequest, page: Page) -> None:
    """Before wagtail-localize's editor shows a translated page, add the memory's suggestions."""
    _offer_memory(request, page)


@hooks.register("before_edit_snippet", order=-5)
def offer_memory_for_snippet(request: HttpRequest, instance: Model) -> None:
    """The same for snippets."""
    _offer_memory(request, instance)


# ---------------------------------------------------------------------------- a translation follows its source live


def _source_not_live_reason(instance: Model) -> str | None:
    """Return the refusal text when ``instance`` is a translation whose source is not live, else None.

    An English page awaiting approval (or a draft) has no live version to translate yet: publishing its
    translation would put it online in Chinese first (docs/editors-and-translators.md, "Moderation").
    """
    source = _source_of(instance)
    if source is None or not isinstance(source, DraftStateMixin) or source.live:
        return None
    return _(
        "Not published: the %(language)s version is not live yet (it may be awaiting approval). "
        "Publish this translation once it is."
    ) % {"language": admin_language_name(source.locale)}


def _refuse_publish_before_source(request: HttpRequest, instance: Model) -> HttpResponse | None:
    """Return a redirect with an error when ``request`` publishes a translation whose source is not live."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    reason = _source_not_live_reason(instance)
    if reason is None:
        return None
    messages.error(request, reason)
    return redirect(request.get_full_path())


@hooks.register("before_edit_page", order=-11)
def refuse_page_translation_before_source(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Before wagtail-localize's editor publishes a Chinese page, refuse it while the English page is not live."""
    return _refuse_publish_before_source(request, page)


@hooks.register("before_edit_snippet", order=-11)
def refuse_snippet_translation_before_source(request: HttpRequest, instance: Model) -> HttpResponse | None:
    """The same rule for snippets translated in wagtail-localize's editor."""
    if not isinstance(instance, TranslatableMixin):
        return None
    return _refuse_publish_before_source(request, instance)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_incomplete_translations(
    request: HttpRequest, action_type: str, objects: list, action_class_instance: object
) -> HttpResponse | None:
    """Bulk *Publish* follows the same rules as the translation editor: nothing is published if any page fails them.

    Checked: each page, and with "include descendants" its pages not live yet (those Wagtail's bulk action would
    publish). A page fails when it is a translation that is incomplete, would clash, or whose source is not live.
    When none fails, each translation is first written from its current strings (``rules.write_draft_if_complete``),
    so the revision Wagtail publishes is the translators' latest.
    """
    if action_type != "publish":
        return None
    pages = [obj for obj in objects if isinstance(obj, Page)]
    form = getattr(action_class_instance, "cleaned_form", None)
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in list(pages):
            pages.extend(page.get_descendants().not_live().specific())
    refused = False
    for page in pages:
        reasons = [*_incomplete_reasons(page), _source_not_live_reason(page)]
        for reason in filter(None, reasons):
            refused = True
            messages.error(
                request, _("“%(title)s”: %(reason)s") % {"title": page.get_admin_display_title(), "reason": reason}
            )
    if refused:
        return redirect(request.get_full_path())
    for page in pages:
        translation = _translation_of(page)
        if translation is not None and write_draft_if_complete(translation, user=request.user) is not None:
            page.refresh_from_db(fields=["latest_revision"])  # the revision Wagtail's bulk action publishes
    return None
