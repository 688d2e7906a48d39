"""The cache and the sessions live in Redis, shared by every app server."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_cache_is_redis(redis_keys):
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    cache.set("production-suite-probe", {"answer": 42}, 60)
    try:
        assert cache.get("production-suite-probe") == {"answer": 42}
        assert any(key.endswith(":production-suite-probe") for key in redis_keys())
    finally:
        cache.delete("production-suite-probe")
    assert not any(key.endswith(":production-suite-probe") for key in redis_keys())


def test_every_cache_call_shares_one_redis_client_per_pool(redis_keys):
    from portal.caching.backends import SharedClientRedisCacheClient

    cache = caches["default"]
    assert isinstance(cache._cache, SharedClientRedisCacheClient)
    cache.set("production-suite-client", 1, 60)
    try:
        first = cache._cache.get_client("production-suite-client", write=True)
        assert cache.get_many(["production-suite-client", "absent"]) == {"production-suite-client": 1}
        assert cache._cache.get_client() is first  # one server: reads and writes share pool 0 and its client
        assert first.connection_pool is cache._cache._get_connection_pool(write=True)
    finally:
        cache.delete("production-suite-client")


def test_an_admin_login_session_is_stored_in_redis(django_user_model, client, redis_keys):
    django_user_model.objects.create_superuser("redis-admin", "redis-admin@example.org", "a-long-pass-phrase")
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "redis-admin", "password": "a-long-pass-phrase"},
        secure=True,
    )
    assert response.status_code == 302
    session_key = client.cookies["sessionid"].value
    assert caches["sessions"].get(f"django.contrib.sessions.cache{session_key}")["_auth_user_id"]
    assert any(key.endswith(session_key) and "-sessions:" in key for key in redis_keys())
    # The session cookie is secure and HTTP-only.
    morsel = response.cookies["sessionid"]
    assert morsel["secure"] and morsel["httponly"]

    # Another client presenting the cookie is logged in: the session is read back from Redis.
    other = Client()
    other.cookies["sessionid"] = session_key
    assert other.get(reverse("wagtailadmin_home"), secure=True).status_code == 200
