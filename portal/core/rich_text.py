"""Page links resolved in one query: replaces ``wagtail.rich_text.pages.PageLinkHandler.expand_db_attributes_many``
(Wagtail 7.4.4), and reads the links of a page's body, its calls to action and related pages together.

Upstream reads the linked pages in their specific classes (a query, then one per page type) and, for each link,
``page.localized``: the active Locale (a query) and, for a page in another language, its translation (a query). Here
one query reads the linked pages (those of upstream's ``wagtail.rich_text.pages.PageLinkHandler.get_many``) and
their translations in the active language, as plain Pages (their URLs are
``Page``'s: ``portal.core.links.has_page_urls``; a batch linking a page type with URLs of its own goes to upstream).
What a link leads to is upstream's (``TranslatableMixin.localized``): the translation in the active language when it
is live, else the page itself; ``<a>`` for a page that does not exist (or an id that is not a number).

Per request (``page_links``), the pages that the served page's body links to or chooses are read in that one query
the first time any of them is asked for (``BasePage.get_context`` names them), so a body's paragraphs, calls to
action and related pages cost one query, however many blocks it has. The template tags ``rich_text`` and
``localized_page`` (``portal_tags``) use it; ``|richtext`` elsewhere reads one query per text. Relied on:
``wagtail.templatetags.wagtailcore_tags.richtext`` and ``wagtail.rich_text.RichText.__html__``, which expand a rich
text when it is rendered (the ``rich_text`` tag renders it inside ``links_of``).

``PortalPageLinkHandler`` is registered for the ``page`` link type after Wagtail's own (``wagtail_hooks``).
"""

import contextlib
import contextvars
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import Q
from django.utils.html import escape
from wagtail import blocks
from wagtail.models import Locale, Page
from wagtail.rich_text import extract_references_from_rich_text
from wagtail.rich_text.pages import PageLinkHandler

from portal.core.links import has_page_urls
from portal.core.memo import request_memo

UPSTREAM_EXPAND_DB_ATTRIBUTES_MANY = PageLinkHandler.expand_db_attributes_many


def _page_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def read_link_targets(ids: Iterable[int]) -> dict[int, Page | None]:
    """Return ``{id: the Page a link to it leads to, or None when there is no such page}`` for ``ids``; one query.

    The page's live translation in the active language, else the page itself; plain Pages.
    """
    ids = set(ids)
    if not ids:
        return {}
    try:
        locale = Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        locale = None
    if locale is None:
        pages = list(Page.objects.filter(pk__in=ids))
    else:
        # Driven by the translation keys (an index), the pages and their translations in the active language; an OR
        # of the ids with an IN subquery made PostgreSQL scan every page (11 ms at 10,000 news per language).
        keys = Page.objects.filter(pk__in=ids).values("translation_key")
        pages = list(Page.objects.filter(Q(pk__in=ids) | Q(locale_id=locale.pk), translation_key__in=keys))
    by_id = {page.pk: page for page in pages}
    in_language = {page.translation_key: page for page in pages if locale is not None and page.locale_id == locale.pk}
    targets = {}
    for pk in ids:
        page = by_id.get(pk)
        translated = in_language.get(page.translation_key) if page is not None else None
        targets[pk] = translated if translated is not None and translated.live else page
    return targets


class PageLinks:
    """Where page links lead in one language (``read_link_targets``), read once for every id ``want``-ed."""

    def __init__(self):
        self.wanted: set[int] = set()
        self.targets: dict[int, Page | None] = {}

    def want(self, ids: Iterable[int]) -> None:
        """Read ``ids`` with the next ids asked for."""
        self.wanted.update(ids)

    def get(self, ids: Iterable[int]) -> dict[int, Page | None]:
        """Return ``{id: target}`` for ``ids``; one query when one of them was not read yet, none otherwise."""
        ids = set(ids)
        if ids - self.targets.keys():
            self.targets.update(read_link_targets((ids | self.wanted) - self.targets.keys()))
        return {pk: self.targets[pk] for pk in ids}


def page_links(request) -> PageLinks:
    """Return the ``PageLinks`` of ``request`` in the active language (a new one without a request)."""
    return request_memo(request, "page_links", PageLinks)


_expanding: contextvars.ContextVar[PageLinks | None] = contextvars.ContextVar("portal_page_links", default=None)


@contextlib.contextmanager
def links_of(request):
    """Within the block, rich text page links are read with ``page_links(request)`` (without a request: as usual)."""
    token = _expanding.set(page_links(request) if request is not None else None)
    try:
        yield
    finally:
        _expanding.reset(token)


def localized_page(page, request=None) -> Page | None:
    """Return the page a link to ``page`` (a Page or its id) leads to, read with ``page_links(request)``; None if gone.

    The live translation in the active language, else the page; in its specific class when its type makes its URLs
    its own way (one query more), else a plain Page.
    """
    pk = _page_id(page.pk if isinstance(page, Page) else page)
    if pk is None:
        return None
    target = page_links(request).get([pk])[pk]
    if target is not None and not has_page_urls(target.specific_class):
        return target.specific
    return target


def linked_page_ids(block: blocks.Block, raw: object) -> Iterator[int]:
    """Yield the ids of the pages that ``raw`` (the stored form of a value of ``block``) links to or chooses.

    Page links in rich text and pages of page choosers, in stream, struct and list blocks; nothing is read.
    """
    if isinstance(block, blocks.RichTextBlock):
        references = extract_references_from_rich_text(raw) if isinstance(raw, str) else []
        for model, object_id, _path, _content_path in references:
            if issubclass(model, Page) and _page_id(object_id) is not None:
                yield int(object_id)
    elif isinstance(block, blocks.PageChooserBlock):
        if _page_id(raw) is not None:
            yield int(raw)
    else:
        for child, child_raw in _stored_children(block, raw):
            yield from linked_page_ids(child, child_raw)


def _stored_children(block: blocks.Block, raw: object) -> Iterator[tuple[blocks.Block, object]]:
    """Yield ``(child block, its stored value)`` for the stored value ``raw`` of a stream, struct or list block."""
    if isinstance(block, blocks.StreamBlock):
        for item in raw or []:
            if isinstance(item, dict) and item.get("type") in block.child_blocks:
                yield block.child_blocks[item["type"]], item.get("value")
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield child, raw.get(name) if isinstance(raw, dict) else None
    elif isinstance(block, blocks.ListBlock):
        for item in raw or []:
            is_item = isinstance(item, dict) and item.get("type") == "item" and "value" in item and "id" in item
            yield block.child_block, item["value"] if is_item else item


class PortalPageLinkHandler(PageLinkHandler):
    """Wagtail's ``page`` link type, expanding a rich text's page links in one query (none when read already)."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        """Return the opening ``<a>`` tag of each link of ``attrs_list`` (dicts with the page ``id``), in order."""
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return UPSTREAM_EXPAND_DB_ATTRIBUTES_MANY.__func__(cls, attrs_list)
        ids = [_page_id(attrs.get("id")) for attrs in attrs_list]
        wanted = {pk for pk in ids if pk is not None}
        links = _expanding.get()
        targets = links.get(wanted) if links is not None else read_link_targets(wanted)
        if not all(has_page_urls(page.specific_class) for page in targets.values() if page is not None):
            return UPSTREAM_EXPAND_DB_ATTRIBUTES_MANY.__func__(cls, attrs_list)
        tags = []
        for pk in ids:
            target = targets.get(pk)
            tags.append("<a>" if target is None else f'<a href="{escape(target.url)}">')
        return tags
