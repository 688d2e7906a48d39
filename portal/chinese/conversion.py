"""Chinese script conversion with OpenCC (the ``opencc`` package, its bundled dictionaries).

- ``to_traditional``: Simplified Chinese to Traditional Chinese as written in Hong Kong (OpenCC's ``s2hkp``: Hong
  Kong variants and phrases), with Chinese quotation marks in the Traditional form (“ ” ‘ ’ become 「 」 『 』) and
  the few phrases OpenCC gets wrong corrected (``PHRASE_CORRECTIONS``).
- ``fold``: Traditional (Hong Kong variants included, as ``to_traditional`` writes them: 衞, 枱) to Simplified
  (``hk2s``), for search: text and query folded alike find each other in either script.
- ``simplified_left``: the characters of a Traditional text that ``to_traditional`` would still change.

Converters are built once per thread (OpenCC loads its dictionaries on construction, about a millisecond each).
Why OpenCC, which configuration, and what it does not do: docs/decisions/0031-traditional-chinese-derived-by-opencc.md.
"""

from __future__ import annotations

import threading

import opencc

#: OpenCC configuration of ``to_traditional``: Simplified to Traditional, Hong Kong variants and phrases.
TO_TRADITIONAL = "s2hkp"
#: OpenCC configuration of ``fold``: Traditional with Hong Kong variants to Simplified (``t2s`` leaves 衞 and 枱).
FOLD = "hk2s"

#: Phrases OpenCC's dictionaries convert wrongly, as (Simplified, the same with the intended Traditional characters),
#: replaced before OpenCC converts the rest. Its segmentation reads 个中 as the idiom 箇中 ("therein") in 17个中方
#: ("17 Chinese partners"), 于吉 as the name 于吉 in 于吉隆坡 ("in Kuala Lumpur"), and it keeps 合作伙伴 where Hong
#: Kong writes 合作夥伴. Found by reading the seed content's conversion (docs/editors-and-translators.md, "Traditional
#: Chinese"); a phrase only a reviewer can judge is corrected in the translation editor instead.
PHRASE_CORRECTIONS = (
    ("个中方", "個中方"),
    ("个中国", "個中国"),
    ("于吉隆坡", "於吉隆坡"),
    ("合作伙伴", "合作夥伴"),
)

#: Quotation marks: the curly marks of Simplified text and the corner brackets of Traditional text.
_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})

_converters = threading.local()


def _converter(config: str) -> opencc.OpenCC:
    """Return this thread's OpenCC converter for ``config`` (an OpenCC configuration name)."""
    cache = _converters.__dict__.setdefault("by_config", {})
    if config not in cache:
        cache[config] = opencc.OpenCC(config)
    return cache[config]


def to_traditional(text: str) -> str:
    """Return ``text`` (Simplified Chinese, may hold Latin text and HTML markup) in Traditional Chinese (Hong Kong).

    Latin letters, digits, markup and attributes are left as they are; Chinese quotation marks become corner
    brackets; ``PHRASE_CORRECTIONS`` are applied first. Idempotent on its own output.
    """
    if not text:
        return text
    for wrong, right in PHRASE_CORRECTIONS:
        if wrong in text:
            text = text.replace(wrong, right)
    return _converter(TO_TRADITIONAL).convert(text).translate(_QUOTES)


def fold(text: str) -> str:
    """Return ``text`` with Traditional characters replaced by their Simplified forms (one for one, same length).

    For search analysis: index text and queries are folded alike. Text in no Chinese script is returned unchanged.
    """
    if not text or text.isascii():
        return text
    return _converter(FOLD).convert(text)


def simplified_left(text: str) -> list[str]:
    """Return the characters of ``text`` (a Traditional Chinese text) that ``to_traditional`` would still change.

    Empty when ``text`` is fully in Traditional form as far as OpenCC knows. Characters are read in context (a
    phrase such as 里程 keeps its 里), so a character is reported only where the whole text would change.
    """
    converted = to_traditional(text)
    if converted == text:
        return []
    if len(converted) != len(text):
        return sorted({ch for ch in text if to_traditional(ch) != ch})
    return sorted({before for before, after in zip(text, converted, strict=True) if before != after})
