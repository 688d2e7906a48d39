"""The XML sitemap: every live, public page of the Site in every language, as a sitemap index of bounded pages.

``/sitemap.xml`` is the sitemap index (``robots.txt`` names it); it lists ``/sitemap-pages.xml``,
``/sitemap-pages.xml?p=2``... each of which holds at most ``PortalSitemap.limit`` URLs (docs/public-site.md,
"Search engines and link previews"). Built on ``wagtail.contrib.sitemaps`` (its ``Sitemap`` and views, which
use Django's sitemap framework and its ``sitemap_index.xml`` and ``sitemap.xml`` templates, with the ``xhtml``
namespace for alternates).

Replaces ``wagtail.contrib.sitemaps.Sitemap._urls`` (Wagtail 7.4.4; itself an override of Django 5.2.19's
private ``django.contrib.sitemaps.Sitemap._urls``, called by ``django.contrib.sitemaps.Sitemap.get_urls``):
Wagtail's asks each page for
its own URLs, without hreflang alternates; ``PortalSitemap._urls`` builds the ``url`` dicts of Django's template
with the alternates of every language. Guarded by ``tests/portal/test_upstream_overrides.py``.
"""

from collections import defaultdict

from django.db.models import Max, Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from portal.core.links import absolute_page_url, hreflang_links


class PortalSitemap(Sitemap):
    """Every live, public page of the request's Site, in every language, with its hreflang alternates.

    Data: the page tree. Wagtail's own ``Sitemap`` lists the pages below the Site's root page,
    which is the English home page only; here the roots are that page and its translations (the
    Chinese home page), so both trees are listed. Pages that are not live (drafts, including the
    Chinese drafts wagtail-localize makes when a page is submitted for translation) and pages
    under a view restriction (password, login or groups) are left out.

    Each ``<url>`` has:

    - ``loc``: the page's absolute URL on the host of the request (as its ``<link rel="canonical">``);
    - ``lastmod``: when the page was last published (``last_published_at``);
    - ``alternates``: one ``xhtml:link rel="alternate"`` per listed version of the same page
      (same ``translation_key``), itself included, with the hreflang values of the page's
      ``<link rel="alternate">`` tags (``en``, ``zh-Hans``, ``zh-Hant``) and ``x-default`` for the English
      version when it is listed (``portal.core.links.hreflang_links``). A page whose translation is
      missing, a draft or private lists only itself (plus ``x-default`` when it is the English one).

    Each sitemap page holds ``limit`` URLs at most (the pages in tree order, so English first) and costs the
    same few queries whatever the size of the site: the page's items, then their live, public versions
    in every language, for the alternates.

    Instantiated with the request by ``wagtail.contrib.sitemaps.views.index`` and ``sitemap``.
    """

    #: URLs per sitemap page (the protocol allows 50,000 and 50 MB; a page of 1,000 is about 600 KB).
    limit = 1000

    def get_root_pages(self):
        """Return the Site's root page and its translations (the home page of each language)."""
        root = self.get_wagtail_site().root_page
        return Page.objects.filter(translation_key=root.translation_key)

    def items(self):
        """Return the live, public pages below (and including) each root page, in tree order.

        Plain ``Page`` objects with their locale and only the fields a URL and a date need (URLs come from
        ``url_path`` and the Site's root paths), nothing of the specific types.
        """
        if not hasattr(self, "_roots"):
            self._roots = Q()
            for root in self.get_root_pages():
                self._roots |= Q(path__startswith=root.path)
        fields = ("id", "path", "url_path", "translation_key", "locale", "last_published_at")
        return Page.objects.filter(self._roots).live().public().select_related("locale").only(*fields).order_by("path")

    def lastmod(self, page):
        """Return when ``page`` was last published (an aware datetime; None if it never was)."""
        return page.last_published_at

    def get_latest_lastmod(self):
        """Return when the most recently published listed page was published (the index's ``lastmod``), or None.

        One aggregate query (Django's default reads every item).
        """
        return self.items().order_by().aggregate(latest=Max("last_published_at"))["latest"]

    def _urls(self, page, protocol, domain):
        """Return the ``url`` dicts of Django's ``sitemap.xml`` template for paginator page ``page``.

        ``protocol`` and ``domain`` are not used: every URL is made on the request's host by
        ``absolute_page_url``, as canonical URLs are. Sets ``latest_lastmod`` (the view's
        ``Last-Modified`` header) when every page listed has a publication date. Raises Django's
        ``EmptyPage`` or ``PageNotAnInteger`` for a bad ``page`` (the view answers 404).
        """
        items = list(self.paginator.page(page).object_list)
        keys = {item.translation_key for item in items}
        versions = defaultdict(dict)
        for version in self.items().filter(translation_key__in=keys):
            versions[version.translation_key][version.locale.language_code] = absolute_page_url(version, self.request)

        urls = []
        for item in items:
            alternates = hreflang_links(versions[item.translation_key])
            urls.append(
                {
                    "item": item,
                    "location": versions[item.translation_key][item.locale.language_code],
                    "lastmod": self.lastmod(item),
                    "changefreq": None,
                    "priority": "",
                    "alternates": [{"lang_code": code, "location": url} for code, url in alternates],
                }
            )
        last_mods = [url["lastmod"] for url in urls]
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
