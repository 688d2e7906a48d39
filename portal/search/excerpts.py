"""Highlighted excerpts for search results: the words a query matched, marked with ``<mark>``.

A word matches by its Snowball stem, a Chinese run wherever the query's run occurs in it, both scripts folded to
Simplified characters: the search's own rules. The marks are on the text's own characters, in its own script.
"""

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.search import analysis

#: Characters of an excerpt (a str length, not bytes).
EXCERPT_LENGTH = 220
ELLIPSIS = "…"

#: Ends of a Chinese text after which the next one follows with no space (full-width punctuation takes its own).
FULL_WIDTH_ENDS = "。！？；：，、…）」』》”’"
#: Ends of an English sentence (or clause) after which the next text follows after a space.
SENTENCE_ENDS = ".!?;:…"
#: Closing quotes and brackets, which end a sentence when what they close does.
CLOSERS = "”’\"')"


def join_texts(texts: Iterable[object], language: str) -> str:
    """Return the texts (whitespace collapsed, empty ones left out) joined as one reads in ``language`` (a code).

    A text that ends without punctuation (a heading, a venue, a table cell) is closed with a full stop: ". " in
    English, "。" in Chinese; in Chinese, full-width punctuation is never followed by a space.
    """
    chinese = language.lower().startswith("zh")
    joined = ""
    for text in texts:
        text = " ".join(str(text or "").split())
        if not text:
            continue
        if joined:
            joined += _separator(joined, chinese)
        joined += text
    return joined


def _separator(before: str, chinese: bool) -> str:
    last = before[-1]
    if chinese and last in FULL_WIDTH_ENDS:
        return ""
    if last in SENTENCE_ENDS or (last in CLOSERS and len(before) > 1 and before[-2] in SENTENCE_ENDS + "。！？"):
        return " "
    if last in FULL_WIDTH_ENDS:  # a Chinese quotation inside English text
        return " "
    return "。" if chinese else ". "


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` character offsets in ``text`` of what ``query`` matched, sorted and merged.

    "重庆" matches "重慶" and "重慶" matches "重庆" (``analysis.folded_text``).
    """
    stems, runs = analysis.query_terms(query)
    spans = []
    for match, folded in analysis.scan(text):
        if folded is None:
            if analysis.word_term(match.group()) in stems:
                spans.append(match.span())
            continue
        for run in runs:  # folded alike, so either script marks the text's own characters
            for found in re.finditer(re.escape(run), folded):
                spans.append((match.start() + found.start(), match.start() + found.end()))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: object, query: str) -> SafeString:
    """Return ``text`` (a str) HTML-escaped, with what ``query`` matched wrapped in ``<mark>``: a SafeString."""
    text = str(text or "")
    return mark_safe(_marked(text, match_spans(text, query), 0, len(text)))  # noqa: S308 - _marked escapes the text


def excerpt(text: object, query: str, length: int = EXCERPT_LENGTH) -> SafeString:
    """Return about ``length`` characters of ``text`` around the first match of ``query``, highlighted.

    ``text`` is any plain text (whitespace is collapsed); without a match the excerpt is the start
    of the text. Cuts fall on spaces where the text has them and are shown with "…". Returns a
    SafeString (empty for empty text).
    """
    text = " ".join(str(text or "").split())
    if not text:
        return mark_safe("")
    spans = match_spans(text, query)
    start = 0
    if spans and spans[0][1] > length * 2 // 3:
        start = max(0, spans[0][0] - length // 3)
        space = text.find(" ", start, spans[0][0])
        if space != -1:
            start = space + 1
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start + length // 2, end)
        if space != -1:
            end = space
    html = _marked(text, spans, start, end)
    return mark_safe((ELLIPSIS if start > 0 else "") + html + (ELLIPSIS if end < len(text) else ""))  # noqa: S308 - escaped by _marked


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """Return ``text[start:end]`` escaped, with the parts of ``spans`` inside it in ``<mark>``."""
    parts, position = [], start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    return "".join(parts)
