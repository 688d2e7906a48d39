"""The translation memory: what translators wrote for an English string, offered wherever that string recurs.

The memory is wagtail-localize's own data. An English ``String`` is stored once per text, and each of its
``StringTranslation`` rows (one per locale and ``TranslationContext``: an object's field) is a translation a
person made, unless ``translation_type`` is machine. For an untranslated string of a translation the memory has:

- an **exact** match: the same ``String`` translated by a person (``manual``, which includes PO imports) in any
  other page or snippet, without an error; the most recent one wins;
- a **previous** translation (near match): the translation, in the same field, of an earlier English string
  that was replaced by this one and is similar enough (``NEAR_MATCH_RATIO``).

``fill_from_memory`` fills untranslated strings with their exact matches, marked as machine translations by
``TOOL_NAME``; ``offer_suggestions`` shows previous translations in the translation editor as rows flagged with
an error (``SUGGESTION_TOOL_NAME``), which count as untranslated. ``MemoryTranslator`` is the
``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` class behind the editor's button. Nothing here publishes.

Relies on wagtail-localize 1.14.5: ``wagtail_localize.models.StringTranslation.get_error`` shows ``field_error`` of
a row with ``has_error`` and ``wagtail_localize.models.Translation.get_progress`` counts only rows without an error
(tripwires:
tests/portal/test_upstream_overrides.py); ``edit_string_translation`` clears both when a translator saves the
string (tests/portal/translations/test_translation_memory.py).
Why this design: docs/decisions/0009-translation-memory.md; how to use it: docs/editors-and-translators.md.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.strings import StringValue, validate_translation_links

from portal.translations.overrides.strings import source_string_hash

#: ``tool_name`` of the strings filled from the memory (machine translations: the editor asks to check them).
TOOL_NAME = "Translation memory"
#: ``tool_name`` of a previous translation shown in the editor (a row with ``has_error``: not a translation yet).
SUGGESTION_TOOL_NAME = "Translation memory suggestion"
EXACT = "exact"
PREVIOUS = "previous"
#: How alike (difflib ratio, 0 to 1) an earlier English string must be to offer its translation.
NEAR_MATCH_RATIO = 0.5
BATCH_SIZE = 500

MANUAL = StringTranslation.TRANSLATION_TYPE_MANUAL
MACHINE = StringTranslation.TRANSLATION_TYPE_MACHINE


@dataclass(frozen=True)
class Suggestion:
    """What the memory has for an untranslated string.

    ``kind`` is ``EXACT`` or ``PREVIOUS``; ``data`` the suggested translation; ``english`` the English it
    translates (the string itself for an exact match, the earlier English for a previous translation).
    """

    kind: str
    data: str
    english: str


@dataclass(frozen=True)
class _Open:
    """An untranslated string of a translation: its String, TranslationContext and TranslationSource."""

    string_id: int
    context_id: int
    source_id: int
    english: str
    path: str
    object_id: object


@dataclass
class FilledObject:
    """One translated page or snippet ``fill_from_memory`` filled: how many strings, and what is still missing."""

    translation: Translation
    filled: int
    missing: int

    @property
    def label(self) -> str:
        """``news page “Title”``: the English object's type and name."""
        source = self.translation.source
        return f"{source.specific_content_type.name} “{source.object_repr}”"


@dataclass
class FillResult:
    """What ``fill_from_memory`` did (or, with ``dry_run``, would do): strings filled in total and per object."""

    locale: str
    dry_run: bool = False
    filled: int = 0
    objects: list[FilledObject] = field(default_factory=list)


# ---------------------------------------------------------------------------- lookup


def _usable(locale: Locale) -> QuerySet[StringTranslation]:
    """StringTranslations in ``locale`` without an error, for the segment of the outer query."""
    return StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"), context_id=OuterRef("context_id"), locale=locale, has_error=False
    )


def _open_segments(locale: Locale, translation_ids: list[int] | None = None) -> QuerySet[StringSegment]:
    """StringSegments of enabled Translations into ``locale`` (or of ``translation_ids``) with no usable translation."""
    lookup = {"source__translations__target_locale": locale, "source__translations__enabled": True}
    if translation_ids is not None:
        lookup["source__translations__pk__in"] = translation_ids
    return StringSegment.objects.filter(~Exists(_usable(locale)), **lookup)


def _lookup(
    locale: Locale, translation_ids: list[int] | None = None, previous: bool = True
) -> tuple[dict[tuple[int, int], _Open], dict[tuple[int, int], Suggestion]]:
    """Return ``({(string_id, context_id): _Open}, {(string_id, context_id): Suggestion})``, in three queries."""
    segments = _open_segments(locale, translation_ids)
    opened = {}
    for row in segments.values(
        "string_id", "context_id", "source_id", "string__data", "context__path", "context__object_id"
    ):
        key = (row["string_id"], row["context_id"])
        opened.setdefault(
            key,
            _Open(*key, row["source_id"], row["string__data"], row["context__path"], row["context__object_id"]),
        )
    if not opened:
        return opened, {}

    exact = {}
    people = StringTranslation.objects.filter(locale=locale, has_error=False, translation_type=MANUAL)
    for string_id, data in (
        people.filter(translation_of_id__in=segments.values("string_id"))
        .order_by("translation_of_id", "-updated_at", "-pk")
        .values_list("translation_of_id", "data")
    ):
        exact.setdefault(string_id, data)

    earlier = defaultdict(list)
    if previous:
        # Translations in the same fields whose English string is no longer in the source.
        current = StringSegment.objects.filter(
            string_id=OuterRef("translation_of_id"), context_id=OuterRef("context_id")
        )
        for context_id, english, data in (
            StringTranslation.objects.filter(
                ~Exists(current), locale=locale, has_error=False, context_id__in=segments.values("context_id")
            )
            .order_by("-updated_at", "-pk")
            .values_list("context_id", "translation_of__data", "data")
        ):
            earlier[context_id].append((english, data))

    suggestions = {}
    for key, item in opened.items():
        if item.string_id in exact:
            suggestions[key] = Suggestion(EXACT, exact[item.string_id], item.english)
        elif closest := _closest(item.english, earlier.get(item.context_id, ())):
            suggestions[key] = Suggestion(PREVIOUS, closest[1], closest[0])
    return opened, suggestions


def _closest(english: str, candidates: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    """The ``(earlier English, translation)`` most like ``english`` (ties: the most recent), or None below the ratio."""
    best, best_ratio = None, NEAR_MATCH_RATIO
    for earlier_english, data in candidates:
        try:
            validate_translation_links(english, data)  # its links must exist in the new English
        except ValueError:
            continue
        ratio = difflib.SequenceMatcher(None, earlier_english, english).ratio()
        if ratio > best_ratio or (best is None and ratio >= best_ratio):
            best, best_ratio = (earlier_english, data), ratio
    return best


def find_suggestions(
    locale: Locale, translations: Iterable[Translation] | None = None
) -> dict[tuple[int, int], Suggestion]:
    """Return the memory's suggestion for each untranslated string into ``locale``.

    ``translations``: the wagtail-localize Translations to look at (default: every enabled one into
    ``locale``). A string is untranslated when it has no StringTranslation without an error. Keys are
    ``(String id, TranslationContext id)``; strings the memory knows nothing about are left out.
    Three queries whatever the number of strings.
    """
    ids = None if translations is None else [translation.pk for translation in translations]
    return _lookup(locale, ids)[1]


# ---------------------------------------------------------------------------- filling


def _errored_rows(locale: Locale, keys: set[tuple[int, int]]) -> dict[tuple[int, int], StringTranslation]:
    """``{(string_id, context_id): StringTranslation}`` of the rows with an error in ``locale`` among ``keys``."""
    contexts = {context_id for _string_id, context_id in keys}
    rows = StringTranslation.objects.filter(locale=locale, has_error=True, context_id__in=contexts)
    return {
        (row.translation_of_id, row.context_id): row for row in rows if (row.translation_of_id, row.context_id) in keys
    }


def is_suggestion(string_translation: StringTranslation) -> bool:
    """Return True if ``string_translation`` is a suggestion shown by ``offer_suggestions`` (not a translation)."""
    return string_translation.has_error and string_translation.tool_name == SUGGESTION_TOOL_NAME


def fill_from_memory(
    locale: Locale,
    translations: Iterable[Translation] | None = None,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
) -> FillResult:
    """Fill every untranslated string into ``locale`` that has an exact match in the memory; return a FillResult.

    ``translations``: the Translations to fill (default: every enabled one into ``locale``). Each filled
    string is a StringTranslation with ``translation_type`` machine, ``tool_name`` ``TOOL_NAME`` and
    ``last_translated_by`` ``user`` (a User or None). A string with a translation, even one with an error,
    is never changed; a suggestion row of ``offer_suggestions`` is replaced. Idempotent; publishes nothing.
    ``dry_run`` rolls everything back, so the result says what would be filled.
    """
    ids = None if translations is None else [translation.pk for translation in translations]
    result = FillResult(locale=locale.language_code, dry_run=dry_run)
    with transaction.atomic():
        opened, suggestions = _lookup(locale, ids, previous=False)
        exact = {key: suggestion for key, suggestion in suggestions.items() if suggestion.kind == EXACT}
        errored = _errored_rows(locale, set(exact))
        keys = [key for key in exact if key not in errored or is_suggestion(errored[key])]
        now = timezone.now()
        fields = {"translation_type": MACHINE, "tool_name": TOOL_NAME, "last_translated_by": user, "field_error": ""}
        new, replaced = [], []
        for key in keys:
            row = errored.get(key)
            if row is None:
                new.append(
                    StringTranslation(
                        translation_of_id=key[0], context_id=key[1], locale=locale, data=exact[key].data, **fields
                    )
                )
                continue
            row.data, row.has_error, row.updated_at = exact[key].data, False, now
            for name, value in fields.items():
                setattr(row, name, value)
            replaced.append(row)
        # Bulk writes send no signals: a page title's draft_title is set below, as wagtail-localize's signal does.
        StringTranslation.objects.bulk_create(new, batch_size=BATCH_SIZE, ignore_conflicts=True)
        StringTranslation.objects.bulk_update(
            replaced, ["data", "has_error", "updated_at", *fields], batch_size=BATCH_SIZE
        )
        for key in keys:
            if opened[key].path == "title":
                Page.objects.filter(translation_key=opened[key].object_id, locale=locale).update(
                    draft_title=exact[key].data
                )
        result.filled = len(keys)
        _summarise(result, locale, [opened[key] for key in keys])
        if dry_run:
            transaction.set_rollback(True)
    return result


def _summarise(result: FillResult, locale: Locale, filled: Iterable[_Open]) -> None:
    per_source = defaultdict(int)
    for item in filled:
        per_source[item.source_id] += 1
    translations = Translation.objects.filter(source_id__in=per_source, target_locale=locale).select_related(
        "source__specific_content_type"
    )
    for translation in translations:
        total, translated = translation.get_progress()
        result.objects.append(FilledObject(translation, per_source[translation.source_id], total - translated))
    result.objects.sort(key=lambda item: item.label)


# ---------------------------------------------------------------------------- the translation editor


def po_comment(suggestion: Suggestion) -> str:
    """The comment of a PO entry that carries ``suggestion`` as a fuzzy ``msgstr``, in the active language."""
    if suggestion.kind == PREVIOUS:
        return _(
            "Translation memory: the previous translation of this field, made for the earlier English (#| msgid). "
            "Update it, then remove the fuzzy flag."
        )
    return _(
        "Translation memory: this English is translated this way elsewhere on the site. "
        "Check it, then remove the fuzzy flag to accept it."
    )


def suggestion_note(suggestion: Suggestion) -> str:
    """The note shown under a suggestion in the translation editor, in the active language."""
    if suggestion.kind == EXACT:
        return _(
            "Suggested by the translation memory: this English is translated this way elsewhere on the site. "
            "Check it, then save it to accept it."
        )
    return _(
        "Previous translation, of the earlier English “%(english)s”: update it to the new English, then save it."
    ) % {"english": suggestion.english}


def offer_suggestions(translation: Translation) -> tuple[int, int]:
    """Show the memory's previous translations in ``translation``'s editor; return ``(exact, previous)`` counts.

    Each untranslated string with a previous translation gets a StringTranslation flagged with an error whose
    note (``field_error``, in the active language) names the earlier English: the editor shows it beside the
    new English, and it counts as untranslated until a translator saves it. Rows of translators are never
    touched; suggestion rows that no longer apply are deleted. ``exact`` counts the strings
    ``fill_from_memory`` could fill.
    """
    locale = translation.target_locale
    _opened, suggestions = _lookup(locale, [translation.pk])
    previous = {key: suggestion for key, suggestion in suggestions.items() if suggestion.kind == PREVIOUS}
    rows = StringTranslation.objects.filter(
        locale=locale, has_error=True, context__object_id=translation.source.object_id
    )
    ours, theirs = {}, set()
    for row in rows:
        key = (row.translation_of_id, row.context_id)
        if is_suggestion(row):
            ours[key] = row
        else:
            theirs.add(key)
    new, changed = [], []
    for key, suggestion in previous.items():
        if key in theirs:
            continue
        note = suggestion_note(suggestion)
        row = ours.pop(key, None)
        if row is None:
            new.append(
                StringTranslation(
                    translation_of_id=key[0],
                    context_id=key[1],
                    locale=locale,
                    data=suggestion.data,
                    translation_type=MACHINE,
                    tool_name=SUGGESTION_TOOL_NAME,
                    has_error=True,
                    field_error=note,
                )
            )
        elif (row.data, row.field_error) != (suggestion.data, note):
            row.data, row.field_error = suggestion.data, note
            changed.append(row)
    with transaction.atomic():
        if ours:  # stale: the string was translated another way, or left the source
            StringTranslation.objects.filter(pk__in=[row.pk for row in ours.values()]).delete()
        StringTranslation.objects.bulk_create(new, batch_size=BATCH_SIZE, ignore_conflicts=True)
        StringTranslation.objects.bulk_update(changed, ["data", "field_error"], batch_size=BATCH_SIZE)
    exact = sum(1 for key, suggestion in suggestions.items() if suggestion.kind == EXACT and key not in theirs)
    return exact, len(previous)


def pending_suggestions(translation: Translation) -> int:
    """Return how many strings of ``translation`` show a previous translation waiting for a translator."""
    in_source = StringSegment.objects.filter(
        source_id=translation.source_id, string_id=OuterRef("translation_of_id"), context_id=OuterRef("context_id")
    )
    return StringTranslation.objects.filter(
        Exists(in_source), locale=translation.target_locale, has_error=True, tool_name=SUGGESTION_TOOL_NAME
    ).count()


# ---------------------------------------------------------------------------- the sync rule


def has_unreviewed_fills(translation: Translation, since: datetime) -> bool:
    """Return True if a string of ``translation`` was filled by a tool (memory, machine) after ``since``.

    ``since`` is the target object's last publication (an aware datetime). Such a translation waits for a
    translator to check and publish it, rather than being republished when the English is.
    """
    in_source = StringSegment.objects.filter(
        source_id=translation.source_id, string_id=OuterRef("translation_of_id"), context_id=OuterRef("context_id")
    )
    return StringTranslation.objects.filter(
        Exists(in_source),
        locale=translation.target_locale_id,
        translation_type=MACHINE,
        has_error=False,
        updated_at__gt=since,
    ).exists()


# ---------------------------------------------------------------------------- the editor's button


class MemoryTranslator(BaseMachineTranslator):
    """wagtail-localize machine translator answering from the translation memory, then from another translator.

    Options: ``FALLBACK``, a ``WAGTAILLOCALIZE_MACHINE_TRANSLATOR``-style setting (``{"CLASS", "OPTIONS"}``)
    or absent. The editor's button is served by ``portal.translations.overrides.memory_view``, which labels
    each string by where it came from; ``translate`` serves any other caller.
    """

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        setting = options.get("FALLBACK")
        self.fallback = import_string(setting["CLASS"])(setting.get("OPTIONS", {})) if setting else None

    @property
    def display_name(self) -> str:
        """The button's label, after "Translate with " (in the active language)."""
        if self.fallback is None:
            return _("the translation memory")
        return _("the translation memory, then %(translator)s") % {"translator": self.fallback.display_name}

    def can_translate(self, source_locale: Locale, target_locale: Locale) -> bool:
        """The memory translates between any two different locales."""
        return source_locale.pk != target_locale.pk

    def translate(
        self, source_locale: Locale, target_locale: Locale, strings: Iterable[StringValue]
    ) -> dict[StringValue, StringValue]:
        """Return ``{StringValue: translation}``: exact matches from the memory, the rest from the fallback."""
        strings = list(strings)
        by_hash = {source_string_hash(string.data): string for string in strings}
        found = {}
        for data_hash, data in (
            StringTranslation.objects.filter(
                locale=target_locale,
                has_error=False,
                translation_type=MANUAL,
                translation_of__locale=source_locale,
                translation_of__data_hash__in=list(by_hash),
            )
            .order_by("translation_of_id", "-updated_at", "-pk")
            .values_list("translation_of__data_hash", "data")
        ):
            found.setdefault(by_hash[data_hash], StringValue(data))
        rest = [string for string in strings if string not in found]
        if rest and self.fallback is not None and self.fallback.can_translate(source_locale, target_locale):
            found.update(self.fallback.translate(source_locale, target_locale, rest))
        return found
