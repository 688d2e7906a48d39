"""How the read-only API (``/api/v2/``) represents pages, snippets, rich text and blocks: in the page's language.

The locale rules: docs/api.md. The models import this module, so it imports none of theirs at import time.
``StreamField.to_representation`` replaces ``wagtail.api.v2.serializers.StreamField.to_representation`` of
Wagtail 7.4.4: the blocks get the locale of the object holding the value (docs/upstream-overrides.md).

A page of results is read at once (``prefetch_for_fields``, docs/upstream-overrides.md, section 36): each field
reads what it shows of every item in one query or a few (``prefetch`` methods), the blocks of the items'
StreamFields are made from their stored form type by type across all items (``prefetch_stream_blocks``, what
``wagtail.blocks.stream_block.StreamValue._prefetch_blocks`` of Wagtail 7.4.4 does for one value), and the pages
their rich text links to are read once (``PageLinks``, in place of ``wagtail.rich_text.pages.PageLinkHandler``'s
lookups of ``wagtail.rich_text.pages.PageLinkHandler.expand_db_attributes_many``, one set a rich text, each link
to the live translation as ``wagtail.models.i18n.TranslatableMixin.localized.fget``, the ``localized`` property,
finds it).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, ForeignObjectRel, Model, Prefetch, QuerySet, Value, prefetch_related_objects
from django.utils import translation
from django.utils.html import escape
from rest_framework import serializers
from wagtail import blocks
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.utils import get_full_url
from wagtail.blocks import StreamValue
from wagtail.blocks.list_block import ListValue
from wagtail.documents.models import AbstractDocument
from wagtail.fields import StreamField as StreamModelField
from wagtail.images.models import AbstractImage, SourceImageIOError
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.rich_text import RichText, expand_db_html, extract_references_from_rich_text, features
from wagtail.rich_text.rewriters import LinkRewriter

#: The rendition of every image in the API: a JPEG at most 1200 pixels wide (the pages' largest).
IMAGE_FILTER_SPEC = "format-jpeg|width-1200"


# ---------------------------------------------------------------------------- locale rules


def context_locale(context: Mapping[str, Any] | None) -> Locale:
    """Return the Locale of the page being represented (``context["locale"]``), else the active one."""
    locale = (context or {}).get("locale")
    return locale if locale is not None else Locale.get_active()


def is_public(page: Page, context: Mapping[str, Any] | None = None) -> bool:
    """Return True if the API may show ``page``: it is live and not in a private section.

    Uses the view's ``base_queryset`` (live, public pages of the request's site) when the context has
    one, so the rule is the pages endpoint's own.
    """
    known = (context or {}).get(PREFETCHED, {}).get("public_pages")
    if known is not None and page.pk in known:
        return known[page.pk]
    base_queryset = (context or {}).get("base_queryset")
    if base_queryset is None:
        base_queryset = Page.objects.live().public()
    return base_queryset.filter(pk=page.pk).exists()


def prefetch_public(pages: Iterable[Page], context: Mapping[str, Any] | None) -> None:
    """Decide ``is_public`` for ``pages`` in one query, kept in the context for the items' fields."""
    store = (context or {}).get(PREFETCHED)
    pages = [page for page in pages if page is not None]
    if store is None or not pages:
        return
    base_queryset = context.get("base_queryset")
    if base_queryset is None:
        base_queryset = Page.objects.live().public()
    ids = {page.pk for page in pages}
    public = set(base_queryset.filter(pk__in=ids).values_list("pk", flat=True))
    store.setdefault("public_pages", {}).update({pk: pk in public for pk in ids})


def prefetch_translations(pages: Iterable[Page], locales: Iterable[Locale], context: Mapping[str, Any] | None) -> None:
    """Read the translations of ``pages`` into ``locales`` in one query, kept in the context for ``localized_page``."""
    store = (context or {}).get(PREFETCHED)
    pages = [page for page in pages if page is not None]
    locale_ids = {locale.pk for locale in locales}
    if store is None or not pages or not locale_ids:
        return
    keys = {page.translation_key for page in pages}
    translations = store.setdefault("translations", {})
    for key in keys:
        for locale_id in locale_ids:
            translations.setdefault((key, locale_id), None)
    # A reference to a page shows Page's own fields: the specific class without reading its type's table.
    found = Page.objects.filter(translation_key__in=keys, locale_id__in=locale_ids).select_related("locale")
    for translated in (_specific_with_locale(page) for page in found):
        translations[(translated.translation_key, translated.locale_id)] = translated


def _specific_with_locale(page: Page) -> Page:
    """Return ``page.specific_deferred`` (no query) keeping the Locale read with ``page``."""
    specific = page.specific_deferred
    if specific is not page and Page.locale.is_cached(page):
        specific.locale = page.locale
    return specific


def localized_page(page: Page | None, locale: Locale, context: Mapping[str, Any] | None = None) -> Page | None:
    """Return ``page`` as the API shows it from a page in ``locale``, or None.

    The translation of ``page`` into ``locale`` when it exists and is public (live, not private);
    otherwise ``page`` itself when it is public; otherwise None.
    """
    if page is None:
        return None
    if page.locale_id != locale.pk:
        translations = (context or {}).get(PREFETCHED, {}).get("translations", {})
        key = (page.translation_key, locale.pk)
        translated = translations[key] if key in translations else page.get_translation_or_none(locale)
        if translated is not None and is_public(translated, context):
            return translated
    return page if is_public(page, context) else None


def localized_snippet(snippet: TranslatableMixin | None, locale: Locale) -> TranslatableMixin | None:
    """Return ``snippet`` (a translatable snippet) in ``locale`` if that copy is live, else None.

    A snippet already in ``locale`` (the usual case) costs no query.
    """
    if snippet is None:
        return None
    if snippet.locale_id != locale.pk:
        snippet = snippet.get_translation_or_none(locale)
    if snippet is None or not getattr(snippet, "live", True):
        return None
    return snippet


def rich_text_html(value: RichText | str | None, locale: Locale) -> str:
    """Return the rich text ``value`` (RichText or database HTML) expanded, links pointing at pages in ``locale``.

    Wagtail's page link handler links to ``page.localized``, the translation in the active language,
    so the expansion runs with ``locale``'s language active.
    """
    source = getattr(value, "source", value) or ""
    links = _page_links.get()
    with translation.override(locale.language_code):
        return links.expand(source, locale) if links is not None else expand_db_html(source)


# ---------------------------------------------------------------------------- representations


def page_reference(page: Page, context: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return the short form of ``page`` Wagtail uses for a page's parent: id, meta (type, URLs, locale), title."""
    serializer_class = wagtail_serializers.get_serializer_class(
        page.__class__,
        ["id", "type", "detail_url", "html_url", "locale", "title"],
        meta_fields=["type", "detail_url", "html_url", "locale"],
        base=PageSerializer,
    )
    return serializer_class(context=context).to_representation(page)


def localized_page_reference(page: Page | None, context: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Return ``page_reference`` of ``page`` as seen from the page being represented (``localized_page``), or None."""
    page = localized_page(page, context_locale(context), context)
    return page_reference(page, context) if page is not None else None


def image_representation(
    image: AbstractImage | None, alt: str, context: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    """Return ``{id, url, full_url, width, height, alt}`` for a JPEG rendition of ``image``, or None."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(IMAGE_FILTER_SPEC)
    except SourceImageIOError:
        return OrderedDict([("id", image.pk), ("error", "SourceImageIOError")])
    return OrderedDict(
        [
            ("id", image.pk),
            ("url", rendition.url),
            ("full_url", rendition.full_url),
            ("width", rendition.width),
            ("height", rendition.height),
            ("alt", alt),
        ]
    )


def document_representation(
    document: AbstractDocument | None, context: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    """Return ``{id, title, download_url}`` for ``document``, or None (the download checks its collection's privacy)."""
    if document is None:
        return None
    request = (context or {}).get("request")
    url = get_full_url(request, document.url) if request is not None else document.url
    return OrderedDict([("id", document.pk), ("title", document.title), ("download_url", url)])


def snippet_list(
    snippets: Iterable[TranslatableMixin | None],
    serializer_class: type[serializers.Serializer],
    context: Mapping[str, Any] | None,
) -> list[dict[str, Any]]:
    """Represent the live ``snippets`` in the locale of the page being represented (drafts and gaps left out)."""
    locale = context_locale(context)
    serializer = serializer_class(context=context)
    live = (localized_snippet(snippet, locale) for snippet in snippets)
    return [serializer.to_representation(snippet) for snippet in live if snippet is not None]


# ---------------------------------------------------------------------------- serializer fields


class RenditionField(serializers.Field):
    """An image foreign key as a rendition (``image_representation``), its alt text from ``alt_source`` on the page."""

    def __init__(self, alt_source: str, **kwargs: Any) -> None:
        self.alt_source = alt_source
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: Model) -> tuple[AbstractImage, str] | None:
        image = super().get_attribute(instance)
        return (image, getattr(instance, self.alt_source)) if image is not None else None

    def to_representation(self, value: tuple[AbstractImage, str]) -> dict[str, Any] | None:
        image, alt = value
        return image_representation(image, alt, self.context)

    def prefetch(self, instances: list[Model], context: Mapping[str, Any]) -> None:
        """Read the images of ``instances`` and their API renditions: two queries for all."""
        prefetch_related_objects(instances, self.source)
        images = [getattr(instance, self.source) for instance in instances]
        prefetch_renditions([image for image in images if image is not None])


class SnippetField(serializers.Field):
    """A snippet foreign key in the page's locale (``localized_snippet``): a small dict, or null for a draft."""

    def __init__(self, serializer_class: type[serializers.Serializer], **kwargs: Any) -> None:
        self.serializer_class = serializer_class
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: TranslatableMixin) -> TranslatableMixin | None:
        # Inside a page (a pairing's cities), the page's locale is in the context: no query for the holder's locale.
        locale = self.context.get("locale") or instance.locale
        return localized_snippet(super().get_attribute(instance), locale)

    def to_representation(self, snippet: TranslatableMixin) -> dict[str, Any]:
        return self.serializer_class(context=self.context).to_representation(snippet)

    def prefetch(self, instances: list[Model], context: Mapping[str, Any]) -> None:
        """Read the snippets of ``instances``: one query for all."""
        prefetch_related_objects(instances, self.source)


class SnippetRowsField(serializers.Field):
    """The live snippets of a page's inline rows (``related_cities`` → each row's ``city``), in the page's locale."""

    def __init__(
        self,
        item: str,
        serializer_class: type[serializers.Serializer],
        select_related: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        self.item = item
        self.serializer_class = serializer_class
        self.select_related = select_related or (item,)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: TranslatableMixin) -> tuple[Locale, list[TranslatableMixin | None]]:
        rows = super().get_attribute(instance)
        prefetched = self.source in getattr(instance, "_prefetched_objects_cache", {})
        rows = rows.all() if prefetched else rows.select_related(*self.select_related)
        return instance.locale, [getattr(row, self.item) for row in rows]

    def to_representation(self, value: tuple[Locale, list[TranslatableMixin | None]]) -> list[dict[str, Any]]:
        locale, snippets = value
        return snippet_list(snippets, self.serializer_class, {**self.context, "locale": locale})

    def prefetch(self, instances: list[Model], context: Mapping[str, Any]) -> None:
        """Read the rows of ``instances`` with their snippets: one query for all."""
        rows = (
            type(instances[0])._meta.get_field(self.source).related_model.objects.select_related(*self.select_related)
        )
        prefetch_related_objects(instances, Prefetch(self.source, queryset=rows))


class SnippetListField(serializers.Field):
    """The snippets a page method returns (e.g. ``get_cities``), already filtered to the page's locale and live ones."""

    def __init__(self, serializer_class: type[serializers.Serializer], **kwargs: Any) -> None:
        self.serializer_class = serializer_class
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: TranslatableMixin) -> tuple[Locale, list[TranslatableMixin | None]]:
        known = self.context.get(PREFETCHED, {}).get("snippet_lists", {}).get((self.source, instance.pk))
        return instance.locale, known if known is not None else list(super().get_attribute(instance))

    def to_representation(self, value: tuple[Locale, list[TranslatableMixin | None]]) -> list[dict[str, Any]]:
        locale, snippets = value
        return snippet_list(snippets, self.serializer_class, {**self.context, "locale": locale})

    def prefetch(self, instances: list[Model], context: Mapping[str, Any]) -> None:
        """Read what the method returns for every one of ``instances`` in one query (``union_lists``), kept in the
        context; when its querysets cannot be combined, each item reads its own."""
        lists = union_lists([getattr(instance, self.source)() for instance in instances])
        if lists is not None:
            store = context[PREFETCHED].setdefault("snippet_lists", {})
            store.update({(self.source, instance.pk): found for instance, found in zip(instances, lists, strict=True)})


class LocalizedPageField(serializers.Field):
    """A page foreign key as the page in the same locale as the page holding it (``localized_page``), or null."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: TranslatableMixin) -> Page | None:
        return localized_page(super().get_attribute(instance), instance.locale, self.context)

    def to_representation(self, page: Page) -> dict[str, Any]:
        return page_reference(page, self.context)

    def prefetch(self, instances: list[Model], context: Mapping[str, Any]) -> None:
        """Read the pages of ``instances``, their translations into the items' locales and whether each is public:
        three queries for all."""
        pages = type(instances[0])._meta.get_field(self.source).related_model.objects.select_related("locale")
        prefetch_related_objects(instances, Prefetch(self.source, queryset=pages))
        pages = [page for page in (getattr(instance, self.source) for instance in instances) if page is not None]
        prefetch_translations(pages, {instance.locale for instance in instances}, context)
        translated = [page for page in context[PREFETCHED].get("translations", {}).values() if page is not None]
        prefetch_public([*pages, *translated], context)


class StreamField(wagtail_serializers.StreamField):
    """A StreamField value, its blocks represented for the locale of the object holding it (``context["locale"]``)."""

    def get_attribute(self, instance: Model) -> tuple[StreamValue, Locale | None] | None:
        value = super().get_attribute(instance)
        return (value, getattr(instance, "locale", None)) if value is not None else None

    def to_representation(self, data: tuple[StreamValue, Locale | None]) -> list[dict[str, Any]]:
        value, locale = data
        context = {**self.context, "locale": locale} if locale is not None else self.context
        return value.stream_block.get_api_representation(value, context)

    def prefetch(self, instances: list[Model], context: Mapping[str, Any]) -> None:
        """Make the blocks of ``instances``' values type by type across all of them (``prefetch_stream_blocks``), and
        read the pages their rich text links to once (``PageLinks``)."""
        values = [value for value in (getattr(instance, self.source) for instance in instances) if value is not None]
        locales = {instance.locale for instance in instances}
        prefetch_stream_blocks(values)
        chosen = [page for value in values for page in pages_in(value)]
        linked = []
        links = _page_links.get()
        if links is not None:
            for value in values:
                for source in rich_text_sources(value.stream_block, value.raw_data):
                    links.add(source)
            linked = links.load()
        if chosen or linked:
            prefetch_translations([*chosen, *linked], locales, context)
        if links is not None:
            links.translations = context[PREFETCHED].get("translations", {})
        if chosen:
            translated = [page for page in context[PREFETCHED].get("translations", {}).values() if page is not None]
            prefetch_public([*chosen, *translated], context)


# ---------------------------------------------------------------------------- pages


class PageSerializer(wagtail_serializers.PageSerializer):
    """Wagtail's page serializer, with every value in the page's own language (labels, links, blocks)."""

    serializer_field_mapping = wagtail_serializers.PageSerializer.serializer_field_mapping.copy()
    serializer_field_mapping[StreamModelField] = StreamField

    def to_representation(self, instance: Page) -> dict[str, Any]:
        with translation.override(instance.locale.language_code):
            return super().to_representation(instance)


# ---------------------------------------------------------------------------- a page of results at once

#: The serializer context's key of a request's store of what was read for all items at once (a dict).
PREFETCHED = "portal_prefetched"


def _relation(model: type[Model], source: str) -> Field | ForeignObjectRel | None:
    """Return the model field (or relation) named ``source`` of ``model``, or None when it is not one."""
    try:
        return model._meta.get_field(source)
    except FieldDoesNotExist:
        return None


def prefetch_for_fields(
    serializer_class: type[serializers.Serializer], instances: list[Model], context: dict[str, Any]
) -> None:
    """Read what the fields of ``serializer_class`` show of ``instances`` (a page of results) for all of them at once.

    A field with a ``prefetch(instances, context)`` method (the ones above) reads its own; any other field whose
    source is a relation of the items' model (a foreign key, a page's inline rows) is read with Django's
    ``prefetch_related_objects``: one query for all items (but a Locale, which ``page.locale`` gives from memory).
    Items of several classes are read class by class.
    """
    by_class = defaultdict(list)
    for instance in instances:
        by_class[type(instance)].append(instance)
    fields = serializer_class(context=context).fields
    for model, items in by_class.items():
        for field in fields.values():
            prefetch = getattr(field, "prefetch", None)
            source = getattr(field, "source", None)
            if prefetch is not None:
                prefetch(items, context)
            elif source and source != "*" and "." not in source:
                relation = _relation(model, source)
                if relation is None or not relation.is_relation or relation.many_to_many:
                    continue
                if relation.related_model is not Locale:  # a Locale comes from memory (translations.overrides)
                    prefetch_related_objects(items, source)


def union_lists(querysets: Sequence[object]) -> list[list[Model]] | None:
    """Return the objects of each of ``querysets`` (a list each, in its own order), read in one ``UNION ALL`` query.

    Each part is tagged with its position; the whole is ordered as the querysets are. They must be QuerySets of one
    model with the same ordering (field names of the model only) and related objects, none sliced or combined
    already; otherwise returns None (nothing read).
    """
    if not querysets or not all(isinstance(queryset, QuerySet) for queryset in querysets):
        return None
    first = querysets[0]
    ordering = tuple(first.query.order_by or (first.model._meta.ordering if first.query.default_ordering else ()))
    shape = (first.model, ordering, first.query.select_related)
    for queryset in querysets:
        query = queryset.query
        query_ordering = tuple(query.order_by or (queryset.model._meta.ordering if query.default_ordering else ()))
        if (queryset.model, query_ordering, query.select_related) != shape or query.is_sliced or query.combinator:
            return None
    if not all(isinstance(name, str) and "__" not in name and name != "?" for name in ordering):
        return None
    tagged = [queryset.order_by().annotate(_union_part=Value(number)) for number, queryset in enumerate(querysets)]
    found = [[] for _queryset in querysets]
    for obj in tagged[0].union(*tagged[1:], all=True).order_by(*ordering):
        found[obj._union_part].append(obj)
    return found


def prefetch_renditions(images: list[AbstractImage]) -> None:
    """Read the API rendition (``IMAGE_FILTER_SPEC``) of each of ``images`` in one query (Wagtail's prefetch).

    ``get_rendition`` then finds it among the prefetched renditions (or makes it, when there is none yet).
    """
    if not images:
        return
    renditions = images[0].get_rendition_model().objects.filter(filter_spec=IMAGE_FILTER_SPEC)
    prefetch_related_objects(images, Prefetch("renditions", queryset=renditions))


def prefetch_stream_blocks(values: list[StreamValue]) -> None:
    """Make the blocks of ``values`` (StreamValues of a page of results) from their stored form, type by type.

    Wagtail makes a StreamValue's blocks of one type together when one of them is first read
    (``StreamValue._prefetch_blocks``): a query per chooser model per value. Here each block type's stored values
    of every value are made by one ``bulk_to_python``: a query per chooser model for all of them.
    """
    pending = defaultdict(list)  # (id of the stream block, type name) -> [(value, index)]
    for value in values:
        for index, raw in enumerate(value._raw_data):
            if value._bound_blocks[index] is None and raw is not None:
                pending[(id(value.stream_block), raw["type"])].append((value, index))
    for (_block_id, type_name), places in pending.items():
        child_block = places[0][0].stream_block.child_blocks.get(type_name)
        if child_block is None:
            continue
        converted = child_block.bulk_to_python([value._raw_data[index]["value"] for value, index in places])
        for (value, index), python in zip(places, converted, strict=True):
            block_id = value._raw_data[index].get("id")
            value._bound_blocks[index] = StreamValue.StreamChild(child_block, python, id=block_id)


def pages_in(value: object) -> Iterator[Page]:
    """Yield the pages chosen in a block value (a StreamValue, StructValue or ListValue, made from its stored form)."""
    if isinstance(value, Page):
        yield value
    elif isinstance(value, StreamValue):
        for child in value:
            yield from pages_in(child.value)
    elif isinstance(value, blocks.StructValue):
        for item in value.values():
            yield from pages_in(item)
    elif isinstance(value, ListValue):
        for item in value:
            yield from pages_in(item)


def rich_text_sources(block: blocks.Block, raw: object) -> Iterator[str]:
    """Yield the stored HTML of the rich text blocks in the value of ``block`` stored as ``raw`` (its JSON form)."""
    if isinstance(block, blocks.RichTextBlock):
        if isinstance(raw, str):
            yield raw
    elif isinstance(block, blocks.StreamBlock):
        for item in raw or []:
            if isinstance(item, dict) and item.get("type") in block.child_blocks:
                yield from rich_text_sources(block.child_blocks[item["type"]], item.get("value"))
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from rich_text_sources(child, (raw or {}).get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in raw or []:
            is_item = isinstance(item, dict) and item.get("type") == "item" and "value" in item and "id" in item
            yield from rich_text_sources(block.child_block, item["value"] if is_item else item)


class PageLinks:
    """The pages that a page of results' rich text links to, read once; rich text expanded with them.

    ``add`` the stored HTML of each rich text, ``load`` the pages (one query), give their translations into the
    items' locales (``translations``: ``{(translation key, locale id): page}``), then ``expand`` each rich text.
    A page link expands as Wagtail's ``PageLinkHandler`` expands it (``<a href="...">`` to the live translation in
    the active language, else the page itself; ``<a>`` for a page that is gone); a link to a page not loaded is
    expanded by Wagtail. Other links and embeds are Wagtail's.
    """

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self.pages: dict[int, Page] = {}
        self.translations: dict[tuple[str, int], Page | None] = {}
        self.locale: Locale | None = None

    def add(self, html: str) -> None:
        """Remember the pages that the stored rich text ``html`` links to."""
        for model, object_id, _path, _content_path in extract_references_from_rich_text(html):
            if issubclass(model, Page):
                with contextlib.suppress(TypeError, ValueError):
                    self.ids.add(int(object_id))

    def load(self) -> list[Page]:
        """Read the pages remembered and not read yet (one query); return them. Their translations are the
        caller's to give (``translations``, ``prefetch_translations``)."""
        missing = self.ids - self.pages.keys()
        if not missing:
            return []
        # Page's own fields are all a link needs (``url``): each page as its specific class without reading its
        # type's table (``specific_deferred``), one query where Wagtail's ``specific()`` makes one more a type.
        loaded = [page.specific_deferred for page in Page.objects.filter(pk__in=missing)]
        self.pages.update({page.pk: page for page in loaded})
        for page_id in missing - self.pages.keys():
            self.pages[page_id] = None
        return loaded

    def page_hrefs(self, attrs_list: list[dict]) -> list[str]:
        """Return the opening ``<a>`` tag of each page link (``attrs_list``: its attributes), for ``self.locale``."""
        if any(self._id(attrs) not in self.pages for attrs in attrs_list):
            return features.get_link_types()["page"].expand_db_attributes_many(attrs_list)
        tags = []
        for attrs in attrs_list:
            page = self.pages[self._id(attrs)]
            if page is None:
                tags.append("<a>")
                continue
            if self.locale is not None and page.locale_id != self.locale.pk:
                translated = self.translations.get((page.translation_key, self.locale.pk))
                if translated is not None and translated.live:  # TranslatableMixin.localized: a live translation
                    page = translated
            tags.append(f'<a href="{escape(page.url)}">')
        return tags

    @staticmethod
    def _id(attrs: dict) -> int | None:
        try:
            return int(attrs.get("id"))
        except (TypeError, ValueError):
            return None

    def expand(self, html: str, locale: Locale) -> str:
        """Return the stored rich text ``html`` expanded, its page links pointing at pages in ``locale``."""
        self.locale = locale
        link_types = features.get_link_types()
        rules = {name: handler.expand_db_attributes_many for name, handler in link_types.items()}
        rules["page"] = self.page_hrefs
        rewriter = LinkRewriter(bulk_rules=rules)
        return expand_db_html(rewriter(html))


_page_links: contextvars.ContextVar[PageLinks | None] = contextvars.ContextVar("portal_api_page_links", default=None)


@contextlib.contextmanager
def page_links() -> Iterator[PageLinks]:
    """Within the block, ``rich_text_html`` expands page links with one ``PageLinks`` (filled by the fields)."""
    token = _page_links.set(PageLinks())
    try:
        yield _page_links.get()
    finally:
        _page_links.reset(token)
