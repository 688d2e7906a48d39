"""Text analysis for search, the same at index and query time on every database: CJK bigrams, English stems.

Chinese is folded to Simplified characters first (``portal.chinese.conversion.fold``), so either script finds both.
How and why: docs/search.md, docs/decisions/0001-character-bigrams-for-chinese-search.md and
docs/decisions/0031-traditional-chinese-derived-by-opencc.md.
"""

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from wagtail.search.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText, SearchQuery

from portal.chinese.conversion import fold

#: Han ideographs (with their extensions and compatibility forms) and kana: the scripts written
#: without spaces between words. Hangul is written with spaces and is treated as words.
CJK_CHARS = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf"  # CJK Unified Ideographs Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\U00020000-\U0003134f"  # Extensions B–H
)
#: Combining marks (accents written as a separate code point, as in "e\u0301cole").
COMBINING_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LETTER = rf"(?![{CJK_CHARS}])[^\W_]"
#: A CJK run, or a word: letters and digits (other than CJK) with their combining marks.
TOKEN_PATTERN = re.compile(rf"(?P<cjk>[{CJK_CHARS}]+)|(?P<word>{_LETTER}(?:{_LETTER}|[{COMBINING_MARKS}])*)")

_local = threading.local()


def english_stemmer() -> snowballstemmer.EnglishStemmer:
    """Return this thread's Snowball English stemmer: a stemmer keeps its word in itself while it works, so threads
    (gunicorn's threaded worker) may not share one."""
    try:
        return _local.stemmer
    except AttributeError:
        _local.stemmer = snowballstemmer.stemmer("english")
        return _local.stemmer


@dataclass(frozen=True)
class Token:
    """One unit of analysed text: a stemmed word, or a run of CJK characters as its bigrams."""

    #: The text as written (a word, or a run of CJK characters).
    text: str
    #: The terms the database stores for it: one stem for a word, the bigrams of a CJK run (folded to Simplified).
    terms: tuple
    #: Where ``text`` starts and ends in the text it was read from (character offsets).
    span: tuple = (0, 0)
    #: ``text`` folded to Simplified characters (``folded_text``) for a CJK run; ``text`` itself for a word.
    folded: str = ""

    @property
    def is_cjk(self) -> bool:
        """True for a run of CJK characters."""
        return bool(TOKEN_PATTERN.fullmatch(self.text).group("cjk"))


@lru_cache(maxsize=8192)
def word_term(word: str, stemmed: bool = True) -> str:
    """Return the term stored for ``word`` (a str of letters and digits): "Cities" → "citi", "Málaga" → "malaga".

    The word is NFKC-normalised (full-width "ｃｉｔｙ" → "city"), its accents are removed and it is
    lower-cased, so the databases never see accents (SQLite's tokeniser would strip them, PostgreSQL's
    ``simple`` configuration would not); then, with ``stemmed``, Snowball English stems it.
    """
    word = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", word))
    word = unicodedata.normalize("NFC", "".join(char for char in word if not unicodedata.combining(char))).lower()
    return english_stemmer().stemWord(word) if stemmed else word


def bigrams(run: str) -> list[str]:
    """Return the overlapping character bigrams of ``run`` (a str), or ``[run]`` when it is one character."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def folded_text(text: str) -> str:
    """Return ``text`` (a str) with its Traditional Chinese characters in Simplified form, character for character.

    ``portal.chinese.conversion.fold`` of the whole text, so a character is read in its context as OpenCC reads it
    (乾隆 stays, 乾淨 becomes 干净); the result has the length of ``text``, so an offset in one is an offset in the
    other. Should a conversion ever change the length, each CJK run is folded on its own and kept only where its
    length holds.
    """
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    parts, position = [], 0
    for match in TOKEN_PATTERN.finditer(text):
        if match.group("cjk"):
            run = fold(match.group())
            parts += [text[position : match.start()], run if len(run) == len(match.group()) else match.group()]
            position = match.end()
    return "".join([*parts, text[position:]])


def scan(text: str) -> Iterator[tuple[re.Match, str | None]]:
    """Yield ``(match, folded)`` for each CJK run or word of ``text`` (a str), in order: ``match`` of
    ``TOKEN_PATTERN`` in ``text`` as written, ``folded`` the run folded to Simplified (``folded_text``), None for a
    word. The one place where text is folded, for the index, queries and highlights alike."""
    folded = folded_text(text)
    for match in TOKEN_PATTERN.finditer(text):
        yield match, (folded[match.start() : match.end()] if match.group("cjk") else None)


def tokens(text: object, stemmed: bool = True) -> list[Token]:
    """Split ``text`` (a str; any other value is made a str) into Tokens, dropping everything else.

    CJK runs are folded to Simplified characters (``folded_text``) before their bigrams are made.
    ``stemmed=False`` keeps words whole (lower-cased) instead of stemming them, as autocomplete needs
    for prefix matching ("coop" is a prefix of "cooperation", not of its stem "cooper").
    """
    result = []
    for match, run in scan(str(text)):
        if run is not None:
            result.append(Token(match.group(), tuple(bigrams(run)), match.span(), run))
        else:
            result.append(Token(match.group(), (word_term(match.group(), stemmed),), match.span(), match.group()))
    return result


def index_text(text: object, stemmed: bool = True) -> str:
    """Return ``text`` as the space-separated terms the index stores: "重庆的城市" → "重庆 庆的 的城 城市".

    Traditional characters are stored in their Simplified form: "重慶" → "重庆". Input: a str (other values are
    made str). Output: a str, empty when ``text`` holds no word.
    """
    terms = []
    for match, run in scan(str(text)):
        if run is not None:
            terms += bigrams(run)
        else:
            terms.append(word_term(match.group(), stemmed))
    return " ".join(terms)


def search_query(text: str, operator: str = "and", stemmed: bool = True) -> SearchQuery | None:
    """Return the Wagtail search query (``wagtail.search.query``) for what a visitor typed, or None.

    Each CJK run becomes a ``Phrase`` of its bigrams (so "曼海姆" matches "曼海 海姆" only when the two
    are adjacent, as in "…访问曼海姆"), each other word a ``PlainText`` of its stem; the parts are
    combined with ``And`` (``operator="and"``, the default) or ``Or``. Returns None when ``text``
    (a str) holds no word at all, such as ``"%"`` or ``'"'``: there is nothing to look for.
    Never raises on odd text (operators, quotes and control characters are separators here);
    raises ValueError for an ``operator`` other than "and" or "or", as Wagtail's ``PlainText`` does.
    """
    operator = str(operator).lower()
    if operator not in ("and", "or"):
        raise ValueError("The search operator must be 'and' or 'or'.")
    parts, seen = [], set()
    for token in tokens(text, stemmed=stemmed):
        terms = " ".join(token.terms)
        if terms in seen:
            continue
        seen.add(terms)
        parts.append(Phrase(terms) if len(token.terms) > 1 else PlainText(terms))
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return And(parts) if operator == "and" else Or(parts)


def query_terms(text: str) -> tuple[set[str], set[str]]:
    """Return what to highlight for a query ``text`` (a str): ``(word stems, CJK runs folded to Simplified)``, two
    sets of str."""
    stems, runs = set(), set()
    for token in tokens(text):
        if token.is_cjk:
            runs.add(token.folded)
        else:
            stems.add(token.terms[0])
    return stems, runs


def analyse_query(query: str | SearchQuery, operator: str = "and", stemmed: bool = True) -> SearchQuery | None:
    """Return ``query`` with every string in it analysed, or None when nothing is left to look for.

    ``query`` is what Wagtail's ``search()`` accepts: a str (see :func:`search_query`) or a tree of
    ``wagtail.search.query`` objects, as ``parse_query_string`` makes for the admin (``PlainText``,
    ``Phrase``, ``And``, ``Or``, ``Not``, ``Boost``, ``MatchAll``). ``operator`` ("and" or "or")
    combines the words of a str. A part with no word in it is dropped.
    """
    if isinstance(query, str):
        return search_query(query, operator=operator, stemmed=stemmed)
    if isinstance(query, PlainText):
        return search_query(query.query_string, operator=query.operator, stemmed=stemmed)
    if isinstance(query, Phrase):
        terms = index_text(query.query_string, stemmed=stemmed)
        return Phrase(terms) if terms else None
    if isinstance(query, (And, Or)):
        parts = [part for part in (analyse_query(q, operator, stemmed) for q in query.subqueries) if part is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else type(query)(parts)
    if isinstance(query, Not):
        part = analyse_query(query.subquery, operator, stemmed)
        return Not(part) if part is not None else None
    if isinstance(query, Boost):
        part = analyse_query(query.subquery, operator, stemmed)
        return Boost(part, query.boost) if part is not None else None
    if isinstance(query, (MatchAll, Fuzzy)):
        return query  # passed to the backend as it is
    raise TypeError(f"Cannot analyse a search query of type {type(query).__name__}")
