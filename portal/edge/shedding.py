"""Load shedding: a request that waited too long for a worker thread is answered with a 503 at once, before any work.

``portal.edge.workers.QueueTimedThreadWorker`` (gunicorn) says how long each request waited for a thread;
``LoadSheddingMiddleware`` answers one that waited longer than ``LOAD_SHED_QUEUE_SECONDS`` with the 503 page (JSON
under ``/api/``) and ``Retry-After``, so that an overloaded server works its queue off quickly instead of rendering
pages for clients that have given up. Why and how: docs/decisions/0024, docs/operations.md ("Overload").
"""

from django.conf import settings

from portal.edge.language import request_language
from portal.edge.views import server_error_response
from portal.edge.workers import QUEUE_SECONDS_KEY


class LoadSheddingMiddleware:
    """Answer a request that waited more than ``LOAD_SHED_QUEUE_SECONDS`` for a thread with the 503 (JSON under
    ``/api/``, else the 503 page in the request's language: ``portal.edge.views.server_error_response``).

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
            return server_error_response(request, 503, request_language(request))
        return self.get_response(request)
