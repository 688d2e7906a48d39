"""Smoke test: gunicorn with the production settings on a loopback port, as a load balancer sees it."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.production.servers import get, gunicorn
from tests.utils import has_cjk


@pytest.fixture(scope="module")
def gunicorn_url(django_db_setup, tmp_path_factory):
    """Start gunicorn (gunicorn.conf.py, two workers) on the suite's database; yield its base URL; stop it."""
    with gunicorn(tmp_path_factory.mktemp("gunicorn") / "output.log") as base_url:
        yield base_url


def test_pages_in_both_languages(gunicorn_url):
    status, headers, body = get(gunicorn_url, "/en/")
    assert status == 200
    assert headers["Content-Language"] == "en"
    assert b'<html lang="en"' in body
    status, headers, body = get(gunicorn_url, "/zh-hans/")
    assert status == 200
    assert headers["Content-Language"] == "zh-hans"
    assert b'<html lang="zh-Hans"' in body and has_cjk(body.decode())
    # HTTPS only: HSTS on every answer, a plain-HTTP request is sent to HTTPS.
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    status, headers, _body = get(gunicorn_url, "/en/", headers={"X-Forwarded-Proto": "http"})
    assert status == 301 and headers["Location"].startswith("https://")


def test_a_hashed_static_file_with_a_far_future_cache_header(gunicorn_url):
    _status, _headers, body = get(gunicorn_url, "/en/")
    stylesheet = re.search(rb'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the page links its stylesheet under a hashed name"
    status, headers, css = get(gunicorn_url, stylesheet.group(1).decode())
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    cache_control = headers["Cache-Control"]
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600
    assert css == (Path(settings.STATIC_ROOT) / stylesheet.group(1).decode().removeprefix("/static/")).read_bytes()
    # Pre-compressed variants are served to clients that accept them.
    status, headers, _compressed = get(gunicorn_url, stylesheet.group(1).decode(), headers={"Accept-Encoding": "br"})
    assert headers["Content-Encoding"] == "br"


@pytest.mark.parametrize("method", ["POST", "DELETE", "OPTIONS", "TRACE", "FOO"])
def test_methods_through_gunicorn_whitenoise_and_the_middleware(gunicorn_url, method):
    """WhiteNoise answers its files' other methods itself; pages go through portal.edge.methods."""
    _status, _headers, body = get(gunicorn_url, "/en/")
    stylesheet = re.search(rb'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', body).group(1).decode()
    status, headers, body = get(gunicorn_url, stylesheet, method=method)
    assert (status, headers["Allow"], body) == (405, "GET, HEAD", b"")
    status, headers, body = get(gunicorn_url, "/zh-hans/news/", headers={"Accept-Language": "en"}, method=method)
    assert headers["Allow"] == "GET, HEAD, OPTIONS"
    if method == "OPTIONS":
        assert (status, body) == (200, b"")
    else:
        assert status == 405
        assert headers["Content-Language"] == "zh-hans"
        assert b'<html lang="zh-Hans"' in body and has_cjk(body.decode())
        assert "Content-Security-Policy" in headers


def test_health_endpoints(gunicorn_url):
    import json

    status, _headers, body = get(gunicorn_url, "/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"
    status, _headers, body = get(gunicorn_url, "/readyz", headers={"Host": "10.0.0.7"})
    answer = json.loads(body)
    assert status == 200, answer
    assert answer["checks"] == {"database": "ok", "cache": "ok", "storage": "ok"}


@pytest.mark.django_db
def test_the_page_cache_is_shared_by_the_workers_and_invalidated_from_elsewhere(gunicorn_url):
    """Stored pages live in Redis: any worker serves them, and a change made on another server invalidates them."""
    from news.models import NewsPage
    from portal.caching import signals

    news = NewsPage.objects.live().filter(locale__language_code="en").order_by("pk").first()
    about = "/en/about/"
    gzip = {"Accept-Encoding": "gzip"}
    statuses = [get(gunicorn_url, path, gzip)[1]["X-Page-Cache"] for path in (news.url, about) for _ in range(4)]
    assert statuses == ["miss", "hit", "hit", "hit"] * 2  # two workers, one store
    status, headers, _body = get(gunicorn_url, news.url, gzip)
    assert (status, headers["Content-Encoding"]) == (200, "gzip")
    assert "s-maxage=60" in headers["Cache-Control"]

    signals.invalidate_page(news)  # as this process does when an editor publishes here (another app server)
    assert get(gunicorn_url, news.url, gzip)[1]["X-Page-Cache"] == "miss"
    assert get(gunicorn_url, about, gzip)[1]["X-Page-Cache"] == "hit"
