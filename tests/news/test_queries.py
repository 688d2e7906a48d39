"""Query budgets of the news pages (docs/performance.md, "Query budgets: news, search, API and feeds").

Every news page type costs as many queries with the seed content as with 150 more news items and 40 more
events per language, in English and in Chinese; the news page's and the archive's own queries are bounded.
The archive's filter options are kept until an Editor's change reaches them. Counts are of fresh renders
(``no_page_cache``) after a warm-up request.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from news.models import NewsCategory, NewsIndexPage, NewsPage
from tests.admin_forms import submit_edit_form
from tests.factories import ImageFactory
from tests.utils import EN, LANGUAGES, ZH, soup_of

#: A seed news item with a hero image, related cities and countries, a category and page links in its body.
NEWS_SLUG = "mannheim-chongqing-online-meeting"

#: The news URLs measured, below ``/<language>/news/``.
PATHS = [
    f"{NEWS_SLUG}/",
    "",
    "?page=2",
    "2019/",
    "category/iuc-asia/",
    "country/china/",
    "city/chongqing/",
    "category/iuc-asia/country/china/2018/",
    "feed/",
    "feed/atom/",
]

#: Queries the news page itself makes (``NewsPage.get_context``): related cities, related countries, the news
#: index, the country pages, the related news ranked, then the page with its neighbours and related news.
NEWS_PAGE_OWN = 6


def _count(client, url):
    """Return the number of queries of a fresh render of ``url`` (200), after one warm-up request."""
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _counts(client):
    return {
        f"/{language}/news/{path}": _count(client, f"/{language}/news/{path}")
        for language in LANGUAGES
        for path in PATHS
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_each_news_page_type_costs_the_same_queries_with_150_more_news(client):
    seed = _counts(client)
    call_command("generate_content", news=150, events=40, verbosity=0)
    assert NewsPage.objects.filter(locale__language_code=EN).count() > 150
    larger = _counts(client)
    assert larger == seed


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_news_page_costs_six_queries_of_its_own(rf, language):
    def request_for(page):
        """A request as the page gets it: its site found, the page's locale read (both the routing's)."""
        request = rf.get(page.url, HTTP_HOST="127.0.0.1")
        Site.find_for_request(request)
        page.locale  # noqa: B018
        return request

    NewsPage.objects.filter(slug=NEWS_SLUG).update(hero_image=ImageFactory())
    page = NewsPage.objects.get(slug=NEWS_SLUG, locale__language_code=language)
    page.get_context(request_for(page))  # the first read of a page type reads its content type
    page = NewsPage.objects.get(pk=page.pk)
    request = request_for(page)
    with CaptureQueriesContext(connection) as queries:
        context = page.get_context(request)
    assert len(queries) == NEWS_PAGE_OWN, [query["sql"][:120] for query in queries]
    assert context["older_news"] and context["related_news"]
    with CaptureQueriesContext(connection) as queries:
        page.category.name, page.hero_image.title  # noqa: B018 - loaded with the neighbours
    assert len(queries) == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("path", ["", "?page=2", "2019/", "country/china/"])
def test_an_archive_view_reads_its_count_its_page_and_its_filter_options_once(client, path):
    url = f"/{ZH}/news/{path}"
    news_queries = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        news_queries.append([query["sql"] for query in queries if '"news_newspage"' in query["sql"]])
    first, second = news_queries
    assert len(first) == 3, first  # COUNT, the page's rows, the filter options (one UNION ALL)
    assert sum("UNION ALL" in sql for sql in first) == 1
    assert len(second) == 2, second  # the filter options are kept (the page cache is off)
    assert not any("UNION ALL" in sql for sql in second)


def _years(response):
    return [option["value"] for option in soup_of(response).select("#news-filter-year option") if option["value"]]


def _categories(response):
    return [option.text.strip() for option in soup_of(response).select("#news-filter-category option")][1:]


@pytest.mark.django_db
def test_filter_options_are_kept_between_views_until_an_editor_publishes_news(client, editor_client, en_locale):
    first = client.get(f"/{EN}/news/")
    assert "2031" not in _years(first)
    with CaptureQueriesContext(connection) as queries:
        another_view = client.get(f"/{EN}/news/2019/")  # another URL: a page the page cache does not hold yet
    assert _years(another_view) == _years(first)
    assert not any("UNION ALL" in query["sql"] for query in queries), "the filter options were read again"

    news = NewsPage.objects.live().filter(locale=en_locale).order_by("date").first()
    response = submit_edit_form(editor_client, f"/admin/pages/{news.pk}/edit/", NewsPage, date="2031-05-06")
    assert response.status_code == 200
    assert NewsPage.objects.get(pk=news.pk).date == datetime.date(2031, 5, 6)
    assert "2031" in _years(client.get(f"/{EN}/news/2018/"))
    assert "2031" in _years(client.get(f"/{EN}/news/"))


@pytest.mark.django_db
def test_filter_options_follow_an_editors_renamed_category(client, editor_client, en_locale):
    assert "IUC Asia" in _categories(client.get(f"/{EN}/news/"))
    category = NewsCategory.objects.get(locale=en_locale, slug="iuc-asia")
    url = f"/admin/snippets/news/newscategory/edit/{category.pk}/"
    response = submit_edit_form(editor_client, url, NewsCategory, name="IUC Asia programme")
    assert response.status_code == 200
    assert "IUC Asia programme" in _categories(client.get(f"/{EN}/news/2019/"))


@pytest.mark.django_db
def test_deep_pages_read_their_rows_by_primary_key_from_an_ordered_slice(client):
    call_command("generate_content", news=150, events=0, verbosity=0)
    index = NewsIndexPage.objects.get(locale__language_code=EN)
    news = index.get_news()
    last = (news.count() - 1) // index.per_page + 1
    page = index.paginate(type("Request", (), {"GET": {"page": str(last)}})(), news)
    expected = list(news.values_list("pk", flat=True))[(last - 1) * index.per_page :]
    with CaptureQueriesContext(connection) as queries:
        assert [item.pk for item in page] == expected
    assert len(queries) == 1
    sql = queries[0]["sql"]
    assert '"news_newspage"."page_ptr_id" IN (SELECT' in sql and "LIMIT" in sql and "OFFSET" in sql
