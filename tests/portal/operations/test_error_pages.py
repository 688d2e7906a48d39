"""The answers to uncaught errors (``portal.core.views.server_error``, ``portal.operations.unavailable``): pages,
JSON in the API.

An error from an unreachable service (here: the session store, a Redis cache on a closed port) is a 503 page with
Retry-After; any other a 500 page. Both are in the visitor's language, read nothing from the database or the
cache, show no traceback, and are logged once with their own traceback and the request's id. Whole outages of the
database, cache and storage under gunicorn: tests/production/test_degraded.py.
"""

import io
import json
import logging

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client, override_settings
from django.utils.module_loading import import_string

from portal.edge.language import html_lang, is_chinese
from portal.operations import unavailable
from tests.utils import EN, ZH, has_cjk, soup_of, unreachable_cache


@pytest.fixture
def console_lines(caplog):
    """The JSON objects the configured console handler writes during the test (with the request lines)."""
    caplog.set_level(logging.INFO, logger="portal.request")
    [handler] = [handler for handler in logging.getLogger().handlers if handler.name == "console"]
    config = dict(settings.LOGGING["formatters"]["json"])
    buffer = io.StringIO()
    old_stream, old_formatter = handler.setStream(buffer), handler.formatter
    handler.setFormatter(import_string(config.pop("()"))(**config))
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        handler.setStream(old_stream)
        handler.setFormatter(old_formatter)


def assert_logged_once(lines, response, status, error_text):
    """One record with a traceback naming ``error_text``, sharing its request id with the request line."""
    [error] = [line for line in lines if "exc_info" in line]
    assert error["level"] == "ERROR" and error["status_code"] == status
    assert error_text in error["exc_info"]
    [request_line] = [line for line in lines if line["logger"] == "portal.request"]
    assert request_line["status"] == status
    assert error["request_id"] == request_line["request_id"] == response["X-Request-ID"]


def assert_error_page(response, status, language):
    soup = soup_of(response)
    assert response.status_code == status
    assert soup.html["lang"] == html_lang(language) and response["Content-Language"] == language
    assert response["Cache-Control"] == "no-store"
    assert soup.select_one("main h1").get_text(strip=True)
    assert has_cjk(soup.main.get_text()) == is_chinese(language)
    assert "Traceback" not in response.content.decode() and "Error" not in soup.main.get_text()
    assert soup.select_one("a.skip-link")["href"] == "#main"


SESSIONS_UNREACHABLE = {
    "SESSION_ENGINE": "django.contrib.sessions.backends.cache",
    "SESSION_CACHE_ALIAS": "sessions",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", [EN, ZH])
def test_signing_in_while_the_session_store_is_unreachable_is_a_503_page(
    django_user_model, console_lines, language, settings
):
    """The Editor's password is right, but the session cannot be saved: come back later, in the visitor's language."""
    from django.contrib.auth.models import Group

    from portal.translations.roles import EDITORS

    user = django_user_model.objects.create_user("editor-at-the-door", "door@example.org", "pw")
    user.groups.add(Group.objects.get(name=EDITORS))
    caches = {**settings.CACHES, "sessions": unreachable_cache("portal.caching.backends.RedisCache")}
    client = Client(raise_request_exception=False, headers={"Accept-Language": language})
    with override_settings(CACHES=caches, **SESSIONS_UNREACHABLE):
        response = client.post("/admin/login/", {"username": "editor-at-the-door", "password": "pw"})
    assert_error_page(response, 503, language)
    assert response["Retry-After"] == str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    assert_logged_once(console_lines(), response, 503, "redis.exceptions.ConnectionError")


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "language"), [("/robots.txt", EN), ("/en/", EN), ("/zh-hans/", ZH)])
def test_a_bug_is_a_500_page_in_the_visitors_language(monkeypatch, console_lines, path, language):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("portal.core.views.reverse", broken)  # robots.txt
    monkeypatch.setattr("portal.core.templatetags.portal_tags.furniture", broken)  # every page's header
    response = Client(raise_request_exception=False).get(path)
    assert_error_page(response, 500, language)
    assert "Retry-After" not in response
    assert_logged_once(console_lines(), response, 500, "RuntimeError: a bug")


@pytest.mark.django_db
@pytest.mark.parametrize("language", [EN, ZH])
def test_a_404_page_that_fails_is_logged_with_its_own_traceback(monkeypatch, console_lines, language):
    """Django would log the Http404 as the 500's cause; the error in the 404 page is the one that matters."""

    def broken(*args, **kwargs):
        raise RuntimeError("the 404 page is broken")

    monkeypatch.setattr("portal.core.templatetags.portal_tags.furniture", broken)
    response = Client(raise_request_exception=False).get(f"/{language}/no-such-page/")
    assert_error_page(response, 500, language)
    lines = console_lines()
    assert_logged_once(lines, response, 500, "RuntimeError: the 404 page is broken")
    # The error in the 404 page is the one logged (Http404 appears only as what was being handled).
    [error] = [line for line in lines if "exc_info" in line]
    assert error["exc_info"].endswith("RuntimeError: the 404 page is broken")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status", "language", "message"),
    [
        (OperationalError("could not connect to server"), 503, EN, "Temporarily unavailable"),
        (OperationalError("could not connect to server"), 503, ZH, "暂时无法访问"),
        (RuntimeError("a bug"), 500, EN, "Server error"),
        (RuntimeError("a bug"), 500, ZH, "服务器错误"),
    ],
)
def test_an_uncaught_error_in_the_api_is_json(monkeypatch, console_lines, error, status, language, message):
    """Like the API's own errors: JSON, a message in the visitor's language; a lost service: 503 with Retry-After."""

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr("portal.api.views.PagesEndpoint.listing_view", broken)
    client = Client(raise_request_exception=False, headers={"Accept-Language": language})
    response = client.get("/api/v2/pages/?type=news.NewsPage")
    assert response.status_code == status and response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"message": message}
    assert (response["Content-Language"], response["Cache-Control"]) == (language, "no-store")
    assert response.get("Retry-After") == (str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER) if status == 503 else None)
    assert_logged_once(console_lines(), response, status, str(error))


def test_which_errors_mean_a_service_is_unreachable():
    try:
        try:
            raise ConnectionRefusedError(111, "Connection refused")
        except ConnectionRefusedError as error:
            raise OperationalError("could not connect to server") from error
    except OperationalError as error:
        wrapped = error
    try:
        try:
            raise wrapped
        except OperationalError:
            raise RuntimeError("raised while handling it") from None
    except RuntimeError as error:
        hidden = error  # ``from None`` still keeps the context
    assert unavailable.is_unavailable(wrapped)
    assert unavailable.is_unavailable(hidden)
    assert not unavailable.is_unavailable(RuntimeError("a bug"))
    assert not unavailable.is_unavailable(None)
