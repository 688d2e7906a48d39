"""``RedisCache``: Django's Redis cache backend with one redis-py client per connection pool; ``DegradingRedisCache``:
the same, answering as an empty cache while Redis is unreachable (ADR 0023).

Replaces ``django.core.cache.backends.redis.RedisCacheClient.get_client`` (Django 5.2.19), and relies on
``django.core.cache.backends.redis.RedisCache.__init__`` keeping the client class in ``_class``. Upstream builds a new
``redis.Redis`` for every cache call; with redis-py 8 that costs about 0.1 ms of CPU (the client copies its table of
~170 response callbacks), more than the round trip to Redis itself, on every page-cache hit. A redis-py client is
safe to share between threads (each command takes a connection from the pool), so one per pool is kept.
Why and what it saves: docs/upstream-overrides.md, section 33. ``DegradingRedisCacheClient`` wraps the data methods
of ``RedisCacheClient`` (``add`` ... ``clear``), relying on their names and signatures (same section).
"""

import functools
import logging
import re
import threading
import time
from contextlib import contextmanager

import redis.exceptions
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's ``RedisCacheClient`` whose ``get_client`` returns the same ``redis.Redis`` for the same pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # pool index -> redis.Redis

    def get_client(self, key=None, *, write=False):
        """Return the ``redis.Redis`` of the pool that serves ``write`` (or read) calls, made once."""
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            # A race between two threads makes two clients of the same pool, and keeps one: harmless.
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    """Django's ``RedisCache`` (same ``LOCATION`` and ``OPTIONS``) on ``SharedClientRedisCacheClient``."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient


#: Seconds a process leaves an unreachable Redis alone before trying it again (each try can wait for the socket
#: timeouts of ``OPTIONS``), and between two warnings that it is still unreachable.
RETRY_INTERVAL = 5.0
WARNING_INTERVAL = 60.0
#: The errors that mean Redis cannot be reached or did not answer in time (redis-py wraps socket errors in them).
UNREACHABLE_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class Outage:
    """What a process knows of one Redis server's reachability (shared by its threads' cache clients).

    ``since``: when the outage began (a ``time.monotonic()``, or None while reachable); ``failed_at``: the last
    failure; ``warned``: when it was last logged. ``lock`` orders the threads' reports: a call that reached Redis
    ends an outage only if no call failed after it began, and one thread runs the recovery hooks while the others
    that reached Redis wait for them.
    """

    _by_location = {}
    _lock = threading.Lock()
    #: Functions called with no argument when any outage ends (``on_recovery``).
    recovery_hooks = []

    def __init__(self, location):
        self.location = location
        self.failed_at = 0.0
        self.since = None
        self.warned = -WARNING_INTERVAL
        self.lock = threading.RLock()  # re-entered by a recovery hook's own calls
        self.recovering = False

    @classmethod
    def of(cls, location):
        """Return the ``Outage`` of ``location`` (a tuple of server URLs) in this process, made once."""
        outage = cls._by_location.get(location)
        if outage is None:
            with cls._lock:
                outage = cls._by_location.setdefault(location, cls(location))
        return outage

    def skipping(self):
        """Return True while calls should not be tried (within ``RETRY_INTERVAL`` of the last failure)."""
        return self.since is not None and time.monotonic() - self.failed_at < RETRY_INTERVAL

    def failed(self, error):
        """Record a failed call (``error``); log a warning at most once per ``WARNING_INTERVAL``."""
        with self.lock:
            now = time.monotonic()
            if self.since is None:
                self.since = now
            self.failed_at = now
            warn = now - self.warned >= WARNING_INTERVAL
            if warn:
                self.warned = now
        if warn:
            logger.warning(
                "The cache at %s is unreachable; serving without it, trying again every %.0f s: %s",
                _safe_location(self.location),
                RETRY_INTERVAL,
                error,
            )

    def answered(self, started):
        """Record a call begun at ``started`` (``time.monotonic()``) that reached Redis.

        It ends an outage unless a call failed after it began; the ``recovery_hooks`` then run, in this thread,
        before ``since`` is cleared: another thread's call that reached Redis meanwhile waits for them.
        """
        if self.since is None:
            return
        with self.lock:
            if self.since is None or self.recovering or self.failed_at >= started:
                return
            self.recovering = True
            try:
                for hook in self.recovery_hooks:
                    try:
                        hook()
                    except Exception:
                        logger.exception("A recovery hook of the cache failed")
            finally:
                self.recovering = False
            if self.failed_at >= started:  # lost again while the hooks ran
                return
            seconds = time.monotonic() - self.since
            self.since = None
            self.warned = -WARNING_INTERVAL
        logger.warning("The cache at %s answers again after %.0f s", _safe_location(self.location), seconds)


def on_recovery(hook):
    """Call ``hook()`` (no argument) whenever a ``DegradingRedisCache`` of this process reaches Redis after an
    outage."""
    if hook not in Outage.recovery_hooks:
        Outage.recovery_hooks.append(hook)


def _safe_location(location):
    """``location``'s servers without passwords (``redis://:secret@host`` -> ``redis://host``)."""
    return ", ".join(re.sub(r"//[^@/]*@", "//", server) for server in location)


def outage_of(cache):
    """Return the ``Outage`` of ``cache`` (any Django cache) when it is a ``DegradingRedisCache``, else None."""
    return cache._cache._outage if isinstance(cache, DegradingRedisCache) else None


def stepping_aside(cache):
    """Return True while ``cache`` (any Django cache) is a ``DegradingRedisCache`` leaving an unreachable Redis alone
    (within ``RETRY_INTERVAL`` of its last failure)."""
    outage = outage_of(cache)
    return outage is not None and outage.skipping()


def unreachable(cache):
    """Return True when ``cache`` (any Django cache) is a ``DegradingRedisCache`` whose Redis did not answer last."""
    outage = outage_of(cache)
    return outage is not None and outage.since is not None


_strict = threading.local()


@contextmanager
def strict(cache):
    """Within the block, ``cache`` (any Django cache) raises its errors instead of stepping aside.

    For writes that must not be lost silently (page-cache invalidations) and for the readiness check.
    """
    previous = getattr(_strict, "on", False)
    _strict.on = True
    try:
        yield cache
    finally:
        _strict.on = previous


def _stepping_aside(method, fallback):
    """Wrap the client ``method`` so that an unreachable Redis answers ``fallback(*args)`` instead of raising.

    After an outage, Redis is tried again with a PING once ``RETRY_INTERVAL`` has passed; when it answers, the
    recovery hooks run before the call itself, so that a read sees what they wrote.
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        outage = self._outage
        started = time.monotonic()
        if getattr(_strict, "on", False):
            try:
                result = method(self, *args, **kwargs)
            except UNREACHABLE_ERRORS as error:
                outage.failed(error)
                raise
            outage.answered(started)
            return result
        if outage.since is not None:
            if outage.skipping():
                return fallback(*args)
            try:
                self.get_client(write=True).ping()
            except UNREACHABLE_ERRORS as error:
                outage.failed(error)
                return fallback(*args)
            outage.answered(started)
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE_ERRORS as error:
            outage.failed(error)
            return fallback(*args)

    return wrapper


def _missing(*args):
    raise ValueError("Key not found (the cache is unreachable)")


class DegradingRedisCacheClient(SharedClientRedisCacheClient):
    """``SharedClientRedisCacheClient`` whose calls, while Redis is unreachable, answer as an empty cache would.

    Reads miss, writes are dropped, ``add`` and ``touch`` answer False, ``incr`` raises ValueError (a missing key);
    Redis is not asked again for ``RETRY_INTERVAL`` seconds after a failure. Inside ``strict(...)`` errors raise.
    """

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._outage = Outage.of(tuple(servers))

    add = _stepping_aside(SharedClientRedisCacheClient.add, lambda *args: False)
    get = _stepping_aside(SharedClientRedisCacheClient.get, lambda key, default: default)
    set = _stepping_aside(SharedClientRedisCacheClient.set, lambda *args: None)
    touch = _stepping_aside(SharedClientRedisCacheClient.touch, lambda *args: False)
    delete = _stepping_aside(SharedClientRedisCacheClient.delete, lambda *args: False)
    get_many = _stepping_aside(SharedClientRedisCacheClient.get_many, lambda *args: {})
    has_key = _stepping_aside(SharedClientRedisCacheClient.has_key, lambda *args: False)
    incr = _stepping_aside(SharedClientRedisCacheClient.incr, _missing)
    set_many = _stepping_aside(SharedClientRedisCacheClient.set_many, lambda *args: None)
    delete_many = _stepping_aside(SharedClientRedisCacheClient.delete_many, lambda *args: None)
    clear = _stepping_aside(SharedClientRedisCacheClient.clear, lambda *args: False)


class DegradingRedisCache(RedisCache):
    """``RedisCache`` on ``DegradingRedisCacheClient``: a cache the portal can run without (ADR 0023).

    For the ``default`` cache (pages, shared values, Wagtail's caches); not for sessions, whose loss must be seen.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = DegradingRedisCacheClient
