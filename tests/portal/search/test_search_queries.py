"""The search page's own queries do not depend on the size of the content or on which pages it shows
(docs/performance.md, "Query budgets: news, search, API and feeds")."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from components.models import CountryPage
from portal.search import results
from portal.search.fields import text_value
from tests.utils import EN, ZH

#: The searches measured: a common word in each language, and the second page of one.
SEARCHES = [(EN, "city", "1"), (EN, "city", "2"), (ZH, "城市", "1"), (EN, "mannheim", "1")]


def _count(client, language, query, page):
    url = f"/{language}/search/"
    params = {"q": query, "page": page}
    assert client.get(url, params).status_code == 200  # also creates today's statistics row of the query
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_the_search_page_costs_the_same_queries_with_150_more_news(client):
    seed = {search: _count(client, *search) for search in SEARCHES}
    call_command("generate_content", news=150, events=40, verbosity=0)
    assert {search: _count(client, *search) for search in SEARCHES} == seed


@pytest.mark.django_db
def test_the_results_specific_pages_are_read_with_them(en_locale):
    # Per-process caches (content types, the SQLite FTS table's columns) are warm on a running server.
    [results.specific_page(page) for page in results.search_pages("city", en_locale)[:10]]
    found = results.search_pages("city", en_locale)[:10]
    with CaptureQueriesContext(connection) as queries:
        pages = [results.specific_page(page) for page in found]
    assert len(queries) == 2  # the ranked slice, then its pages with their specific pages
    assert len({type(page) for page in pages}) > 1
    assert all(type(page) is page.specific_class for page in pages)
    with CaptureQueriesContext(connection) as queries:
        texts = [results.page_text(page) for page in pages]
    assert len(queries) == 0, "excerpts read the database"
    assert all(texts)


@pytest.mark.django_db
def test_excerpt_text_is_wagtails_searchable_content_without_reading_chosen_snippets():
    country = CountryPage.objects.live().filter(locale__language_code=EN).first()
    pages = [page.specific for page in Page.objects.live().filter(depth__gt=2).order_by("path")]
    assert any(
        block.block_type in ("city_list", "pairing_list") for page in pages for block in getattr(page, "body", [])
    )
    for page in [*pages, country]:
        for field in page.get_search_fields():
            if getattr(field, "field_name", None) != "body":
                continue
            fresh = type(page).objects.get(pk=page.pk)
            expected = fresh.body.stream_block.get_searchable_content(fresh.body)
            fresh = type(page).objects.get(pk=page.pk)
            with CaptureQueriesContext(connection) as queries:
                assert text_value(field, fresh) == expected, page.url_path
            assert len(queries) == 0


@pytest.mark.django_db
def test_a_search_counts_its_hit_in_one_update(client):
    client.get(f"/{EN}/search/", {"q": "chongqing"})
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/{EN}/search/", {"q": "chongqing"})
    writes = [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert len(writes) == 1 and writes[0].startswith("UPDATE"), writes
    from wagtail.contrib.search_promotions.models import Query

    assert Query.get("chongqing").hits == 2
