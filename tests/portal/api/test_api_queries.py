"""The API reads a page of results in a number of queries that does not depend on its size (docs/performance.md,
"Query budgets: news, search, API and feeds"): one item or a dozen of every page type, the default fields or
``fields=*``, with the seed content or 150 more news items per language; and one page in a number that does not
depend on its content."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, get_page_models

from components.models import ComponentPage, CountryIndexPage, CountryPage
from events.models import EventIndexPage, EventPage
from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage
from tests.utils import EN

PAGES = "/api/v2/pages/"

#: The most queries a page of results may cost, whatever its size and fields.
LISTING_BUDGET = 12

TYPES = [
    None,
    "news.NewsPage",
    "news.NewsIndexPage",
    "events.EventPage",
    "events.EventIndexPage",
    "home.HomePage",
    "home.StandardPage",
    "components.ComponentPage",
    "components.CountryIndexPage",
    "components.CountryPage",
]
#: How many copies of one page are read together in ``test_one_page_or_a_dozen_copies_cost_the_same_queries``: a
#: query per item would show as 11 more.
COPIES = 12


def _queries(client, **params):
    """Return ``(number of queries, number of items)`` of a fresh listing for ``params``, after a warm-up request."""
    assert client.get(PAGES, params).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGES, params)
    assert response.status_code == 200, response.content[:300]
    return len(queries), len(response.json()["items"])


def _copies(page, count):
    """Publish ``count`` copies of ``page`` (a specific page: its rows, images, links, chosen pages and snippets
    copied too) beside it, all titled ``"<title> (copy)"``; return that title."""
    title = f"{page.title} (copy)"
    for number in range(count):
        page.copy(update_attrs={"slug": f"{page.slug}-copy-{number}", "title": title}, keep_live=True, user=None)
    return title


def _richest(model):
    """Return the English live page of ``model`` with the most content (the longest stored StreamFields and rows)."""
    pages = model.objects.live().filter(locale__language_code=EN)
    streams = [field.name for field in model._meta.get_fields() if field.get_internal_type() == "StreamField"]
    return max(pages, key=lambda page: sum(len(str(list(getattr(page, name).raw_data))) for name in streams))


def test_every_page_type_is_measured():
    exposed = {f"{model._meta.app_label}.{model.__name__}" for model in get_page_models() if model is not Page}
    assert exposed == set(TYPES[1:])


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize(
    "model",
    # Not HomePage: its copies are beside it, outside the site (each language has one home page; below, two items).
    [NewsPage, EventPage, StandardPage, ComponentPage, CountryPage, CountryIndexPage, NewsIndexPage, EventIndexPage],
)
def test_one_page_or_a_dozen_copies_cost_the_same_queries(client, model):
    """Copies of the English page of ``model`` with the most content (blocks, links, choices, cities), listed with
    the default fields and with ``fields=*``."""
    title = _copies(_richest(model), COPIES)
    for fields in (None, "*"):
        params = {"type": f"{model._meta.app_label}.{model.__name__}", "title": title, "fields": fields}
        params = {key: value for key, value in params.items() if value}
        one, one_item = _queries(client, limit=1, **params)
        many, items = _queries(client, limit=COPIES, **params)
        assert (one_item, items) == (1, COPIES)
        assert many == one, f"fields={fields}: {one} queries for one item, {many} for {items}"
        assert many <= LISTING_BUDGET


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("fields", [None, "*"])
@pytest.mark.parametrize("page_type", TYPES)
def test_every_page_type_listing_keeps_to_the_budget(client, page_type, fields):
    params = {key: value for key, value in {"type": page_type, "fields": fields}.items() if value}
    count, items = _queries(client, limit=50, **params)
    assert items > 1
    assert count <= LISTING_BUDGET


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_a_page_costs_the_same_queries_whatever_its_content(client):
    """A page's detail with one paragraph linking to a page and one call to action, then with twenty of each."""
    page = _richest(StandardPage)
    news = list(NewsPage.objects.live().filter(locale__language_code=EN).order_by("pk")[:20])
    counts = []
    for targets in (news[:1], news):
        page.body = [("paragraph", f'<p><a linktype="page" id="{target.pk}">more</a></p>') for target in targets] + [
            ("call_to_action", {"text": "More", "page": target, "link_text": "Read"}) for target in targets
        ]
        page.save_revision().publish()
        count, data = _detail_queries(client, f"{PAGES}{page.pk}/")
        assert [block["value"]["page"]["id"] for block in data["body"] if block["type"] == "call_to_action"] == [
            target.pk for target in targets
        ]
        counts.append(count)
    assert counts[0] == counts[1] <= LISTING_BUDGET, f"{counts[0]} queries with one link, {counts[1]} with twenty"


def _detail_queries(client, url):
    """Return ``(number of queries, JSON)`` of a fresh detail request for ``url``, after a warm-up request."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_listings_and_details_cost_the_same_queries_with_150_more_news(client):
    news = NewsPage.objects.live().filter(locale__language_code=EN).order_by("-date").first()
    urls = [
        *(f"{PAGES}?type={page_type}&fields=*&limit=50" for page_type in TYPES[1:]),
        f"{PAGES}?type=news.NewsPage&locale=zh-hans&fields=*&limit=20&offset=10",
        f"{PAGES}?fields=*&limit=50",
        f"{PAGES}?search=city&limit=50",
        f"{PAGES}{news.pk}/",
        f"{PAGES}find/?html_path=/zh-hans/news/{news.slug}/",
    ]

    def counts():
        found = {}
        for url in urls:
            client.get(url, follow=True)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, follow=True).status_code == 200, url
            found[url] = len(queries)
        return found

    seed = counts()
    call_command("generate_content", news=150, events=40, verbosity=0)
    assert counts() == seed


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_the_base_queryset_is_built_once_a_request(client):
    client.get(PAGES, {"type": "news.NewsPage"})
    with CaptureQueriesContext(connection) as queries:
        client.get(PAGES, {"type": "news.NewsPage"})
    restrictions = [query for query in queries if "wagtailcore_pageviewrestriction" in query["sql"].split("WHERE")[0]]
    assert restrictions == [], "view restrictions read in a query of their own"
    assert len(queries) <= 4  # the site, the site's root pages, the count, the page of results
