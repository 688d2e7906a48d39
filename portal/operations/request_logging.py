"""Logging: the LOGGING setting (``logging_config``), one line per request (``RequestLogMiddleware``), quiet 4xx.

Formats, fields and what is logged how: docs/operations.md, "Logs".
"""

import contextvars
import logging
import re
import time
import uuid

from pythonjsonlogger.core import RESERVED_ATTRS

logger = logging.getLogger("portal.request")

LOG_FORMATS = ("text", "json")
REQUEST_ID_HEADER = "X-Request-ID"
#: An incoming X-Request-ID is kept when it is 1 to 128 of these characters (UUIDs, hex, base64,
#: ``Root=1-...`` style ids); anything else is replaced, so a header cannot forge log content.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:+/=-]{1,128}", re.ASCII)

#: The id of the request being served in this thread or task (None outside requests).
current_request_id = contextvars.ContextVar("current_request_id", default=None)


def request_id_for(header_value):
    """Return the request id for an incoming ``X-Request-ID`` value (a str or None).

    The value itself when it matches ``REQUEST_ID_PATTERN``; otherwise (missing, empty, too long,
    spaces, control or non-ASCII characters) a new random id, 32 hexadecimal characters.
    """
    if header_value and REQUEST_ID_PATTERN.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


def _escape(value):
    """``value`` with control characters escaped, as Django escapes its log arguments (for text logs)."""
    return value.encode("unicode_escape").decode("ascii")


def _user_id(request):
    """The primary key of the authenticated user of ``request``, else None.

    AuthenticationMiddleware's lazy user is resolved here if no view did: without a session cookie
    that costs nothing; with one, the session and user lookups a view would have made. A failure (the
    session store or database down, which the request's own error already reports) gives None.
    """
    user = getattr(request, "user", None)
    if user is None:
        return None
    try:
        return user.pk if user.is_authenticated else None
    except Exception:
        return None


class RequestLogMiddleware:
    """Log one INFO line per request on ``portal.request`` and echo its id as ``X-Request-ID``.

    Place it right after ``HealthCheckMiddleware`` so that it times and sees everything else (HTTPS
    redirects, 400s for bad hosts, errors turned into 500 pages by Django). Input: any request; sets
    ``request.request_id`` (see ``request_id_for``) for the views. Output: the response, unchanged but
    for the ``X-Request-ID`` header. The record's message is ``"GET /en/news/ 200 12.3 ms"`` and its
    extra fields are:

    ``method``; ``path`` (``request.path``, without the query string: queries can carry personal data
    such as search terms or e-mail addresses); ``status``; ``duration_ms`` (a float, until the
    response object is returned: a streamed body is sent later); ``request_id``; ``remote_addr``
    (the client's address: ``REMOTE_ADDR``, or behind ``AXES_PROXY_COUNT`` trusted proxies the entry
    they added to ``X-Forwarded-For``, as the login throttling sees it: ``portal.operations.login_throttling``);
    ``user_id`` (the authenticated user's id, else None);
    ``language`` (the response's Content-Language, else the request's ``LANGUAGE_CODE``).
    Raises nothing: Django has turned any exception into a response before it gets here.
    """

    def __init__(self, get_response):
        # The settings import this module (logging_config) before django-axes, which login_throttling needs, loads.
        from portal.operations.login_throttling import client_ip_address  # noqa: PLC0415

        self.get_response = get_response
        self.client_ip_address = client_ip_address

    def __call__(self, request):
        start = time.perf_counter()
        request_id = request_id_for(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - start) * 1000, 1)
            response[REQUEST_ID_HEADER] = request_id
            logger.info(
                "%s %s %s %s ms",
                _escape(request.method),
                _escape(request.path),
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "request_id": request_id,
                    "remote_addr": self.client_ip_address(request),
                    "user_id": _user_id(request),
                    "language": response.get("Content-Language") or getattr(request, "LANGUAGE_CODE", None),
                },
            )
        finally:
            current_request_id.reset(token)
        return response


class RequestContextFilter(logging.Filter):
    """Give every record logged during a request that request's ``request_id`` (unless it has one).

    Also a record Django logs about a request after the middleware has returned (``log_response`` of a 4xx or 5xx a
    middleware answered without an exception, such as a shed request or a 405): it carries the request, whose
    ``request_id`` RequestLogMiddleware set.
    """

    def filter(self, record):
        request_id = current_request_id.get() or getattr(getattr(record, "request", None), "request_id", None)
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        return True


class StatusLevelFilter(logging.Filter):
    """Set the level of records about a response by its status: a client's error is a WARNING without traceback; a
    5xx the portal chose to give is a WARNING; a 5xx from an error stays an ERROR with its traceback.

    Input: any record; those with an integer ``status_code`` extra (Django's ``log_response`` sets it): from 400 to
    499 they lose ``exc_info`` and ``exc_text``, and ``django.security.*`` ones are lowered to WARNING; from 500 up,
    one without a traceback (a request shed for load, ``/readyz`` while a service is down) is lowered to WARNING.
    Never drops a record.
    """

    def filter(self, record):
        status_code = getattr(record, "status_code", None)
        if not isinstance(status_code, int):
            return True
        if 400 <= status_code < 500:
            record.exc_info = None
            record.exc_text = None
            if record.name.startswith("django.security."):
                lower_to_warning(record)
        elif status_code >= 500 and not record.exc_info:
            lower_to_warning(record)
        return True


def lower_to_warning(record):
    """Make ``record`` (a LogRecord) a WARNING if its level is higher."""
    if record.levelno > logging.WARNING:
        record.levelno = logging.WARNING
        record.levelname = logging.getLevelName(logging.WARNING)


class TextFormatter(logging.Formatter):
    """Plain lines: ``LEVEL logger: message [request <id>]`` (the id when logged during a request), then any
    traceback; so an error line and its request line can be matched in text logs too."""

    def formatMessage(self, record):
        line = super().formatMessage(record)
        request_id = getattr(record, "request_id", None)
        return f"{line} [request {request_id}]" if request_id else line


def logging_config(log_format="text", level="WARNING"):
    """Return the LOGGING dictionary for ``log_format`` (``"text"`` or ``"json"``) and root ``level``.

    Raises ValueError for another format (``LOG_FORMAT=xml`` stops the process at start-up rather
    than logging in a format nobody parses). Both formatters are always defined, so either can be
    used or tested whichever format the handler uses. Django's loggers propagate to the root handler
    (no second handler of their own) at INFO; the request lines (``portal.request``) are INFO in both
    formats, and runserver's own (``django.server``) only from WARNING, since they would repeat them.
    ``request`` (the HttpRequest Django attaches to its records) is left out of JSON, since its text
    would carry the query string.
    """
    log_format = (log_format or "text").strip().lower()
    if log_format not in LOG_FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}")
    handler = {"class": "logging.StreamHandler", "filters": ["request_context", "status_levels"], "formatter": "text"}
    loggers = {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"level": "WARNING"},
        "portal.request": {"level": "INFO"},
    }
    if log_format == "json":
        handler.update(stream="ext://sys.stdout", formatter="json")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_context": {"()": "portal.operations.request_logging.RequestContextFilter"},
            "status_levels": {"()": "portal.operations.request_logging.StatusLevelFilter"},
        },
        "formatters": {
            "text": {
                "()": "portal.operations.request_logging.TextFormatter",
                "fmt": "%(levelname)s %(name)s: %(message)s",
            },
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s",
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": True,
                "reserved_attrs": [*RESERVED_ATTRS, "request"],
            },
        },
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": level},
        "loggers": loggers,
    }
