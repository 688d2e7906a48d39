"""The language of a request: its URL prefix's, else the one its Accept-Language header prefers; and its tags.

One rule for every answer, from the pages' views to those given before any view (a 400, 405 or a shed 503) and the
500 and 503 pages. Where it is applied: docs/public-site.md ("Languages and URLs"). The language codes are Django's
and Wagtail's (``en``, ``zh-hans``, ``zh-hant``); the tags a page declares (``html_lang``, ``hreflang``) are BCP 47.
"""

from django.conf import settings
from django.utils.translation.trans_real import parse_accept_lang_header

SIMPLIFIED_CHINESE = "zh-hans"
TRADITIONAL_CHINESE = "zh-hant"
#: Languages whose content is derived from another language's translation: ``{derived: source}``.
DERIVED_LANGUAGES = {TRADITIONAL_CHINESE: SIMPLIFIED_CHINESE}

SIMPLIFIED_CHINESE_TAGS = {"zh", "zh-cn", "zh-sg", "zh-my"}  # and every zh-hans-* tag
TRADITIONAL_CHINESE_TAGS = {"zh-hk", "zh-tw", "zh-mo"}  # and every zh-hant-* tag

#: ``<html lang>`` of each language: Traditional text is written as Hong Kong writes it (ADR 0031).
HTML_LANG = {"en": "en", SIMPLIFIED_CHINESE: "zh-Hans", TRADITIONAL_CHINESE: "zh-Hant-HK"}
#: ``hreflang`` of each language: the Traditional page is offered to readers of Traditional Chinese anywhere.
HREFLANG = {"en": "en", SIMPLIFIED_CHINESE: "zh-Hans", TRADITIONAL_CHINESE: "zh-Hant"}


def is_chinese(language_code):
    """Return whether ``language_code`` (``"zh-hans"``, ``"zh-hant"``, any ``zh*`` code) is Chinese, either script."""
    return bool(language_code) and language_code.lower().split("-")[0] == "zh"


def html_lang(language_code):
    """Return the BCP 47 tag of ``<html lang>`` for ``language_code``: ``"en"``, ``"zh-Hans"``, ``"zh-Hant-HK"``."""
    return HTML_LANG.get(language_code, language_code)


def hreflang(language_code):
    """Return the ``hreflang`` tag for ``language_code``: ``"en"``, ``"zh-Hans"``, ``"zh-Hant"``."""
    return HREFLANG.get(language_code, language_code)


def prefix_language(path):
    """Return the language whose URL prefix ``path`` (a path_info) starts with (``"en"``, ``"zh-hans"``...), else None.

    Only the prefixes ``i18n_patterns`` serves count: ``/zh-hans/...`` and ``/zh-hans``, not ``/zh-Hans/``,
    ``/zh-cn/`` or ``/en-us/``, which Django's ``get_language_from_path`` maps to a language although no URL
    below them exists (they are unknown prefixes, answered in the visitor's language).
    """
    for code, _name in settings.LANGUAGES:
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return code
    return None


def preferred_language(accept_language):
    """Return ``"zh-hant"``, ``"zh-hans"`` or ``"en"`` for an Accept-Language header value (a str, may be malformed).

    The highest-weighted tag that names English or Chinese wins: ``zh-HK``, ``zh-TW``, ``zh-MO`` and ``zh-Hant*``
    mean Traditional Chinese; ``zh``, ``zh-CN``, ``zh-Hans*``, ``zh-SG`` and ``zh-MY`` Simplified Chinese; any
    ``en`` tag English; other tags are skipped. With no match the answer is English, the site's source language.
    """
    for tag, quality in parse_accept_lang_header(accept_language or ""):
        if quality <= 0:  # q=0 means "not acceptable"
            continue
        tag = tag.lower()
        if tag in TRADITIONAL_CHINESE_TAGS or tag.startswith("zh-hant"):
            return TRADITIONAL_CHINESE
        if tag in SIMPLIFIED_CHINESE_TAGS or tag.startswith("zh-hans"):
            return SIMPLIFIED_CHINESE
        if tag == "en" or tag.startswith("en-"):
            return "en"
    return settings.LANGUAGE_CODE


def request_language(request):
    """Return the language of ``request``: its URL prefix's (``/en/``, ``/zh-hans/``), else ``preferred_language``'s."""
    return prefix_language(request.path_info) or preferred_language(request.headers.get("Accept-Language", ""))
