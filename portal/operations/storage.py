"""Media on S3 that degrades: while the object storage is unreachable, pages render and their new images do not.

``S3Storage`` replaces ``storages.backends.s3.S3Storage._open`` (django-storages 1.14.6): an endpoint that cannot be
reached raises ``StorageUnreachable`` (an OSError) instead of botocore's error, so Wagtail's image tags render a
missing image (``wagtail.images.shortcuts.get_rendition_or_not_found`` catches the OSError Wagtail makes of it),
which the browser shows as its alt text. ``DegradedPageMiddleware`` marks such a page ``no-store``, so neither the
page cache nor a CDN keeps it once the storage is back. Renditions made before the outage are only linked (their URLs
need no request to the storage). docs/upstream-overrides.md, section 39; docs/operations.md, "When a service is
unreachable".
"""

import contextvars
import logging

import botocore.exceptions
from django.utils.cache import add_never_cache_headers
from storages.backends.s3 import S3Storage as UpstreamS3Storage

logger = logging.getLogger(__name__)

#: botocore's errors for an endpoint that refuses, drops or does not answer a connection in time.
UNREACHABLE_ERRORS = (
    botocore.exceptions.ConnectionError,
    botocore.exceptions.ReadTimeoutError,
    botocore.exceptions.ConnectionClosedError,
)

#: Set per request by ``DegradedPageMiddleware``: a list that gets an entry when a file could not be read.
_degraded = contextvars.ContextVar("portal_storage_degraded", default=None)


class StorageUnreachable(OSError):
    """The object storage could not be reached to read a file."""


class S3Storage(UpstreamS3Storage):
    """django-storages' ``S3Storage`` whose ``_open`` raises ``StorageUnreachable`` for an unreachable endpoint."""

    def _open(self, name, mode="rb"):
        """Open ``name`` (see the upstream method); raise StorageUnreachable when the endpoint cannot be reached."""
        try:
            return super()._open(name, mode)
        except UNREACHABLE_ERRORS as error:
            degraded = _degraded.get()
            if degraded is not None:
                degraded.append(name)
            logger.warning("The media storage is unreachable; %s is shown missing: %s", name, error)
            raise StorageUnreachable(str(error)) from error


class DegradedPageMiddleware:
    """Mark a response ``Cache-Control: no-store`` (Django's never-cache headers) when a file it needed could not be
    read from the storage. Place it below the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _degraded.set([])
        try:
            response = self.get_response(request)
            if _degraded.get():
                add_never_cache_headers(response)
        finally:
            _degraded.reset(token)
        return response
