"""The page cache's local tier against the real Redis: hits without a round trip, never a page older than an
invalidation any server published, and Redis again whenever the invalidation channel cannot be trusted."""

import logging
import socket
import time

import pytest
from django.conf import settings
from django.test import Client

from portal.caching import local, middleware, tokens

pytestmark = pytest.mark.django_db

STATUS = middleware.STATUS_HEADER
PATH = "/en/about/"
SCOPE = tokens.scope_of(PATH)


@pytest.fixture
def client():
    return Client(headers={"X-Forwarded-Proto": "https"})  # as the load balancer sends


@pytest.fixture
def tier():
    """This process's tier of the page cache, subscribed, with nothing held yet."""
    found = local.tier(tokens.page_cache(), settings.PAGE_CACHE_ALIAS)
    assert found is not None
    found.retry_at = 0.0  # a test before may have broken the channel
    assert found.refresh() or found.refresh()
    found.tokens.clear()
    found.entries.clear()
    found.size = 0
    return found


@pytest.fixture
def redis_reads(monkeypatch):
    """Count the page cache's reads of tokens and stored pages from Redis."""
    calls = []
    read = tokens.current_tokens

    def counted(*args, **kwargs):
        calls.append(args[1])
        return read(*args, **kwargs)

    monkeypatch.setattr(tokens, "current_tokens", counted)
    return calls


def another_server(scope, tier, message=True):
    """Do what another app server's ``tokens.invalidate`` does, with a cache client and connections of its own;
    without the message when ``message`` is False (as if it were lost). Returns once the message is on ``tier``'s
    connection (as it is before a request that follows the publish arrives)."""
    from django.core.cache import caches

    other = caches.create_connection(settings.PAGE_CACHE_ALIAS)
    other.set(tokens.token_key(scope), tokens.new_token(), timeout=None)
    if message:
        local.publish(other, [scope])
        assert tier.pubsub.connection.can_read(timeout=2)


def test_after_the_first_hit_a_stored_page_is_served_without_asking_redis(client, tier, redis_reads):
    statuses = [client.get(PATH)[STATUS] for _ in range(4)]
    assert statuses[1:] == ["hit"] * 3
    assert statuses[0] in ("miss", "hit")  # stored by an earlier test or now
    assert len(redis_reads) == 1  # only the first request asked Redis


@pytest.mark.parametrize("scope", [SCOPE, tokens.EVERYTHING])
def test_an_invalidation_published_by_another_server_is_seen_by_the_next_request(client, tier, scope, redis_reads):
    client.get(PATH)
    assert client.get(PATH)[STATUS] == "hit"
    assert len(redis_reads) == 1
    another_server(scope, tier)
    assert client.get(PATH)[STATUS] == "miss"
    assert [client.get(PATH)[STATUS] for _ in range(2)] == ["hit", "hit"]
    assert len(redis_reads) == 2  # the request after the message asked Redis; the next ones did not


def test_what_was_read_before_an_invalidation_arrived_is_not_kept(tier):
    stamp, _found = tokens.current_tokens(tokens.page_cache(), SCOPE)
    epoch = tier.epoch
    another_server(SCOPE, tier)
    tier.refresh()
    tier.keep("a-page", SCOPE, stamp, (200, [], b"<html>"), time.time() + 60, epoch)
    assert (tier.tokens, dict(tier.entries)) == ({}, {})
    tier.keep("a-page", SCOPE, stamp, (200, [], b"<html>"), time.time() + 60, tier.epoch)
    assert SCOPE in tier.tokens and "a-page" in tier.entries


def test_a_page_is_held_no_longer_than_it_is_stored(client, tier, settings, monkeypatch):
    """Pages that change with time (``page_cache_timeout``, the events index) expire from the tier as from Redis."""
    client.get(PATH)
    assert client.get(PATH)[STATUS] == "hit"
    (key,) = list(tier.entries)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + settings.PAGE_CACHE_TIMEOUT + 1)
    assert tier.lookup(SCOPE, key) is None
    assert key not in tier.entries


def test_the_tier_is_off_without_bytes_to_keep_pages_in(settings):
    settings.PAGE_CACHE_LOCAL_MAX_BYTES = 0
    assert local.tier(tokens.page_cache(), settings.PAGE_CACHE_ALIAS) is None


def test_an_unreachable_channel_is_tried_again_only_after_a_while(settings, caplog, monkeypatch):
    from django.core.cache import caches

    unreachable = {
        "BACKEND": "portal.caching.backends.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    settings.CACHES = {**settings.CACHES, "nowhere": unreachable}
    monkeypatch.setattr(local, "_tiers", {})
    tier = local.tier(caches["nowhere"], "nowhere")
    with caplog.at_level(logging.WARNING, logger="portal.caching.local"):
        assert [tier.refresh() for _ in range(3)] == [False, False, False]
    assert sum("invalidation channel failed" in record.getMessage() for record in caplog.records) == 1
    assert tier.retry_at > time.monotonic()


def test_a_lost_channel_sends_every_lookup_to_redis_until_it_is_back(client, tier, redis_reads, monkeypatch, caplog):
    client.get(PATH)
    client.get(PATH)
    tier.pubsub.connection._sock.shutdown(socket.SHUT_RDWR)  # the connection to Redis breaks
    with caplog.at_level(logging.WARNING, logger="portal.caching.local"):
        assert [client.get(PATH)[STATUS] for _ in range(2)] == ["hit", "hit"]
    assert (tier.live, tier.entries) == (False, {})
    assert len(redis_reads) == 3  # both served from Redis
    assert any("invalidation channel failed" in record.getMessage() for record in caplog.records)

    monkeypatch.setattr(tier, "retry_at", 0.0)  # the retry interval is over
    assert [client.get(PATH)[STATUS] for _ in range(3)] == ["hit"] * 3
    assert tier.live
    assert len(redis_reads) == 4  # subscribed again: one read, then none


def test_tokens_from_redis_are_trusted_for_a_bounded_time(client, tier, monkeypatch):
    """A token changed without a message (one lost in a silent network failure) is noticed after ``trust`` seconds."""
    client.get(PATH)
    assert client.get(PATH)[STATUS] == "hit"
    another_server(SCOPE, tier, message=False)
    assert client.get(PATH)[STATUS] == "hit"  # still trusted
    monkeypatch.setattr(tier, "trust", -1)  # the time is over
    assert client.get(PATH)[STATUS] == "miss"


def test_each_process_has_its_own_tier(tier, monkeypatch):
    cache = tokens.page_cache()
    assert local.tier(cache, settings.PAGE_CACHE_ALIAS) is tier
    monkeypatch.setattr(local, "_tiers", dict(local._tiers))  # the fixture's tier is back afterwards
    monkeypatch.setattr(tier, "pid", -1)  # as seen from a forked worker
    assert local.tier(cache, settings.PAGE_CACHE_ALIAS) is not tier


def test_the_tier_keeps_the_most_recently_used_pages_within_its_bytes():
    page = (200, [("Content-Type", "text/html")], b"x" * 1000)
    size = len("a") + 1000 + len("Content-Type") + len("text/html") + local.ENTRY_OVERHEAD
    tier = local.LocalTier(tokens.page_cache(), max_bytes=2 * size + 10, trust=60)
    assert tier.refresh()
    stamp, later = ("all", "scope"), time.time() + 60
    for key in ("a", "b", "c"):
        tier.keep(key, SCOPE, stamp, page, later, tier.epoch)
    tier.keep("big", SCOPE, stamp, (200, [], b"x" * (2 * size)), later, tier.epoch)  # more than the whole tier
    assert list(tier.entries) == ["b", "c"]
    assert tier.size == 2 * size
    assert tier.lookup(SCOPE, "b") == page
    assert tier.lookup(SCOPE, "a") is None
    tier.pubsub.close()
