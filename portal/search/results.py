"""What the search page finds: live, public pages, promoted results and snippets of one locale, ready to show.

All through Wagtail's search backend (``portal.search.backend``); what a visitor sees: docs/search.md.
``record_hit`` does what ``wagtail.contrib.search_promotions.models.Query.add_hit`` (Wagtail 7.4.4) does, in one
UPDATE when today's row exists (docs/upstream-overrides.md, section 35).
"""

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Model, QuerySet
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import BaseSearchResults as SearchResults
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string
from wagtail.snippets.models import get_snippet_models

from portal.search import analysis
from portal.search.excerpts import excerpt, highlight, join_texts
from portal.search.fields import leaves, text_value

#: The longest query searched, in characters; a longer one is cut to this length.
MAX_QUERY_LENGTH = 200
#: Snippet results shown at most, per snippet model.
SNIPPET_LIMIT = 5


@dataclass
class Result:
    """One search result: a page, a promoted link or a snippet, as the results template shows it."""

    title: str  # highlighted (a SafeString)
    url: str
    excerpt: str = ""  # highlighted (a SafeString)
    kind: str | Promise = ""  # what it is ("City"), for snippets
    date: object = None  # a date or a timezone-aware datetime
    date_label: str | Promise = ""
    promoted: bool = False
    page_id: int | None = None


def clean_query(raw: object) -> tuple[str, bool]:
    """Return ``(query, trimmed)`` for the ``q`` a visitor sent (a str).

    Control characters (NUL included) become spaces, runs of whitespace one space, and the result is
    stripped and cut to ``MAX_QUERY_LENGTH`` characters; ``trimmed`` is True when it was cut.
    """
    text = "".join(" " if unicodedata.category(char) in ("Cc", "Cf", "Cs") else char for char in str(raw))
    text = " ".join(text.split())
    if len(text) <= MAX_QUERY_LENGTH:
        return text, False
    return text[:MAX_QUERY_LENGTH].rstrip(), True


def active_locale() -> Locale | None:
    """Return the Locale of the active language (the URL's prefix), None when that language has no Locale yet.

    Unlike ``Locale.get_active``, never the default Locale: ``/zh-hant/search/`` of a site with no Traditional
    content finds nothing rather than the English pages.
    """
    try:
        return Locale.objects.get_for_language(get_language())
    except (Locale.DoesNotExist, LookupError):
        return None


def search_pages(query: str, locale: Locale | None, exclude: Iterable[int] = ()) -> SearchResults:
    """Return Wagtail search results (sliceable, countable) of the live, public pages of ``locale`` for ``query``.

    Best match first; the pages with ids in ``exclude`` (promoted results already shown) are left out. None for
    ``locale`` (a language without a Locale) finds nothing.
    Each result is a ``Page`` read with its specific page (``with_specific_pages``): ``specific_page`` gives it.
    """
    pages = Page.objects.live().public().filter(locale=locale, depth__gt=1).exclude(pk__in=list(exclude))
    return with_specific_pages(pages).search(query)


@functools.cache
def page_type_relations() -> dict[type[Page], str]:
    """Return ``{page model: its one-to-one relation's name on Page}`` for page types that inherit ``Page`` directly.

    Every page type of the portal does (``portal.core.models.BasePage`` is abstract). Read once.
    """
    return {
        model: model._meta.parents[Page].remote_field.get_accessor_name()
        for model in apps.get_models()
        if issubclass(model, Page) and Page in model._meta.parents and len(model._meta.parents) == 1
    }


def with_specific_pages(pages: QuerySet[Page]) -> QuerySet[Page]:
    """Return ``pages`` reading each page's specific page in the same query (a LEFT JOIN per page type).

    Wagtail's ``specific()`` reads the pages, then the pages of each type in one more query each: as many
    queries as types among the results. ``specific_page`` picks the specific page of a page read so.
    """
    return pages.select_related(*page_type_relations().values())


def specific_page(page: Page) -> Page:
    """Return the specific page of ``page``: the one read with it (``with_specific_pages``), else ``page.specific``."""
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    relation = page_type_relations().get(model)
    if relation is not None and page.__class__ is Page:
        specific = getattr(page, relation, None)
        if specific is not None:
            return specific
    return page.specific


#: Indexed fields that are not part of an excerpt: the title is shown above it, the description first.
EXCERPT_SKIPS = ("title", "search_description")


def page_text(page: Page) -> str:
    """Return the plain text an excerpt comes from: the search description, then the indexed text fields.

    Each field, and each block of a StreamField, is a text of its own, joined as the active language (the
    search page's, which is the results') reads (``excerpts.join_texts``).
    """
    texts = [page.search_description]
    for search_field in page.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name not in EXCERPT_SKIPS:
            texts.extend(leaves(text_value(search_field, page)))
    return join_texts(texts, get_language())


def page_result(page: Page, query: str) -> Result | None:
    """Return the Result for a specific ``page`` found by ``query``; None for a page outside every Site."""
    url = page.get_url()
    if not url:
        return None
    label, date = page.get_search_result_date()
    return Result(
        title=highlight(page.title, query),
        url=url,
        excerpt=excerpt(page_text(page), query),
        date=date,
        date_label=label,
    )


def promoted_results(query: str, locale: Locale | None) -> list[Result]:
    """Return the editors' promoted Results for ``query`` (Wagtail's search promotions), in the editors' order.

    A promotion of a page shows that page's live, public translation in ``locale`` (none if there
    is none); the editor's description is used when the promoted page is in ``locale``, the page's
    meta description (``BasePage.get_meta_description``) otherwise. Promotions of an external link
    are shown as they are. One query when ``query`` has no promotion. A promotion's query in either Chinese
    script matches ``query`` in either (``promotions_for``).
    """
    results = []
    if locale is None:
        return results
    for promotion in promotions_for(query):
        if promotion.page_id is None:
            if promotion.external_link_url:
                results.append(
                    Result(
                        title=promotion.external_link_text or promotion.external_link_url,
                        url=promotion.external_link_url,
                        excerpt=promotion.description,
                        promoted=True,
                    )
                )
            continue
        page = promotion.page.get_translation_or_none(locale)
        if page is None or not page.live or not Page.objects.filter(pk=page.pk).public().exists():
            continue
        page = page.specific
        url = page.get_url()
        if not url:
            continue
        description = promotion.description if promotion.page.locale_id == locale.pk else ""
        label, date = page.get_search_result_date()
        results.append(
            Result(
                title=page.title,
                url=url,
                excerpt=description or page.get_meta_description(),
                date=date,
                date_label=label,
                promoted=True,
                page_id=page.pk,
            )
        )
    return results


def promotions_for(query: str) -> list[SearchPromotion]:
    """Return the search promotions (with their pages) of ``query`` (a str), in the editors' order.

    A promotion's query matches when it is ``query_key(query)``, or, for a query with Chinese in it, when the two
    are the same with both Chinese scripts folded to Simplified (``analysis.folded_text``: same length, so only
    the promotions of queries of that length are read). One query.
    """
    key = query_key(query)
    promotions = SearchPromotion.objects.select_related("page", "query").order_by("sort_order", "pk")
    if key.isascii():
        return list(promotions.filter(query__query_string=key))
    folded = analysis.folded_text(key)
    candidates = promotions.alias(length=Length("query__query_string")).filter(length=len(key))
    return [promotion for promotion in candidates if analysis.folded_text(promotion.query.query_string) == folded]


def searchable_snippet_models() -> list[type[Model]]:
    """Return the registered snippet models the site search covers, in ``apps.get_models()`` order.

    A snippet model takes part by defining two classmethods: ``site_search_queryset(locale)`` (the
    objects a visitor of ``locale`` may find) and ``site_search_items(objects, locale)`` (yielding
    ``(object, excerpt text, URL or "")`` for the objects found).
    """
    registered = set(get_snippet_models())
    return [model for model in apps.get_models() if model in registered and hasattr(model, "site_search_queryset")]


def snippet_results(query: str, locale: Locale | None) -> list[Result]:
    """Return Results for the snippets of ``locale`` matching ``query`` (``searchable_snippet_models``).

    Each links to where the snippet appears (a city's card on its country page, a pairing's on its
    component page); one that appears nowhere public is left out. None for ``locale`` finds nothing.
    """
    if locale is None:
        return []
    backend = get_search_backend()
    found = []
    for model in searchable_snippet_models():
        objects = backend.search(query, model.site_search_queryset(locale))[:SNIPPET_LIMIT]
        if objects:
            found += model.site_search_items(objects, locale)
    return [
        Result(
            title=highlight(str(snippet), query),
            url=url,
            excerpt=excerpt(text, query),
            kind=capfirst(snippet._meta.verbose_name),
        )
        for snippet, text, url in found
        if url
    ]


def query_key(query: str) -> str:
    """Return the ``Query.query_string`` of ``query``: Wagtail's normalised form (lower case, single spaces).

    Cut to the column's length after lower-casing, as ``Query.save`` stores it: lower-casing can
    lengthen a string ("İ" becomes two characters), and Wagtail's own ``Query.get`` would then look
    for a longer string than it stored.
    """
    return normalise_query_string(query)[:MAX_QUERY_STRING_LENGTH]


def record_hit(query: str) -> None:
    """Count one search for ``query`` in Wagtail's search promotions statistics ("Popular search terms").

    What ``Query.add_hit`` does (add one to today's ``QueryDailyHits`` row), in one UPDATE when today's row
    exists; the first search of a query in a day creates its rows as Wagtail does.
    """
    key = query_key(query)
    today = timezone.now().date()
    if not QueryDailyHits.objects.filter(query__query_string=key, date=today).update(hits=F("hits") + 1):
        Query.objects.get_or_create(query_string=key)[0].add_hit(date=today)
