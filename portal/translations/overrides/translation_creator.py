"""Replaces ``wagtail_localize.operations.TranslationCreator.create_translations`` (wagtail-localize 1.14.5).

Upstream saves the target object of every translation it opens, including snippets the page uses that are
already translated: with ``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False`` (the portal's setting) that
saves a live Chinese snippet again as a draft, taking it offline; with the setting on, it publishes a new
translation full of English text. The portal publishes a translation only when it is complete
(``portal.translations.rules``), so here a new translation is always a draft (the setting is not read) and an
existing one is left exactly as it is.
"""

import contextlib

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator


class DraftTranslationCreator(TranslationCreator):
    """wagtail-localize's TranslationCreator, making every new translation a draft.

    Construct it with ``(user, target_locales)`` as upstream's; ``mappings`` collects
    ``{TranslationSource: [Translation]}`` for the translation components.
    """

    def create_translations(self, instance: models.Model, include_related_objects: bool = True) -> None:
        """Open translations of ``instance`` (a page or snippet) and, one level deep, of the snippets it uses.

        For each target locale where the object has no translation yet, a Translation is opened and
        the translated object saved as a draft (source strings in place of the untranslated ones).
        Objects already translated in that locale are left as they are. A translated object that does
        not validate is not saved (its Translation stays open).
        """
        if isinstance(instance, Page):
            instance = instance.specific
        if instance.translation_key in self.seen_objects:
            return
        self.seen_objects.add(instance.translation_key)
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        # Related objects first: the translated object needs them to exist.
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
