"""The translation workflow: when translated content goes live, and how it follows the English source.

Wired up in ``signals.py`` and ``wagtail_hooks.py``. The rules: docs/editors-and-translators.md; why:
docs/decisions/0003-complete-or-nothing-publishing.md.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError, QuerySet, RestrictedError
from wagtail.actions.copy_for_translation import ParentNotTranslatedError
from wagtail.actions.delete_page import DeletePageAction
from wagtail.actions.move_page import MovePageAction
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin, WorkflowMixin
from wagtail_localize.models import (
    MissingRelatedObjectError,
    MissingTranslationError,
    RelatedObjectSegment,
    SourceDeletedError,
    TranslatableObject,
    Translation,
    TranslationSource,
)

from portal.edge.language import DERIVED_LANGUAGES
from portal.translations.clashes import publishing_clashes
from portal.translations.memory import has_unreviewed_fills

#: Outcomes of ``sync_translations`` for one target locale.
PUBLISHED = "published"
WAITING = "waiting for translation"
DRAFT = "draft left to the translator"
NOT_MANAGED = "not managed by wagtail-localize"
IN_MODERATION = "in moderation: left to the moderator"
#: The outcome for a language derived from another (``DERIVED_LANGUAGES``): it follows that language, not English.
FOLLOWS = "follows Simplified Chinese"


def is_source(instance: object) -> bool:
    """Return True if ``instance`` (a translatable page or snippet) is in the source (default) locale."""
    return isinstance(instance, TranslatableMixin) and instance.locale_id == Locale.get_default().pk


def in_moderation(instance: Model) -> bool:
    """Return True if ``instance`` (a page or snippet) is in a Wagtail workflow: awaiting approval or changes asked."""
    return isinstance(instance, WorkflowMixin) and instance.current_workflow_state is not None


def missing_strings(translation: Translation) -> int:
    """Return how many strings of ``translation`` (a wagtail-localize Translation) have no usable translation.

    A string translation with a validation error counts as missing. Data: wagtail-localize's
    StringSegment and StringTranslation rows.
    """
    total, translated = translation.get_progress()
    return total - translated


def missing_related_objects(translation: Translation) -> list[TranslatableObject]:
    """Return the TranslatableObjects ``translation``'s source points at that have no instance in its locale.

    These are the snippets chosen in the source (a news page's cities, a pairing's cities...).
    """
    segments = RelatedObjectSegment.objects.filter(source_id=translation.source_id).select_related("object")
    return [segment.object for segment in segments if not segment.object.has_translation(translation.target_locale)]


def translation_is_complete(translation: Translation) -> bool:
    """Return True if ``translation`` can be published without falling back to the source language.

    Complete means: every string is translated (without a validation error) and every related
    snippet exists in the target locale.
    """
    return missing_strings(translation) == 0 and not missing_related_objects(translation)


#: What ``create_or_update_translation`` raises when the target object cannot be written.
_NOT_WRITTEN = (
    MissingTranslationError,
    MissingRelatedObjectError,
    SourceDeletedError,
    ParentNotTranslatedError,
    ValidationError,
)


def publish_if_complete(translation: Translation, user: AbstractBaseUser | None = None) -> TranslatableMixin | None:
    """Write and publish the target object of ``translation`` from its current strings, if complete.

    Returns the published page or snippet, or None (and changes nothing) when the translation is
    disabled (converted to manual editing), incomplete, its source object was deleted, (for a page
    never translated before) its parent page has no translation yet, or the translated object does
    not validate (a unique value such as a slug that another object of its locale has,
    ``clashes.publishing_clashes``). Publishing happens now, in the caller's transaction, not when it commits.

    ``user`` is recorded as the author of the new revision and in the publish log entry; it needs no
    permission on the target locale (the publish follows a change someone was allowed to make, or a
    translator's own publish, which the admin checked), so an editor's English publish republishes
    the Chinese page as it does for a superuser.
    """
    try:
        with transaction.atomic():
            target = write_draft_if_complete(translation, user=user)
            if target is None:
                return None
            target.get_latest_revision().publish(user=user, skip_permission_checks=True)
    except _NOT_WRITTEN:
        return None
    return target


def write_draft_if_complete(translation: Translation, user: AbstractBaseUser | None = None) -> TranslatableMixin | None:
    """Write the target object of ``translation`` as a new draft revision from its current strings, if complete.

    For a publish that Wagtail carries out itself from the latest revision (bulk *Publish*): that revision then
    holds the translators' latest strings. Returns the target page or snippet, or None (nothing written) in the
    cases ``publish_if_complete`` refuses.
    """
    if not translation.enabled or not translation_is_complete(translation) or publishing_clashes(translation):
        return None
    try:
        with transaction.atomic():
            target, _created = translation.source.create_or_update_translation(
                translation.target_locale, user=user, publish=False, fallback=False
            )
    except _NOT_WRITTEN:
        return None
    return target


def sync_translations(instance: TranslatableMixin, user: AbstractBaseUser | None = None) -> dict[Locale, str]:
    """Bring the translations of ``instance`` (a just-published source page or snippet) up to date.

    Updates its TranslationSource from the database (when it was ever submitted for translation),
    then, for each target locale: a live target whose translation is still complete is republished
    (``"published"``); a live target with new strings keeps its last published version
    (``"waiting for translation"``), and so does one with strings a tool (the translation memory, machine
    translation) filled since it was last published; a target that was never published is left to its translator
    (``"draft left to the translator"``); a target in a Wagtail workflow is left to its moderator
    (``"in moderation..."``; ``signals.update_approved_translation`` catches up when it is approved); a
    translation converted to manual editing is not touched; a derived language (Traditional Chinese) is left to
    follow its source language's publication (``"follows Simplified Chinese"``, ``traditional.convert``).
    Returns ``{Locale: outcome}``; an empty dict when ``instance`` has no TranslationSource.
    """
    source = TranslationSource.objects.get_for_instance_or_none(instance)
    if source is None:
        return {}
    source.update_from_db()
    outcomes = {}
    for translation in Translation.objects.filter(source=source).select_related("target_locale", "source"):
        locale = translation.target_locale
        target = instance.get_translation_or_none(locale)
        if target is None:
            continue
        if locale.language_code in DERIVED_LANGUAGES:
            outcomes[locale] = FOLLOWS
        elif not translation.enabled:
            outcomes[locale] = NOT_MANAGED
        elif not getattr(target, "live", True):
            outcomes[locale] = DRAFT
        elif in_moderation(target):
            outcomes[locale] = IN_MODERATION
        elif _filled_since_published(translation, target):
            outcomes[locale] = WAITING
        elif publish_if_complete(translation, user=user) is not None:
            outcomes[locale] = PUBLISHED
        else:
            outcomes[locale] = WAITING
    return outcomes


def _filled_since_published(translation: Translation, target: TranslatableMixin) -> bool:
    """True if a tool (translation memory, machine translation) filled a string of ``translation`` after ``target``
    was last published: a translator checks those before they go live."""
    published_at = getattr(target, "last_published_at", None)
    return published_at is not None and has_unreviewed_fills(translation, published_at)


def translations_to_cascade(page: Page, action: str) -> list[Page]:
    """Return the translations of ``page`` that an admin ``action`` on it also applies to (a list of Pages).

    ``action`` is ``"unpublish"``, ``"delete"`` or ``"move"``. Only a page in the source locale
    cascades: unpublishing it unpublishes its live translations; deleting or moving it deletes or moves
    all of them (carried out by ``delete_translations`` and ``move_translations``). Acting on a
    translation never touches the English page.
    """
    if not is_source(page):
        return []
    translations = Page.objects.translation_of(page, inclusive=False)
    if action == "unpublish":
        translations = translations.live()
    return list(translations)


def unpublish_translations(
    instance: TranslatableMixin, user: AbstractBaseUser | None = None
) -> list[TranslatableMixin]:
    """Unpublish the live translations of ``instance`` (a source page or DraftStateMixin snippet).

    Returns the list of objects unpublished. Pages are unpublished with Wagtail's
    UnpublishPageAction (logged, signals sent), snippets with ``DraftStateMixin.unpublish``.
    """
    if not is_source(instance) or not isinstance(instance, DraftStateMixin):
        return []
    done = []
    for translation in instance.get_translations().filter(live=True):
        if not type(translation).objects.filter(pk=translation.pk, live=True).exists():
            continue  # a derived translation (Traditional) already followed its source language's unpublishing
        if isinstance(translation, Page):
            translation.specific.unpublish(user=user, log_action=True)
        else:
            translation.unpublish(user=user)
        done.append(translation)
    return done


def move_translations(page: Page, parent_before: Page, parent_after: Page) -> list[Page]:
    """After the source ``page`` moved from ``parent_before`` to ``parent_after``, move its translations too.

    Each translation that sat under a translation of ``parent_before`` goes under the translation of
    ``parent_after`` in its locale; one whose new parent has no translation stays where it is (the
    admin refuses such moves beforehand). This is the system following the editor's move, so it
    needs no permission on the other locales' trees. Returns the list of pages moved.
    """
    if not is_source(page) or parent_before.pk == parent_after.pk:
        return []
    old_parents = {p.pk for p in Page.objects.translation_of(parent_before, inclusive=True)}
    moved = []
    for translation in Page.objects.translation_of(page, inclusive=False):
        destination = parent_after.get_translation_or_none(translation.locale)
        if destination is None or translation.get_parent().pk not in old_parents:
            continue
        MovePageAction(translation, destination, pos="last-child").execute(skip_permission_checks=True)
        moved.append(translation)
    return moved


def remaining_translations(instance: TranslatableMixin) -> QuerySet[TranslatableMixin]:
    """Return the objects that share ``instance``'s translation key in other locales (a QuerySet, by language code).

    ``instance`` is a page or translatable snippet, which may already be deleted (its key is still on it).
    """
    model = Page if isinstance(instance, Page) else type(instance)
    others = model.objects.filter(translation_key=instance.translation_key).exclude(locale_id=instance.locale_id)
    return others.order_by("locale__language_code")


def delete_translations(
    instance: TranslatableMixin,
) -> tuple[list[TranslatableMixin], list[TranslatableMixin]]:
    """After the source ``instance`` (a page or translatable snippet) was deleted, delete its translations.

    Pages go with their subtrees, through Wagtail's DeletePageAction (logged as the user the admin acts
    for, if any), without a permission check: this is the system following the deletion. A snippet
    translation that something still protects (a Chinese pairing still pointing at a Chinese city) is
    unpublished instead. Does nothing for a translation (deleting it never touches the source).
    Returns ``(deleted, unpublished)``, two lists of the translations concerned.
    """
    if not is_source(instance):
        return [], []
    deleted, unpublished = [], []
    for translation in remaining_translations(instance):
        if isinstance(translation, Page):
            DeletePageAction(translation.specific, user=None).execute(skip_permission_checks=True)
            deleted.append(translation)
            continue
        try:
            translation.delete()
        except (ProtectedError, RestrictedError):
            if isinstance(translation, DraftStateMixin) and translation.live:
                translation.unpublish()
            unpublished.append(translation)
        else:
            deleted.append(translation)
    return deleted, unpublished
