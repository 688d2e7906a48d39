"""The page cache's local tier: stored pages kept in each app server process, so that a hit asks Redis nothing.

A stored page is valid while its stamp matches the current scope tokens (``tokens``). Every invalidation
publishes the scopes it gave new tokens on a Redis channel (``publish``); each process subscribes to it and, before
each lookup, reads what has arrived without waiting (``LocalTier.refresh``), forgetting the tokens of those scopes
at once. Tokens the process read from Redis are trusted for ``PAGE_CACHE_LOCAL_TRUST`` seconds at most, which
bounds what a subscription that silently stopped receiving can cost. When the subscription fails the tier empties
and stays off (every lookup goes to Redis, as without it) until a new subscription is confirmed.

On only when the page cache lives in Redis and ``PAGE_CACHE_LOCAL_MAX_BYTES`` is above 0. Design and figures:
docs/performance.md, "Page cache", and docs/decisions/0020-page-cache-local-tier.md.
"""

import contextlib
import logging
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache.backends.redis import RedisCache

from portal.caching import backends

logger = logging.getLogger(__name__)

#: The channel (under the cache's key prefix) that invalidations are published on.
CHANNEL = "pagecache:invalidations"
#: Seconds between two attempts to subscribe after a failure.
RETRY_INTERVAL = 5.0
#: Seconds a process waits for Redis to confirm its subscription.
SUBSCRIBE_TIMEOUT = 1.0
#: Bytes counted for each kept page besides its key, body and headers (the Python objects holding them).
ENTRY_OVERHEAD = 600
#: The scope whose new token invalidates every stored page (``tokens.EVERYTHING``, defined here: tokens imports this).
EVERYTHING = "*"


def channel_of(cache):
    """Return the channel name of ``cache`` (a Django cache), with its key prefix."""
    return cache.make_key(CHANNEL)


def redis_client(cache):
    """Return the redis-py client of ``cache`` when it is a Redis cache, else None."""
    if isinstance(cache, RedisCache):
        return cache._cache.get_client(write=True)
    return None


def publish(cache, scopes):
    """Tell every process that ``scopes`` (an iterable of str) have new tokens; nothing for a cache not in Redis.

    Raises what redis-py raises when Redis cannot be reached.
    """
    client = redis_client(cache)
    if client is not None:
        client.publish(channel_of(cache), " ".join(sorted(scopes)))


class LocalTier:
    """Stored pages and scope tokens of one process, kept right by the invalidation channel.

    ``max_bytes``: the most bytes of stored pages kept (bodies, headers and keys; least recently used go first);
    ``trust``: seconds a token read from Redis is believed without asking again.
    """

    def __init__(self, cache, max_bytes, trust):
        self.cache = cache
        self.max_bytes = max_bytes
        self.trust = trust
        self.pid = os.getpid()
        self.lock = threading.Lock()  # guards everything below
        self.subscribing = threading.Lock()  # held by the one thread subscribing (the others go to Redis meanwhile)
        self.pubsub = None
        self.live = False  # subscribed, confirmed, and no failure since
        self.retry_at = 0.0
        self.epoch = 0  # counts invalidations received: tokens read before one are not kept after it
        self.tokens = {}  # scope -> (token, monotonic time read from Redis)
        self.entries = OrderedDict()  # cache key -> (stamp, entry, expires, size)
        self.size = 0

    # ------------------------------------------------------------------------------------------ channel

    def refresh(self):
        """Read the invalidations that have arrived, without waiting; subscribe first when not yet (or again).

        Returns True when the tier may answer (subscribed and confirmed).
        """
        if self.pubsub is None and not self._subscribe():
            return False
        with self.lock:
            if self.pubsub is None:
                return False
            try:
                while (message := self.pubsub.get_message(timeout=0)) is not None:
                    self._receive(message)
            except Exception as error:  # connection lost: off until a new subscription
                self._fail(error)
            return self.live

    def _subscribe(self):
        """Subscribe and wait for Redis to confirm (up to ``SUBSCRIBE_TIMEOUT`` seconds); return True once live.

        One thread at a time, outside ``lock``: the process's other threads answer from Redis meanwhile. After a
        failure, not again for ``RETRY_INTERVAL`` seconds.
        """
        outage = backends.outage_of(self.cache)
        if time.monotonic() < self.retry_at or (outage is not None and outage.skipping()):
            return False
        if not self.subscribing.acquire(blocking=False):
            return False
        try:
            if self.pubsub is not None:  # another thread subscribed after this one looked
                return True
            pubsub = None
            try:
                pubsub = redis_client(self.cache).pubsub()
                pubsub.subscribe(channel_of(self.cache))
                deadline = time.monotonic() + SUBSCRIBE_TIMEOUT
                while (left := deadline - time.monotonic()) > 0:
                    message = pubsub.get_message(timeout=left)
                    if message is not None and message["type"] == "subscribe":
                        break
                else:
                    raise TimeoutError(f"Redis did not confirm the subscription within {SUBSCRIBE_TIMEOUT} s")
            except Exception as error:
                with self.lock:
                    self._fail(error, pubsub, connecting=True)
                return False
            with self.lock:  # before ``subscribing`` is released, so no other thread subscribes as well
                self.pubsub, self.live = pubsub, True
                self.epoch += 1
            return True
        finally:
            self.subscribing.release()

    def _receive(self, message):
        if message["type"] == "message":
            self.epoch += 1
            scopes = message["data"].decode().split(" ")
            if EVERYTHING in scopes:
                self.tokens.clear()
            for scope in scopes:
                self.tokens.pop(scope, None)

    def _fail(self, error, pubsub=None, connecting=False):
        """Forget everything held and go to Redis alone until ``RETRY_INTERVAL`` seconds have passed.

        A Redis that cannot be reached while ``connecting`` is the cache's outage too (``backends.Outage``: one
        warning per interval for both); a subscription lost later is the channel's alone (Redis may still answer).
        """
        outage = backends.outage_of(self.cache)
        if connecting and outage is not None and isinstance(error, backends.UNREACHABLE_ERRORS):
            outage.failed(error)
        else:
            logger.warning("The page cache's invalidation channel failed; stored pages are read from Redis: %s", error)
        for broken in {id(item): item for item in (self.pubsub, pubsub) if item is not None}.values():
            with contextlib.suppress(Exception):  # closing a broken connection; nothing more to do
                broken.close()
        self.pubsub = None
        self.live = False
        self.retry_at = time.monotonic() + RETRY_INTERVAL
        self.epoch += 1
        self.tokens.clear()
        self.entries.clear()
        self.size = 0

    # ------------------------------------------------------------------------------------------ entries

    def lookup(self, scope, key):
        """Return the stored entry of ``key`` when it is valid under the tokens of ``scope`` held here and not past
        its expiry, else None."""
        with self.lock:
            if not self.live:
                return None
            now = time.monotonic()
            stamp = []
            for name in (EVERYTHING, scope):
                held = self.tokens.get(name)
                if held is None or now - held[1] > self.trust:
                    return None
                stamp.append(held[0])
            found = self.entries.get(key)
            if found is None or found[0] != tuple(stamp):
                return None
            if found[2] <= time.time():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return found[1]

    def keep(self, key, scope, stamp, entry, expires, epoch):
        """Keep ``entry`` (a stored page ``(status, headers, body)``) under ``key`` until ``expires`` (a Unix time),
        valid under ``stamp`` (the tokens of EVERYTHING and ``scope`` read from Redis while ``self.epoch`` was
        ``epoch``), and hold those tokens; nothing when an invalidation arrived since."""
        _status, headers, body = entry
        size = len(key) + len(body) + sum(len(name) + len(value) for name, value in headers) + ENTRY_OVERHEAD
        with self.lock:
            if not self.live or epoch != self.epoch or size > self.max_bytes:
                return
            now = time.monotonic()
            self.tokens[EVERYTHING] = (stamp[0], now)
            self.tokens[scope] = (stamp[1], now)
            self._drop(key)
            self.entries[key] = (stamp, entry, expires, size)
            self.size += size
            while self.size > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def _drop(self, key):
        found = self.entries.pop(key, None)
        if found is not None:
            self.size -= found[3]


_tiers = {}  # (alias, channel, location) -> LocalTier of this process
_tiers_lock = threading.Lock()


def tier(cache, alias):
    """Return this process's ``LocalTier`` of ``cache`` (a Django cache named ``alias``), or None when it is off.

    Off for a cache not in Redis and when ``PAGE_CACHE_LOCAL_MAX_BYTES`` is 0. A forked process gets its own.
    """
    if settings.PAGE_CACHE_LOCAL_MAX_BYTES <= 0 or not isinstance(cache, RedisCache):
        return None
    # Django gives each thread its own cache object: one tier per process serves them all, for the same server.
    name = (alias, channel_of(cache), str(settings.CACHES[alias].get("LOCATION")))
    found = _tiers.get(name)
    if found is None or found.pid != os.getpid():
        with _tiers_lock:
            found = _tiers.get(name)
            if found is None or found.pid != os.getpid():
                found = _tiers[name] = LocalTier(
                    cache, settings.PAGE_CACHE_LOCAL_MAX_BYTES, settings.PAGE_CACHE_LOCAL_TRUST
                )
    return found
