"""Request logging (portal/operations/request_logging.py): one record per request, JSON lines, quiet client errors.

The client-error tests read what the configured console handler writes (its stream swapped for a
buffer and, for parseable lines, its formatter for the configured JSON one), so the filters of
``LOGGING`` are exercised as in production. One test starts a process with ``LOG_FORMAT=json``.
"""

import io
import json
import logging
import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils.module_loading import import_string

from portal.edge.workers import QUEUE_SECONDS_KEY
from portal.operations.request_logging import logging_config, request_id_for

REQUEST_FIELDS = {"method", "path", "status", "duration_ms", "request_id", "remote_addr", "user_id", "language"}
JSON_KEYS = {"timestamp", "level", "logger", "message"} | REQUEST_FIELDS


def json_formatter():
    """The JSON formatter exactly as LOGGING configures it."""
    config = dict(settings.LOGGING["formatters"]["json"])
    return import_string(config.pop("()"))(**config)


def console_handler():
    [handler] = [handler for handler in logging.getLogger().handlers if handler.name == "console"]
    return handler


@pytest.fixture
def request_records(caplog):
    """Records of ``portal.request`` (enabled at INFO for the test)."""
    caplog.set_level(logging.INFO, logger="portal.request")
    return lambda: [record for record in caplog.records if record.name == "portal.request"]


@pytest.fixture
def console_lines(request_records):
    """Return a function giving the JSON objects the configured console handler wrote during the test."""
    handler = console_handler()
    buffer = io.StringIO()
    old_stream, old_formatter = handler.setStream(buffer), handler.formatter
    handler.setFormatter(json_formatter())
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        handler.setStream(old_stream)
        handler.setFormatter(old_formatter)


# ---------------------------------------------------------------------------- the request line


@pytest.mark.django_db
def test_a_request_makes_exactly_one_record_with_its_fields(client, request_records):
    response = client.get("/en/news/?utm_source=newsletter&email=someone@example.org", HTTP_X_REQUEST_ID="lb-1234")
    assert response.status_code == 200
    [record] = request_records()
    assert record.levelname == "INFO"
    assert (record.method, record.path, record.status) == ("GET", "/en/news/", 200)
    assert isinstance(record.duration_ms, float) and record.duration_ms >= 0
    assert record.request_id == "lb-1234" == response["X-Request-ID"]
    assert record.remote_addr == "127.0.0.1"
    assert record.user_id is None
    assert record.language == "en"
    assert record.getMessage() == f"GET /en/news/ 200 {record.duration_ms} ms"
    assert "someone" not in record.getMessage() and "utm" not in record.getMessage()


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_record_names_the_client(client, request_records, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    client.get("/en/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    [record] = request_records()
    assert record.remote_addr == "203.0.113.9"  # the address the load balancer saw, not the forged one


@pytest.mark.django_db
def test_the_record_names_the_language_and_the_logged_in_user(admin_client_user, request_records):
    assert admin_client_user.get("/zh-hans/").status_code == 200
    [record] = request_records()
    assert record.language == "zh-hans"
    assert record.user_id == admin_client_user.user.pk


@pytest.mark.django_db
def test_errors_and_redirects_are_logged_too(client, request_records):
    assert client.get("/en/no-such-page/").status_code == 404
    assert client.get("/").status_code == 302
    assert [(record.path, record.status) for record in request_records()] == [("/en/no-such-page/", 404), ("/", 302)]


@pytest.mark.django_db
def test_health_probes_are_not_logged(client, request_records):
    client.get("/healthz")
    client.get("/readyz")
    assert request_records() == []


# ---------------------------------------------------------------------------- request ids


@pytest.mark.django_db
def test_a_request_id_is_generated_when_there_is_none(client, request_records):
    first, second = client.get("/robots.txt"), client.get("/robots.txt")
    ids = [record.request_id for record in request_records()]
    assert ids == [first["X-Request-ID"], second["X-Request-ID"]]
    assert ids[0] != ids[1]
    assert all(len(value) == 32 and int(value, 16) >= 0 for value in ids)


@pytest.mark.parametrize(
    "value",
    ["0f8fad5b-d9cb-469f-a165-70867728950e", "Root=1-67891233-abcdef012345678912345678", "a" * 128, "dGVzdA=="],
)
def test_a_sane_incoming_request_id_is_kept(value):
    assert request_id_for(value) == value


@pytest.mark.parametrize(
    "value", [None, "", "a" * 129, "with space", "line\nbreak", "tab\t", 'quote"', "<script>", "请求", "é"]
)
def test_an_odd_incoming_request_id_is_replaced(value):
    replaced = request_id_for(value)
    assert replaced != value
    assert len(replaced) == 32 and int(replaced, 16) >= 0


@pytest.mark.django_db
def test_an_invalid_request_id_header_is_replaced_in_the_response(client, request_records):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID="x" * 500)
    [record] = request_records()
    assert record.request_id == response["X-Request-ID"] != "x" * 500
    assert len(response["X-Request-ID"]) == 32


# ---------------------------------------------------------------------------- JSON


@pytest.mark.django_db
def test_the_json_formatter_makes_one_parseable_line_with_the_fields(client, request_records):
    client.get("/zh-hans/news/?q=private", HTTP_X_REQUEST_ID="abc-1")
    [record] = request_records()
    line = json_formatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert set(data) >= JSON_KEYS
    assert data["level"] == "INFO"
    assert data["logger"] == "portal.request"
    assert data["message"] == record.getMessage()
    assert (data["method"], data["path"], data["status"], data["request_id"]) == ("GET", "/zh-hans/news/", 200, "abc-1")
    assert data["language"] == "zh-hans"
    timestamp = datetime.fromisoformat(data["timestamp"])
    assert timestamp.utcoffset() == timedelta(0)
    assert "private" not in line


def test_log_format_is_checked():
    assert logging_config("json")["handlers"]["console"]["formatter"] == "json"
    assert logging_config("text")["handlers"]["console"]["formatter"] == "text"
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        logging_config("xml")


PROBE = """
import django, logging
django.setup()
from django.test import Client, RequestFactory
from django.http import HttpResponse
from django.utils.log import log_response
Client().get("/robots.txt?token=secret-token", HTTP_X_REQUEST_ID="probe-1")
request = RequestFactory().get("/en/news/?year=secret-year")
try:
    raise ValueError("expected")
except ValueError as error:
    log_response("Bad request: %s", request.path, response=HttpResponse(status=400), request=request, exception=error)
    log_response("Server error: %s", request.path, response=HttpResponse(status=500), request=request, exception=error)
"""


def test_log_format_json_writes_json_lines_on_stdout():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "LOG_FORMAT": "json", "LOG_LEVEL": "WARNING"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    request_line, bad_request, server_error = lines
    assert set(request_line) >= JSON_KEYS
    assert (request_line["path"], request_line["status"], request_line["request_id"]) == ("/robots.txt", 200, "probe-1")
    assert bad_request["logger"] == "django.request" and bad_request["level"] == "WARNING"
    assert "exc_info" not in bad_request
    assert server_error["level"] == "ERROR" and "ValueError: expected" in server_error["exc_info"]
    assert "secret" not in result.stdout  # no query string, not even through the HttpRequest Django attaches
    assert all("request" not in line for line in lines)


def test_an_unknown_log_format_stops_the_process():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "LOG_FORMAT": "xml"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "LOG_FORMAT must be one of text, json, not 'xml'" in result.stderr


# ---------------------------------------------------------------------------- client and server errors


@pytest.mark.django_db
def test_a_bad_archive_filter_is_one_warning_without_traceback(client, console_lines):
    response = client.get("/en/news/?year=abc")
    assert response.status_code == 400
    warning, request_line = console_lines()
    assert (warning["logger"], warning["level"]) == ("django.request", "WARNING")
    assert warning["message"].endswith(": /en/news/")
    assert warning["status_code"] == 400
    assert "exc_info" not in warning
    assert warning["request_id"] == request_line["request_id"] == response["X-Request-ID"]
    assert (request_line["status"], request_line["path"]) == (400, "/en/news/")


@pytest.mark.django_db
def test_a_server_error_is_logged_once_with_its_traceback(monkeypatch, console_lines):
    def broken(*args, **kwargs):
        raise RuntimeError("the sitemap route is gone")

    monkeypatch.setattr("portal.core.views.reverse", broken)
    response = Client(raise_request_exception=False).get("/robots.txt?key=value")
    assert response.status_code == 500
    lines = console_lines()
    with_traceback = [line for line in lines if "exc_info" in line]
    assert len(with_traceback) == 1
    [error] = with_traceback
    assert (error["logger"], error["level"], error["status_code"]) == ("django.request", "ERROR", 500)
    assert "Traceback (most recent call last)" in error["exc_info"]
    assert "RuntimeError: the sitemap route is gone" in error["exc_info"]
    assert error["exc_info"].count("Traceback (most recent call last)") == 1
    [request_line] = [line for line in lines if line["logger"] == "portal.request"]
    assert (request_line["status"], request_line["path"]) == (500, "/robots.txt")
    assert error["request_id"] == request_line["request_id"]


@pytest.mark.django_db
@override_settings(LOAD_SHED_QUEUE_SECONDS=5, PAGE_CACHE=False)
def test_a_shed_request_is_one_warning_without_traceback(client, console_lines):
    """A 503 the portal chose to give (here: a request that waited too long for a thread) is no error in the code:
    under overload, thousands of them must not flood the ERROR lines."""
    response = client.get("/en/news/", **{QUEUE_SECONDS_KEY: 6.0})
    assert response.status_code == 503
    request_line, warning = console_lines()  # Django logs the answer after the middleware has returned it
    assert (warning["logger"], warning["level"], warning["status_code"]) == ("django.request", "WARNING", 503)
    assert "exc_info" not in warning
    assert warning["request_id"] == request_line["request_id"] == response["X-Request-ID"]
    assert request_line["status"] == 503


@pytest.mark.django_db
def test_a_disallowed_host_is_one_warning_without_traceback(client, console_lines):
    with override_settings(ALLOWED_HOSTS=["portal.example.org"]):
        response = client.get("/en/", HTTP_HOST="scanner.example")
    assert response.status_code == 400
    lines = console_lines()
    [security] = [line for line in lines if line["logger"].startswith("django.security")]
    assert security["logger"] == "django.security.DisallowedHost"
    assert security["level"] == "WARNING"
    assert "exc_info" not in security
    assert all("exc_info" not in line for line in lines)
    assert [line["status"] for line in lines if line["logger"] == "portal.request"] == [400]


@pytest.mark.django_db
def test_in_text_logs_the_error_and_its_request_line_share_the_request_id(monkeypatch, request_records):
    """``LOG_FORMAT=text`` (make run): the error line, its traceback and the request line, matched by the id."""

    def broken(*args, **kwargs):
        raise RuntimeError("the sitemap route is gone")

    monkeypatch.setattr("portal.core.views.reverse", broken)
    handler = console_handler()
    config = dict(logging_config("text")["formatters"]["text"])
    buffer = io.StringIO()
    old_stream, old_formatter = handler.setStream(buffer), handler.formatter
    handler.setFormatter(import_string(config.pop("()"))(**config))
    try:
        response = Client(raise_request_exception=False).get("/robots.txt", HTTP_X_REQUEST_ID="text-probe-1")
    finally:
        handler.setStream(old_stream)
        handler.setFormatter(old_formatter)
    assert response.status_code == 500
    output = buffer.getvalue()
    assert "ERROR django.request: Internal Server Error: /robots.txt [request text-probe-1]\nTraceback" in output
    assert "RuntimeError: the sitemap route is gone" in output
    assert "INFO portal.request: GET /robots.txt 500 " in output and output.rstrip().endswith("[request text-probe-1]")
    assert output.count("Traceback (most recent call last)") == 1
