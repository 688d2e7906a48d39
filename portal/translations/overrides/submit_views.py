"""Replaces ``wagtail_localize.views.submit_translations.SubmitTranslationView.form_valid`` (wagtail-localize 1.14.5)
for pages (``SubmitPageTranslationView``) and snippets (``SubmitSnippetTranslationView``).

Upstream's ``form_valid`` calls ``translate_object`` and ``translate_page_subtree``, which use its own
TranslationCreator; these call the same steps with ``translation_creator.DraftTranslationCreator``, so submitting
makes drafts and leaves existing translations alone. Everything else is upstream's: the form, permission check,
success message and URL (``next``, else the translated object when one locale was chosen), and the subtree
("Include subtree") translated through wagtail-localize's job backend (``WAGTAILLOCALIZE_JOBS``). Added: a
submission whose translation would clash on a unique value (``portal.translations.clashes``) changes nothing and
shows the form again with the error, where upstream fails with an IntegrityError.
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail_localize import tasks
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
    SubmitTranslationForm,
)

from portal.translations.clashes import TranslationClashError
from portal.translations.overrides.translation_creator import DraftTranslationCreator, translate_subtree_as_drafts


class DraftSubmissionMixin:
    """Replaces the submit views' ``form_valid``: translations are opened with DraftTranslationCreator."""

    @transaction.atomic
    def form_valid(self, form: SubmitTranslationForm) -> HttpResponseRedirect:
        """Open draft translations of the object (and, if asked, of its subtree); redirect with a success message.

        Input: the valid SubmitTranslationForm (``locales``, ``include_subtree``). Output: a redirect to
        ``next``, else to the translation when one locale was chosen, else upstream's default.
        """
        locales = form.cleaned_data["locales"]
        creator = DraftTranslationCreator(self.request.user, locales)
        creator.create_translations(self.object)
        self.components.save(creator, sources_and_translations=creator.mappings)

        if isinstance(self.object, Page) and form.cleaned_data["include_subtree"]:
            # As upstream: the subtree may be large, so it goes to the job backend (immediate by default).
            tasks.background.enqueue(
                translate_subtree_as_drafts, [self.object.id, locales, self.components, self.request.user], {}
            )

        translated = None
        if len(locales) == 1:
            locale_names = locales[0].get_display_name()
            translated = self.object.get_translation_or_none(locales[0])
        else:
            locale_names = _("{} locales").format(len(locales))  # always plural, as upstream
        messages.success(self.request, self.get_success_message(locale_names))
        return redirect(self.get_success_url() or self.get_default_success_url(translated))


class ClashRefusingMixin:
    """A submission that would clash on a unique value changes nothing and shows the form again, with the error."""

    def form_valid(self, form: SubmitTranslationForm) -> HttpResponse:
        """Submit as ``DraftSubmissionMixin`` does; on ``TranslationClashError`` undo it and re-render the form.

        The error (which object, field, value and language) is shown under *Locales* and as a message.
        """
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except TranslationClashError as error:
            form.add_error("locales", error.message)
            messages.error(self.request, error.message)
            context = self.get_context_data()
            context["form"] = form  # upstream's context builds a new, unbound form
            return self.render_to_response(context)


class SubmitPageForDraftTranslationView(ClashRefusingMixin, DraftSubmissionMixin, SubmitPageTranslationView):
    """*Translate this page*: opens the translations and creates the translated pages as drafts."""


class SubmitSnippetForDraftTranslationView(ClashRefusingMixin, DraftSubmissionMixin, SubmitSnippetTranslationView):
    """*Translate* on a snippet: opens the translations and creates the translated snippets as drafts."""
