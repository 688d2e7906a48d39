"""The read-only Wagtail API v2 at ``/api/v2/``: ``pages``, ``images`` and ``documents``, public content only.

Endpoints, filters, fields and errors: docs/api.md. ``PagesEndpoint.find_object`` replaces the ``html_path``
branch of ``wagtail.api.v2.views.PagesAPIViewSet.find_object`` (Wagtail 7.4.4), which routes from the Site's
root page (the English home page) only, so that ``find/?html_path=/zh-hans/news/x/`` finds a Chinese page;
``PagesEndpoint.get_base_queryset`` replaces ``wagtail.api.v2.views.PagesAPIViewSet.get_base_queryset``
(Wagtail 7.4.4), built once per request in one query, and ``PagesEndpoint.paginate_queryset``
reads what the fields show for the whole page of results between the pagination and the serialization of
``wagtail.api.v2.views.BaseAPIViewSet.listing_view``, and ``PagesEndpoint.detail_view`` for the one page of
``wagtail.api.v2.views.BaseAPIViewSet.detail_view`` before it is serialized; guarded by
``tests/portal/test_upstream_overrides.py`` (docs/upstream-overrides.md, sections 13 and 36).

Numbers beyond the databases' integers (64-bit, ``BigIntegerField``'s range) are 400s: ``Pagination`` checks
``offset`` before ``wagtail.api.v2.pagination.WagtailPagination.paginate_queryset`` (Wagtail 7.4.4) slices with it,
and ``FieldsFilter`` the values of the fields that ``wagtail.api.v2.filters.FieldsFilter.filter_queryset`` (Wagtail
7.4.4) compares as integers; guarded by the same tripwires (docs/upstream-overrides.md, section 34).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import reduce
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import BigIntegerField, IntegerField, Model, Q, QuerySet, Subquery
from django.http import Http404
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from taggit.managers import TaggableManager
from wagtail.api.v2 import filters
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.documents.models import AbstractDocument
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.images.models import AbstractImage
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, Site

from portal.api.serializers import PREFETCHED, PageSerializer, page_links, prefetch_for_fields
from portal.edge.language import prefix_language

#: The whole numbers every database of the portal compares and skips by: SQLite's INTEGER, PostgreSQL's bigint.
#: Beyond them the database driver fails (a server error) where a smaller number finds nothing.
MAX_INTEGER = BigIntegerField.MAX_BIGINT
MIN_INTEGER = -MAX_INTEGER - 1


def check_in_range(name: str, raw: str | None, minimum: int = MIN_INTEGER) -> None:
    """Raise BadRequestError when ``raw``, the value of parameter ``name``, is a whole number (as ``int()`` reads it)
    outside ``minimum``..MAX_INTEGER. Anything else is left to upstream's parsing."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return
    if not minimum <= number <= MAX_INTEGER:
        raise BadRequestError(f"{name} must be a whole number from {minimum} to {MAX_INTEGER}")


def compared_as_integer(model: type[Model], name: str) -> bool:
    """Return True when Wagtail's field filter compares ``model``'s field ``name`` with an integer.

    Integer fields (keys included), and relations to a model whose key is an integer (upstream converts a foreign
    key's value with its target field, Django a many-to-many's), but tags, which are filtered by name.
    """
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    if isinstance(field, TaggableManager):
        return False
    while field is not None and field.is_relation:  # a page's key is a relation too (``page_ptr``)
        field = getattr(field, "target_field", None)
    return isinstance(field, IntegerField)


class Pagination(WagtailPagination):
    """Wagtail's pagination; an ``offset`` that no database takes is a 400, not a server error."""

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: APIView | None = None) -> QuerySet:
        check_in_range("offset", request.GET.get("offset"), minimum=0)
        return super().paginate_queryset(queryset, request, view)


class FieldsFilter(filters.FieldsFilter):
    """Wagtail's field filter (``?date=2019-05-20``); a value the field cannot take is a 400, not a server error.

    So is an integer (a key, ``?category=3``) that no database takes.
    """

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name in fields and compared_as_integer(queryset.model, name):
                check_in_range(name, value)
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError, TypeError) as error:
            raise BadRequestError(f"field filter error: {error}") from error


class SearchFilter(filters.SearchFilter):
    """Wagtail's search filter (``?search=``); an unknown ``search_operator`` is a 400, not a server error."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
        try:
            return super().filter_queryset(request, queryset, view)
        except ValueError as error:
            raise BadRequestError(f"search error: {error}") from error


SAFE_FILTERS = {filters.FieldsFilter: FieldsFilter, filters.SearchFilter: SearchFilter}


def _safe_filters(backends: Iterable[type]) -> list[type]:
    """Return Wagtail's filter backends ``backends`` with the fields and search filters replaced by the ones above."""
    return [SAFE_FILTERS.get(backend, backend) for backend in backends]


class JSONOnlyNegotiation(BaseContentNegotiation):
    """The first renderer and parser whatever the request's Accept header or ``?format=`` asks for.

    With JSON the only renderer, every answer is JSON: no browsable HTML API for ``Accept: text/html`` and no 406
    for an Accept header that names no JSON (``text/calendar``).
    """

    def select_parser(self, request: Request, parsers: list[BaseParser]) -> BaseParser | None:
        return parsers[0] if parsers else None

    def select_renderer(
        self, request: Request, renderers: list[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        return renderers[0], renderers[0].media_type


class PublicAPIMixin:
    """Anonymous, read-only endpoints that answer JSON only, and malformed query strings with a 400.

    (A NUL in the query string never reaches them: ``portal.edge.text.StorableTextMiddleware`` answers it.)
    """

    authentication_classes = ()
    permission_classes = (AllowAny,)
    pagination_class = Pagination
    renderer_classes = (JSONRenderer,)
    content_negotiation_class = JSONOnlyNegotiation

    def find_object(self, queryset: QuerySet, request: Request) -> Model | None:
        try:
            return super().find_object(queryset, request)
        except (ValidationError, ValueError) as error:
            raise BadRequestError("id must be a positive integer") from error


def private_collection_ids() -> list[int]:
    """Return the ids of the collections with a view restriction, and of every collection below them."""
    paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    if not paths:
        return []
    below = Q()
    for path in paths:
        below |= Q(path__startswith=path)
    return list(Collection.objects.filter(below).values_list("pk", flat=True))


class PagesEndpoint(PublicAPIMixin, PagesAPIViewSet):
    """Live, public pages of the site in every language, each served in its own language.

    A page of results is read in a number of queries that does not depend on its size: the base queryset is
    built once per request, in one query (``get_base_queryset``), and the fields asked for read
    what they show of every item at once (``portal.api.serializers.prefetch_for_fields``).
    """

    base_serializer_class = PageSerializer
    filter_backends = _safe_filters(PagesAPIViewSet.filter_backends)

    def get_base_queryset(self) -> QuerySet[Page]:
        """Return the live, public pages of the request's site (``?site=`` names another), in every language.

        Replaces ``wagtail.api.v2.views.PagesAPIViewSet.get_base_queryset`` (Wagtail 7.4.4), which Wagtail
        calls three times a listing, each time reading the view restrictions, the site's root page and its
        translations (three queries). Here it is built once per request: privacy is ``public()`` (no restricted
        page, whoever asks: the API has no users; no query, ``portal.core.privacy``), and the site's trees are
        those of its root page and the root's translations, read in one query. (Their paths as subqueries of
        the same statement made SQLite compare every page with a pattern it built again for each.)
        """
        if getattr(self, "_base_queryset", None) is None:
            try:
                site = self._requested_site()
            except (Site.DoesNotExist, ValueError) as error:
                raise BadRequestError("site doesn't exist") from error
            queryset = Page.objects.all().live().public()
            roots = list(self._root_pages(site).values_list("path", "depth")) if site else []
            below = [Q(path__startswith=path, depth__gte=depth) for path, depth in roots]
            queryset = queryset.filter(reduce(operator.or_, below)) if below else queryset.none()
            self._base_queryset = queryset
        return self._base_queryset

    @staticmethod
    def _root_pages(site: Site) -> QuerySet[Page]:
        """Return the site's root page and, with translations enabled, its translations (upstream's trees)."""
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return Page.objects.filter(pk=site.root_page_id)
        root = Page.objects.filter(pk=site.root_page_id).values("translation_key")[:1]
        return Page.objects.filter(translation_key=Subquery(root))

    def _requested_site(self) -> Site | None:
        """Return the Site named by ``?site=`` (``host`` or ``host:port``), else the request's (upstream's rules).

        Raises Site.DoesNotExist for an unknown site, BadRequestError when the host names several.
        """
        request = self.request
        if "site" not in request.GET:
            return Site.find_for_request(request)
        if ":" in request.GET["site"]:
            hostname, port = request.GET["site"].split(":", 1)
            query = {"hostname": hostname, "port": port}
        else:
            query = {"hostname": request.GET["site"]}
        try:
            return Site.objects.get(**query)
        except Site.MultipleObjectsReturned as error:
            raise BadRequestError(
                "Your query returned multiple sites. Try adding a port number to your site filter."
            ) from error

    def get_queryset(self) -> QuerySet[Page]:
        return super().get_queryset().select_related("locale")

    def get_object(self) -> Page:
        """Return the specific page of the detail view, read once per request (Wagtail asks twice)."""
        if getattr(self, "_object", None) is None:
            self._object = super().get_object()
        return self._object

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context[PREFETCHED] = self._prefetched()
        return context

    def _prefetched(self) -> dict[str, Any]:
        """Return this request's store of what the fields read for all items at once (``prefetch_for_fields``)."""
        if getattr(self, "_prefetched_store", None) is None:
            self._prefetched_store = {}
        return self._prefetched_store

    def paginate_queryset(self, queryset: QuerySet[Page]) -> list[Page]:
        """Return the page of results as a list, with what its fields show read for all its items at once."""
        items = list(super().paginate_queryset(queryset))
        prefetch_for_fields(self.get_serializer_class(), items, self.get_serializer_context())
        return items

    def listing_view(self, request: Request) -> Response:
        with page_links():
            return super().listing_view(request)

    def detail_view(self, request: Request, pk: object) -> Response:
        """One page, what its fields show read as for a page of results: as many queries whatever its content."""
        with page_links():
            prefetch_for_fields(self.get_serializer_class(), [self.get_object()], self.get_serializer_context())
            return super().detail_view(request, pk)

    def find_object(self, queryset: QuerySet[Page], request: Request) -> Page | None:
        """Find ``?html_path=/zh-hans/news/x/``: the language prefix picks the locale's home page to route from."""
        if "html_path" not in request.GET:
            return super().find_object(queryset, request)
        path = "/" + request.GET["html_path"].lstrip("/")
        language = prefix_language(path)
        site = Site.find_for_request(request)
        locale = Locale.objects.filter(language_code=language).first() if language else None
        root = site.root_page.get_translation_or_none(locale) if site and locale else None
        if root is None:
            return None
        components = [component for component in path.split("/") if component][1:]
        try:
            page, _args, _kwargs = root.specific.route(request, components)
        except Http404:
            return None
        return page if queryset.filter(pk=page.pk).exists() else None


class ImagesEndpoint(PublicAPIMixin, ImagesAPIViewSet):
    """Images outside private collections (Wagtail's images endpoint)."""

    filter_backends = _safe_filters(ImagesAPIViewSet.filter_backends)

    def get_queryset(self) -> QuerySet[AbstractImage]:
        return super().get_queryset().exclude(collection__in=private_collection_ids())


class DocumentsEndpoint(PublicAPIMixin, DocumentsAPIViewSet):
    """Documents outside private collections (Wagtail's documents endpoint)."""

    filter_backends = _safe_filters(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self) -> QuerySet[AbstractDocument]:
        return super().get_queryset().exclude(collection__in=private_collection_ids())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
