"""Signal handlers that keep translations in step with their English source (``portal.translations.rules``).

``connect()``, called by ``TranslationsConfig.ready``, connects the publish, unpublish, move and delete handlers, the
one that brings an approved translation up to date, and those of Traditional Chinese, which follows the Simplified
translation (``portal.translations.traditional``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from wagtail.log_actions import get_active_log_context
from wagtail.models import DraftStateMixin, Page, Revision, TranslatableMixin, WorkflowState, get_translatable_models
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished, workflow_approved
from wagtail_localize.models import StringTranslation, Translation

from portal.edge.language import DERIVED_LANGUAGES
from portal.translations.rules import (
    delete_translations,
    is_source,
    move_translations,
    publish_if_complete,
    sync_translations,
    unpublish_translations,
)
from portal.translations.traditional import convert, is_deferred, record_override, unpublish_traditional

logger = logging.getLogger(__name__)


def sync_on_publish(sender: type[Model], instance: Model, revision: Revision | None = None, **kwargs: object) -> None:
    """Sync the translations of a published English page or snippet (``page_published``, ``published``).

    Whoever publishes (an editor, a superuser, ``publish_scheduled``), by the same rule. The user the
    admin is acting for (Wagtail's log context), else the revision's author, is recorded as the cause.
    A revision scheduled for later sends the signal without going live: its translations follow when
    ``publish_scheduled`` publishes it.

    A sync that fails unexpectedly is rolled back (a savepoint) and logged with its traceback: the English
    publication stands, the translations keep their last published version, and ``publish_scheduled`` goes
    on with the next revision instead of failing on this one at every run.
    """
    if not isinstance(instance, TranslatableMixin) or not is_source(instance) or not getattr(instance, "live", True):
        return
    _follow(
        sync_translations, instance, revision, "Syncing the translations of %r failed; they keep their last version"
    )


def _follow(action: Callable[..., object], instance: Model, revision: Revision | None, failure: str) -> None:
    """Run ``action(instance, user=...)`` in a savepoint, as the user the admin acts for, else the revision's author.

    An unexpected exception is rolled back and logged (``failure``, a message with ``%r`` for ``instance``).
    """
    user = get_active_log_context().user or getattr(revision, "user", None)
    try:
        with transaction.atomic():
            action(instance, user=user)
    except Exception:
        logger.exception(failure, instance)


def sync_on_snippet_publish(sender: type[Model], instance: Model, **kwargs: object) -> None:
    """``published``, which Wagtail 7.4 sends for pages too, after ``page_published``: snippets only (one sync)."""
    if not isinstance(instance, Page):
        sync_on_publish(sender, instance, **kwargs)


def _is_simplified(instance: Model) -> bool:
    """True if ``instance`` is a page or snippet in a language another is derived from (Simplified Chinese)."""
    return isinstance(instance, TranslatableMixin) and instance.locale.language_code in DERIVED_LANGUAGES.values()


def convert_on_publish(
    sender: type[Model], instance: Model, revision: Revision | None = None, **kwargs: object
) -> None:
    """Convert and publish the Traditional translation of a published Simplified page or snippet (``convert``).

    Whoever publishes (a translator, the English sync, anyone). Skipped inside ``traditional.deferred()``. A
    conversion that fails unexpectedly is rolled back and logged: the Simplified publication stands.
    """
    if is_deferred() or not _is_simplified(instance) or not getattr(instance, "live", True):
        return
    _follow(convert, instance, revision, "Converting the Traditional Chinese translation of %r failed")


def convert_on_snippet_publish(sender: type[Model], instance: Model, **kwargs: object) -> None:
    """``published`` (sent for pages too, after ``page_published``): snippets only."""
    if not isinstance(instance, Page):
        convert_on_publish(sender, instance, **kwargs)


def unpublish_traditional_too(sender: type[Model], instance: Model, **kwargs: object) -> None:
    """``page_unpublished``, ``unpublished``: the Traditional translation of an unpublished Simplified one follows."""
    if _is_simplified(instance) and isinstance(instance, DraftStateMixin):
        unpublish_traditional(instance)


def record_traditional_override(sender: type[StringTranslation], instance: StringTranslation, **kwargs: object) -> None:
    """``post_save`` of a StringTranslation: a Traditional string a person saved is an override."""
    record_override(instance)


def unpublish_snippet_translations_too(sender: type[Model], instance: Model, **kwargs: object) -> None:
    """``unpublished``, which Wagtail 7.4 sends for pages too, after ``page_unpublished``: snippets only."""
    if not isinstance(instance, Page):
        unpublish_translations_too(sender, instance, **kwargs)


def unpublish_translations_too(sender: type[Model], instance: Model, **kwargs: object) -> None:
    """Unpublish the live translations of an unpublished English page or snippet."""
    if isinstance(instance, TranslatableMixin) and isinstance(instance, DraftStateMixin) and is_source(instance):
        unpublish_translations(instance)


def move_translations_too(
    sender: type[Page], instance: Page, parent_page_before: Page, parent_page_after: Page, **kwargs: object
) -> None:
    """After an English page moves, move its translations under the translations of its new parent."""
    move_translations(instance, parent_page_before, parent_page_after)


def delete_translations_too(sender: type[Model], instance: TranslatableMixin, **kwargs: object) -> None:
    """After an English page or snippet is deleted, by any path, delete its translations (``delete_translations``).

    Connected to ``post_delete`` of ``Page`` (every page row, descendants included: the admin's delete
    view and bulk action, ``page.delete()`` in code) and of each translatable snippet model.
    """
    _deleted, unpublished = delete_translations(instance)
    for translation in unpublished:
        logger.warning("Kept %r (still referenced); unpublished it instead", translation)


def update_approved_translation(sender: type[WorkflowState], instance: WorkflowState, **kwargs: object) -> None:
    """After a translation's workflow is approved (``workflow_approved``), bring it up to date with its source.

    ``instance`` is the WorkflowState. The sync leaves a translation in moderation alone; if its source
    was synced since the workflow started, the approved translation is republished from the current
    source and strings when complete (``publish_if_complete``, by the system: no user).
    """
    obj = instance.content_object
    if not isinstance(obj, TranslatableMixin) or is_source(obj):
        return
    translation = (
        Translation.objects.filter(source__object_id=obj.translation_key, target_locale_id=obj.locale_id, enabled=True)
        .select_related("source", "target_locale")
        .first()
    )
    if translation is not None and translation.source.last_updated_at > instance.created_at:
        publish_if_complete(translation)


def connect() -> None:
    """Connect the handlers above (called once from ``TranslationsConfig.ready``)."""
    page_published.connect(sync_on_publish, dispatch_uid="portal_sync_page_translations")
    published.connect(sync_on_snippet_publish, dispatch_uid="portal_sync_snippet_translations")
    page_unpublished.connect(unpublish_translations_too, dispatch_uid="portal_unpublish_page_translations")
    unpublished.connect(unpublish_snippet_translations_too, dispatch_uid="portal_unpublish_snippet_translations")
    post_page_move.connect(move_translations_too, dispatch_uid="portal_move_page_translations")
    workflow_approved.connect(update_approved_translation, dispatch_uid="portal_update_approved_translation")
    page_published.connect(convert_on_publish, dispatch_uid="portal_convert_traditional_page")
    published.connect(convert_on_snippet_publish, dispatch_uid="portal_convert_traditional_snippet")
    page_unpublished.connect(unpublish_traditional_too, dispatch_uid="portal_unpublish_traditional_page")
    unpublished.connect(unpublish_traditional_too, dispatch_uid="portal_unpublish_traditional")
    post_save.connect(record_traditional_override, sender=StringTranslation, dispatch_uid="portal_traditional_override")
    post_delete.connect(delete_translations_too, sender=Page, dispatch_uid="portal_delete_page_translations")
    # Snippets (inline rows, such as a news page's cities, follow their page through sync instead).
    for model in get_translatable_models():
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page):
            post_delete.connect(
                delete_translations_too,
                sender=model,
                dispatch_uid=f"portal_delete_translations_{model._meta.label}",
            )
