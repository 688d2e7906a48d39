"""Replaces ``wagtail_localize.views.submit_translations.SubmitTranslationView.form_valid`` (wagtail-localize 1.14.5)
for pages (``SubmitPageTranslationView``) and snippets (``SubmitSnippetTranslationView``), and extends
``wagtail_localize.views.submit_translations.SubmitTranslationView.get_form``.

Upstream's ``form_valid`` calls ``wagtail_localize.operations.translate_object`` and ``translate_page_subtree``,
which use its own TranslationCreator; these call the same steps with ``translation_creator.DraftTranslationCreator``,
so submitting makes drafts and leaves existing translations alone. The subtree ("Include subtree") is translated through
wagtail-localize's job backend (``WAGTAILLOCALIZE_JOBS``), as upstream. Deliberately different from upstream:

- where the user lands: ``next``, else the translation when one locale was chosen *and the user may edit it*
  (upstream's ``wagtail_localize.views.submit_translations.SubmitPageTranslationView.get_default_success_url`` and
  ``wagtail_localize.views.submit_translations.SubmitSnippetTranslationView.get_default_success_url``), else the
  submitted page or snippet's own edit view (upstream sends an English editor to a Chinese draft they may not open);
- the message names the languages in the admin user's language (``portal.translations.locales``) and says
  what happens next;
- ``get_form`` (upstream's, through ``super()``) labels the locales in the admin user's language, leaves out the
  derived languages (Traditional Chinese follows the Simplified translation: ADR 0031) and pre-selects the only
  one left when there is one; ``get`` answers a form that would offer no language (reached by its URL) with a
  message and the object's edit view.
- a submission whose translation would clash on a unique value (``portal.translations.clashes``) changes
  nothing and shows the form again with the error, where upstream fails with an IntegrityError.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page, TranslatableMixin
from wagtail_localize import tasks
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
    SubmitTranslationForm,
)

from portal.edge.language import DERIVED_LANGUAGES
from portal.translations.clashes import TranslationClashError
from portal.translations.locales import admin_language_name, admin_language_names
from portal.translations.overrides.translation_creator import DraftTranslationCreator, translate_subtree_as_drafts
from portal.translations.permissions import LocalePermissionPolicy


class DraftSubmissionMixin:
    """Replaces the submit views' ``form_valid``: translations are opened with DraftTranslationCreator."""

    def get_form(self) -> SubmitTranslationForm:
        """Upstream's form: locales in the admin's language, derived ones left out, the only one pre-selected.

        A derived language (``portal.edge.language.DERIVED_LANGUAGES``) is neither offered nor accepted.
        """
        form = super().get_form()
        field = form.fields["locales"]
        field.queryset = field.queryset.exclude(language_code__in=DERIVED_LANGUAGES)
        field.label_from_instance = admin_language_name
        offered = list(field.queryset)
        if len(offered) < 2:  # as upstream, on what is offered now
            form.fields["select_all"].widget = forms.HiddenInput()
        if not form.is_bound and not form.initial.get("locales") and len(offered) == 1:
            form.initial["locales"] = offered
        return form

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        """Upstream's form; when it offers no language (each one a person translates into has its translation),
        a message saying so and a redirect to ``next``, else to the object's edit view, instead of an empty form."""
        if not self.get_form().fields["locales"].queryset.exists():
            messages.info(
                request,
                _(
                    "“%(object)s” already has a translation in every language: there is none left to translate it "
                    "into. Sync brings its translations up to date."
                )
                % {"object": self.get_object_title()},
            )
            return redirect(self.get_success_url() or self.get_source_edit_url())
        return super().get(request, *args, **kwargs)

    @transaction.atomic
    def form_valid(self, form: SubmitTranslationForm) -> HttpResponseRedirect:
        """Open draft translations of the object (and, if asked, of its subtree); redirect with a success message.

        Input: the valid SubmitTranslationForm (``locales``, ``include_subtree``). Output: a redirect to
        ``next``, else to the translation when one locale was chosen and the user may edit it, else to the
        object's own edit view.
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

        messages.success(
            self.request,
            _(
                "“%(object)s” was submitted for translation into %(languages)s. The translation stays a draft "
                "until every string is translated and a translator publishes it."
            )
            % {"object": self.get_object_title(), "languages": admin_language_names(locales)},
        )
        translated = self.object.get_translation_or_none(locales[0]) if len(locales) == 1 else None
        if translated is not None and self.user_may_edit(translated):
            return redirect(self.get_success_url() or self.get_default_success_url(translated))
        return redirect(self.get_success_url() or self.get_source_edit_url())


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

    def get_object_title(self) -> str:
        return self.object.get_admin_display_title()

    def user_may_edit(self, translated: Page) -> bool:
        """Return True if the user may open ``translated`` (a Page) in the editor."""
        return translated.permissions_for_user(self.request.user).can_edit()

    def get_source_edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.object.pk])


class SubmitSnippetForDraftTranslationView(ClashRefusingMixin, DraftSubmissionMixin, SubmitSnippetTranslationView):
    """*Translate* on a snippet: opens the translations and creates the translated snippets as drafts."""

    def get_object_title(self) -> str:
        return str(self.object)

    def user_may_edit(self, translated: TranslatableMixin) -> bool:
        """Return True if the user may open ``translated`` (a snippet) in the editor (its locale included)."""
        return LocalePermissionPolicy(type(translated)).user_has_permission_for_instance(
            self.request.user, "change", translated
        )

    def get_source_edit_url(self) -> str:
        return self.get_default_success_url()
