"""The page cache for anonymous visitors: what it stores, what it never stores, and its HTTP headers.

Invalidation when content changes: test_invalidation.py.
"""

import gzip
import logging
import warnings

import pytest
from django.core.cache.backends.base import BaseCache, CacheKeyWarning
from django.test import Client, override_settings
from wagtail.models import PageViewRestriction

from news.models import NewsPage
from portal.caching import middleware, tokens
from tests.utils import EN, ZH, unreachable_cache

STATUS = middleware.STATUS_HEADER


def news_page(language=EN):
    return NewsPage.objects.live().filter(locale__language_code=language).order_by("pk").first()


@pytest.mark.django_db
@pytest.mark.parametrize("language", [EN, ZH])
def test_an_anonymous_visitor_gets_the_stored_page_the_second_time(client, language):
    url = news_page(language).url
    first = client.get(url)
    second = client.get(url)
    assert (first.status_code, first[STATUS]) == (200, "miss")
    assert (second.status_code, second[STATUS]) == (200, "hit")
    assert second.content == first.content
    for header in (
        "Content-Type",
        "Content-Language",
        "ETag",
        "Last-Modified",
        "Cache-Control",
        "X-Frame-Options",
        "Content-Security-Policy",
    ):
        assert second[header] == first[header], header


@pytest.mark.django_db
def test_a_new_release_never_serves_the_pages_another_release_stored(client):
    assert client.get("/en/news/")[STATUS] == "miss"
    with override_settings(PAGE_CACHE_RELEASE="next-release"):
        assert [client.get("/en/news/")[STATUS] for _ in range(2)] == ["miss", "hit"]
    assert client.get("/en/news/")[STATUS] == "hit"  # the old release's servers keep theirs meanwhile


@pytest.mark.django_db
def test_stored_pages_carry_public_cache_control_and_validators(client):
    response = client.get("/en/")
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "s-maxage=60", "stale-while-revalidate=300"}
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
    assert "Accept-Language" not in response.get("Vary", "")


@pytest.mark.django_db
@pytest.mark.parametrize("stored", [False, True], ids=["fresh", "stored"])
def test_a_conditional_request_gets_a_304(client, stored):
    first = client.get("/en/news/")
    if stored:
        assert client.get("/en/news/")[STATUS] == "hit"
    by_etag = client.get("/en/news/", headers={"If-None-Match": first["ETag"]})
    by_date = client.get("/en/news/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag.content == b""
    other = client.get("/en/news/", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


@pytest.mark.django_db
def test_gzip_is_stored_apart_from_identity(client):
    plain = client.get("/en/")
    zipped = client.get("/en/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped[STATUS] == "miss"  # another entry than the identity one
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    again = client.get("/en/", headers={"Accept-Encoding": "gzip"})
    assert (again[STATUS], again.content) == ("hit", zipped.content)
    assert client.get("/en/")[STATUS] == "hit" and "Content-Encoding" not in client.get("/en/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/sitemap-pages.xml?p=1", "/en/news/feed/", "/en/events/calendar.ics", "/api/v2/pages/"]
)
def test_feeds_calendars_the_sitemap_and_the_api_are_stored_and_compressed(client, path):
    first = client.get(path, headers={"Accept-Encoding": "gzip"})
    second = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert (first.status_code, first[STATUS], second[STATUS]) == (200, "miss", "hit")
    assert first["Content-Encoding"] == "gzip"


@pytest.mark.django_db
def test_a_head_request_is_answered_from_the_stored_get(client):
    client.get("/en/")
    assert client.head("/en/")[STATUS] == "hit"


@pytest.mark.django_db
def test_the_query_string_and_the_host_are_part_of_the_key(client):
    client.get("/en/news/")
    assert client.get("/en/news/?page=2")[STATUS] == "miss"
    assert client.get("/en/news/", HTTP_HOST="localhost")[STATUS] == "miss"
    assert client.get("/en/news/")[STATUS] == "hit"


@pytest.mark.django_db
def test_a_signed_in_editor_never_gets_or_fills_the_cache(client, editor_client):
    client.get("/en/")  # stored for anonymous visitors
    response = editor_client.get("/en/")
    assert STATUS not in response
    assert {part.strip() for part in response["Cache-Control"].split(",")} >= {"private", "no-store"}
    assert b"wagtail-userbar" in response.content  # the editor's own page, with the userbar
    assert b"wagtail-userbar" not in client.get("/en/").content


@pytest.mark.django_db
def test_a_request_with_a_session_or_csrf_cookie_is_served_fresh(client):
    client.get("/en/")
    for cookie in ("sessionid", "csrftoken"):
        visitor = Client()
        visitor.cookies[cookie] = "x"
        response = visitor.get("/en/")
        assert STATUS not in response and "private" in response["Cache-Control"]
    tracked = Client()
    tracked.cookies["_ga"] = "GA1.1.1"  # a cookie Django never reads does not matter
    assert tracked.get("/en/")[STATUS] == "hit"


@pytest.mark.django_db
def test_posts_are_never_stored(client):
    client.post("/en/", {})
    assert client.get("/en/")[STATUS] == "miss"


@pytest.mark.django_db
def test_errors_and_redirects_are_not_stored(client):
    assert client.get("/en/no-such-page/").status_code == 404
    assert STATUS not in client.get("/en/no-such-page/") or client.get("/en/no-such-page/")[STATUS] == "skip"
    redirect = client.get("/", headers={"Accept-Language": "zh-CN"})
    assert redirect.status_code == 302 and "Accept-Language" in redirect["Vary"]
    assert client.get("/", headers={"Accept-Language": "en"})["Location"] == "/en/"


@pytest.mark.django_db
@pytest.mark.parametrize("restriction", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_private_pages_are_never_stored(client, restriction):
    page = news_page()
    PageViewRestriction.objects.create(page=page, restriction_type=restriction, password="secret")
    first = client.get(page.url)
    second = client.get(page.url)
    assert second.get(STATUS) != "hit"
    if restriction == PageViewRestriction.PASSWORD:
        assert first.status_code == 200 and "private" in first["Cache-Control"]
        assert page.title.encode() not in second.content
    else:
        assert first.status_code == 302


@pytest.mark.django_db
def test_a_response_that_sets_a_cookie_is_not_stored():
    response = middleware.HttpResponse("x")
    response.set_cookie("a", "b")
    assert not middleware.is_cacheable_response(response)
    varied = middleware.HttpResponse("x")
    varied["Vary"] = "Cookie, User-Agent"
    assert not middleware.is_cacheable_response(varied)
    private = middleware.HttpResponse("x")
    private["Cache-Control"] = "private"
    assert not middleware.is_cacheable_response(private)
    assert middleware.is_cacheable_response(middleware.HttpResponse("x"))


@pytest.mark.django_db
def test_a_page_stored_while_its_content_changed_is_not_served(rf, settings):
    """A publish committed while a page renders: the page is stored with the tokens read before, so it is stale."""
    settings.PAGE_CACHE = True

    def render_during_a_publish(request):
        tokens.invalidate([tokens.scope_of(request.path_info)])  # committed while this request renders
        return middleware.HttpResponse("old content")

    cache_middleware = middleware.PageCacheMiddleware(render_during_a_publish)
    assert cache_middleware(rf.get("/en/news/x/"))[STATUS] == "miss"
    fresh = middleware.PageCacheMiddleware(lambda request: middleware.HttpResponse("new content"))
    served = fresh(rf.get("/en/news/x/"))
    assert (served[STATUS], served.content) == ("miss", b"new content")


@pytest.mark.django_db
def test_page_cache_off(client, settings):
    settings.PAGE_CACHE = False
    client.get("/en/")
    assert STATUS not in client.get("/en/")


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("/en/", "/en/"),
        ("/zh-hans/news/some-news/", "/zh-hans/news/"),
        ("/en/news/feed/atom/", "/en/news/"),
        ("/en/events/calendar.ics", "/en/events/"),
        ("/sitemap.xml", tokens.UNPREFIXED),
        ("/api/v2/pages/", tokens.UNPREFIXED),
        ("/xx/news/", tokens.UNPREFIXED),
        ("/", tokens.UNPREFIXED),
    ],
)
def test_scopes(path, scope, settings):
    assert tokens.scope_of(path) == scope


@pytest.mark.parametrize("segment", ["a b", "\x00", "\n", "a" * 300, "\ud800"])
def test_a_scope_any_cache_backend_takes(segment):
    key = tokens.token_key(tokens.scope_of(f"/en/{segment}/"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        BaseCache({}).validate_key(key)
    assert key != tokens.token_key("/en/other/")
    assert tokens.token_key("/en/news/") == "pagecache:token:/en/news/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/a%20b/", "/zh-hans/%0A/", "/en/" + "a" * 300 + "/"])
def test_odd_paths_make_no_cache_key_warning(client, path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_an_unreachable_page_cache_serves_pages_uncached_and_warns_once(client, caplog, settings):
    with (
        override_settings(CACHES={**settings.CACHES, "pages": unreachable_cache()}, PAGE_CACHE_ALIAS="pages"),
        caplog.at_level(logging.WARNING),
    ):
        responses = [client.get(path) for path in ["/en/", "/zh-hans/", "/en/news/", "/zh-hans/events/"] * 2]
    assert [response.status_code for response in responses] == [200] * 8
    assert {response[STATUS] for response in responses} == {"skip"}
    warnings = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1, warnings
    assert "is unreachable; serving without it" in warnings[0]


@pytest.mark.django_db
def test_search_results_are_never_stored(client):
    client.get("/en/search/?q=city")
    response = client.get("/en/search/?q=city")
    assert response[STATUS] == "skip"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/news/", "/zh-hans/news/2019/", "/en/events/", "/zh-hans/events/"])
def test_listings_keep_their_filter_options_and_years_when_the_cache_is_unreachable(client, settings, path):
    """News filter options and event years (``tokens.scoped_value``) are read from the database instead."""
    from tests.utils import soup_of

    with override_settings(CACHES={**settings.CACHES, "pages": unreachable_cache()}, PAGE_CACHE_ALIAS="pages"):
        response = client.get(path)
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.select("#news-filter-year option[value]") or soup.select(".year-links a")
