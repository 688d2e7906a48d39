"""Which errors mean "a service the portal needs is unreachable", and the pages that answer an uncaught error.

An uncaught error caused by a lost database, cache or object storage is a 503 with ``Retry-After``; any other
is a 500. Both pages are rendered from templates that read nothing from the database or the cache, in the
visitor's language. What degrades how: docs/operations.md, "When a service is unreachable".
"""

import botocore.exceptions
import redis.exceptions
from django.db import InterfaceError, OperationalError

from portal.edge.views import server_error_response

#: Errors raised when a backing service cannot be reached or does not answer in time: the database (Django's
#: wrappers of the driver's errors), Redis, S3 (connection failures and read timeouts) and the sockets beneath them.
UNAVAILABLE_ERRORS = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    botocore.exceptions.ConnectionError,
    botocore.exceptions.ReadTimeoutError,
    botocore.exceptions.ConnectionClosedError,
    ConnectionError,
    TimeoutError,
)


def is_unavailable(error):
    """Return True when ``error`` (an exception or None), or an exception it was raised from or during, is one of
    ``UNAVAILABLE_ERRORS``."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, UNAVAILABLE_ERRORS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def error_response(request, error, language):
    """Return the answer to the uncaught ``error`` (an exception or None) of ``request`` in ``language``.

    A 503 with ``Retry-After`` when ``is_unavailable(error)``, else a 500: ``portal.edge.views.server_error_response``
    (the page, or JSON under ``/api/``, read from no database or cache).
    """
    return server_error_response(request, 503 if is_unavailable(error) else 500, language)
