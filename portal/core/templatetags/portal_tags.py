"""Template tags for site furniture: navigation, the language switcher and alternate links."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Page, Site
from wagtail.templatetags.wagtailcore_tags import richtext

from portal.chinese.conversion import to_traditional
from portal.core import date_ranges, typography
from portal.core import rich_text as page_link_targets
from portal.core.furniture import furniture
from portal.core.links import absolute_page_url, hreflang_links, route_suffix_of
from portal.core.memo import request_memo
from portal.edge.language import TRADITIONAL_CHINESE, hreflang, html_lang, prefix_language

register = template.Library()

#: What Django's ``json_script`` escapes, so that text such as ``</script>`` cannot end the element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

ROMAN_NUMERALS = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


@register.filter
def roman(number):
    """Return ``number`` (a positive int) as a Roman numeral string; other values are returned unchanged."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        return number
    if number <= 0:
        return number
    result = []
    for value, numeral in ROMAN_NUMERALS:
        count, number = divmod(number, value)
        result.append(numeral * count)
    return "".join(result)


@register.filter(name="html_lang")
def html_lang_filter(language_code):
    """Return the ``<html lang>`` tag of ``language_code`` (``"zh-hant"`` → ``"zh-Hant-HK"``): ``html_lang``'s."""
    return html_lang(language_code)


@register.filter
def present(items):
    """Return the items of a list that are public: not None (a chosen snippet deleted since) and not a draft.

    Snippets with drafts (cities, pairings) have a ``live`` flag; other items are always kept.
    """
    return [item for item in items or [] if item is not None and getattr(item, "live", True)]


@register.filter
def in_section(page, section):
    """Return True if ``page`` is ``section`` or below it in the page tree (both Pages)."""
    path, section_path = getattr(page, "path", None), getattr(section, "path", None)
    return bool(path and section_path and path.startswith(section_path))


#: The Chinese units of large numbers, largest first: Simplified (``False``) and Traditional (``True``).
CHINESE_NUMBER_UNITS = {
    False: ((10**8, "亿"), (10**4, "万")),
    True: ((10**8, to_traditional("亿")), (10**4, to_traditional("万"))),
}


@register.filter
def readable_number(number):
    """Return ``number`` (int, Decimal or float) grouped the way readers of the active language expect.

    Chinese groups by ten thousands: 30000000 → "3000万", 240000 → "24万", 1400 → "1400"; in Traditional Chinese
    "3000萬", "24萬".
    Other languages use thousands separators: 30000000 → "30,000,000", 140.9 → "140.9".
    Values that are not numbers are returned unchanged.
    """
    try:
        value = float(number)
    except (TypeError, ValueError):
        return number
    language = translation.get_language()
    if date_ranges.is_chinese(language):
        for size, unit in CHINESE_NUMBER_UNITS[language == TRADITIONAL_CHINESE]:
            if abs(value) >= size:
                return f"{_trimmed(value / size)}{unit}"
        return _trimmed(value)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _trimmed(value):
    """Format ``value`` with at most two decimals and no trailing zeros (never scientific notation)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _route_data(request):
    """Return what ``portal.core.routing`` read to route ``request`` (a ``RouteData``), or None."""
    return getattr(request, "portal_route", None) if request is not None else None


def _live_translations(page, request):
    """Return ``{language_code: Page}`` for ``page`` and its live translations, once per request.

    From the pages read to route the request when ``page`` is the page routed (no query), else one query.
    """

    def compute():
        route = _route_data(request)
        found = route.translations_of(page) if route is not None else None
        if found is not None:
            return found
        pages = page.get_translations(inclusive=True).live().select_related("locale")
        return {candidate.locale.language_code: candidate for candidate in pages}

    return request_memo(request, ("translations", page.pk), compute)


@register.simple_tag(takes_context=True)
def locale_home(context):
    """Return the home page in the active language as a ``PageLink`` (``pk``, ``path``, ``title``, ``url``), or None."""
    return furniture(context.get("request")).home


@register.simple_tag(takes_context=True)
def footer_text(context):
    """Return the footer text in the active language as HTML (safe; "" when there is none)."""
    return mark_safe(furniture(context.get("request")).footer_html)  # noqa: S308 - rendered by Wagtail's richtext filter


@register.simple_tag(takes_context=True)
def site_settings(context):
    """Return the request's Site's ``SiteSettings`` (None without a Site)."""
    return furniture(context.get("request")).site_settings


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Return the live, in-menu children of the home page in the active language (``PageLink``s)."""
    return furniture(context.get("request")).menu


@register.simple_tag(takes_context=True)
def language_links(context):
    """Return one dict per language in ``LANGUAGES`` for the language switcher.

    Each dict has ``code``, ``name`` (the language's own name), ``lang`` and ``hreflang`` (its BCP 47 tags, for
    the ``lang`` and ``hreflang`` attributes: ``portal.edge.language``), ``url``, ``current`` (bool) and
    ``translated`` (bool): False when the current page has no live translation in that language,
    in which case ``url`` is that language's home page and ``note`` explains it in that language.
    Data comes from the page in the template context (its live translations) and the Site's root.
    On a routable page's sub-route (``/en/news/2018/``) each translation's link keeps the route:
    ``route_suffix`` in the context (see ``route_suffix_of``) is appended to it. A view that is
    not a page (the search page) gives ``language_urls``, ``{code: URL of the same view}`` (then no page at the same
    path in another language is looked for, as on a 404).
    """
    request = context.get("request")
    view_urls = context.get("language_urls") or {}
    page = context.get("page")
    suffix = route_suffix_of(context)
    current = translation.get_language()
    translations = _live_translations(page, request) if isinstance(page, Page) and page.pk else {}
    if not isinstance(page, Page) and not view_urls:
        # A 404 for a page that exists only in other languages: the switcher links to them.
        translations = _same_path_in_other_languages(request)
    home_urls = furniture(request).home_urls
    links = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        translated = target is not None or not isinstance(page, Page)
        note = ""
        if target is not None:
            url = target.get_url(request) + suffix
        elif code in view_urls:
            url = view_urls[code]
        else:
            url = home_urls.get(code) or f"/{code}/"
            if isinstance(page, Page):
                with translation.override(code):
                    note = _("This page is not available in this language yet; the link goes to the home page.")
        links.append(
            {
                "code": code,
                "name": name,
                "lang": html_lang(code),
                "hreflang": hreflang(code),
                "url": url,
                "current": code == current,
                "translated": translated,
                "note": note,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """Return the absolute URL of the page (and route) in the context, in its own language; "" outside a page."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return ""
    return absolute_page_url(page, context.get("request")) + route_suffix_of(context)


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """Return ``[(hreflang, absolute URL), ...]`` for the page's live translations plus ``x-default``.

    The rule is ``hreflang_links``'s (shared with the sitemap, ``portal/core/sitemaps.py``). On a
    routable page's sub-route every URL carries the ``route_suffix`` (see ``route_suffix_of``).
    Returns an empty list outside a page.
    """
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return []
    suffix = route_suffix_of(context)
    translations = _live_translations(page, request)
    urls = {code: absolute_page_url(candidate, request) + suffix for code, candidate in translations.items()}
    return hreflang_links(urls)


def _same_path_in_other_languages(request):
    """Return ``{language_code: Page}``: the live pages at the request's path under the other language prefixes.

    ``/zh-hant/news/x/`` that is a 404 because news item ``x`` has no Traditional Chinese translation yet finds
    ``/en/news/x/`` and ``/zh-hans/news/x/`` (pages share their slugs across languages). Empty when a live page is
    at the path in the request's own language: its own view answered the 404 (``/en/news/?page=999``), so nothing
    is untranslated. In the order of ``LANGUAGES``; cached per request. Data: the request path and the live
    translations of the Site's root page (the home page of each locale), from the pages read to route the request
    when it was routed (no query).
    """
    if request is None:
        return {}
    language = prefix_language(request.path_info)
    if not language:
        return {}

    def find():
        rest = request.path_info[len(language) + 2 :]
        route = _route_data(request)
        if route is not None and route.components == [slug for slug in rest.split("/") if slug]:
            found = _routed_versions(route, language)
        else:
            found = _queried_versions(request, language, rest)
        return {code: found[code] for code, _name in settings.LANGUAGES if code in found}

    return request_memo(request, "same_path_in_other_languages", find)


def _routed_versions(route, language):
    """``_same_path_in_other_languages`` from the pages read to route the request (``RouteData``), no query."""
    roots = route.site_roots.roots
    if language in roots and route.live_page_at(roots[language], route.components) is not None:
        return {}
    found = {}
    for code, root in roots.items():
        if code != language and route.live_page_at(root, []) is not None:
            original = route.live_page_at(root, route.components)
            if original is not None:
                found[code] = original
    return found


def _queried_versions(request, language, rest):
    """``_same_path_in_other_languages`` read from the database: ``rest`` is the path after the language prefix."""
    site = Site.find_for_request(request)
    if site is None:
        return {}
    found = {}
    for home in site.root_page.get_translations(inclusive=True).live().select_related("locale"):
        page = Page.objects.live().filter(locale_id=home.locale_id, url_path=home.url_path + rest).first()
        if page is not None and home.locale.language_code == language:
            return {}
        if page is not None:
            found[home.locale.language_code] = page
    return found


@register.simple_tag(takes_context=True)
def untranslated_versions(context):
    """On a 404 page, return the live pages at the same path in other languages, as a list of dicts; [] if none.

    Each dict has ``page``, ``code`` (its language code), ``name`` (the language's own name), ``lang`` and
    ``hreflang`` (its BCP 47 tags); in the order of ``LANGUAGES``.
    """
    names = dict(settings.LANGUAGES)
    return [
        {"page": page, "code": code, "name": names[code], "lang": html_lang(code), "hreflang": hreflang(code)}
        for code, page in _same_path_in_other_languages(context.get("request")).items()
    ]


@register.filter
def json_ld(data):
    """Return ``data`` (a dict of schema.org terms) as a ``<script type="application/ld+json">`` element.

    Dates and datetimes become ISO 8601 strings (Django's JSON encoder); ``<``, ``>`` and ``&`` are
    escaped as in Django's ``json_script``, so page text cannot close the element. An empty value
    gives "".
    """
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308 - <, > and & escaped above


@register.simple_tag(takes_context=True)
def rich_text(context, value):
    """Return ``value`` (a RichText or stored HTML) as ``|richtext`` does, its page links read with the request's.

    The pages that the served page's body links to are read in one query (``portal.core.rich_text.page_links``).
    """
    with page_link_targets.links_of(context.get("request")):
        return format_html("{}", richtext(value))  # expanded here: a RichText expands when it is rendered


@register.simple_tag(takes_context=True)
def localized_page(context, page):
    """Return the page a link to ``page`` (a Page or its id) leads to, as ``page.localized``; None when it is gone.

    ``{% localized_page value.page as target %}``: read with the request's other page links
    (``portal.core.rich_text.localized_page``); a plain Page unless its type makes its URLs its own way.
    """
    if page is None or page == "":
        return None
    return page_link_targets.localized_page(page, context.get("request"))


@register.simple_tag
def date_range(start, end):
    """Render the dates ``start`` to ``end`` as the active language writes a range, each end in a ``<time>``.

    Dates or local datetimes (their own date is taken): "21–28 September 2019", "2019年9月21日至28日".
    """
    return date_ranges.render_parts(date_ranges.date_range(start, end))


@register.simple_tag
def datetime_range(start, end):
    """Render the local datetimes ``start`` to ``end`` as a range of times: "2019年9月21日 9:00至17:30"."""
    return date_ranges.render_parts(date_ranges.datetime_range(start, end))


#: Chinese numerals for the digits 0 to 9.
CHINESE_DIGITS = "〇一二三四五六七八九"


def chinese_numeral(number):
    """Return ``number`` (an int from 1 to 99) in Chinese numerals: 1 → "一", 10 → "十", 12 → "十二", 40 → "四十"."""
    tens, units = divmod(number, 10)
    if not 0 < number < 100:
        return str(number)
    text = ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" if tens else ""
    return text + (CHINESE_DIGITS[units] if units else "")


def roman_value(numeral):
    """Return the int a Roman numeral (a str such as "II") or an int stands for; None when it is neither."""
    if isinstance(numeral, int):
        return numeral
    text, total = str(numeral or "").strip().upper(), 0
    values = {letters: value for value, letters in ROMAN_NUMERALS}
    while text:
        letters = next((letters for letters in (text[:2], text[:1]) if letters in values), None)
        if letters is None:
            return None
        total, text = total + values[letters], text[len(letters) :]
    return total or None


@register.filter
def part_numeral(number):
    """Return the number of a part (a component) as the active language writes it: "II" in English, "二" in Chinese.

    ``number`` is an int or a Roman numeral; in Chinese it goes into "第二部分" and "二、..." (the catalog's forms).
    """
    value = roman_value(number)
    if value is None:
        return number
    return chinese_numeral(value) if date_ranges.is_chinese() else roman(value)


@register.filter
def list_marker(number):
    """Return the marker of the ``number``-th item of a list (an int): "IV. " in English, "4. " in Chinese.

    Chinese numbers list items with Arabic numerals, not Roman ones.
    """
    try:
        number = int(number)
    except (TypeError, ValueError):
        return ""
    return f"{number}. " if date_ranges.is_chinese() else f"{roman(number)}. "


@register.filter
def lang_marked(value):
    """Return ``value`` with its Latin runs in ``<span lang="en">`` on a Chinese page; unchanged on others.

    Plain text is escaped first; HTML (a SafeString, such as rendered rich text) keeps its tags and attributes
    (``portal.core.typography``).
    """
    if not date_ranges.is_chinese() or value in (None, ""):
        return value
    if isinstance(value, SafeData):
        return typography.mark_latin_html(value)
    return typography.mark_latin_text(value)
