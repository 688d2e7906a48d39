"""Admin views that make wagtail-localize follow the portal's translation rules (see ``portal.translations.rules``).

They replace three of wagtail-localize's views at the same admin URLs (``portal/translations/wagtail_hooks.py``
registers them ahead of wagtail-localize's), changing one thing each:

- *Translate* (submit a page or snippet for translation) creates drafts: it never publishes, and
  it never rewrites a translation that already exists (wagtail-localize would save related snippets
  that are already translated again as drafts, taking them offline).
- *Sync translated pages* with "publish" ticked publishes only the translations that are complete,
  instead of publishing English text in place of the missing strings.
"""

import contextlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator
from wagtail_localize.views.edit_translation import apply_machine_translation
from wagtail_localize.views.submit_translations import SubmitPageTranslationView, SubmitSnippetTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from portal.translations.rules import publish_if_complete


class DraftTranslationCreator(TranslationCreator):
    """wagtail-localize's TranslationCreator, making every new translation a draft.

    For each target locale where the object (or a snippet it points at) has no translation yet, a
    Translation is opened and the translated object is created as a draft (source strings in place
    of the untranslated ones, never published). Objects that already have a translation in that
    locale are left exactly as they are.
    """

    def create_translations(self, instance, include_related_objects=True):
        """Open translations of ``instance`` (a page or snippet) and, one level deep, of the snippets it uses."""
        if isinstance(instance, Page):
            instance = instance.specific
        if instance.translation_key in self.seen_objects:
            return
        self.seen_objects.add(instance.translation_key)
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        if include_related_objects:
            for segment in source.relatedobjectsegment_set.all():
                related = segment.object.get_instance_or_none(instance.locale)
                if related is not None:
                    self.create_translations(related, include_related_objects=False)
        for locale in self.target_locales:
            if locale.pk == source.locale_id or instance.get_translation_or_none(locale) is not None:
                continue
            translation, _created = Translation.objects.update_or_create(
                source=source, target_locale=locale, defaults={"enabled": True}
            )
            self.mappings[source].append(translation)
            with contextlib.suppress(ValidationError):
                translation.save_target(user=self.user, publish=False)


class DraftSubmissionMixin:
    """Replaces the submit views' ``form_valid``: translations are opened with DraftTranslationCreator."""

    @transaction.atomic
    def form_valid(self, form):
        locales = form.cleaned_data["locales"]
        creator = DraftTranslationCreator(self.request.user, locales)
        creator.create_translations(self.object)
        if isinstance(self.object, Page) and form.cleaned_data.get("include_subtree"):
            for descendant in self.object.get_descendants().specific():
                creator.create_translations(descendant)
        self.components.save(creator, sources_and_translations=creator.mappings)

        translated = self.object.get_translation_or_none(locales[0]) if len(locales) == 1 else None
        locale_names = locales[0].get_display_name() if len(locales) == 1 else _("{} locales").format(len(locales))
        messages.success(self.request, self.get_success_message(locale_names))
        return redirect(self.get_success_url() or self.get_default_success_url(translated))


class SubmitPageForDraftTranslationView(DraftSubmissionMixin, SubmitPageTranslationView):
    """*Translate this page*: opens the translations and creates the translated pages as drafts."""


class SubmitSnippetForDraftTranslationView(DraftSubmissionMixin, SubmitSnippetTranslationView):
    """*Translate* on a snippet: opens the translations and creates the translated snippets as drafts."""


class SyncTranslationsView(UpdateTranslationsView):
    """*Sync translated pages*: updates the TranslationSource; with "publish", publishes complete translations only."""

    @transaction.atomic
    def form_valid(self, form):
        self.object.update_from_db()
        translations = list(self.object.translations.filter(enabled=True).select_related("target_locale", "source"))
        if form.cleaned_data.get("use_machine_translation"):
            machine_translator = get_machine_translator()
            for translation in translations:
                apply_machine_translation(translation.id, self.request.user, machine_translator)
        waiting = []
        for translation in translations:
            if form.cleaned_data["publish_translations"]:
                if publish_if_complete(translation, user=self.request.user) is None:
                    waiting.append(translation.target_locale.get_display_name())
            else:
                with contextlib.suppress(ValidationError):
                    translation.source.update_target_view_restrictions(translation.target_locale)
        self.components.save(self.object, sources_and_translations={self.object: translations})
        messages.success(self.request, self.get_success_message())
        if waiting:
            messages.warning(
                self.request,
                _("Not published in %(locales)s: some strings still need a translation.")
                % {"locales": ", ".join(waiting)},
            )
        return redirect(self.get_success_url() or self.get_default_success_url())
