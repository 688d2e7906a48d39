"""Health endpoints for load balancers and orchestrators: ``/healthz`` (liveness) and ``/readyz`` (readiness).

What they check and answer: docs/operations.md, "Health endpoints"; why a middleware rather than a URL:
docs/decisions/0004-health-probes-as-middleware.md.
"""

import logging
import os
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeoutError

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse

logger = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
#: Seconds ``/readyz`` waits for its checks (together: they run concurrently).
CHECK_TIMEOUT = 2.0
#: The name ``check_storage`` asks the storage about; it need not exist.
STORAGE_PROBE_NAME = "health/readiness-probe"
OK = "ok"
ERROR = "error"


def check_database(alias=DEFAULT_DB_ALIAS, handler=connections):
    """Run ``SELECT 1`` on database ``alias`` (of the ConnectionHandler ``handler``).

    Returns None; raises whatever the driver raises (OperationalError when the server is down, etc.)
    or AssertionError for an unexpected answer. The connection is opened in the calling thread (a
    check's worker thread) and closed afterwards, so every probe proves that a new connection can
    be made, and no connection outlives the probe (one left open would, for one, keep PostgreSQL
    from dropping the test database after a test run).
    """
    connection = handler[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
        if row is None or row[0] != 1:
            raise AssertionError(f"SELECT 1 answered {row!r}")
    finally:
        connection.close()


def check_cache(alias=DEFAULT_CACHE_ALIAS):
    """Store a unique key in cache ``alias``, read it back and delete it.

    Returns None; raises the backend's error (redis.ConnectionError for an unreachable Redis, etc.),
    or AssertionError when the value read back differs (e.g. Django's DummyCache, which stores
    nothing). The key is ``health:<random hex>`` under the cache's KEY_PREFIX and expires after 10
    seconds even if the delete never reaches the server.
    """
    cache = caches[alias]
    key = f"health:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        read = cache.get(key)
        if read != value:
            raise AssertionError("the cache did not return the value just stored")
    finally:
        cache.delete(key)


def check_storage(storage=None):
    """Check that the default file storage (or ``storage``) is reachable; return None, or raise its error.

    On S3 (django-storages' S3Storage) this is a HEAD request on the bucket (``head_bucket``): an
    unreachable endpoint, bad credentials, a missing bucket or a policy refusing the application
    raise. (``exists()`` would not do: S3 answers a HEAD on a key of a missing bucket with a bare 404,
    which reads as "no such file".) Other storages are asked whether ``STORAGE_PROBE_NAME`` exists; a
    local FileSystemStorage answers that without ever failing, so for it the check also requires its
    location to be an existing, writable directory (OSError otherwise).
    """
    storage = default_storage if storage is None else storage
    bucket = getattr(storage, "bucket", None)  # S3Storage: a boto3 Bucket, made on first use
    if bucket is not None:
        bucket.meta.client.head_bucket(Bucket=bucket.name)
        return
    storage.exists(STORAGE_PROBE_NAME)
    if isinstance(storage, FileSystemStorage):  # default_storage is a LazyObject: isinstance sees through it
        location = storage.location
        if not os.path.isdir(location) or not os.access(location, os.W_OK | os.X_OK):
            raise OSError(f"{location} is not a writable directory")


#: The readiness checks, by the name shown in ``/readyz``'s answer.
CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}

_executors = {}
_executors_lock = threading.Lock()


def _executor(name):
    """The single-thread executor of check ``name``, created on first use (after gunicorn forks)."""
    with _executors_lock:
        if name not in _executors:
            _executors[name] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"readyz-{name}")
        return _executors[name]


def run_checks(checks=None, timeout=None):
    """Run the readiness checks concurrently and return ``{name: "ok" or "error"}`` in their order.

    ``checks`` maps names to callables taking no argument (default ``CHECKS``); a check passes when
    it returns, and fails when it raises or is still running after ``timeout`` seconds (default
    ``CHECK_TIMEOUT``, for all checks together). Failures are logged on ``portal.operations.health`` at ERROR
    with the check's name (and the traceback when it raised); nothing is raised to the caller.
    """
    checks = CHECKS if checks is None else checks
    timeout = CHECK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    futures = {name: _executor(name).submit(check) for name, check in checks.items()}
    results = {}
    for name, future in futures.items():
        try:
            future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeoutError:
            future.cancel()  # if it is still queued behind a hung earlier probe
            logger.error("Readiness check %s timed out after %.1f s", name, timeout)
            results[name] = ERROR
        except Exception:
            logger.exception("Readiness check %s failed", name)
            results[name] = ERROR
        else:
            results[name] = OK
    return results


def _health_response(request, body, status=200):
    response = JsonResponse(body, status=status)
    if request.method == "HEAD":
        response.content = b""
    response["Cache-Control"] = "no-store"
    return response


def liveness(request):
    """Answer ``/healthz``: ``{"status": "ok"}``, 200. Touches no backend; cannot fail."""
    return _health_response(request, {"status": OK})


def readiness(request):
    """Answer ``/readyz``: 200 ``{"status": "ok", "checks": {...}}`` when every check passes, else 503
    ``{"status": "unavailable", "checks": {...}}`` with each failing check ``"error"`` (see ``run_checks``)."""
    results = run_checks()
    ready = all(result == OK for result in results.values())
    body = {"status": OK if ready else "unavailable", "checks": results}
    return _health_response(request, body, status=200 if ready else 503)


ENDPOINTS = {LIVENESS_PATH: liveness, READINESS_PATH: readiness}
#: What both endpoints take; anything else (OPTIONS and TRACE included) is ``method_not_allowed``.
ALLOWED_METHODS = ("GET", "HEAD")


def method_not_allowed(request):
    """Answer a method other than GET and HEAD: 405 ``{"status": "error", "message": ...}``, ``Allow: GET, HEAD``."""
    response = _health_response(request, {"status": ERROR, "message": "method not allowed: use GET or HEAD"}, 405)
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    return response


class HealthCheckMiddleware:
    """Answer ``/healthz`` and ``/readyz`` before any other middleware runs (first in MIDDLEWARE).

    Input: any request. For those two exact paths (``request.path_info``) the answer is the endpoint's
    JSON, or ``method_not_allowed``'s JSON 405 for another method, whatever the Host header, scheme or
    cookies; nothing later in the stack runs (no ALLOWED_HOSTS check, HTTPS redirect, session, locale,
    CSRF, login or request log line). Every other request goes on down the stack untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        endpoint = ENDPOINTS.get(request.path_info)
        if endpoint is None:
            return self.get_response(request)
        if request.method not in ALLOWED_METHODS:
            return method_not_allowed(request)
        return endpoint(request)
