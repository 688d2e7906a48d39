"""Page URLs shared by templates, the sitemap, feeds and calendars: absolute URLs, routes, hreflang alternates."""

from django.conf import settings
from wagtail.models import Page

from portal.edge.language import hreflang


def absolute_page_url(page, request):
    """Return the absolute URL of ``page``: its URL on the host the visitor used, else the Site's URL."""
    if request is None:
        return page.get_full_url()
    relative = page.get_url(request)
    return request.build_absolute_uri(relative) if relative else page.get_full_url(request)


def route_suffix_of(context):
    """Return the part of the URL after the page's own URL that names the view shown ("" by default).

    A routable page's route sets ``route_suffix`` in its template context, such as
    ``"category/iuc-asia/"`` or ``"2018/?page=2"``; routes are the same in every language, so the
    canonical URL, the alternate links and the language switcher all append it to the page's URL.
    """
    return str(context.get("route_suffix") or "")


def hreflang_links(urls):
    """Return ``[(hreflang, URL), ...]`` for ``urls``, a dict ``{language code: URL}`` of one page's versions.

    Entries come in the order of ``LANGUAGES``, their hreflang the language's tag (``portal.edge.language.hreflang``:
    ``en``, ``zh-Hans``, ``zh-Hant``), then ``x-default``, which points at the version in the default language
    (``LANGUAGE_CODE``, English) when there is one. A page with no English version (one that exists
    only in Chinese) gets no ``x-default``: there is no other version to choose between, and
    ``x-default`` stays the English page everywhere it appears. The ``<link rel="alternate">`` tags
    and the sitemap's ``xhtml:link`` entries both come from here, so they always agree.
    """
    order = [code for code, _name in settings.LANGUAGES]
    codes = sorted(urls, key=lambda code: order.index(code) if code in order else len(order))
    links = [(hreflang(code), urls[code]) for code in codes]
    if settings.LANGUAGE_CODE in urls:
        links.append(("x-default", urls[settings.LANGUAGE_CODE]))
    return links


#: The Page methods and properties that make a page's URLs; a page type overriding one needs its specific object.
URL_ATTRIBUTES = ("get_url_parts", "get_url", "get_full_url", "relative_url", "url", "full_url")


def has_page_urls(page_class):
    """Return True when ``page_class`` (a Page subclass, or None) makes its URLs as ``Page`` does.

    Then a plain ``Page`` of that type (not its specific object) gives the same URLs; None (an unknown type) too.
    """
    if page_class is None:
        return True
    return all(getattr(page_class, name) is getattr(Page, name) for name in URL_ATTRIBUTES)
