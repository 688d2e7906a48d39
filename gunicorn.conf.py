"""gunicorn configuration for the portal: ``gunicorn`` reads this file from the working directory.

Its environment variables (``PORT``, ``GUNICORN_*``, ``WEB_CONCURRENCY``, ``FORWARDED_ALLOW_IPS``): docs/operations.md.
"""

import multiprocessing
import os

DJANGO_SETTINGS_MODULE = "portal.settings.production"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", DJANGO_SETTINGS_MODULE)

wsgi_app = "portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
# The portal's worker: gunicorn's threaded worker, telling the portal how long each request waited for one of its
# `threads`; a request that waited more than LOAD_SHED_QUEUE_SECONDS is a 503 (portal/edge/shedding.py,
# docs/decisions/0024). At most workers x threads requests are worked on at once; each worker accepts up to
# `worker_connections` connections (kept-alive ones included) and queues their requests for its threads.
# GUNICORN_WORKER_CLASS=sync is gunicorn's default worker, which queues in the kernel and sheds nothing.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS") or "portal.edge.workers.QueueTimedThreadWorker"
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))
# With the threaded worker, the arbiter only sees the worker's main loop: a request running longer is not stopped by
# this timeout. Database statements are (DATABASE_STATEMENT_TIMEOUT), and Redis and S3 calls have their own timeouts.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = timeout
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow without bound; the jitter keeps them from restarting
# all at once. Every 10,000 requests: a recycled worker drops its kept-alive connections and starts with cold
# caches, which at every 1,000 (a restart every few seconds under load) made the slowest requests of `make loadtest`
# wait for more than LOAD_SHED_QUEUE_SECONDS; a worker's memory settles within its first minute
# (docs/performance.md, "Load test").
max_requests = 10000
max_requests_jitter = 1000
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Heartbeat files in memory rather than on a possibly slow or read-only disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's advice, not a temp file
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Load the application once in the master, then fork: faster start, shared memory pages.
preload_app = True
# No gunicornctl control socket (it would be written under $HOME, which may be read-only).
control_socket_disable = True
