"""The language of a request: its URL prefix's, else the one its Accept-Language header prefers.

One rule for every answer, from the pages' views to those given before any view (a 400, 405 or a shed 503) and the
500 and 503 pages. Where it is applied: docs/public-site.md ("Languages and URLs").
"""

from django.conf import settings
from django.utils.translation.trans_real import parse_accept_lang_header

SIMPLIFIED_CHINESE_TAGS = {"zh", "zh-cn", "zh-sg", "zh-my"}  # and every zh-hans-* tag


def prefix_language(path):
    """Return the language whose URL prefix ``path`` (a path_info) starts with, ``"en"`` or ``"zh-hans"``, else None.

    Only the prefixes ``i18n_patterns`` serves count: ``/zh-hans/...`` and ``/zh-hans``, not ``/zh-Hans/``,
    ``/zh-cn/`` or ``/en-us/``, which Django's ``get_language_from_path`` maps to a language although no URL
    below them exists (they are unknown prefixes, answered in the visitor's language).
    """
    for code, _name in settings.LANGUAGES:
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return code
    return None


def preferred_language(accept_language):
    """Return ``"zh-hans"`` or ``"en"`` for an Accept-Language header value (a str, may be empty or malformed).

    The highest-weighted tag that names English or Simplified Chinese wins: ``zh``, ``zh-CN``,
    ``zh-Hans``, ``zh-SG`` and ``zh-MY`` mean Simplified Chinese; any ``en`` tag means English; other tags are
    skipped. With no match the answer is English, the site's source language.
    """
    for tag, quality in parse_accept_lang_header(accept_language or ""):
        if quality <= 0:  # q=0 means "not acceptable"
            continue
        tag = tag.lower()
        if tag in SIMPLIFIED_CHINESE_TAGS or tag.startswith("zh-hans"):
            return "zh-hans"
        if tag == "en" or tag.startswith("en-"):
            return "en"
    return settings.LANGUAGE_CODE


def request_language(request):
    """Return the language of ``request``: its URL prefix's (``/en/``, ``/zh-hans/``), else ``preferred_language``'s."""
    return prefix_language(request.path_info) or preferred_language(request.headers.get("Accept-Language", ""))
