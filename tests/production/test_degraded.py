"""Degraded, not down: the portal under gunicorn with its database, Redis or object storage cut off.

Each service is reached through a ``servers.Proxy``; taking the proxy down closes its port and cuts its
connections, as when the service goes away. What is expected (docs/operations.md, "When a service is unreachable"):

- Redis: every page renders, uncached; ``/readyz`` says so; a warning once per interval, not per request.
  Invalidations made meanwhile are written when Redis answers again, and a process that found it unreachable
  starts the page cache afresh then.
- the database: stored pages are still served; anything else is a 503 page in the visitor's language with
  Retry-After, logged once with its traceback and request id.
- the object storage: pages render; an image with no rendition yet is shown missing (its alt text) and the page
  is not stored.
"""

import json
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from portal.edge.language import html_lang, is_chinese, prefix_language
from tests.production.servers import Proxy, get, gunicorn
from tests.utils import has_cjk

LANGUAGES = ("en", "zh-hans", "zh-hant")


def target_of(url, default_port):
    parts = urlsplit(url)
    return parts.hostname, parts.port or default_port


def via(url, proxy):
    """``url`` with its host and port replaced by ``proxy``'s."""
    parts = urlsplit(url)
    netloc = f"{parts.username}@" if parts.username else ""
    return parts._replace(netloc=f"{netloc}127.0.0.1:{proxy.port}").geturl()


@pytest.fixture(scope="module")
def proxies(django_db_setup):
    database = settings.DATABASES["default"]
    found = {
        "database": Proxy((database["HOST"], int(database["PORT"]))),
        "redis": Proxy(target_of(settings.CACHES["default"]["LOCATION"], 6379)),
        "storage": Proxy(target_of(settings.AWS_S3_ENDPOINT_URL, 80)),
    }
    for proxy in found.values():
        proxy.up()
    yield found
    for proxy in found.values():
        proxy.down()


def through_proxies(proxies):
    """gunicorn's environment: the services through ``proxies``, one worker, Retry-After 17 s."""
    from tests.production.servers import database_url

    return {
        "DATABASE_URL": via(database_url(), proxies["database"]),
        "REDIS_URL": via(settings.CACHES["default"]["LOCATION"], proxies["redis"]),
        "AWS_S3_ENDPOINT_URL": via(settings.AWS_S3_ENDPOINT_URL, proxies["storage"]),
        "SERVICE_UNAVAILABLE_RETRY_AFTER": "17",
        "WEB_CONCURRENCY": "1",
    }


@pytest.fixture(scope="module")
def portal(proxies, tmp_path_factory):
    """gunicorn reaching PostgreSQL, Redis and the S3 server through the proxies; yields (base URL, log path).

    One worker, so that what it learnt of an outage (``backends.Outage``) is what every answer reflects.
    """
    log_path = tmp_path_factory.mktemp("degraded") / "gunicorn.log"
    environment = through_proxies(proxies)
    with gunicorn(log_path, **environment) as base_url:
        yield base_url, log_path


@pytest.fixture
def fresh_portal(proxies, tmp_path_factory):
    """Like ``portal``, but a gunicorn of this test's own: nothing learnt of another test's outage carries over."""
    log_path = tmp_path_factory.mktemp("degraded-fresh") / "gunicorn.log"
    with gunicorn(log_path, **through_proxies(proxies)) as base_url:
        yield base_url, log_path


@pytest.fixture
def restored(proxies):
    """Bring every proxy back up after the test, whatever it did."""
    yield proxies
    for proxy in proxies.values():
        if proxy.listener is None:
            proxy.up()


def log_records(log_path):
    """The JSON records gunicorn's workers wrote (other lines are gunicorn's own)."""
    lines = Path(log_path).read_text(errors="replace").splitlines()
    return [json.loads(line) for line in lines if line.startswith("{")]


def page_paths():
    """One public URL per page type and language, and the other routes visitors use."""
    from wagtail.models import Page

    paths = []
    for language in LANGUAGES:
        seen = set()
        for page in Page.objects.live().filter(depth__gt=1, locale__language_code=language).specific().order_by("path"):
            if type(page) not in seen:
                seen.add(type(page))
                paths.append(page.url)
        paths.append(f"/{language}/search/?q=city")
    return [*paths, "/sitemap.xml", "/robots.txt", "/api/v2/pages/?limit=2"]


def soup_of_bytes(body):
    return BeautifulSoup(body, "html.parser")


def assert_in_its_language(path, body):
    """A Chinese page's ``body`` declares its language's tag and has Chinese text (AssertionError)."""
    language = prefix_language(path)
    if language and is_chinese(language):
        assert f'<html lang="{html_lang(language)}"'.encode() in body and has_cjk(body.decode()), path


def poll(check, seconds=20):
    """Call ``check`` until it returns a true value (returned) or ``seconds`` pass (AssertionError)."""
    deadline = time.monotonic() + seconds
    while not (result := check()):
        assert time.monotonic() < deadline, "the portal did not recover in time"
        time.sleep(0.25)
    return result


@pytest.mark.django_db
def test_with_redis_unreachable_every_page_renders_uncached_and_readyz_says_so(portal, restored):
    base_url, log_path = portal
    paths = page_paths()
    for path in paths:  # stored while Redis is there
        get(base_url, path)
    logged_before = len(log_records(log_path))
    restored["redis"].down()
    for _ in range(3):
        for path in paths:
            status, headers, body = get(base_url, path)
            assert status == 200, (path, body[:300])
            assert_in_its_language(path, body)
            assert headers.get("X-Page-Cache", "skip") == "skip", path
    status, _headers, body = get(base_url, "/readyz")
    assert status == 503
    assert json.loads(body)["checks"] == {"database": "ok", "cache": "error", "storage": "ok"}
    # Signing in needs the session store (Redis too): a 503 page, not a 500.
    status, headers, body = get(base_url, "/admin/login/", headers={"Accept-Language": "zh-CN"})
    assert status in (200, 503)
    restored["redis"].up()
    poll(lambda: get(base_url, "/readyz")[0] == 200)
    assert poll(lambda: get(base_url, paths[0])[1]["X-Page-Cache"] == "hit")
    records = log_records(log_path)[logged_before:]
    warnings = [r for r in records if "is unreachable; serving without it" in r["message"]]
    # Once per interval, not once per request (~100 requests).
    assert len(warnings) == 1, [r["message"] for r in warnings]
    assert len([r for r in records if "answers again" in r["message"]]) == 1


@pytest.mark.django_db
def test_with_the_database_unreachable_stored_pages_are_served_and_the_rest_is_a_503_page(fresh_portal, restored):
    base_url, log_path = fresh_portal
    from news.models import NewsPage

    stored = [f"/{language}/{path}" for language in LANGUAGES for path in ("", "about/")]
    for path in stored:  # stored, and the worker past any outage an earlier test made (three hits in a row)
        poll(lambda path=path: [get(base_url, path)[1].get("X-Page-Cache") for _ in range(3)] == ["hit"] * 3)
    news = {
        language: NewsPage.objects.live().filter(locale__language_code=language).order_by("-pk").first().url
        for language in LANGUAGES
    }
    restored["database"].down()
    for path in stored:
        status, headers, body = get(base_url, path)
        assert (status, headers["X-Page-Cache"]) == (200, "hit"), path
    for language, path in news.items():
        status, headers, body = get(base_url, path)
        assert status == 503
        assert headers["Retry-After"] == "17"
        assert headers["Content-Language"] == language and headers["Cache-Control"] == "no-store"
        text = body.decode()
        assert f'<html lang="{html_lang(language)}"' in text and "Traceback" not in text and "psycopg" not in text
        assert has_cjk(text) == is_chinese(language)
        request_id = headers["X-Request-ID"]
        records = [r for r in log_records(log_path) if r.get("request_id") == request_id]
        errors = [r for r in records if "exc_info" in r]
        assert len(errors) == 1 and errors[0]["level"] == "ERROR" and "OperationalError" in errors[0]["exc_info"]
        assert [r["status"] for r in records if r["logger"] == "portal.request"] == [503]
    assert get(base_url, "/healthz")[0] == 200
    status, _headers, body = get(base_url, "/readyz")
    assert status == 503 and json.loads(body)["checks"]["database"] == "error"
    restored["database"].up()
    assert poll(lambda: get(base_url, news["en"])[0] == 200)


def test_with_the_storage_unreachable_pages_render_and_new_images_show_their_alt_text(
    portal, restored, django_db_blocker
):
    base_url, _log_path = portal
    from wagtail.images import get_image_model

    from news.models import NewsPage
    from tests.factories import ImageFactory

    with django_db_blocker.unblock():  # the seed's news have no picture: give one a hero image (committed)
        news = NewsPage.objects.live().filter(locale__language_code="en").order_by("-date").first()
        news.hero_image, news.hero_image_alt = ImageFactory(), "Delegates in Tianjin"
        news.save_revision().publish()
        url, alt = news.url, news.hero_image_alt
        renditions = get_image_model().get_rendition_model().objects.filter(image_id=news.hero_image_id)
    assert get(base_url, url, headers={"Cookie": "csrftoken=x"})[0] == 200  # makes the renditions
    with django_db_blocker.unblock():
        assert renditions.exists()
    fresh = {"Cookie": "csrftoken=x"}  # a request the page cache does not answer
    restored["storage"].down()
    # The image's renditions exist: the page links them, as before (their URLs need no request to the storage).
    status, _headers, body = get(base_url, url, headers=fresh)
    assert status == 200 and b"/not-found" not in body
    # Without renditions (committed, so gunicorn sees it), they cannot be made: the image is shown missing,
    # described by its alt text, and the page is kept by no cache.
    with django_db_blocker.unblock():
        renditions.delete()
    for path in (url, url, "/api/v2/pages/?type=news.NewsPage&fields=hero_image&limit=50"):
        status, headers, body = get(base_url, path, headers=fresh)
        assert status == 200, body[:500]
    soup = soup_of_bytes(get(base_url, url, headers=fresh)[2])
    [missing] = soup.select('main img[src$="/not-found"]')
    assert missing["alt"] == alt
    status, headers, _body = get(base_url, url)
    assert status == 200 and "no-store" in headers["Cache-Control"] and headers["X-Page-Cache"] == "skip"
    # Back: the renditions are made and the page is whole again.
    restored["storage"].up()
    body = get(base_url, url, headers=fresh)[2]
    assert b"/not-found" not in body
    with django_db_blocker.unblock():
        assert renditions.exists()


@pytest.mark.django_db
def test_an_invalidation_made_while_redis_is_unreachable_is_written_when_it_answers(
    proxies, restored, settings, monkeypatch, caplog
):
    """A change published while Redis is away is not refused, and no page stored before it is served once Redis is
    back. Editors cannot sign in then (their sessions live in Redis): what publishes is the scheduler, Wagtail's
    ``publish_scheduled`` (make run's loop, a cron job in production), here publishing an editor's scheduled change."""
    import datetime

    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from news.models import NewsPage
    from portal.caching import backends

    cache = settings.CACHES["default"]
    settings.CACHES = {**settings.CACHES, "default": {**cache, "LOCATION": via(cache["LOCATION"], proxies["redis"])}}
    settings.PAGE_CACHE_LOCAL_MAX_BYTES = 0  # what Redis holds is what is served
    monkeypatch.setattr(backends, "RETRY_INTERVAL", 0.05)
    client = Client(headers={"X-Forwarded-Proto": "https"})
    news = NewsPage.objects.live().filter(locale__language_code="zh-hans").order_by("pk").first()
    assert [client.get(news.url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    news.title = f"{news.title}（更新）"
    news.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(seconds=1))  # scheduled by an editor
    restored["redis"].down()
    call_command("publish_scheduled")
    assert "Could not invalidate the stored pages" in caplog.text
    restored["redis"].up()
    time.sleep(0.1)
    response = client.get(news.url)
    assert (response.status_code, response["X-Page-Cache"]) == (200, "miss")
    assert "（更新）" in response.content.decode()
    assert client.get(news.url)["X-Page-Cache"] == "hit"
