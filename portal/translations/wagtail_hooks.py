"""Admin hooks: the translation rules of ``portal.translations.rules`` in Wagtail's and wagtail-localize's admin.

Cascading unpublish and delete, refused moves and incomplete publishes, the replaced views, the status report,
the translation memory's suggestions in the translation editor.
"""

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.actions.delete_page import DeletePageAction
from wagtail.models import Page
from wagtail_localize.models import Translation

from portal.translations.clashes import publishing_clashes
from portal.translations.memory import offer_suggestions
from portal.translations.overrides import urls as override_urls
from portal.translations.reports import TranslationStatusMenuItem, TranslationStatusReportView
from portal.translations.rules import missing_related_objects, missing_strings, translations_to_cascade

# ---------------------------------------------------------------------------- wagtail-localize views


@hooks.register("register_admin_urls", order=-10)
def register_translation_views() -> list[URLPattern]:
    """Serve ``overrides.urls`` at wagtail-localize's own URLs (registered before them, so they win)."""
    return override_urls.urlpatterns


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
    """Return ``{page: [translations]}`` that unpublishing or deleting each English page applies to.

    Wagtail's views carry those out without checking the user's permissions on the other locales.
    Moves are left to ``portal.translations.signals`` (Wagtail's move view would check the editor's permission to
    move each Chinese page, which an English editor does not have).
    """
    if action == "move":
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
        translation.locale.get_display_name()
        for translation in translations_to_cascade(page, "move")
        if destination.get_translation_or_none(translation.locale) is None
    ]
    if not untranslated:
        return None
    messages.error(
        request,
        _("“%(destination)s” has no translation in %(locales)s to move the translations of this page under.")
        % {"destination": destination.get_admin_display_title(), "locales": ", ".join(untranslated)},
    )
    return redirect("wagtailadmin_pages:move", page.pk)


@hooks.register("before_bulk_action")
def bulk_actions_follow_the_source(
    request: HttpRequest, action_type: str, objects: list, action_class_instance: object
) -> HttpResponse | None:
    """Bulk actions on English pages: deleting remembers their translations; moving translated ones is refused."""
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if action_type == "delete":
        request._portal_translations_to_delete = [
            translation.pk for page in pages for translation in translations_to_cascade(page, "delete")
        ]
    elif action_type == "move" and any(translations_to_cascade(page, "move") for page in pages):
        messages.error(request, _("Translated pages move one at a time, so that their translations move with them."))
        return redirect(request.get_full_path())
    return None


@hooks.register("after_bulk_action")
def delete_translations_after_bulk_delete(
    request: HttpRequest, action_type: str, objects: list, action_class_instance: object
) -> None:
    """Delete the translations of English pages deleted in bulk (remembered by the hook above)."""
    if action_type != "delete":
        return None
    for page in Page.objects.filter(pk__in=getattr(request, "_portal_translations_to_delete", [])):
        DeletePageAction(page, user=request.user).execute(skip_permission_checks=True)
    return None


# ---------------------------------------------------------------------------- complete or not at all


def _translation_of(instance):
    """The enabled wagtail-localize Translation whose target is ``instance``, or None."""
    return (
        Translation.objects.filter(
            source__object_id=instance.translation_key, target_locale_id=instance.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


def _refuse_incomplete_publish(request, instance):
    """Return a redirect with an error when ``request`` publishes an incomplete translation of ``instance``.

    Also when publishing would clash on a unique value, such as a slug another object of its locale has.
    """
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    translation = _translation_of(instance)
    if translation is None:
        return None
    clashes = publishing_clashes(translation)
    for clash in clashes:
        messages.error(request, _("Not published: %(reason)s") % {"reason": clash.message})
    strings, related = missing_strings(translation), missing_related_objects(translation)
    if not strings and not related and not clashes:
        return None
    if strings:
        messages.error(
            request,
            ngettext(
                "Not published: %(count)d string still needs a translation.",
                "Not published: %(count)d strings still need a translation.",
                strings,
            )
            % {"count": strings},
        )
    if related:
        messages.error(
            request,
            _("Not published: translate these first: %(objects)s.")
            % {"objects": ", ".join(str(obj.get_instance(translation.source.locale)) for obj in related)},
        )
    return redirect(request.get_full_path())


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


def _offer_memory(request, instance):
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
