"""Bulk PO exchange with translation agencies: every content string of the site in one PO file.

wagtail-localize keeps a ``Translation`` per English page or snippet and target locale, whose
strings (``StringSegment`` → ``String``, located by a ``TranslationContext`` path) are translated
by ``StringTranslation`` rows. Its own PO export covers one object at a time; an agency wants one
file for the whole site. ``export_po`` writes that file, ``read_po`` reads it back strictly and
``import_po`` stores the agency's translations as wagtail-localize ``StringTranslation`` rows, as
``Translation.import_po`` does for one object, and can publish the translated objects that are now
complete.

The file is an ordinary UTF-8 PO file (any PO editor opens it), with:

- a header naming this format (``X-IUC-Asia-Bulk-Format: 1``), the target ``Language``
  (``zh_Hans``) and the export time ``X-Exported-At`` (timezone-aware ISO 8601, UTC);
- one entry per string and place: ``msgid`` is the English string as wagtail-localize stores it
  (HTML-escaped text, inline tags as ``<a id="a1">`` / ``<b>``), ``msgstr`` its translation;
- ``msgctxt`` = ``<translation key>:<context path>``: the object's ``TranslatableObject`` UUID
  (the same for the English and the Chinese copy) and wagtail-localize's path of the field inside
  it (``intro``, ``body.<block id>.text``...). A rich-text field holds one string per paragraph
  under a single path; where a path holds several strings, ``#<8 hex digits>`` (the start of the
  English string's ``String.data_hash``) is appended so every msgctxt stays unique, and it only
  depends on the object, the field and the English text;
- an extracted comment (``#.``) naming the object type, its title, its English URL (pages; also
  the ``#:`` reference) and the field, for the translator.

Import never overwrites a translation changed in the portal after the export: a
``StringTranslation`` whose ``updated_at`` is later than ``X-Exported-At`` is kept and counted.

The translation memory's suggestions (``portal.translations.memory``) go out as fuzzy entries: ``msgstr`` is
the suggestion, flagged ``fuzzy``, with the earlier English as ``#| msgid`` for a previous translation. Import
skips fuzzy entries, so a suggestion becomes a translation only when the translator clears the flag.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone, translation
from django.utils.translation import to_language, to_locale
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    String,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationContext,
)

from portal.translations.memory import PREVIOUS, Suggestion, find_suggestions, is_suggestion, po_comment
from portal.translations.overrides.strings import source_string_hash
from portal.translations.rules import publish_if_complete

FORMAT_HEADER = "X-IUC-Asia-Bulk-Format"
FORMAT_VERSION = "1"
EXPORTED_AT_HEADER = "X-Exported-At"
TOOL_NAME = "PO import"
DISCRIMINATOR_LENGTH = 8
MSGCTXT_RE = re.compile(
    r"^(?P<key>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
    r":(?P<path>[^\s#]+)"
    rf"(?:#(?P<discriminator>[0-9a-f]{{{DISCRIMINATOR_LENGTH}}}))?$"
)
# One line of a PO file: a keyword with a quoted string, a continuation string, or a comment.
_KEYWORD_LINE_RE = re.compile(r'^(?:#~ ?)?(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+"(?:[^"\\]|\\.)*"$')
_STRING_LINE_RE = re.compile(r'^(?:#~ ?)?"(?:[^"\\]|\\.)*"$')

#: The entries of a PO file to import, each with the match of its msgctxt (``MSGCTXT_RE``).
Entries = list[tuple[polib.POEntry, re.Match[str]]]


class TranslationExchangeError(Exception):
    """The exchange cannot run: an unknown locale, or the source locale given as a target."""


class TranslationFileError(TranslationExchangeError):
    """A PO file that must not be imported: unreadable, malformed, not this portal's bulk format,
    for another locale, or with an entry whose msgctxt is not ``<translation key>:<path>``."""


@dataclass
class ImportResult:
    """What ``import_po`` did (or, with ``dry_run``, would have done); counts are numbers of PO entries.

    - ``imported``: new StringTranslations; ``updated``: existing ones given the file's text;
      ``unchanged``: the file's text was already stored;
    - ``skipped_newer``: not stored because the string was changed in the portal after the export;
    - ``unknown``: the object, its translation, the field or the English string is no longer in
      the source (or the msgid does not match its msgctxt); ``untranslated``: empty msgstr;
      ``fuzzy``: marked fuzzy (a translation memory suggestion, or by the translator), not imported;
    - ``invalid``: stored, but wagtail-localize flags it (broken tags or links): the translator
      fixes it in the editor, and the object is not published until then;
    - ``published`` / ``left_for_translators``: with ``publish``, translated objects this import
      changed that were published, or are not complete yet.

    ``notes`` lists one line per unknown, skipped, invalid or unpublished entry or object.
    """

    locale: str
    exported_at: datetime.datetime
    dry_run: bool = False
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_newer: int = 0
    unknown: int = 0
    untranslated: int = 0
    fuzzy: int = 0
    invalid: int = 0
    published: int = 0
    left_for_translators: int = 0
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- locales


def get_target_locale(language_code: str) -> Locale:
    """Return the Locale for ``language_code`` (``"zh-hans"``, ``"zh_Hans"``...) as an export/import target.

    Raises TranslationExchangeError when no Locale has that code, or when it is the source (default)
    locale, which is never translated into.
    """
    code = to_language(str(language_code).strip())
    locale = Locale.objects.filter(language_code__iexact=code).first()
    if locale is None:
        raise TranslationExchangeError(f"Unknown locale {language_code!r}.")
    if locale.pk == Locale.get_default().pk:
        raise TranslationExchangeError(
            f"{locale.language_code!r} is the source language of the content, not a translation target."
        )
    return locale


def _translations_into(locale: Locale) -> QuerySet[Translation]:
    """Enabled wagtail-localize Translations from the source (default) locale into ``locale``."""
    return Translation.objects.filter(
        target_locale=locale, enabled=True, source__locale=Locale.get_default()
    ).select_related("source", "source__specific_content_type")


# ---------------------------------------------------------------------------- export


def make_msgctxt(translation_key: uuid.UUID | str, path: str, string: String | None = None) -> str:
    """Return the msgctxt of a string: ``"<translation_key>:<path>"``, or with ``#<discriminator>``.

    ``string`` (a wagtail-localize String) is given only where the path holds several strings;
    the discriminator is then the start of its ``data_hash``, so it depends on the English text only.
    """
    msgctxt = f"{translation_key}:{path}"
    if string is not None:
        msgctxt += f"#{string.data_hash.hex[:DISCRIMINATOR_LENGTH]}"
    return msgctxt


def export_po(locale: Locale | str, include_translated: bool = False) -> polib.POFile:
    """Return a polib.POFile with the strings of every enabled Translation into ``locale``.

    ``locale`` is a Locale or a language code. The strings come from each Translation's
    TranslationSource, i.e. the English as last submitted or synced for translation (pages and
    snippets alike), in tree order for pages, then snippets by type and name. By default only
    strings without a valid translation in ``locale`` are included, with an empty msgstr;
    ``include_translated=True`` includes every string, with its current translation as msgstr. An
    untranslated string the translation memory has a suggestion for gets it as msgstr, flagged fuzzy.
    The header's ``X-Exported-At`` (timezone-aware, UTC) is taken before anything is read, so any
    change in the portal after it is protected on import. Reads the database only.

    Raises TranslationExchangeError for an unknown locale or the source locale.
    """
    if not isinstance(locale, Locale):
        locale = get_target_locale(locale)
    elif locale.pk == Locale.get_default().pk:
        raise TranslationExchangeError(f"{locale.language_code!r} is the source language, not a translation target.")
    exported_at = timezone.now()
    po = polib.POFile(wrapwidth=0, encoding="utf-8")  # wrapwidth 0: never fold a string or comment
    po.header = (
        f"IUC Asia portal: content strings to translate into {to_locale(locale.language_code)}.\n"
        "Translate the msgstr lines only; keep every msgctxt and msgid exactly as it is."
    )
    po.metadata = {
        "Project-Id-Version": "IUC Asia portal content",
        "POT-Creation-Date": exported_at.strftime("%Y-%m-%d %H:%M%z"),
        "Language": to_locale(locale.language_code),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
        FORMAT_HEADER: FORMAT_VERSION,
        EXPORTED_AT_HEADER: exported_at.isoformat(),
        "X-Source-Language": to_locale(Locale.get_default().language_code),
        "X-Export-Scope": "all strings" if include_translated else "untranslated strings",
    }

    with translation.override(Locale.get_default().language_code):  # comments in the source language
        _add_entries(po, locale, include_translated)
    return po


def _add_entries(po: polib.POFile, locale: Locale, include_translated: bool) -> None:
    """Append to ``po`` an entry per string of each enabled Translation into ``locale`` (see export_po)."""
    objects = []
    for item in _translations_into(locale):
        try:
            instance = item.source.get_source_instance()
        except item.source.specific_content_type.model_class().DoesNotExist:
            continue  # the English object is gone: nothing left to translate
        objects.append((item, instance))
    objects.sort(key=_object_order)
    if not objects:
        return

    sources = {item.source_id: (item, instance) for item, instance in objects}
    segments = (
        StringSegment.objects.filter(source_id__in=sources)
        .select_related("context", "string")
        .order_by("source_id", "order")
    )
    by_source = {}
    for segment in segments:
        by_source.setdefault(segment.source_id, []).append(segment)
    existing = {
        (st.translation_of_id, st.context_id): st
        for st in StringTranslation.objects.filter(
            locale=locale, context__object_id__in=[item.source.object_id for item, _instance in objects]
        ).select_related("translation_of", "context")
        if not is_suggestion(st)  # a suggestion shown in the editor is not a translation
    }
    suggestions = find_suggestions(locale)

    for item, instance in objects:
        described = _describe(instance)
        source_segments = by_source.get(item.source_id, [])
        strings_per_context = {}
        for segment in source_segments:
            strings_per_context.setdefault(segment.context_id, set()).add(segment.string_id)
        seen = set()
        for segment in source_segments:
            identity = (segment.string_id, segment.context_id)
            if identity in seen:  # the same string twice in one field is one translation
                continue
            seen.add(identity)
            current = existing.get(identity)
            translated = current is not None and not current.has_error
            if translated and not include_translated:
                continue
            shared = len(strings_per_context[segment.context_id]) > 1
            suggestion = suggestions.get(identity)
            po.append(_entry(item, segment, described, current, include_translated, shared, suggestion))


def _object_order(pair: tuple[Translation, Model]) -> tuple[int, str, str]:
    """Pages in tree order first, then snippets by type and name."""
    _item, instance = pair
    if isinstance(instance, Page):
        return (0, instance.path, "")
    return (1, str(instance._meta.verbose_name), str(instance))


def _describe(instance: Model) -> tuple[list[str], str]:
    """``(comment lines, reference)`` describing an English page or snippet for the translator."""
    kind = str(instance._meta.verbose_name)
    if isinstance(instance, Page):
        url = instance.get_full_url() or ""
        lines = [f"{kind}: {instance.title}"]
        if url:
            lines.append(f"English URL: {url}")
        return lines, instance.get_url() or ""
    return [f"{kind}: {instance}"], ""


def _entry(
    item: Translation,
    segment: StringSegment,
    described: tuple[list[str], str],
    current: StringTranslation | None,
    include_translated: bool,
    shared: bool,
    suggestion: Suggestion | None,
) -> polib.POEntry:
    lines, reference = described
    context = segment.context
    comment = [*lines, f"Field: {context.field_path or context.path}"]
    if "<" in segment.string.data:
        comment.append('Keep the tags such as <a id="a1"> and <b> around the words they mark.')
    msgstr = ""
    if current is not None:
        if current.has_error:
            comment.append(f"The current translation has an error ({current.get_error()}): {current.data}")
        if include_translated:
            msgstr = current.data
    flags, previous_msgid = [], None
    if not msgstr and suggestion is not None:
        msgstr, flags = suggestion.data, ["fuzzy"]
        if suggestion.kind == PREVIOUS:
            previous_msgid = suggestion.english
        with translation.override("en"):  # the bulk file's comments are English, for any agency
            comment.append(po_comment(suggestion))
    return polib.POEntry(
        msgctxt=make_msgctxt(item.source.object_id, context.path, segment.string if shared else None),
        msgid=segment.string.data,
        msgstr=msgstr,
        flags=flags,
        previous_msgid=previous_msgid,
        comment="\n".join(comment),
        occurrences=[(reference, "")] if reference else [],
    )


# ---------------------------------------------------------------------------- reading


def read_po(path: str | Path) -> polib.POFile:
    """Read the PO file at ``path`` (str or Path) strictly; return a polib.POFile.

    The file must be UTF-8 (a byte-order mark is allowed) and every line a comment, a keyword with
    one complete quoted string, or a quoted continuation string, each ``msgid`` followed by a
    ``msgstr``: polib alone accepts some damaged files (a truncated quote silently loses text).
    Raises TranslationFileError when the file is missing, unreadable or malformed. Checks only
    the syntax; ``import_po`` checks the header and the entries.
    """
    path = Path(path)
    if not path.is_file():
        raise TranslationFileError(f"{path}: no such file.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise TranslationFileError(f"{path} is not a UTF-8 text file ({error}).") from error
    except OSError as error:
        raise TranslationFileError(f"Cannot read {path}: {error}") from error
    _check_syntax(path, text)
    try:
        # polib is given the path (it treats any other string as PO content) and reads it again.
        return polib.pofile(str(path), encoding="utf-8-sig", check_for_duplicates=True)
    except (OSError, ValueError, UnicodeError, IndexError, KeyError) as error:
        raise TranslationFileError(f"{path} is not a valid PO file: {error}") from error


def _check_syntax(path: Path, text: str) -> None:
    expecting_msgstr = False
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith("#~")):
            continue
        keyword = _KEYWORD_LINE_RE.match(stripped)
        if keyword:
            name = keyword.group(1)
            if name.startswith("msgstr"):
                expecting_msgstr = False
            elif expecting_msgstr and name != "msgid_plural":
                raise TranslationFileError(f"{path}, line {number}: {name} before the previous entry's msgstr.")
            elif name == "msgid":
                expecting_msgstr = True
            continue
        if _STRING_LINE_RE.match(stripped):
            continue
        if stripped.startswith("#~"):
            continue  # an obsolete entry's comment or field that polib keeps as is
        raise TranslationFileError(f"{path}, line {number}: not valid PO syntax (an unfinished string?): {line[:80]!r}")
    if expecting_msgstr:
        raise TranslationFileError(f"{path}: the last entry has no msgstr (is the file truncated?).")


# ---------------------------------------------------------------------------- import


def _header(po: polib.POFile, name: str) -> str | None:
    value = po.metadata.get(name)
    if value is None:  # header names are case-insensitive in practice
        value = next((v for key, v in po.metadata.items() if key.lower() == name.lower()), None)
    return value.strip() if isinstance(value, str) else value


def _validate(po: polib.POFile) -> tuple[Locale, datetime.datetime, Entries]:
    """Check the header and every msgctxt; return ``(locale, exported_at, entries)`` or raise TranslationFileError."""
    _check_format(po)
    return _target_locale(po), _exported_at(po), _entries(po)


def _check_format(po: polib.POFile) -> None:
    """Raise TranslationFileError unless ``po`` is this portal's bulk format, in UTF-8."""
    if _header(po, FORMAT_HEADER) is None:
        raise TranslationFileError(
            f"Not an IUC Asia bulk translation file (no {FORMAT_HEADER} header): export it with export_translations."
        )
    if _header(po, FORMAT_HEADER) != FORMAT_VERSION:
        raise TranslationFileError(f"Unsupported {FORMAT_HEADER} {_header(po, FORMAT_HEADER)!r}.")
    charset = re.search(r"charset=([\w-]+)", _header(po, "Content-Type") or "")
    if charset and charset.group(1).lower().replace("-", "") != "utf8":
        raise TranslationFileError(f"The file says it is {charset.group(1)}; it must be UTF-8.")


def _exported_at(po: polib.POFile) -> datetime.datetime:
    """Return the aware datetime of ``po``'s export header; TranslationFileError when missing, naive or future."""
    stamp = _header(po, EXPORTED_AT_HEADER)
    if not stamp:
        raise TranslationFileError(f"No {EXPORTED_AT_HEADER} header: the export time is needed to protect newer edits.")
    try:
        exported_at = datetime.datetime.fromisoformat(stamp)
    except ValueError as error:
        raise TranslationFileError(f"{EXPORTED_AT_HEADER} {stamp!r} is not an ISO 8601 date and time.") from error
    if timezone.is_naive(exported_at):
        raise TranslationFileError(f"{EXPORTED_AT_HEADER} {stamp!r} has no time zone.")
    if exported_at > timezone.now():
        raise TranslationFileError(f"{EXPORTED_AT_HEADER} {stamp!r} is in the future.")
    return exported_at


def _target_locale(po: polib.POFile) -> Locale:
    """Return the Locale of ``po``'s Language header; TranslationFileError when missing, unknown or the source."""
    language = _header(po, "Language")
    if not language:
        raise TranslationFileError("No Language header: which locale is this file for?")
    try:
        return get_target_locale(language)
    except TranslationExchangeError as error:
        raise TranslationFileError(f"Language {language!r}: {error}") from error


def _entries(po: polib.POFile) -> Entries:
    """Return ``[(entry, msgctxt match)]`` of ``po``'s entries; TranslationFileError for a bad or repeated msgctxt."""
    entries = []
    seen = set()
    for entry in po:
        if entry.obsolete:
            continue
        match = MSGCTXT_RE.match(entry.msgctxt or "")
        if match is None:
            raise TranslationFileError(
                f"Entry {entry.msgid[:60]!r} has msgctxt {entry.msgctxt!r}, not <translation key>:<path>."
            )
        if entry.msgctxt in seen:
            raise TranslationFileError(f"msgctxt {entry.msgctxt!r} appears twice.")
        seen.add(entry.msgctxt)
        entries.append((entry, match))
    return entries


def import_po(
    po: polib.POFile, user: AbstractBaseUser | None = None, publish: bool = False, dry_run: bool = False
) -> ImportResult:
    """Store the translations of ``po`` (a polib.POFile made by ``export_po``); return an ImportResult.

    For each entry with a non-empty, non-fuzzy msgstr, the Translation is found by the msgctxt's
    translation key and the file's Language, the TranslationContext by the path and the String by
    the msgid (by its data hash, as ``Translation.import_po`` does); the StringTranslation is
    created or updated (``translation_type`` manual, ``tool_name`` "PO import",
    ``last_translated_by`` ``user``) unless it was changed after ``X-Exported-At``.
    With ``publish``, every translated object this import changed is then saved and published in
    the target locale if it is complete (``portal.translations.rules.publish_if_complete``). ``dry_run`` does all of it
    and rolls it back, so the counts say what an import would do.

    The whole file is checked before anything is written (TranslationFileError: not this bulk
    format, no or bad ``X-Exported-At``, a Language that is unknown or the source, a msgctxt not
    in the format, a msgctxt twice), and everything runs in one transaction: on any error the
    database is unchanged.
    """
    locale, exported_at, entries = _validate(po)
    result = ImportResult(locale=locale.language_code, exported_at=exported_at, dry_run=dry_run)
    with transaction.atomic():
        touched = _store(entries, locale, exported_at, user, result)
        if publish:
            for item in touched:
                if publish_if_complete(item, user=user) is not None:
                    result.published += 1
                else:
                    result.left_for_translators += 1
                    result.notes.append(f"not published, incomplete: {item.source.object_repr}")
        if dry_run:
            transaction.set_rollback(True)
    return result


def _translated_entries(entries: Entries, result: ImportResult) -> Entries:
    """Return the entries with a translation to import; count the empty and fuzzy ones in ``result``."""
    candidates = []
    for entry, match in entries:
        if not entry.msgstr.strip():
            result.untranslated += 1
        elif entry.fuzzy:
            result.fuzzy += 1
        else:
            candidates.append((entry, match))
    return candidates


def _unknown_reason(
    locale: Locale,
    key: uuid.UUID,
    match: re.Match[str],
    item: Translation | None,
    context: TranslationContext | None,
    string: String | None,
    data_hash: uuid.UUID,
    in_source: set[tuple[int, int, int]],
) -> str | None:
    """Return why an entry cannot be imported (its translation, field or string is gone), or None when it can."""
    if item is None:
        return f"no enabled translation into {locale.language_code} of object {key}"
    if context is None or string is None or (item.source_id, context.pk, string.pk) not in in_source:
        return "this English string is no longer in that field"
    if match["discriminator"] and data_hash.hex[:DISCRIMINATOR_LENGTH] != match["discriminator"]:
        return "the msgid does not match its msgctxt"
    return None


def _store(
    entries: Entries,
    locale: Locale,
    exported_at: datetime.datetime,
    user: AbstractBaseUser | None,
    result: ImportResult,
) -> list[Translation]:
    """Create or update the StringTranslations of ``entries``; return the Translations changed."""
    source_locale = Locale.get_default()
    candidates = _translated_entries(entries, result)
    if not candidates:
        return []

    keys = {uuid.UUID(match["key"]) for _entry, match in candidates}
    translations = {
        item.source.object_id: item for item in _translations_into(locale).filter(source__object_id__in=keys)
    }
    contexts = {(c.object_id, c.path): c for c in TranslationContext.objects.filter(object_id__in=keys)}
    hashes = {source_string_hash(entry.msgid) for entry, _match in candidates}
    strings = {s.data_hash: s for s in String.objects.filter(locale=source_locale, data_hash__in=hashes)}
    in_source = set(
        StringSegment.objects.filter(source_id__in=[t.source_id for t in translations.values()]).values_list(
            "source_id", "context_id", "string_id"
        )
    )
    existing = {
        (st.translation_of_id, st.context_id): st
        for st in StringTranslation.objects.select_for_update().filter(
            locale=locale, context_id__in=[c.pk for c in contexts.values()]
        )
    }

    touched = {}
    for entry, match in candidates:
        key = uuid.UUID(match["key"])
        item = translations.get(key)
        context = contexts.get((key, match["path"]))
        data_hash = source_string_hash(entry.msgid)
        string = strings.get(data_hash)
        reason = _unknown_reason(locale, key, match, item, context, string, data_hash, in_source)
        if reason:
            result.unknown += 1
            result.notes.append(f"unknown: {entry.msgctxt}: {reason}")
            continue

        current = existing.get((string.pk, context.pk))
        if current is None:
            current = StringTranslation(translation_of=string, locale=locale, context=context)
            result.imported += 1
        elif is_suggestion(current):  # a suggestion shown in the editor is not a translation: replace it
            result.imported += 1
        elif current.data == entry.msgstr:
            result.unchanged += 1
            continue
        elif current.updated_at > exported_at:
            result.skipped_newer += 1
            result.notes.append(f"kept, changed in the portal after the export: {entry.msgctxt}")
            continue
        else:
            result.updated += 1
        current.data = entry.msgstr
        current.translation_type = StringTranslation.TRANSLATION_TYPE_MANUAL
        current.tool_name = TOOL_NAME
        current.last_translated_by = user
        current.has_error = False  # save() checks the new text and sets it again if needed
        current.field_error = ""
        current.save()
        if current.has_error:
            result.invalid += 1
            result.notes.append(f"stored with an error ({current.get_error()}): {entry.msgctxt}")
        touched[item.pk] = item
    return list(touched.values())
