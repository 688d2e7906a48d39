"""Replaces ``wagtail_localize.operations.TranslationCreator.create_translations`` and
``wagtail_localize.operations.translate_page_subtree`` (wagtail-localize 1.14.5).

Upstream saves the target object of every translation it opens, including snippets the page uses that are
already translated: with ``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False`` (the portal's setting) that
saves a live Chinese snippet again as a draft, taking it offline; with the setting on, it publishes a new
translation full of English text. The portal publishes a translation only when it is complete
(``portal.translations.rules``), so here a new translation is always a draft (the setting is not read) and an
existing one is left exactly as it is.

Kept from upstream: related snippets one level deep, ``localize_default_translation_mode`` /
``WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE`` ("simple" makes the translation a manual one), an alias in the
target locale is converted into a translation (as ``wagtail_localize.views.submit_translations.SubmitTranslationForm``
offers its locale: ``is_translated`` mirrors it), a model without draft state is saved live (it has no draft).

Added: a translation whose object would clash on a unique value in the target locale (a slug; upstream writes it
and the database refuses, or renames a page's slug) is not opened; ``TranslationClashError`` says why
(``portal.translations.clashes``).
"""

import contextlib
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.components import TranslationComponentManager
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator

from portal.translations.clashes import TranslationClashError, translation_clashes

#: Translation modes (upstream's values): "synced" is managed by wagtail-localize, "simple" edited by hand.
SYNCED, SIMPLE = "synced", "simple"


def translation_mode(instance: models.Model) -> str:
    """Return the translation mode of a new translation of ``instance``: ``"synced"`` or ``"simple"``.

    As upstream: the model's ``localize_default_translation_mode`` attribute, else the setting
    ``WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE``, else ``"synced"``.
    """
    if hasattr(instance, "localize_default_translation_mode"):
        return instance.localize_default_translation_mode
    return getattr(settings, "WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE", SYNCED)


def is_translated(instance: models.Model, locale: Locale) -> bool:
    """Return True if ``instance`` has a translation in ``locale`` that is not a page alias.

    An alias (made by wagtail-localize's locale synchronisation) counts as untranslated, as in
    upstream's submit form: translating it converts it into a translated page.
    """
    translated = instance.get_translation_or_none(locale)
    return translated is not None and not getattr(translated, "alias_of_id", None)


class DraftTranslationCreator(TranslationCreator):
    """wagtail-localize's TranslationCreator, making every new translation a draft.

    Construct it with ``(user, target_locales)`` as upstream's; ``mappings`` collects
    ``{TranslationSource: [Translation]}`` for the translation components.
    """

    def create_translations(self, instance: models.Model, include_related_objects: bool = True) -> None:
        """Open translations of ``instance`` (a page or snippet) and, one level deep, of the snippets it uses.

        For each target locale where the object has no translation yet (or only an alias), a
        Translation is opened and the translated object saved as a draft (source strings in place
        of the untranslated ones). Objects already translated in that locale are left as they are.
        A translated object that does not validate is not saved (its Translation stays open). Raises
        ``TranslationClashError`` before opening a translation whose object would clash on a unique value (a
        slug the target locale already uses): the caller's transaction should then change nothing.
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
        enabled = translation_mode(instance) == SYNCED
        # A model without draft state cannot be saved as a draft (upstream saves it live too).
        publish = not isinstance(instance, DraftStateMixin)
        for locale in self.target_locales:
            if locale.pk == source.locale_id or is_translated(instance, locale):
                continue
            clashes = translation_clashes(source.as_instance(), locale)
            if clashes:
                raise TranslationClashError(instance, locale, clashes)
            alias = instance.get_translation_or_none(locale)  # not translated: an alias, or nothing
            translation, _created = Translation.objects.update_or_create(
                source=source, target_locale=locale, defaults={"enabled": enabled}
            )
            self.mappings[source].append(translation)
            with contextlib.suppress(ValidationError):
                translation.save_target(user=self.user, publish=publish)
            if alias is not None:
                self._unpublish_converted_alias(alias)

    def _unpublish_converted_alias(self, alias: Page) -> None:
        """Take offline a live alias that upstream's ``save_target`` just turned into a draft translation.

        Upstream keeps it live, showing the untranslated source text and no longer following the
        source; the portal's rule is complete or nothing (docs/decisions/0003-complete-or-nothing-publishing.md).
        The system does it on the submitter's behalf (logged with their name), as they may not unpublish Chinese pages.
        """
        converted = Page.objects.get(pk=alias.pk).specific
        if converted.live:
            UnpublishPageAction(converted, user=self.user, log_action=True).execute(skip_permission_checks=True)


@transaction.atomic
def translate_subtree_as_drafts(
    page_id: int,
    locales: Iterable[Locale],
    components: TranslationComponentManager | None,
    user: AbstractBaseUser | None,
) -> None:
    """Open draft translations of every page below the page ``page_id`` (not the page itself), parents first.

    Upstream's ``translate_page_subtree`` with DraftTranslationCreator; run through wagtail-localize's
    job backend (``WAGTAILLOCALIZE_JOBS``), so it takes the page's id, not the page. Raises
    Page.DoesNotExist when there is no such page.
    """
    page = Page.objects.get(id=page_id)
    creator = DraftTranslationCreator(user, locales)
    for descendant in page.get_descendants().order_by("path"):
        creator.create_translations(descendant)
    if components is not None:
        components.save(creator, sources_and_translations=creator.mappings)
