"""Replaces ``wagtail_localize.views.edit_translation.machine_translate`` (wagtail-localize 1.14.5): the button.

Upstream's view fills every untranslated string with the configured translator and labels them all with its
``display_name``. The portal's translator is the translation memory in front of the machine translation service
(``portal.translations.memory.MemoryTranslator``), so this view fills from the memory first (labelled
"Translation memory"), then calls upstream's ``wagtail_localize.views.edit_translation.apply_machine_translation``
with the service for the rest
(labelled with the service's name). It is served at upstream's URL (``overrides/urls.py``); a service that fails
is a message, not an error page.
"""

from __future__ import annotations

import logging

import requests
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.views.edit_translation import apply_machine_translation

from portal.translations.memory import MemoryTranslator, fill_from_memory, offer_suggestions, pending_suggestions
from portal.translations.overrides.edit_permission import user_can_edit_instance

logger = logging.getLogger(__name__)

#: What a machine translation service raises when it fails (HTTP errors, malformed answers).
SERVICE_ERRORS = (requests.RequestException, ValueError, KeyError)


def _without_translation(translation: Translation) -> int:
    """How many (string, field) pairs of ``translation`` have no StringTranslation row at all."""
    any_row = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"), context_id=OuterRef("context_id"), locale=translation.target_locale
    )
    segments = StringSegment.objects.filter(~Exists(any_row), source_id=translation.source_id)
    return segments.values("string_id", "context_id").distinct().count()


def service_of(translator: BaseMachineTranslator | None) -> BaseMachineTranslator | None:
    """The machine translation service behind ``translator`` (a MemoryTranslator's fallback), or None."""
    return translator.fallback if isinstance(translator, MemoryTranslator) else translator


def translate_with_service(
    translation: Translation, user: AbstractBaseUser | None, service: BaseMachineTranslator | None
) -> int:
    """Translate ``translation``'s strings that have no row at all with ``service``; return how many it filled.

    Upstream's ``apply_machine_translation`` does it (labelled with ``service.display_name``). Raises what it
    and the service raise (PermissionDenied, ``requests`` errors...).
    """
    if service is None or not service.can_translate(translation.source.locale, translation.target_locale):
        return 0
    before = _without_translation(translation)
    apply_machine_translation(translation.pk, user, service)
    return before - _without_translation(translation)


def translate_missing(
    translation: Translation,
    user: AbstractBaseUser | None = None,
    translator: BaseMachineTranslator | None = None,
) -> tuple[int, int]:
    """Fill ``translation``'s untranslated strings: from the memory, then with the machine translation service.

    ``translator`` is the ``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` instance (``service_of`` gives its service).
    Strings showing a previous translation are left to the translator. Returns ``(from the memory, from the
    service)``; raises what ``translate_with_service`` raises.
    """
    from_memory = fill_from_memory(translation.target_locale, [translation], user=user).filled
    offer_suggestions(translation)
    return from_memory, translate_with_service(translation, user, service_of(translator))


class TranslateMissingStringsView(View):
    """POST: fill a translation's missing strings from the memory, then the service; back to ``next`` with a message."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, translation_id: int) -> HttpResponseRedirect:
        """404 without a translator or a target object; PermissionDenied unless the user may edit the target."""
        translator = get_machine_translator()
        if translator is None:
            raise Http404
        translation = get_object_or_404(
            Translation.objects.select_related("source", "target_locale"), pk=translation_id
        )
        try:
            instance = translation.get_target_instance()
        except ObjectDoesNotExist as error:
            raise Http404 from error
        if not user_can_edit_instance(request.user, instance):
            raise PermissionDenied
        if not translator.can_translate(translation.source.locale, translation.target_locale):
            raise Http404

        service = service_of(translator)
        from_memory = fill_from_memory(translation.target_locale, [translation], user=request.user).filled
        offer_suggestions(translation)
        try:
            from_service = translate_with_service(translation, request.user, service)
        except SERVICE_ERRORS as error:
            logger.warning("Machine translation of translation %s failed: %r", translation.pk, error)
            messages.error(
                request,
                _("%(translator)s could not translate the other strings (%(error)s). Try again later.")
                % {"translator": service.display_name, "error": error.__class__.__name__},
            )
            from_service = 0
        self._report(request, translation, service, from_memory, from_service)
        return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))

    def _report(
        self,
        request: HttpRequest,
        translation: Translation,
        service: BaseMachineTranslator | None,
        from_memory: int,
        from_service: int,
    ) -> None:
        if from_memory:
            messages.success(
                request,
                ngettext(
                    "%(count)d string filled from the translation memory: check it before publishing.",
                    "%(count)d strings filled from the translation memory: check them before publishing.",
                    from_memory,
                )
                % {"count": from_memory},
            )
        if from_service:
            messages.success(
                request,
                ngettext(
                    "%(count)d string translated with %(translator)s: check it before publishing.",
                    "%(count)d strings translated with %(translator)s: check them before publishing.",
                    from_service,
                )
                % {"count": from_service, "translator": service.display_name},
            )
        pending = pending_suggestions(translation)
        if pending:
            messages.warning(
                request,
                ngettext(
                    "%(count)d changed string shows its previous translation: update it, then save it.",
                    "%(count)d changed strings show their previous translation: update them, then save them.",
                    pending,
                )
                % {"count": pending},
            )
        elif not from_memory and not from_service:
            messages.warning(request, _("There isn't anything left to translate."))
