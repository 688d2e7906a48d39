"""The furniture of every page in one language: the home page link, the main menu, the footer and the site settings.

Read from the database once (about ten queries) and kept as a shared value (``portal.caching.shared``) per Site and
language until content changes: a home page or a page of the main menu published, unpublished, moved or deleted, a
snippet (the footer), a setting, a site or a locale saved (``portal.caching.signals``). Within a request it is read
from the cache once (``request_memo``). docs/performance.md, "Query budgets".
"""

from dataclasses import dataclass, field

from django.utils import translation
from wagtail.models import Locale, Page
from wagtail.templatetags.wagtailcore_tags import richtext

from portal.caching import shared
from portal.core.memo import request_memo
from portal.core.models import FooterText, SiteSettings
from portal.core.routing import site_roots


@dataclass(frozen=True)
class PageLink:
    """What the header needs of a page: its id, tree path (``in_section``), title for menus and URL on the site."""

    pk: int
    path: str
    title: str
    url: str


@dataclass(frozen=True)
class Furniture:
    """The page furniture of one Site in one language.

    ``home``: the live home page in the language (else the Site's root page when live; else None); ``menu``: the
    live, in-menu children of ``home`` (``PageLink``s, titled by their menu title); ``home_urls``: ``{language code:
    URL}`` of every translation of the Site's root page; ``footer_html``: the footer text as rendered HTML ("" when
    there is none); ``site_settings``: the Site's ``SiteSettings`` (None without a Site).
    """

    home: PageLink | None = None
    menu: tuple = ()
    home_urls: dict = field(default_factory=dict)
    footer_html: str = ""
    site_settings: SiteSettings | None = None


def _link(page, request, title=None):
    return PageLink(page.pk, page.path, title or page.title, page.get_url(request) or "")


def _footer_html():
    try:
        footer = FooterText.for_locale(Locale.get_active())
    except Locale.DoesNotExist:
        return ""
    return str(richtext(footer.body)) if footer is not None else ""


def _read(request):
    roots = site_roots(request)
    site = roots.site
    if site is None:
        return Furniture(footer_html=_footer_html())
    pages = {page.pk: page for page in Page.objects.filter(pk__in=roots.root_ids())}
    active = roots.roots.get(Locale.get_active().language_code)
    root = pages.get(active.id) if active is not None else None
    if root is None or not root.live:  # as Page.localized: the translation when live, else the Site's root page
        root = pages.get(site.root_page_id)
    home = menu = None
    if root is not None and root.live:
        home = _link(root, request)
        children = root.get_children().live().in_menu().specific()
        menu = tuple(_link(child, request, getattr(child, "menu_title", "")) for child in children)
    home_urls = {code: pages[root.id].get_url(request) for code, root in roots.roots.items() if root.id in pages}
    return Furniture(
        home=home,
        menu=menu or (),
        home_urls={code: url for code, url in home_urls.items() if url},
        footer_html=_footer_html(),
        site_settings=SiteSettings.for_site(site),
    )


def furniture(request):
    """Return the ``Furniture`` of ``request``'s Site in the active language (an empty one without a request)."""
    if request is None:
        return Furniture(footer_html=_footer_html())

    def compute():
        site = site_roots(request).site
        key = f"furniture:{site.pk if site else '-'}:{translation.get_language()}"
        return shared.get(key, lambda: _read(request))

    return request_memo(request, "furniture", compute)
