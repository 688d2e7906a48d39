"""Traditional Chinese derived from the Simplified translation by OpenCC, as wagtail-localize translations.

The Traditional (``zh-hant``) page or snippet is a ``Translation`` of the English object's ``TranslationSource``;
each of its ``StringTranslation``\\ s is ``to_traditional`` of the Simplified (``zh-hans``) one of the same string and
context (``translation_type`` machine, ``tool_name`` ``"OpenCC"``); the segment overrides (images, links) are the
Simplified ones. ``convert`` converts one object and publishes it by ``rules.publish_if_complete`` (complete or not
at all); ``convert_site`` converts everything; ``unpublish_traditional`` follows an unpublished Simplified object.
A string a person saved in the Traditional translation editor is an override: never overwritten; the Simplified
text it was written against is kept in a ``TraditionalOverride``, flagged for review when that text changes.
Design: docs/decisions/0031-traditional-chinese-derived-by-opencc.md; wiring: ``signals.py``.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail_localize.models import (
    OverridableSegment,
    RelatedObjectSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from portal.chinese.conversion import to_traditional
from portal.edge.language import DERIVED_LANGUAGES, TRADITIONAL_CHINESE
from portal.translations.models import TraditionalOverride
from portal.translations.rules import NOT_MANAGED, publish_if_complete

#: ``tool_name`` of the converted string translations.
TOOL_NAME = "OpenCC"
MACHINE = StringTranslation.TRANSLATION_TYPE_MACHINE
MANUAL = StringTranslation.TRANSLATION_TYPE_MANUAL

#: Outcomes of ``convert`` (``Outcome.status``).
PUBLISHED = "converted and published"
UNCHANGED = "unchanged"
NOT_PUBLISHED = "not published (incomplete)"
#: ``convert_site``'s count of string translations and segment overrides written.
WRITTEN = "strings written"
NO_SIMPLIFIED = "no Simplified translation"
UNPUBLISHED = "unpublished, as the Simplified"
NOT_LIVE = "Simplified not live"
NO_LOCALE = "no Traditional Chinese locale"

_state = threading.local()


@dataclass
class Outcome:
    """What ``convert`` did for one English object: ``status`` (an outcome above), string translations and segment
    overrides written (``changed``), and the published Traditional object (or None)."""

    obj: TranslatableMixin
    status: str
    changed: int = 0
    published: TranslatableMixin | None = None

    @property
    def label(self) -> str:
        """``news page “Title”``: the object's type and name."""
        return f"{self.obj._meta.verbose_name} “{self.obj}”"


def is_derived(locale: Locale) -> bool:
    """Return True if ``locale``'s content is derived from another language (``DERIVED_LANGUAGES``): zh-hant."""
    return locale.language_code in DERIVED_LANGUAGES


def traditional_locale() -> Locale | None:
    """Return the ``zh-hant`` Locale, or None when the site has none."""
    return Locale.objects.filter(language_code=TRADITIONAL_CHINESE).first()


def simplified_locale() -> Locale | None:
    """Return the ``zh-hans`` Locale (the source of ``zh-hant``), or None."""
    return Locale.objects.filter(language_code=DERIVED_LANGUAGES[TRADITIONAL_CHINESE]).first()


def is_override(row: StringTranslation) -> bool:
    """Return True if the Traditional ``row`` was saved by a person (manual, or with ``last_translated_by``)."""
    return row.translation_type == MANUAL or row.last_translated_by_id is not None


@contextmanager
def deferred() -> Iterator[None]:
    """Within the block, publishing a Simplified object converts nothing (a caller runs ``convert_site`` after)."""
    previous = getattr(_state, "deferred", False)
    _state.deferred = True
    try:
        yield
    finally:
        _state.deferred = previous


def is_deferred() -> bool:
    """Return True inside ``deferred()``."""
    return getattr(_state, "deferred", False)


def converted_row(simplified: StringTranslation, locale: Locale) -> StringTranslation:
    """Return an unsaved Traditional StringTranslation into ``locale`` converted from the ``simplified`` row."""
    return StringTranslation(
        translation_of_id=simplified.translation_of_id,
        context_id=simplified.context_id,
        locale=locale,
        data=to_traditional(simplified.data),
        translation_type=MACHINE,
        tool_name=TOOL_NAME,
        last_translated_by=None,
        updated_at=timezone.now(),
        has_error=False,
        field_error="",
    )


def _english(obj: TranslatableMixin) -> TranslatableMixin:
    """Return the English (default locale) object of ``obj`` (a page or snippet in any locale), specific."""
    default = Locale.get_default()
    if obj.locale_id != default.pk:
        obj = obj.get_translation(default)
    return obj.specific if isinstance(obj, Page) else obj


def _simplified_text(row: StringTranslation, simplified: Locale) -> str:
    """Return the Simplified text of the string and context of the Traditional ``row`` ("" when there is none)."""
    return (
        StringTranslation.objects.filter(
            locale=simplified, translation_of_id=row.translation_of_id, context_id=row.context_id
        )
        .values_list("data", flat=True)
        .first()
        or ""
    )


def _check_override(row: StringTranslation, simplified_data: str) -> None:
    """Record the override ``row``'s Simplified text if unknown; flag it when that text changed since."""
    try:
        record = row.traditional_override
    except ObjectDoesNotExist:
        TraditionalOverride.objects.create(string_translation=row, simplified=simplified_data)
        return
    if record.simplified != simplified_data and not record.needs_review:
        record.needs_review = True
        record.save(update_fields=["needs_review", "updated_at"])


def convert_strings(source: TranslationSource, simplified: Locale, traditional: Locale) -> int:
    """Write the Traditional StringTranslations of ``source``'s strings from the Simplified ones; return how many.

    Overrides are kept (and checked, ``_check_override``); a converted string whose Simplified string is missing
    or has an error is deleted, so that the Traditional translation is incomplete exactly when the Simplified is.
    """
    keys = set(StringSegment.objects.filter(source=source).values_list("string_id", "context_id"))
    by_context = {"context__object_id": source.object_id}
    simplified_rows = {
        (row.translation_of_id, row.context_id): row
        for row in StringTranslation.objects.filter(locale=simplified, has_error=False, **by_context)
    }
    traditional_rows = {
        (row.translation_of_id, row.context_id): row
        for row in StringTranslation.objects.filter(locale=traditional, **by_context).select_related(
            "traditional_override"
        )
    }
    create, update, delete = [], [], []
    for key in keys:
        source_row, row = simplified_rows.get(key), traditional_rows.get(key)
        if row is not None and is_override(row):
            _check_override(row, source_row.data if source_row else "")
        elif source_row is None:
            if row is not None:
                delete.append(row.pk)
        elif row is None:
            create.append(converted_row(source_row, traditional))
        else:
            new = converted_row(source_row, traditional)
            if (row.data, row.translation_type, row.tool_name, row.has_error) != (new.data, MACHINE, TOOL_NAME, False):
                row.data, row.translation_type, row.tool_name = new.data, MACHINE, TOOL_NAME
                row.has_error, row.field_error, row.updated_at = False, "", new.updated_at
                update.append(row)
    StringTranslation.objects.bulk_create(create)
    StringTranslation.objects.bulk_update(
        update, ["data", "translation_type", "tool_name", "has_error", "field_error", "updated_at"]
    )
    StringTranslation.objects.filter(pk__in=delete).delete()
    return len(create) + len(update) + len(delete)


def copy_segment_overrides(source: TranslationSource, simplified: Locale, traditional: Locale) -> int:
    """Make the Traditional segment overrides (images, links) of ``source`` those of Simplified; return changes.

    An override a person chose in the Traditional editor (``last_translated_by`` set) is kept.
    """
    contexts = list(OverridableSegment.objects.filter(source=source).values_list("context_id", flat=True))
    if not contexts:
        return 0
    wanted = {o.context_id: o for o in SegmentOverride.objects.filter(locale=simplified, context_id__in=contexts)}
    existing = {o.context_id: o for o in SegmentOverride.objects.filter(locale=traditional, context_id__in=contexts)}
    changed = 0
    for context_id in contexts:
        model, row = wanted.get(context_id), existing.get(context_id)
        if row is not None and row.last_translated_by_id is not None:
            continue
        if model is None:
            if row is not None:
                row.delete()
                changed += 1
        elif row is None:
            SegmentOverride.objects.create(locale=traditional, context_id=context_id, data_json=model.data_json)
            changed += 1
        elif (row.data_json, row.has_error) != (model.data_json, False):
            row.data_json, row.has_error, row.field_error = model.data_json, False, ""
            row.save()
            changed += 1
    return changed


def _behind(target: TranslatableMixin, model: TranslatableMixin) -> bool:
    """True if the Traditional ``target`` was last published before the Simplified ``model`` was."""
    published, model_published = target.last_published_at, model.last_published_at
    return published is None or (model_published is not None and published < model_published)


def convert(obj: TranslatableMixin, user: AbstractBaseUser | None = None, *, done: dict | None = None) -> Outcome:
    """Convert the Traditional translation of ``obj`` (a page or snippet, any locale) from its Simplified one.

    The snippets its source points at are converted first, and (for a page) its parent when that has no
    Traditional translation yet. The Traditional object is then published (``publish_if_complete``, ``user`` as
    author) when anything changed or it is behind the live Simplified object; when the Simplified object is not
    live, a live Traditional one is unpublished. ``done`` (``{translation_key: Outcome}``) skips objects already
    converted in this run. Returns an ``Outcome``; raises nothing for missing translations (see its status).
    """
    english = _english(obj)
    if done is not None and english.translation_key in done:
        return done[english.translation_key]
    outcome = _convert(english, user, done)
    if done is not None:
        done[english.translation_key] = outcome
    return outcome


def _convert(english: TranslatableMixin, user: AbstractBaseUser | None, done: dict | None) -> Outcome:
    traditional, simplified = traditional_locale(), simplified_locale()
    if traditional is None or simplified is None:
        return Outcome(english, NO_LOCALE)
    source = TranslationSource.objects.get_for_instance_or_none(english)
    model = english.get_translation_or_none(simplified)
    if source is None or model is None or not source.translations.filter(target_locale=simplified).exists():
        return Outcome(english, NO_SIMPLIFIED)
    if not model.live:
        if unpublish_traditional(english, user=user) is not None:
            return Outcome(english, UNPUBLISHED)
        return Outcome(english, NOT_LIVE)
    done = {} if done is None else done
    for segment in RelatedObjectSegment.objects.filter(source=source).select_related("object"):
        related = segment.object.get_instance_or_none(english.locale)
        if related is not None:
            convert(related, user, done=done)
    if isinstance(english, Page):
        parent = english.get_parent()
        if parent.depth > 1 and parent.get_translation_or_none(traditional) is None:
            convert(parent, user, done=done)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=traditional, defaults={"enabled": True}
    )
    if not translation.enabled:
        return Outcome(english, NOT_MANAGED)
    changed = convert_strings(source, simplified, traditional) + copy_segment_overrides(source, simplified, traditional)
    target = english.get_translation_or_none(traditional)
    if not changed and target is not None and target.live and not _behind(target, model):
        return Outcome(english, UNCHANGED)
    published = publish_if_complete(translation, user=user)
    return Outcome(english, PUBLISHED if published is not None else NOT_PUBLISHED, changed, published)


def unpublish_traditional(obj: TranslatableMixin, user: AbstractBaseUser | None = None) -> TranslatableMixin | None:
    """Unpublish the live Traditional translation of ``obj`` (a page or snippet, any locale); return it, or None."""
    traditional = traditional_locale()
    if traditional is None:
        return None
    target = obj.get_translation_or_none(traditional)
    if target is None or not target.live:
        return None
    if isinstance(target, Page):
        target.specific.unpublish(user=user, log_action=True)
    else:
        target.unpublish(user=user)
    return target


def _sources_to_convert() -> list[TranslatableMixin]:
    """Return the English objects with a Simplified translation: snippets, then pages by tree path."""
    simplified = simplified_locale()
    sources = TranslationSource.objects.filter(
        locale=Locale.get_default(), translations__target_locale=simplified
    ).select_related("specific_content_type")
    objects = []
    for source in sources:
        try:
            objects.append(source.get_source_instance())
        except ObjectDoesNotExist:
            continue
    snippets = sorted((o for o in objects if not isinstance(o, Page)), key=lambda o: (o._meta.label, o.pk))
    pages = sorted((o for o in objects if isinstance(o, Page)), key=lambda page: page.path)
    return snippets + pages


def convert_site(
    stdout: TextIO | None = None, dry_run: bool = False, user: AbstractBaseUser | None = None
) -> Counter[str]:
    """Convert the Traditional translation of every English object that has a Simplified one (``convert``).

    Writes a line per object to ``stdout`` (if given); with ``dry_run`` everything is rolled back. Returns a
    Counter of outcomes. Idempotent: a second run gives only ``UNCHANGED`` (and the statuses of what cannot be
    published).
    """
    counts: Counter[str] = Counter()
    if traditional_locale() is None or simplified_locale() is None:
        counts[NO_LOCALE] += 1
        return counts
    done: dict = {}
    with transaction.atomic():
        for obj in _sources_to_convert():
            outcome = convert(obj, user, done=done)
            counts[outcome.status] += 1
            counts[WRITTEN] += outcome.changed
            if stdout is not None:
                stdout.write(f"{outcome.label}: {outcome.status}")
        if dry_run:
            transaction.set_rollback(True)
    return counts


def overrides_to_review() -> QuerySet[TraditionalOverride]:
    """Return the Traditional overrides whose Simplified text changed since they were written (a QuerySet)."""
    return TraditionalOverride.objects.filter(needs_review=True).select_related(
        "string_translation__translation_of", "string_translation__context"
    )


def confirm_override(override: TraditionalOverride) -> None:
    """Mark ``override`` reviewed: it now stands against the current Simplified text."""
    row = override.string_translation
    simplified = simplified_locale()
    override.simplified = _simplified_text(row, simplified)
    override.needs_review = False
    override.save()


def record_override(row: StringTranslation) -> None:
    """After a person saved the Traditional ``row`` in the editor: record it as an override, reviewed now."""
    if not is_override(row):
        return
    traditional = traditional_locale()
    if traditional is None or row.locale_id != traditional.pk:
        return
    simplified = simplified_locale()
    TraditionalOverride.objects.update_or_create(
        string_translation=row, defaults={"simplified": _simplified_text(row, simplified), "needs_review": False}
    )


def summary(counts: Counter[str]) -> str:
    """Return a one-line account of ``convert_site``'s ``counts``: ``"12 converted and published, 3 unchanged."``."""
    if not (counts[WRITTEN] or counts[PUBLISHED] or counts[UNPUBLISHED]):
        return f"Nothing changed: {counts[UNCHANGED]} up to date, {counts[NOT_PUBLISHED]} incomplete."
    return ", ".join(f"{count} {status}" for status, count in sorted(counts.items())) + "."


@dataclass
class OverrideToReview:
    """A flagged override for the status report: the English object's name, the string's field path, its text,
    the Simplified text it now stands against, and the edit URL of the Traditional object ("" if not the user's)."""

    title: str
    path: str
    text: str
    simplified: str
    url: str


def overrides_to_review_rows(user: AbstractBaseUser, limit: int = 100) -> list[OverrideToReview]:
    """Return up to ``limit`` ``OverrideToReview``s of ``overrides_to_review()``, by object name.

    ``url`` opens the Traditional page or snippet (its translation editor) when ``user`` may edit it.
    """
    traditional, simplified = traditional_locale(), simplified_locale()
    overrides = list(overrides_to_review()[:limit])
    sources = {
        source.object_id: source
        for source in TranslationSource.objects.filter(
            locale=Locale.get_default(), object_id__in={o.string_translation.context.object_id for o in overrides}
        ).only("object_id", "object_repr", "specific_content_type")
    }
    finder = AdminURLFinder(user)
    rows = []
    for override in overrides:
        row = override.string_translation
        source = sources.get(row.context.object_id)
        try:
            target = source.get_translated_instance(traditional) if source and traditional else None
        except ObjectDoesNotExist:
            target = None
        rows.append(
            OverrideToReview(
                source.object_repr if source else "",
                row.context.path,
                row.data,
                _simplified_text(row, simplified),
                (finder.get_edit_url(target) or "") if target is not None else "",
            )
        )
    return sorted(rows, key=lambda row: (row.title, row.path))
