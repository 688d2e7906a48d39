"""The URLs that show a page: what the page cache invalidates and the frontend cache (CDN) purges when it changes.

Page apps add pages that show a page outside its own ancestry through the ``PAGES_SHOWING`` hook, and URLs
of a page served by another page's route (an event's ``.ics`` file) through a ``get_other_cached_urls`` method.
"""

from urllib.parse import urljoin

from wagtail import hooks
from wagtail.models import Page, ReferenceIndex, Site

#: Wagtail hook: ``fn(page)`` returns an iterable of Pages that show ``page`` (a specific Page) although they are
#: not its ancestors (e.g. a country page listing the news about its country).
PAGES_SHOWING = "portal_pages_showing"
#: Depth of a language's home page in the page tree (the root is 1).
HOME_PAGE_DEPTH = 2
#: Unprefixed paths that show every page (the sitemap, the API).
SITE_WIDE_PATHS = ("/sitemap.xml", "/sitemap-pages.xml", "/api/v2/pages/")


def page_urls(page):
    """Return the full URLs of ``page`` (a Page): its cached sub-paths (``Page.get_cached_paths``) and other cached
    URLs (``get_other_cached_urls()``, relative or full); [] when it is not routable."""
    url = page.get_full_url()
    if not url:
        return []
    page = page.specific_deferred
    base = url.rstrip("/")
    urls = [base + path if path.startswith("/") else f"{base}/{path}" for path in page.get_cached_paths()]
    other_urls = getattr(page, "get_other_cached_urls", None)
    if other_urls is not None:
        urls += [urljoin(url, other) for other in other_urls() if other]
    return urls


def is_in_main_menu(page):
    """Return True when ``page`` (a Page) is a home page or a child of one: the header of every page of its language
    shows it, or may just have stopped showing it (a page taken out of the main menu), so every page is invalidated."""
    return page.depth <= HOME_PAGE_DEPTH + 1


def pages_showing(page):
    """Return ``(pages, everywhere)``: the Pages whose URLs show ``page``, and whether every page shows it.

    The pages are its translations, their ancestors below the root and the pages referring to them
    (Wagtail's ReferenceIndex: links, choosers) or named by the ``PAGES_SHOWING`` hook. ``everywhere`` is
    True for a home page or a page of the main menu (``is_in_main_menu``), or one a snippet refers to (a footer link).
    """
    page = page.specific_deferred
    translations = list(page.get_translations(inclusive=True).specific(defer=True))
    shown = {}
    everywhere = False
    for translated in translations:
        shown[translated.pk] = translated
        everywhere = everywhere or is_in_main_menu(translated)
        for ancestor in translated.get_ancestors().filter(depth__gte=HOME_PAGE_DEPTH).specific(defer=True):
            shown[ancestor.pk] = ancestor
        for source, _references in ReferenceIndex.get_grouped_references_to(translated):
            if isinstance(source, Page):
                shown[source.pk] = source
            else:
                everywhere = True
        for hook in hooks.get_hooks(PAGES_SHOWING):
            for other in hook(translated.specific):
                shown[other.pk] = other
    return list(shown.values()), everywhere


def site_wide_urls():
    """Return the full URLs that show every page: the sitemap and the API listing, on every site."""
    roots = [site.root_url for site in Site.objects.all() if site.root_url]
    return [root + path for root in roots for path in SITE_WIDE_PATHS]


def urls_showing(page):
    """Return ``(urls, everywhere)``: the sorted full URLs whose responses show ``page`` (a Page), in every language
    and on every site, and whether every page shows it (see ``pages_showing``)."""
    urls = set(site_wide_urls())
    pages, everywhere = pages_showing(page)
    for shown in pages:
        urls.update(page_urls(shown))
    return sorted(urls), everywhere
