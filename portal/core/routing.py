"""Routing a URL to a page in one query: replaces ``wagtail.models.pages.Page.route_for_request``,
``wagtail.models.sites.Site.find_for_request`` and, for the page routed,
``wagtail.models.pages.Page.get_view_restrictions`` (Wagtail 7.4.4).

Upstream looks the Site up (one query), then walks the path one level at a time from the root page in the active
language (``.localized``: two queries), each level a query for the child and one for its specific object, then asks
for the view restrictions of the page and its ancestors (two queries). Here:

- ``find_site_for_request``: the Site matching the request's host and port, and the translations of its root page
  (``SiteRoots``), are shared values (``portal.caching.shared``) computed by upstream's
  ``wagtail.models.sites.Site._find_for_request`` and invalidated when a site, locale or home page changes;
- ``route_for_request``: one query reads every page that may be on the path below each translation of the root
  (by depth and slug), the ancestors of the root, the translations of all those pages, and whether a view
  restriction applies to each; the path is walked in memory, then the page routed is read in its specific class
  (one query). The answer is cached on the request as upstream does (``request._wagtail_route_for_request``); what
  was read is kept as ``request.portal_route`` (a ``RouteData``: translations, home pages, the page at the same path
  in another language for the 404 page);
- a page type whose ``route`` is ``RoutablePageMixin.route`` is routed as upstream routes it (its sub-routes first,
  while live, then its children), its resolver asked without an instance; a page type with any other ``route`` of
  its own is handed the rest of the path, as upstream does;
- the page routed carries the ids of the pages whose restrictions apply (itself and its ancestors, an alias's
  source instead of the alias), and ``get_view_restrictions`` answers from them: no query for a public page.

Semantics kept (tripwires on each): the root in the active language when it is live, else the Site's root page
(``wagtail.models.i18n.TranslatableMixin.localized.fget``, the ``localized`` property); a missing child or a page
that is not live is a 404, intermediate pages need not be live, ``_cached_parent_obj`` is set along the path
(``wagtail.models.pages.Page.route``); sub-routes as ``wagtail.contrib.routable_page.models.RoutablePageMixin.route``
finds them. The page view still routes through ``Page.route_for_request`` (``wagtail.views.serve``) and asks the page
for its restrictions (``wagtail.wagtail_hooks.check_view_restrictions``). ``install`` (called by
``CoreConfig.ready``) puts the three replacements in place; each one's ``__wrapped__`` is upstream's.
"""

from dataclasses import dataclass
from hashlib import sha256

from django.db import connection
from django.http import Http404
from django.http.request import split_domain_port
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from portal.caching import shared
from portal.core.links import has_page_urls

UPSTREAM_ROUTE_FOR_REQUEST = Page.__dict__["route_for_request"].__func__
UPSTREAM_FIND_SITE_FOR_REQUEST = Site.__dict__["find_for_request"].__func__
UPSTREAM_GET_VIEW_RESTRICTIONS = Page.get_view_restrictions
#: The page attribute holding the ids of the pages whose view restrictions apply to it (set on the page routed).
RESTRICTING_PAGE_IDS = "_portal_restricting_page_ids"


@dataclass(frozen=True)
class SiteRoot:
    """One translation of a Site's root page (a home page)."""

    id: int
    path: str
    depth: int
    url_path: str
    locale_id: int
    language_code: str


@dataclass(frozen=True)
class SiteRoots:
    """A Site and the translations of its root page, by language code."""

    site: Site | None
    roots: dict

    def root_ids(self):
        return [root.id for root in self.roots.values()]


def _host_and_port(request):
    # As upstream's Site._find_for_request: the raw host (no ALLOWED_HOSTS check) and the port.
    return split_domain_port(request._get_raw_host())[0], request.get_port()


def site_roots(request):
    """Return the ``SiteRoots`` of ``request`` (a shared value per host and port; cached on the request)."""
    if not hasattr(request, "portal_site_roots"):
        hostname, port = _host_and_port(request)
        key = "site:" + sha256(f"{hostname}:{port}".encode()).hexdigest()
        request.portal_site_roots = shared.get(key, lambda: _read_site_roots(request))
    return request.portal_site_roots


def _read_site_roots(request):
    site = Site._find_for_request(request)
    if site is None:
        return SiteRoots(None, {})
    pages = (
        Page.objects.filter(translation_key=Page.objects.filter(pk=site.root_page_id).values("translation_key")[:1])
        .select_related("locale")
        .only("path", "depth", "url_path", "locale__language_code")
    )
    roots = {
        page.locale.language_code: SiteRoot(
            page.pk, page.path, page.depth, page.url_path, page.locale_id, page.locale.language_code
        )
        for page in pages
    }
    return SiteRoots(site, roots)


def find_site_for_request(request):
    """``Site.find_for_request``: the Site answering ``request`` (None without a request or a matching Site)."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = site_roots(request).site
    return request._wagtail_site


find_site_for_request.__wrapped__ = UPSTREAM_FIND_SITE_FOR_REQUEST


@dataclass
class RouteData:
    """What ``route_for_request`` read: the pages on the path in every language, and their translations."""

    pages: list  # Pages (not specific), in tree order
    site_roots: SiteRoots
    components: list  # the path's slugs

    def translations_of(self, page):
        """Return ``{language code: Page}`` of ``page`` and its live translations, or None when not read here.

        The Pages are not specific: None too when ``page``'s type makes its URLs its own way (``has_page_urls``).
        """
        if not has_page_urls(type(page)) or not any(candidate.pk == page.pk for candidate in self.pages):
            return None
        return {
            candidate.locale.language_code: candidate
            for candidate in self.pages
            if candidate.translation_key == page.translation_key and candidate.live
        }

    def live_page_at(self, root, components):
        """Return the live page at ``components`` (slugs) below ``root`` (a SiteRoot), or None when not read here."""
        url_path = root.url_path + "".join(f"{slug}/" for slug in components)
        return next((page for page in self.pages if page.url_path == url_path and page.live), None)


def _placeholders(values):
    return ", ".join(["%s"] * len(values))


def _candidates(site_roots, components):
    """Return the pages ``route`` reads for the path ``components`` (slugs) below the ``site_roots``, in tree order.

    The translations of the Site's root page (by id), their ancestors (by path), the pages at the depths below them
    whose slug is one of ``components``, and the translations of all those; each with ``portal_restricted`` (a view
    restriction is on it) and ``portal_source_restricted`` (one is on its alias source). Written in SQL: the ORM took
    five times longer to compile this query than the database to answer it, on every request.
    """
    quote = connection.ops.quote_name
    page, restriction = quote(Page._meta.db_table), quote(PageViewRestriction._meta.db_table)
    column = {name: quote(Page._meta.get_field(name).column) for name in ("id", "path", "depth", "slug", "alias_of")}
    key = quote(Page._meta.get_field("translation_key").column)
    restricted_page = quote(PageViewRestriction._meta.get_field("page").column)
    root_ids = site_roots.root_ids()
    roots = site_roots.roots.values()
    ancestors = sorted({root.path[:end] for root in roots for end in range(Page.steplen, len(root.path), Page.steplen)})
    slugs = sorted(set(components))
    conditions, params = [f"{{t}}.{column['id']} IN ({_placeholders(root_ids)})"], list(root_ids)
    if ancestors:
        conditions.append(f"{{t}}.{column['path']} IN ({_placeholders(ancestors)})")
        params += ancestors
    for depth in sorted({root.depth for root in roots}) if slugs else []:
        conditions.append(
            f"({{t}}.{column['depth']} > %s AND {{t}}.{column['depth']} <= %s"
            f" AND {{t}}.{column['slug']} IN ({_placeholders(slugs)}))"
        )
        params += [depth, depth + len(components), *slugs]
    places = " OR ".join(conditions)
    # Identifiers come from the models, quoted; every value is a parameter.
    exists = f"EXISTS (SELECT 1 FROM {restriction} r WHERE r.{restricted_page} = p.{{}})"  # noqa: S608
    sql = (
        f"SELECT p.*, {exists.format(column['id'])} AS portal_restricted,"  # noqa: S608
        f" {exists.format(column['alias_of'])} AS portal_source_restricted"
        # Every page of ``places`` is among its own translations: one index lookup by translation key, no OR.
        f" FROM {page} p WHERE p.{key} IN (SELECT s.{key} FROM {page} s WHERE {places.format(t='s')})"
        f" ORDER BY p.{column['path']}"
    )
    return list(Page.objects.raw(sql, params))


def _specific(page):
    specific = page.specific
    if RESTRICTING_PAGE_IDS in page.__dict__:
        specific.__dict__[RESTRICTING_PAGE_IDS] = page.__dict__[RESTRICTING_PAGE_IDS]
    return specific


def _restricting_page_ids(page, pages):
    """The ids of the pages whose view restrictions apply to ``page``: it and its ancestors, aliases by their source."""
    ids = set()
    for candidate in pages:
        if page.path.startswith(candidate.path) and candidate.depth <= page.depth:
            if candidate.alias_of_id:
                if candidate.portal_source_restricted:
                    ids.add(candidate.alias_of_id)
            elif candidate.portal_restricted:
                ids.add(candidate.pk)
    return ids


def _served(page, pages):
    """Return the specific ``page`` (from ``pages``), knowing the pages whose view restrictions apply to it."""
    page.__dict__[RESTRICTING_PAGE_IDS] = _restricting_page_ids(page, pages)
    return _specific(page)


def _own_route(request, page, components, pages):
    """Route ``components`` (slugs) below ``page`` as its own ``route`` would, or None when it routes as ``Page``.

    A ``RoutablePageMixin.route`` answers when one of the page's sub-routes matches (live pages only); another
    ``route`` of its own is called with the rest of the path (upstream's walk goes on from there).
    """
    cls = page.specific_class
    route = getattr(cls, "route", Page.route)
    if cls is None or route is Page.route:
        return None
    if route is not RoutablePageMixin.route:
        return _specific(page).route(request, components)
    if not page.live:
        return None
    path = "/" + "".join(f"{slug}/" for slug in components)
    try:
        cls.get_resolver().resolve(path)
    except Resolver404:
        return None
    specific = _served(page, pages)
    resolver_match = specific.resolve_subpage(path)
    request.routable_resolver_match = resolver_match
    view, args, kwargs = resolver_match
    return RouteResult(specific, args=(view, args, kwargs))


def route(request, site_roots, components):
    """Return the RouteResult of ``components`` (the path's slugs) on the site of ``site_roots``; raise Http404."""
    site = site_roots.site
    pages = _candidates(site_roots, components)
    request.portal_route = RouteData(pages, site_roots, components)
    by_id = {page.pk: page for page in pages}
    active_root = site_roots.roots.get(Locale.get_active().language_code)
    root = by_id.get(active_root.id) if active_root is not None else None
    if root is None or not root.live:
        root = by_id.get(site.root_page_id)
    if root is None:  # the Site's root page is not among its roots read before: upstream's walk
        return site.root_page.localized.specific.route(request, components)
    parent = root
    for index, slug in enumerate(components):
        result = _own_route(request, parent, components[index:], pages)
        if result is not None:
            return result
        child = next(
            (
                page
                for page in pages
                if page.depth == parent.depth + 1 and page.slug == slug and page.path.startswith(parent.path)
            ),
            None,
        )
        if child is None:
            raise Http404
        child._cached_parent_obj = parent
        parent = child
    result = _own_route(request, parent, [], pages)
    if result is not None:
        return result
    if not parent.live:
        raise Http404
    return RouteResult(_served(parent, pages))


def route_for_request(request, path):
    """``Page.route_for_request``: the RouteResult of ``path`` (a str) for ``request`` or None, kept on the request."""
    if not hasattr(request, "_wagtail_route_for_request"):
        try:
            roots = site_roots(request)
            request._wagtail_site = roots.site
            components = [component for component in path.split("/") if component]
            request._wagtail_route_for_request = route(request, roots, components) if roots.site else None
        except Http404:
            request._wagtail_route_for_request = None
    return request._wagtail_route_for_request


route_for_request.__wrapped__ = UPSTREAM_ROUTE_FOR_REQUEST


def get_view_restrictions(self):
    """``Page.get_view_restrictions``: from the ids ``route`` found for the page it routed, else upstream's."""
    ids = self.__dict__.get(RESTRICTING_PAGE_IDS)
    if ids is None:
        return UPSTREAM_GET_VIEW_RESTRICTIONS(self)
    return PageViewRestriction.objects.filter(page_id__in=sorted(ids)) if ids else PageViewRestriction.objects.none()


get_view_restrictions.__wrapped__ = UPSTREAM_GET_VIEW_RESTRICTIONS


def install():
    """Put ``route_for_request``, ``find_site_for_request`` and ``get_view_restrictions`` in place (idempotent)."""
    Page.route_for_request = staticmethod(route_for_request)
    Site.find_for_request = staticmethod(find_site_for_request)
    Page.get_view_restrictions = get_view_restrictions
