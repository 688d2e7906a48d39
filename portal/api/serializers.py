"""How the read-only API (``/api/v2/``) represents pages, snippets, rich text and blocks: in the page's language.

The locale rules: docs/api.md. The models import this module, so it imports none of theirs at import time.
``StreamField.to_representation`` replaces ``wagtail.api.v2.serializers.StreamField.to_representation`` of
Wagtail 7.4.4: the blocks get the locale of the object holding the value (docs/upstream-overrides.md).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import Model
from django.utils import translation
from rest_framework import serializers
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.utils import get_full_url
from wagtail.blocks import StreamValue
from wagtail.documents.models import AbstractDocument
from wagtail.fields import StreamField as StreamModelField
from wagtail.images.models import AbstractImage, SourceImageIOError
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.rich_text import RichText, expand_db_html

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
    base_queryset = (context or {}).get("base_queryset")
    if base_queryset is None:
        base_queryset = Page.objects.live().public()
    return base_queryset.filter(pk=page.pk).exists()


def localized_page(page: Page | None, locale: Locale, context: Mapping[str, Any] | None = None) -> Page | None:
    """Return ``page`` as the API shows it from a page in ``locale``, or None.

    The translation of ``page`` into ``locale`` when it exists and is public (live, not private);
    otherwise ``page`` itself when it is public; otherwise None.
    """
    if page is None:
        return None
    if page.locale_id != locale.pk:
        translated = page.get_translation_or_none(locale)
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
    with translation.override(locale.language_code):
        return expand_db_html(source)


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
        rows = super().get_attribute(instance).select_related(*self.select_related)
        return instance.locale, [getattr(row, self.item) for row in rows]

    def to_representation(self, value: tuple[Locale, list[TranslatableMixin | None]]) -> list[dict[str, Any]]:
        locale, snippets = value
        return snippet_list(snippets, self.serializer_class, {**self.context, "locale": locale})


class SnippetListField(serializers.Field):
    """The snippets a page method returns (e.g. ``get_cities``), already filtered to the page's locale and live ones."""

    def __init__(self, serializer_class: type[serializers.Serializer], **kwargs: Any) -> None:
        self.serializer_class = serializer_class
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: TranslatableMixin) -> tuple[Locale, list[TranslatableMixin | None]]:
        return instance.locale, list(super().get_attribute(instance))

    def to_representation(self, value: tuple[Locale, list[TranslatableMixin | None]]) -> list[dict[str, Any]]:
        locale, snippets = value
        return snippet_list(snippets, self.serializer_class, {**self.context, "locale": locale})


class LocalizedPageField(serializers.Field):
    """A page foreign key as the page in the same locale as the page holding it (``localized_page``), or null."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: TranslatableMixin) -> Page | None:
        return localized_page(super().get_attribute(instance), instance.locale, self.context)

    def to_representation(self, page: Page) -> dict[str, Any]:
        return page_reference(page, self.context)


class StreamField(wagtail_serializers.StreamField):
    """A StreamField value, its blocks represented for the locale of the object holding it (``context["locale"]``)."""

    def get_attribute(self, instance: Model) -> tuple[StreamValue, Locale | None] | None:
        value = super().get_attribute(instance)
        return (value, getattr(instance, "locale", None)) if value is not None else None

    def to_representation(self, data: tuple[StreamValue, Locale | None]) -> list[dict[str, Any]]:
        value, locale = data
        context = {**self.context, "locale": locale} if locale is not None else self.context
        return value.stream_block.get_api_representation(value, context)


# ---------------------------------------------------------------------------- pages


class PageSerializer(wagtail_serializers.PageSerializer):
    """Wagtail's page serializer, with every value in the page's own language (labels, links, blocks)."""

    serializer_field_mapping = wagtail_serializers.PageSerializer.serializer_field_mapping.copy()
    serializer_field_mapping[StreamModelField] = StreamField

    def to_representation(self, instance: Page) -> dict[str, Any]:
        with translation.override(instance.locale.language_code):
            return super().to_representation(instance)
