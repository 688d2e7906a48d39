"""The parts of ``make bench`` that need no server (tests/benchmarks/http.py): page list, wrk output, static twins,
the table, the idle check.

The benchmark itself (gunicorn, wrk, the probe) is run by hand: docs/performance.md.
"""

import gzip
import os
import subprocess
import sys
import time
from email.message import Message

import brotli
import pytest
from django.conf import settings

from portal.chinese.conversion import to_traditional
from portal.edge.language import TRADITIONAL_CHINESE
from tests.benchmarks.http import (
    ACCEPT_ENCODING,
    LANGUAGES,
    PAGE_TYPES,
    SEARCH_WORDS,
    Page,
    build_pages,
    child_pids,
    cpu_ticks,
    deep_page_number,
    failed_requests,
    format_comparison,
    format_table,
    parse_args,
    parse_compare,
    parse_wrk_output,
    recorded_headers,
    static_file_name,
    write_static_file,
    wrk_command,
)


def seed_facts(lang, news_count=22):
    """What ``probe.discover`` finds in the seed content (the page paths are those of portal/content/data)."""
    return {
        "home": f"/{lang}/",
        "component": f"/{lang}/city-to-city-cooperation/",
        "country": f"/{lang}/countries/eu-member-states/",
        "cities": f"/{lang}/cities/chinese-cities/",
        "news_index": f"/{lang}/news/",
        "news_count": news_count,
        "news_per_page": 12,
        "news_year": 2020,
        "news_page": f"/{lang}/news/mannheim-chongqing-online-meeting/",
        "events_index": f"/{lang}/events/",
        "calendar": f"/{lang}/events/calendar/2020/11/",
        "event_page": f"/{lang}/events/mannheim-chongqing-online-meeting-2020/",
    }


WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:58123/
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.07ms    1.61ms  10.70ms   83.03%
    Req/Sec     1.02k   153.40     1.33k    80.00%
  1010 requests in 1.00s, 2.21MB read
Requests/sec:   1009.39
Transfer/sec:      2.21MB
BENCH_JSON {"duration_us": 2000000, "requests": 1010, "bytes": 2315930, "errors": {"connect": 0, "read": 0, \
"write": 0, "status": 3, "timeout": 1}, "latency_us": {"min": 350, "mean": 2067.8, "max": 10697, "p50": 1418, \
"p90": 4566, "p99": 7413}}
"""


def test_the_bench_knows_the_sites_languages():
    assert tuple(code for code, _name in settings.LANGUAGES) == LANGUAGES
    assert set(SEARCH_WORDS) == set(LANGUAGES)
    # The Traditional search page is asked for a Simplified-typed word: the cross-script search (ADR 0031).
    word = SEARCH_WORDS[TRADITIONAL_CHINESE]
    assert to_traditional(word) != word


def test_every_page_type_in_every_language_for_the_seed():
    pages = build_pages({lang: seed_facts(lang) for lang in LANGUAGES})
    assert len(pages) == 3 * (len(PAGE_TYPES) - 1) + 1  # the sitemap has no language
    assert [page.name for page in pages[:4]] == ["home", "home", "home", "component"]
    by_key = {(page.name, page.lang): page for page in pages}
    assert by_key["news-archive", "en"].path == "/en/news/2020/"
    assert by_key["news-deep", "zh-hans"].path == "/zh-hans/news/?page=2"  # 22 news, 12 a page
    assert by_key["rss", "en"].path == "/en/news/feed/"
    assert by_key["ics", "zh-hans"].path == "/zh-hans/events/calendar.ics"
    assert by_key["events-calendar", "en"].path == "/en/events/calendar/2020/11/"
    assert by_key["search", "en"].path == "/en/search/?q=city"
    assert by_key["search", "zh-hans"].path == "/zh-hans/search/?q=%E5%9F%8E%E5%B8%82"  # 城市, as wrk must send it
    assert by_key["api", "zh-hans"].path == "/api/v2/pages/?type=news.NewsPage&locale=zh-hans"
    assert by_key["search", "zh-hant"].path == "/zh-hant/search/?q=%E6%B0%94%E5%80%99"  # 气候 (the pages say 氣候)
    assert by_key["news-deep", "zh-hant"].path == "/zh-hant/news/?page=2"
    assert by_key["404", "zh-hant"] == Page("404", "zh-hant", "/zh-hant/bench-no-such-page/", 404)
    assert by_key["404", "en"] == Page("404", "en", "/en/bench-no-such-page/", 404)
    assert by_key["sitemap", "-"] == Page("sitemap", "-", "/sitemap.xml", 200)
    assert {page.expected_status for page in pages if page.name != "404"} == {200}
    assert by_key["news-page", "zh-hans"].slug == "news-page-zh-hans"
    assert by_key["news-page", "zh-hant"].slug == "news-page-zh-hant"
    assert by_key["sitemap", "-"].slug == "sitemap"


def test_every_language_is_measured_unless_langs_says_otherwise(capsys):
    assert parse_args(["--wrk", "wrk"]).langs == list(LANGUAGES)
    assert parse_args(["--wrk", "wrk", "--langs", "zh-hant"]).langs == ["zh-hant"]
    with pytest.raises(SystemExit):
        parse_args(["--wrk", "wrk", "--langs", "zh-tw"])
    assert "unknown modes or languages: zh-tw" in capsys.readouterr().err


def test_the_deep_news_page_is_the_last_one():
    assert deep_page_number(0, 12) == 1
    assert deep_page_number(12, 12) == 1
    assert deep_page_number(13, 12) == 2
    pages = build_pages({"en": seed_facts("en", news_count=10_000)}, ["news-deep"], ["en"])
    assert pages == [Page("news-deep", "en", "/en/news/?page=834")]


def test_a_subset_and_page_types_without_a_page():
    facts = seed_facts("en")
    for key in ("events_index", "calendar", "event_page", "news_page", "news_year"):
        del facts[key]
    pages = build_pages({"en": facts}, ["news-index", "news-archive", "news-page", "events-index", "ics", "sitemap"])
    assert [(page.name, page.lang) for page in pages] == [("news-index", "en"), ("sitemap", "-")]
    assert build_pages({"en": seed_facts("en")}, ["home"], ["zh-hans"]) == []  # no facts for Chinese
    with pytest.raises(ValueError, match="unknown page types: homepage"):
        build_pages({}, ["home", "homepage"])


def test_wrk_output():
    figures = parse_wrk_output(WRK_OUTPUT, connections=2)
    assert figures["requests"] == 1010
    assert figures["duration_s"] == 2.0
    assert figures["rps"] == 505.0  # from the JSON line, not wrk's own rounded report
    assert (figures["p50_ms"], figures["p90_ms"], figures["p99_ms"]) == (1.42, 4.57, 7.41)
    assert figures["max_ms"] == 10.7
    assert figures["bytes_per_request"] == 2293
    assert figures["errors"]["status"] == 3
    assert figures["few_requests"] is False
    assert parse_wrk_output(WRK_OUTPUT, connections=200)["few_requests"] is True  # 5 requests a connection
    with pytest.raises(ValueError, match="no BENCH_JSON line"):
        parse_wrk_output(WRK_OUTPUT.split("BENCH_JSON")[0], connections=2)


def test_failed_requests_leave_out_the_expected_error_status():
    figures = parse_wrk_output(WRK_OUTPUT, connections=2)
    assert failed_requests(figures) == 4  # 3 answers of 400 or more, 1 timeout
    assert failed_requests(figures, expected_status=404) == 1


def test_wrk_asks_as_a_browser_behind_the_https_proxy():
    command = wrk_command("/usr/bin/wrk", "http://127.0.0.1:8000/en/", 32, 5)
    assert command[:5] == ["/usr/bin/wrk", "-t1", "-c32", "-d5s", "--timeout=30s"]
    assert command[-1] == "http://127.0.0.1:8000/en/"
    headers = [command[index + 1] for index, value in enumerate(command) if value == "-H"]
    assert f"Accept-Encoding: {ACCEPT_ENCODING}" in headers
    assert {"gzip", "br"} <= {encoding.strip() for encoding in ACCEPT_ENCODING.split(",")}
    assert "X-Forwarded-Proto: https" in headers
    assert command[command.index("-s") + 1].endswith("tests/benchmarks/wrk.lua")


def test_static_twin_has_the_page_size_and_compresses_as_it_does(tmp_path):
    page = Page("news-page", "zh-hans", "/zh-hans/news/x/")
    body = ("<!DOCTYPE html><html lang='zh-hans'><p>城市合作</p>" * 500).encode()
    name = write_static_file(tmp_path, page, body, "text/html; charset=utf-8")
    assert name == "bench/news-page-zh-hans.html"
    assert (tmp_path / name).read_bytes() == body
    assert brotli.decompress((tmp_path / f"{name}.br").read_bytes()) == body
    assert gzip.decompress((tmp_path / f"{name}.gz").read_bytes()) == body
    # A body that does not compress gets no compressed variants, as collectstatic does.
    noise = os.urandom(4000)
    name = write_static_file(tmp_path, Page("api", "en", "/api/v2/pages/"), noise, "application/json")
    assert name == "bench/api-en.json"
    assert (tmp_path / name).stat().st_size == len(noise)
    assert not (tmp_path / f"{name}.br").exists()


@pytest.mark.parametrize(
    ("content_type", "extension"),
    [
        ("application/rss+xml; charset=utf-8", "xml"),
        ("application/xml", "xml"),
        ("text/calendar; charset=utf-8", "ics"),
        ("application/json", "json"),
        ("text/html; charset=utf-8", "html"),
        ("", "html"),
    ],
)
def test_static_twin_extension_follows_the_media_type(content_type, extension):
    assert static_file_name(Page("rss", "en", "/en/news/feed/"), content_type) == f"bench/rss-en.{extension}"


def figures(rps, p50, p99, requests=1000, connections=1, status_errors=0):
    errors = {"connect": 0, "read": 0, "write": 0, "status": status_errors, "timeout": 0}
    return {
        "connections": connections,
        "requests": requests,
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "errors": errors,
        "few_requests": requests < 10 * connections,
    }


def test_table_shows_each_page_beside_its_static_file():
    rows = [
        {
            "name": "home",
            "lang": "en",
            "status": 200,
            "bytes": 12_493,
            "queries": {"uncached": 33, "cached": 0},
            "cached": {
                "page": {"1": figures(400.0, 2.4, 3.1), "32": figures(900.0, 30.2, 61.5, connections=32)},
                "static": {"1": figures(800.0, 1.2, 1.9), "32": figures(1000.0, 28.0, 40.0, connections=32)},
            },
        },
        {
            "name": "404",
            "lang": "zh-hans",
            "status": 404,
            "bytes": 3_400,
            "queries": {"uncached": 28},
            "cached": {
                "page": {
                    "1": figures(20.0, 50.0, 70.0, status_errors=40),
                    "32": figures(30.5, 900.0, 1000.0, requests=61, connections=32, status_errors=61),
                },
                "static": {"1": figures(800.0, 1.2, 1.9), "32": figures(1220.0, 26.0, 39.0, connections=32)},
            },
        },
        {"name": "rss", "lang": "en", "status": 200, "bytes": 100, "queries": {"uncached": 9}},  # not measured
    ]
    lines = format_table(rows, "cached", [1, 32]).splitlines()
    assert lines[0].startswith("cached: latency in ms; ratio = the page's req/s as a share of its static file's")
    assert lines[1].split() == [
        *("page", "lang", "KB", "SQL", "req/s@1", "p50", "p99", "req/s@32", "p50", "p99", "static@32", "ratio")
    ]
    assert lines[2].split() == ["home", "en", "12.2", "0", "400.0", "2.4", "3.1", "900.0", "30.2", "61.5", "1000.0"] + [
        "90.0%"
    ]
    # The expected 404 status is no failure; too few requests at 32 connections are marked; unknown queries: "?".
    assert lines[3].split() == ["404", "zh-hans", "3.3", "?", "20.0", "50.0", "70.0", "30.5*", "900.0", "1000.0"] + [
        "1220.0",
        "2.5%",
    ]
    assert lines[4].startswith("* fewer than 10 requests a connection")
    assert len(lines) == 5
    assert len({len(line) for line in lines[1:4]}) == 1  # aligned columns
    assert format_table(rows, "uncached", [1, 32]).splitlines()[2:] == []


def test_table_marks_failed_requests():
    row = {
        "name": "search",
        "lang": "en",
        "status": 200,
        "bytes": 2048,
        "queries": {"uncached": 40},
        "uncached": {
            "page": {"4": figures(10.0, 300.0, 900.0, requests=200, connections=4, status_errors=2)},
            "static": {"4": figures(1000.0, 3.0, 9.0, connections=4)},
        },
    }
    lines = format_table([row], "uncached", [4]).splitlines()
    assert lines[2].split() == ["search", "en", "2.0", "40", "10.0!", "300.0", "900.0", "1000.0", "1.0%"]
    assert lines[3] == "! some requests failed (wrk's errors in the JSON)"


def test_the_idle_check_sees_the_workers_and_their_cpu_time():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in child_pids(os.getpid())
    finally:
        child.kill()
        child.wait()
    before = cpu_ticks([os.getpid()])
    deadline = time.process_time() + 0.1
    while time.process_time() < deadline:
        pass
    assert cpu_ticks([os.getpid()]) > before
    assert cpu_ticks([child.pid]) == 0  # a process that has gone counts for nothing


def test_recorded_headers_keep_what_says_whether_caching_and_compression_worked():
    headers = Message()  # the type of urllib's response headers
    for name, value in [
        ("Date", "Sun, 06 Dec 2026 00:00:00 GMT"),
        ("Content-Encoding", "br"),
        ("Cache-Control", "max-age=60, public"),
        ("Vary", "Accept-Encoding"),
        ("X-Request-ID", "3f2a"),
        ("Content-Security-Policy", "default-src 'self'"),
    ]:
        headers[name] = value
    assert recorded_headers(headers) == {
        "Content-Encoding": "br",
        "Cache-Control": "max-age=60, public",
        "Vary": "Accept-Encoding",
    }


def test_comparison_table_sets_another_site_beside_the_uncached_english_page():
    rows = [
        {
            "name": name,
            "lang": lang,
            "status": 200,
            "uncached": {"page": {"1": figures(rps, 5.0, 9.0), "32": figures(rps * 2, 40.0, 80.0, connections=32)}},
        }
        for name, lang, rps in (("home", "en", 100.0), ("home", "zh-hans", 10.0), ("search", "en", 30.0))
    ]
    comparisons = [
        {
            "name": "home",
            "url": "http://127.0.0.1:8100/",
            "status": 200,
            "figures": {"1": figures(50.0, 8.0, 12.0), "32": figures(80.0, 300.0, 500.0, connections=32)},
        },
        {
            "name": "news-page",
            "url": "http://127.0.0.1:8100/blog/x/",
            "status": 200,
            "figures": {"1": figures(40.0, 9.0, 15.0), "32": figures(60.0, 9.0, 15.0, connections=32)},
        },
        {
            "name": "search",
            "url": "http://127.0.0.1:8100/search/?q=a",
            "status": 200,
            "figures": {"1": figures(15.0, 9.0, 15.0), "32": figures(0.0, 0.0, 0.0, requests=0, connections=32)},
        },
    ]
    lines = format_comparison(rows, comparisons, [1, 32]).splitlines()
    assert lines[0].startswith("compare: the portal's uncached en pages beside another site's")
    assert lines[1].split()[:2] == ["page", "other"]
    # The English home page (not the Chinese one): 100 against 50 req/s is 2x, 200 against 80 is 2.5x.
    assert lines[2].split() == ["home", "http://127.0.0.1:8100/", "50.0", "12.0", "100.0", "9.0", "2.00"] + [
        "80.0",
        "500.0",
        "200.0",
        "80.0",
        "2.50",
    ]
    # A page type the run did not measure has no portal figures; no requests at all is marked and has no ratio.
    assert lines[3].split() == ["news-page", "http://127.0.0.1:8100/blog/x/", "40.0", "15.0", "-", "-", "-"] + [
        "60.0",
        "15.0",
        "-",
        "-",
        "-",
    ]
    assert lines[4].split() == ["search", "http://127.0.0.1:8100/search/?q=a", "15.0", "15.0", "30.0", "9.0"] + [
        "2.00",
        "0.0*",
        "0.0",
        "60.0",
        "80.0",
        "-",
    ]
    assert lines[5].startswith("* fewer than 10 requests a connection")


@pytest.mark.parametrize("value", ["home", "nosuch=http://x/", "home=ftp://x/", "=http://x/"])
def test_compare_option_takes_a_page_type_and_an_http_url(value):
    with pytest.raises(ValueError, match="--compare takes PAGE=URL"):
        parse_compare(value)
    assert parse_compare("news-page=http://127.0.0.1:8100/blog/a/?b=c") == (
        "news-page",
        "http://127.0.0.1:8100/blog/a/?b=c",
    )
