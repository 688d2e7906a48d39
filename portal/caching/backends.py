"""``RedisCache``: Django's Redis cache backend with one redis-py client per connection pool.

Replaces ``django.core.cache.backends.redis.RedisCacheClient.get_client`` (Django 5.2.19), and relies on
``django.core.cache.backends.redis.RedisCache.__init__`` keeping the client class in ``_class``. Upstream builds a new
``redis.Redis`` for every cache call; with redis-py 8 that costs about 0.1 ms of CPU (the client copies its table of
~170 response callbacks), more than the round trip to Redis itself, on every page-cache hit. A redis-py client is
safe to share between threads (each command takes a connection from the pool), so one per pool is kept.
Why and what it saves: docs/upstream-overrides.md, section 33.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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
