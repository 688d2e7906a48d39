"""The read-only Wagtail API v2 at ``/api/v2/``: ``pages``, ``images`` and ``documents``, public content only.

Endpoints, filters, fields and errors: docs/api.md. ``PagesEndpoint.find_object`` replaces the ``html_path``
branch of ``wagtail.api.v2.views.PagesAPIViewSet.find_object`` (Wagtail 7.4.4), which routes from the Site's
root page (the English home page) only, so that ``find/?html_path=/zh-hans/news/x/`` finds a Chinese page;
guarded by ``tests/portal/test_upstream_overrides.py`` (docs/upstream-overrides.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import translation
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView
from wagtail.api.v2 import filters
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.documents.models import AbstractDocument
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.images.models import AbstractImage
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, Site

from portal.api.serializers import PageSerializer


class FieldsFilter(filters.FieldsFilter):
    """Wagtail's field filter (``?date=2019-05-20``); a value the field cannot take is a 400, not a server error."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
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


class PublicAPIMixin:
    """Anonymous, read-only endpoints that answer malformed query strings with a 400."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequestError("null characters are not allowed in the query string")

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
    """Live, public pages of the site in every language, each served in its own language."""

    base_serializer_class = PageSerializer
    filter_backends = _safe_filters(PagesAPIViewSet.filter_backends)

    def get_base_queryset(self) -> QuerySet[Page]:
        try:
            queryset = super().get_base_queryset()
        except (Site.DoesNotExist, ValueError) as error:
            raise BadRequestError("site doesn't exist") from error
        return queryset.public()

    def get_queryset(self) -> QuerySet[Page]:
        return super().get_queryset().select_related("locale")

    def find_object(self, queryset: QuerySet[Page], request: Request) -> Page | None:
        """Find ``?html_path=/zh-hans/news/x/``: the language prefix picks the locale's home page to route from."""
        if "html_path" not in request.GET:
            return super().find_object(queryset, request)
        path = "/" + request.GET["html_path"].lstrip("/")
        language = translation.get_language_from_path(path)
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
