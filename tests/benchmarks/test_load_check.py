"""The checks of ``make loadtest`` (``tests.benchmarks.load``): versions, languages, staleness, overload rules."""

import datetime
import gzip
import json

import pytest

from portal.edge.language import html_lang, prefix_language
from tests.benchmarks import load
from tests.benchmarks.http import LANGUAGES

BASE = datetime.date(2020, 11, 5)
NEWS = "/en/news/the-news/"


def answer(path, kind, body, status=200, headers=None):
    """A record of ``load.record_answer`` for an answer to ``path`` sent at 0.0."""
    headers = {"content-type": "text/html; charset=utf-8", **(headers or {})}
    target = {"path": path, "kind": kind, "lang": prefix_language(path) or "-", "status": 200, "versioned": True}
    news = {lang: {"path": f"/{lang}/news/the-news/"} for lang in LANGUAGES}
    return load.record_answer(target, news, BASE, 0.0, load.Answer(status, headers, body), None)


def page(lang, title, main=""):
    """An HTML page as the portal writes it in language ``lang`` (its ``<html lang>``: ``html_lang``'s tag)."""
    head = f'<!doctype html><html lang="{html_lang(lang)}"><head><title>{title}</title></head>'
    return f"{head}<main>{main}</main></html>".encode()


def test_the_version_of_the_news_page_its_listings_and_the_api():
    own = page("en", "The news", '<p class="eyebrow"><time datetime="2020-11-08">8 November 2020</time></p>')
    assert load.shown_date(own, "news-page", NEWS) == "2020-11-08"
    listing = page(
        "en",
        "News",
        '<h2><a href="/en/news/other/">Other</a></h2><p><time datetime="2020-12-01">1 Dec</time></p>'
        f'<h2><a href="{NEWS}">The news</a></h2><p><time datetime="2020-11-07">7 Nov</time></p>',
    )
    assert load.shown_date(listing, "news-index", NEWS) == "2020-11-07"
    assert load.shown_date(page("en", "News"), "news-index", NEWS) is None  # not listed: no version
    assert load.shown_date(json.dumps({"date": "2020-11-06"}).encode(), "api-detail", NEWS) == "2020-11-06"
    assert [load.date_version(text, BASE) for text in ("2020-11-05", "2020-11-08", None)] == [0, 3, None]


def problem_of(path, kind, headers, body):
    """``load.language_problem`` of an answer to ``path``, a URL ``discover`` found in the language of its prefix."""
    target = {"path": path, "kind": kind, "lang": prefix_language(path) or "-"}
    return load.language_problem(target, {"content-type": "text/html; charset=utf-8", **headers}, body)


@pytest.mark.parametrize(("lang", "title"), [("en", "News"), ("zh-hans", "新闻 | 项目"), ("zh-hant", "新聞 | 項目")])
def test_a_page_in_its_language_passes(lang, title):
    path = f"/{lang}/news/"
    assert problem_of(path, "news-index", {"content-language": lang}, page(lang, title)) is None


def test_answers_outside_the_language_prefixes_are_not_checked_as_pages():
    assert problem_of("/sitemap.xml", "sitemap", {"content-type": "application/xml"}, b"<urlset/>") is None


@pytest.mark.parametrize(
    ("path", "headers", "body", "problem"),
    [
        ("/en/news/", {"content-language": "en"}, page("zh-hans", "新闻"), "<html lang> zh-Hans on a en URL"),
        (
            "/zh-hant/news/",
            {"content-language": "zh-hant"},
            page("zh-hans", "新闻"),
            "<html lang> zh-Hans on a zh-hant URL",
        ),
        (
            "/zh-hans/news/",
            {"content-language": "zh-hans"},
            page("zh-hant", "新聞"),
            "<html lang> zh-Hant-HK on a zh-hans URL",
        ),
        (
            "/zh-hant/news/",
            {"content-language": "zh-hans"},
            page("zh-hant", "新聞"),
            "Content-Language zh-hans on a zh-hant URL",
        ),
        (
            "/zh-hant/news/",
            {"content-language": "zh-hant"},
            page("zh-hant", "News"),
            "a non-Chinese title on a zh-hant URL",
        ),
        ("/zh-hans/news/", {"content-language": "en"}, page("zh-hans", "新闻"), "Content-Language en on a zh-hans URL"),
        (
            "/zh-hans/news/",
            {"content-language": "zh-hans"},
            page("zh-hans", "News"),
            "a non-Chinese title on a zh-hans URL",
        ),
        ("/en/news/", {"content-language": "en"}, page("en", "新闻"), "a Chinese title on a en URL"),
        ("/en/", {"content-language": "en"}, b"<html><title>Home</title>", "<html lang> None on a en URL"),
    ],
)
def test_a_page_in_the_wrong_language_is_found(path, headers, body, problem):
    assert problem_of(path, "page", headers, body) == problem


def test_api_items_of_another_locale_are_found():
    json_type = {"content-type": "application/json"}
    listing = {"items": [{"meta": {"locale": "zh-hant"}}, {"meta": {"locale": "zh-hans"}}]}
    target = {"path": "/api/v2/pages/?type=news.NewsPage&locale=zh-hant", "lang": "zh-hant", "kind": "api"}
    assert load.language_problem(target, json_type, json.dumps(listing).encode()) == (
        "items of ['zh-hans', 'zh-hant'] in a locale=zh-hant listing"
    )
    listing["items"].pop()
    assert load.language_problem(target, json_type, json.dumps(listing).encode()) is None


def test_the_overload_searches_every_language_chinese_in_both_scripts():
    searches = load.overload_searches(2)
    assert {search["lang"] for search in searches} == set(LANGUAGES)
    assert len({search["path"] for search in searches}) == len(searches)  # every search new to the server
    hant = [search["path"] for search in searches if search["lang"] == "zh-hant"]
    assert "/zh-hant/search/?q=%E6%B0%94%E5%80%99%200" in hant  # 气候 0: Simplified-typed on the Traditional site
    assert "/zh-hant/search/?q=%E6%B0%A3%E5%80%99%201" in hant  # 氣候 1
    assert all(search["path"].startswith("/en/search/?q=") for search in searches if search["lang"] == "en")


def publication(version, confirmed, ok=True):
    return {"version": version, "sent": confirmed - 0.5, "confirmed": confirmed, "ok": ok}


def versioned(version, answered, path=NEWS):
    return {
        "sent": answered - 0.01,
        "answered": answered,
        "path": path,
        "kind": "news-page",
        "expected": 200,
        "status": 200,
        "error": None,
        "version": version,
        "language": None,
        "retry_after": None,
    }


def test_stale_pages_are_those_answered_after_a_confirmed_publication_and_the_tolerance():
    publishes = [publication(1, 10.0), publication(2, 13.0)]
    assert [load.required_version(publishes, moment, 2.0) for moment in (5.0, 11.9, 12.0, 14.9, 15.0)] == [
        0,
        0,
        1,
        1,
        2,
    ]
    records = [
        versioned(0, 11.5),  # the old version within the tolerance: fine
        versioned(0, 12.5),  # the old version after it: stale
        versioned(1, 14.0),
        versioned(1, 15.5),  # stale
        versioned(2, 15.5),
        versioned(3, 16.0),  # never published
        {**versioned(None, 16.0), "status": 500},  # an error
    ]
    report = load.check_steady(records, publishes, 2.0, duration=20)
    assert (report["stale"], report["unknown_versions"], report["errors"], report["mixed_language"]) == (2, 1, 1, 0)
    assert report["max_old_version_lag_s"] == 2.5
    assert report["requests"] == 7 and report["publishes"] == 2
    assert load.breaches(report, None) == [
        "steady phase: 1 errors",
        "steady phase: 2 stale pages",
        "steady phase: 1 answers showed a version never published",
    ]


def test_a_failed_publication_is_an_error_and_requires_nothing():
    publishes = [publication(1, 10.0, ok=False)]
    report = load.check_steady([versioned(0, 30.0)], publishes, 2.0, duration=30)
    assert (report["errors"], report["stale"]) == (1, 0)


def test_a_deliberate_404_is_no_error():
    record = {**versioned(None, 1.0), "status": 404, "expected": 404}
    report = load.check_steady([record], [], 2.0, duration=1)
    assert report["errors"] == 0
    assert load.breaches(report, None) == ["steady phase: no answer showed the edited news page's version"]


def overloaded(status, seconds, retry_after="30", error=None):
    return {"sent": 0.0, "answered": seconds, "path": "/en/search/?q=x", "kind": "search", "expected": 200,
            "status": status, "error": error, "version": None, "language": None,
            "retry_after": retry_after if status == 503 else None}  # fmt: skip


def test_overload_answers_must_be_pages_or_503s_with_retry_after_in_time():
    good = [overloaded(200, 1.0), overloaded(503, 5.1)]
    report = load.check_overload(good, bound=15)
    assert (report["served"], report["shed"], report["errors"]) == (1, 1, 0)
    assert load.breaches({**load.check_steady([versioned(0, 1.0)], [], 2, 1)}, report) == []
    bad = [*good, overloaded(503, 1.0, retry_after=None), overloaded(500, 1.0), overloaded(None, 30.0, error="Timeout")]
    report = load.check_overload(bad, bound=15)
    assert (report["shed_without_retry_after"], report["errors"], report["later_than_bound"]) == (1, 2, 1)


@pytest.mark.parametrize(("lang", "title"), [("zh-hans", "新闻"), ("zh-hant", "新聞")])
def test_answers_are_recorded_with_their_version_and_language(lang, title):
    body = page(lang, title, '<p class="eyebrow"><time datetime="2020-11-07">2020年11月7日</time></p>')
    record = answer(f"/{lang}/news/the-news/", "news-page", body, headers={"content-language": lang})
    assert (record["version"], record["language"], record["status"]) == (2, None, 200)


def test_latency_percentiles():
    records = [{"sent": 0.0, "answered": n / 1000} for n in range(1, 101)]
    assert load.latency_summary(records) == {
        "count": 100,
        "p50_ms": 50.0,
        "p90_ms": 90.0,
        "p99_ms": 99.0,
        "max_ms": 100.0,
    }
    assert load.latency_summary([])["p99_ms"] is None


def test_the_client_reads_lengths_chunks_and_gzip():
    import asyncio
    import concurrent.futures

    async def read(raw):
        reader = asyncio.StreamReader()
        reader.feed_data(raw)
        reader.feed_eof()
        return await load.read_answer(reader)

    def run(coroutine):
        # In a thread of its own: a browser test's Playwright may keep an event loop running in this one.
        with concurrent.futures.ThreadPoolExecutor(1) as thread:
            return thread.submit(asyncio.run, coroutine).result()

    compressed = gzip.compress(b"hello")
    raw = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(compressed) + compressed
    got = run(read(raw))
    assert (got.status, got.body, got.headers["content-encoding"]) == (200, b"hello", "gzip")
    chunked = (
        b"HTTP/1.1 503 Busy\r\nTransfer-Encoding: chunked\r\nRetry-After: 5\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    )
    got = run(read(chunked))
    assert (got.status, got.body, got.headers["retry-after"]) == (503, b"abcde", "5")
    with pytest.raises(EOFError):
        run(read(b""))
