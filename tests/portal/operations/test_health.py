"""Health endpoints (portal/operations/health.py): /healthz answers without any backend, /readyz checks them.

Failures are real: a Redis cache on a closed loopback port, an S3 storage whose endpoint is a closed
port, a media folder that does not exist, a SQLite database in a folder that does not exist. The body
must then say which check failed and nothing else (no host, port, URL or exception text).
"""

import functools
import threading
import uuid

import pytest
from botocore.config import Config
from django.db.utils import ConnectionHandler
from django.test import Client, override_settings

from portal.operations import health
from tests.utils import closed_port, unreachable_cache

ENDPOINTS = ["/healthz", "/readyz"]


def storages_with_default(backend, **options):
    from django.conf import settings

    return {**settings.STORAGES, "default": {"BACKEND": backend, "OPTIONS": options}}


def assert_says_nothing_but_the_checks(response, *secrets):
    """The body is {"status", "checks"} with "ok"/"error" values only, and mentions none of ``secrets``."""
    body = response.json()
    assert set(body) == {"status", "checks"}
    assert set(body["checks"]) == {"database", "cache", "storage"}
    assert set(body["checks"].values()) <= {health.OK, health.ERROR}
    text = response.content.decode()
    for secret in ("Error", "error:", "Traceback", "127.0.0.1", "localhost", "http", *secrets):
        assert secret not in text, secret


# ---------------------------------------------------------------------------- liveness and readiness


def test_healthz_answers_without_the_database(client):
    # No django_db mark: pytest-django would fail the test if the endpoint touched the database.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_database_cache_and_storage(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "storage": "ok"}}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ENDPOINTS)
def test_head_answers_the_status_without_a_body(client, path):
    response = client.head(path)
    assert response.status_code == 200
    assert response.content == b""
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "FOO"])
def test_other_methods_are_a_json_405(path, method):
    # No django_db mark: the refusal touches no backend.
    client = Client(enforce_csrf_checks=True)  # a 405, not a CSRF 403: the middleware answers first
    response = client.generic(method, path, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "error", "message": "method not allowed: use GET or HEAD"}
    for header in ("Vary", "Content-Language", "Set-Cookie"):
        assert header not in response, header


@pytest.mark.django_db
@pytest.mark.parametrize("path", ENDPOINTS)
def test_any_host_over_http_without_redirect_session_or_locale(client, path):
    with override_settings(ALLOWED_HOSTS=["portal.example.org"], SECURE_SSL_REDIRECT=True):
        assert client.get("/en/", HTTP_HOST="10.0.3.7:8000").status_code == 400  # the setting does bite
        assert client.get("/en/", HTTP_HOST="portal.example.org").status_code == 301  # to https
        client.cookies["sessionid"] = "a-session-key"
        client.cookies["csrftoken"] = "a" * 32
        for host in ("10.0.3.7:8000", "portal.example.org", "not a host name"):
            response = client.get(path, HTTP_HOST=host)
            assert response.status_code == 200, host
            assert "Set-Cookie" not in response
            assert not response.cookies
            for header in ("Vary", "Content-Language", "Location", "X-Request-ID"):
                assert header not in response, header


def test_only_the_exact_paths_are_health_endpoints():
    assert set(health.ENDPOINTS) == {"/healthz", "/readyz"}
    request = type("Request", (), {"path_info": "/en/healthz", "method": "GET"})()
    middleware = health.HealthCheckMiddleware(lambda request: "passed on")
    assert middleware(request) == "passed on"


# ---------------------------------------------------------------------------- failures


@pytest.mark.django_db
@pytest.mark.parametrize("backend", ["RedisCache", "DegradingRedisCache"])
def test_readyz_is_503_when_redis_is_unreachable(client, caplog, backend):
    """Also for the production ``default`` cache, which answers as an empty cache while Redis is unreachable."""
    cache = unreachable_cache(f"portal.caching.backends.{backend}")
    port = cache["LOCATION"].rsplit(":", 1)[1].split("/")[0]
    with override_settings(CACHES={"default": cache}):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "cache": "error", "storage": "ok"}}
    assert_says_nothing_but_the_checks(response, port, "redis", "Connection", "refused")
    # The reason is in the server's log, with the check's name and the exception.
    failures = [record for record in caplog.records if record.name == "portal.operations.health"]
    assert [record.getMessage() for record in failures] == ["Readiness check cache failed"]
    refusals = [record.getMessage() for record in caplog.records if "Connection refused" in record.getMessage()]
    if backend == "RedisCache":
        assert "ConnectionError" in type(failures[0].exc_info[1]).__name__
    else:  # the cache stepped aside, and said why (once)
        assert len(refusals) == 1 and "is unreachable" in refusals[0]


@pytest.mark.django_db
def test_readyz_is_503_when_the_s3_endpoint_is_unreachable(client):
    port = closed_port()
    storages = storages_with_default(
        "storages.backends.s3.S3Storage",
        bucket_name="portal-media-secret-bucket",
        endpoint_url=f"http://127.0.0.1:{port}",
        access_key="AKIASECRETKEYID",
        secret_key="very-secret-key",
        region_name="eu-west-1",
        client_config=Config(connect_timeout=1, read_timeout=1, retries={"max_attempts": 0}),
    )
    with override_settings(STORAGES=storages):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "storage": "error"}
    assert_says_nothing_but_the_checks(response, str(port), "secret", "AKIA", "bucket", "eu-west-1", "botocore")


@pytest.mark.django_db
def test_readyz_is_503_when_the_media_folder_is_missing(client, tmp_path):
    missing = tmp_path / "no-such-folder" / "media"
    storages = storages_with_default("django.core.files.storage.FileSystemStorage", location=str(missing))
    with override_settings(STORAGES=storages):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "storage": "error"}
    assert_says_nothing_but_the_checks(response, "no-such-folder", str(tmp_path))


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_cannot_be_opened(client, tmp_path, monkeypatch):
    missing = tmp_path / "no-such-folder" / "portal.sqlite3"
    broken = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(missing)}})
    monkeypatch.setitem(health.CHECKS, "database", functools.partial(health.check_database, handler=broken))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "error", "cache": "ok", "storage": "ok"}
    assert_says_nothing_but_the_checks(response, "no-such-folder", "sqlite", "unable to open")


def test_a_cache_that_keeps_nothing_fails():
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=dummy), pytest.raises(AssertionError):
        health.check_cache()


def test_a_check_that_hangs_fails_after_the_timeout(caplog):
    release = threading.Event()
    name = f"hangs-{uuid.uuid4().hex[:8]}"
    try:
        results = health.run_checks({name: lambda: release.wait(10), "fine": lambda: None}, timeout=0.2)
    finally:
        release.set()
    assert results == {name: "error", "fine": "ok"}
    assert f"Readiness check {name} timed out after 0.2 s" in caplog.text
