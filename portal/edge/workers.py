"""The gunicorn worker of the portal: gunicorn's threaded worker, telling the application how long a request queued.

``QueueTimedThreadWorker`` extends gunicorn 27.0.1's ``gunicorn.workers.gthread.ThreadWorker``: it wraps
``enqueue_req`` (where ``accept``, the callbacks of kept-alive and pending connections and ``finish_request`` hand a
connection with a request to read to the thread pool), ``handle`` (a pool thread picking it up; ``handle_request``
then calls the application in that thread, once per HTTP/1.x request) and the application loaded by
``gunicorn.workers.base.Worker.load_wsgi``. Upstream never tells the application how long a request waited for a
thread; this worker puts the time between hand-over and pick-up in the WSGI environ as ``QUEUE_SECONDS_KEY``
(seconds, a float), which ``portal.edge.shedding.LoadSheddingMiddleware`` reads. Why: docs/decisions/0024; guarded
by ``tests/portal/test_upstream_overrides.py`` (docs/upstream-overrides.md, section 40).

Imported by gunicorn's arbiter before Django is set up: imports nothing of Django or the portal.
"""

import threading
import time

from gunicorn.workers.gthread import ThreadWorker

#: The WSGI environ key: seconds the request waited for a thread of this worker (HTTP/1.x; 0.0 when unknown).
QUEUE_SECONDS_KEY = "portal.queue_seconds"


class QueueTimedThreadWorker(ThreadWorker):
    """gunicorn's ``gthread`` worker that puts each request's wait for a thread in ``environ[QUEUE_SECONDS_KEY]``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.picked_up = threading.local()

    def enqueue_req(self, conn):
        """Note when ``conn`` (a ``TConn`` with a request to read) is handed to the thread pool (monotonic seconds)."""
        conn.portal_enqueued_at = time.monotonic()
        super().enqueue_req(conn)

    def handle(self, conn):
        """In a pool thread: note how long ``conn`` waited for it, then handle its request as upstream does."""
        enqueued = getattr(conn, "portal_enqueued_at", None)
        self.picked_up.waited = 0.0 if enqueued is None else max(0.0, time.monotonic() - enqueued)
        return super().handle(conn)

    def load_wsgi(self):
        """Load the application as upstream does, wrapped to add ``QUEUE_SECONDS_KEY`` to each request's environ."""
        super().load_wsgi()
        application, picked_up = self.wsgi, self.picked_up

        def timed_application(environ, start_response):
            # Taken once: a later request handled in the same pick-up (HTTP/2 streams, if enabled) waited no thread.
            environ[QUEUE_SECONDS_KEY] = picked_up.__dict__.pop("waited", 0.0)
            return application(environ, start_response)

        self.wsgi = timed_application
