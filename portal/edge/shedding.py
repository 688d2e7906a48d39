"""Load shedding: a request that waited too long for a worker thread is answered with a 503 at once, before any work.

``portal.edge.workers.QueueTimedThreadWorker`` (gunicorn) says how long each request waited for a thread;
``LoadSheddingMiddleware`` answers one that waited longer than ``LOAD_SHED_QUEUE_SECONDS`` with the 503 page (JSON
under ``/api/``) and ``Retry-After``, so that an overloaded server works its queue off quickly instead of rendering
pages for clients that have given up. Why and how: docs/decisions/0024, docs/operations.md ("Overload").
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext

from portal.edge.workers import QUEUE_SECONDS_KEY


def request_language(request):
    """Return the language of ``request``'s URL prefix (``en``, ``zh-hans``), else ``LANGUAGE_CODE``."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def busy_response(request):
    """Return the 503 answering a shed ``request``: ``Retry-After: SERVICE_UNAVAILABLE_RETRY_AFTER``, no-store.

    Under ``/api/`` JSON ``{"detail": ...}``; elsewhere the 503 page (``503.html``, which reads no database or cache) in
    the language of the URL prefix.
    """
    language = request_language(request)
    with translation.override(language):
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"detail": gettext("The server is busy. Please try again shortly.")}, status=503)
        else:
            response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Content-Length"] = str(len(response.content))  # CommonMiddleware, which would set it, is below
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    response["Retry-After"] = str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    return response


class LoadSheddingMiddleware:
    """Answer a request that waited more than ``LOAD_SHED_QUEUE_SECONDS`` for a thread with ``busy_response``.

    Input: the wait in ``request.META[QUEUE_SECONDS_KEY]`` (seconds; absent outside the portal's gunicorn worker,
    then nothing is shed). ``LOAD_SHED_QUEUE_SECONDS`` of 0 turns shedding off. Where it sits in MIDDLEWARE (below
    the page cache, which answers stored pages at the cost of a 503, above the session and everything that reads the
    database): docs/architecture.md, "The request path".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.LOAD_SHED_QUEUE_SECONDS
        if limit and request.META.get(QUEUE_SECONDS_KEY, 0.0) > limit:
            return busy_response(request)
        return self.get_response(request)
