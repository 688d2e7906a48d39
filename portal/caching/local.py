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

logger = logging.getLogger(__name__)

#: The channel (under the cache's key prefix) that invalidations are published on.
CHANNEL = "pagecache:invalidations"
#: Seconds between two attempts to subscribe after a failure.
RETRY_INTERVAL = 5.0
#: Seconds a process waits for Redis to confirm its subscription.
SUBSCRIBE_TIMEOUT = 1.0
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

    ``max_bytes``: the most bytes of stored bodies kept (least recently used go first); ``trust``: seconds a token
    read from Redis is believed without asking again.
    """

    def __init__(self, cache, max_bytes, trust):
        self.cache = cache
        self.max_bytes = max_bytes
        self.trust = trust
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.pubsub = None
        self.live = False  # subscribed, confirmed, and no failure since
        self.retry_at = 0.0
        self.epoch = 0  # counts invalidations received: tokens read before one are not kept after it
        self.tokens = {}  # scope -> (token, monotonic time read from Redis)
        self.entries = OrderedDict()  # cache key -> (stamp, entry, size)
        self.size = 0

    # ------------------------------------------------------------------------------------------ channel

    def refresh(self):
        """Read the invalidations that have arrived, without waiting; subscribe first when not yet (or again).

        Returns True when the tier may answer (subscribed and confirmed).
        """
        with self.lock:
            if self.pubsub is None:
                if time.monotonic() < self.retry_at:
                    return False
                self._subscribe()
            try:
                while (message := self.pubsub.get_message(timeout=0)) is not None:
                    self._receive(message)
            except Exception as error:  # connection lost or refused: off until a new subscription
                self._fail(error)
            return self.live

    def _subscribe(self):
        """Subscribe and wait for Redis to confirm (up to ``SUBSCRIBE_TIMEOUT`` seconds, once per process)."""
        try:
            self.pubsub = redis_client(self.cache).pubsub()
            self.pubsub.subscribe(channel_of(self.cache))
            deadline = time.monotonic() + SUBSCRIBE_TIMEOUT
            while not self.live and (left := deadline - time.monotonic()) > 0:
                if (message := self.pubsub.get_message(timeout=left)) is not None:
                    self._receive(message)
        except Exception as error:
            self._fail(error)

    def _receive(self, message):
        if message["type"] == "subscribe":
            self.live = True
        elif message["type"] == "message":
            self.epoch += 1
            scopes = message["data"].decode().split(" ")
            if EVERYTHING in scopes:
                self.tokens.clear()
            for scope in scopes:
                self.tokens.pop(scope, None)

    def _fail(self, error):
        logger.warning("The page cache's invalidation channel failed; stored pages are read from Redis: %s", error)
        if self.pubsub is not None:
            with contextlib.suppress(Exception):  # closing a broken connection; nothing more to do
                self.pubsub.close()
        self.pubsub = None
        self.live = False
        self.retry_at = time.monotonic() + RETRY_INTERVAL
        self.epoch += 1
        self.tokens.clear()
        self.entries.clear()
        self.size = 0

    # ------------------------------------------------------------------------------------------ entries

    def lookup(self, scope, key):
        """Return the stored entry of ``key`` when it is valid under the tokens of ``scope`` held here, else None."""
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
            self.entries.move_to_end(key)
            return found[1]

    def learn(self, scope, stamp, epoch):
        """Hold ``stamp`` (the tokens of EVERYTHING and ``scope``, read from Redis while ``self.epoch`` was
        ``epoch``), unless an invalidation arrived since."""
        with self.lock:
            if self.live and epoch == self.epoch:
                now = time.monotonic()
                self.tokens[EVERYTHING] = (stamp[0], now)
                self.tokens[scope] = (stamp[1], now)

    def keep(self, key, stamp, entry):
        """Keep ``entry`` (a stored page, its body at ``entry[2]``) under ``key``, valid under ``stamp``."""
        size = len(entry[2])
        with self.lock:
            if not self.live or size > self.max_bytes:
                return
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= old[2]
            self.entries[key] = (stamp, entry, size)
            self.size += size
            while self.size > self.max_bytes:
                _key, (_stamp, _entry, dropped) = self.entries.popitem(last=False)
                self.size -= dropped


_tiers = {}  # (alias, channel, location) -> LocalTier of this process


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
        found = _tiers[name] = LocalTier(cache, settings.PAGE_CACHE_LOCAL_MAX_BYTES, settings.PAGE_CACHE_LOCAL_TRUST)
    return found
