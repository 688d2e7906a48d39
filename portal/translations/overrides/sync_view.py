"""Replaces ``wagtail_localize.views.update_translations.UpdateTranslationsView.form_valid`` (wagtail-localize 1.14.5).

Upstream's *Sync translated pages* with "Publish immediately" saves and publishes every translation, putting
English text where strings are untranslated. Here it publishes only the translations that are complete
(``portal.translations.rules.publish_if_complete``) and says which locales wait for a translator, or which
would clash on a unique value such as a slug (``portal.translations.clashes``). It neither lists nor touches the
content of translations into a derived language (Traditional Chinese, ``portal.edge.language.DERIVED_LANGUAGES``),
which follows their source language's translation (ADR 0031); only their view restrictions follow the source's at
once. Upstream's ``wagtail_localize.views.update_translations.UpdateTranslationsView.get_context_data`` lists them;
the list here leaves them out. The rest is upstream's: the source is updated from the database, machine translation
when ticked (the translation memory first: ``memory_view.translate_missing``), the translated pages' view
restrictions follow the source's (for the waiting translations too), then the translation components.
"""

import contextlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views.update_translations import UpdateTranslationsForm, UpdateTranslationsView

from portal.edge.language import DERIVED_LANGUAGES
from portal.translations.clashes import publishing_clashes
from portal.translations.locales import admin_language_name
from portal.translations.overrides.memory_view import translate_missing
from portal.translations.rules import publish_if_complete


def synced_translations(source: TranslationSource) -> QuerySet[Translation]:
    """Return the enabled Translations of ``source`` that *Sync* updates: not those into a derived language."""
    return (
        source.translations.filter(enabled=True)
        .exclude(target_locale__language_code__in=DERIVED_LANGUAGES)
        .select_related("target_locale", "source")
    )


def derived_locales(source: TranslationSource) -> list[Locale]:
    """Return the Locales of a derived language that ``source`` has an enabled Translation into."""
    translations = source.translations.filter(enabled=True, target_locale__language_code__in=DERIVED_LANGUAGES)
    return [translation.target_locale for translation in translations.select_related("target_locale")]


class SyncTranslationsView(UpdateTranslationsView):
    """*Sync translated pages*: updates the TranslationSource; with "publish", publishes complete translations only."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """Upstream's context, without the translations into a derived language in the list."""
        context = super().get_context_data(**kwargs)
        context["translations"] = [
            item for item in context["translations"] if item["locale"].language_code not in DERIVED_LANGUAGES
        ]
        return context

    @transaction.atomic
    def form_valid(self, form: UpdateTranslationsForm) -> HttpResponseRedirect:
        """Update the source and its enabled translations; redirect with a success message.

        Input: the valid UpdateTranslationsForm (``publish_translations``, ``use_machine_translation``).
        Output: a redirect to ``next`` or upstream's default; a warning names the locales not published
        because strings are missing, and one per clash names the locale and the clashing value.
        """
        self.object.update_from_db()
        translations = list(synced_translations(self.object))
        if form.cleaned_data.get("use_machine_translation"):
            machine_translator = get_machine_translator()
            for translation in translations:
                translate_missing(translation, self.request.user, machine_translator)
        waiting, clashed = [], []
        for translation in translations:
            if form.cleaned_data["publish_translations"]:
                if publish_if_complete(translation, user=self.request.user) is not None:
                    continue  # publishing synced the view restrictions
                locale = admin_language_name(translation.target_locale)
                clashes = publishing_clashes(translation)
                if clashes:
                    clashed.extend((locale, clash.message) for clash in clashes)
                else:
                    waiting.append(locale)
            with contextlib.suppress(ValidationError):
                translation.source.update_target_view_restrictions(translation.target_locale)
        for locale in derived_locales(self.object):  # their content follows; their privacy follows at once
            with contextlib.suppress(ValidationError):
                self.object.update_target_view_restrictions(locale)
        self.components.save(self.object, sources_and_translations={self.object: translations})
        messages.success(self.request, self.get_success_message())
        if waiting:
            messages.warning(
                self.request,
                _("Not published in %(locales)s: some strings still need a translation.")
                % {"locales": ", ".join(waiting)},
            )
        for locale, reason in clashed:
            messages.warning(
                self.request, _("Not published in %(locale)s: %(reason)s") % {"locale": locale, "reason": reason}
            )
        return redirect(self.get_success_url() or self.get_default_success_url())
