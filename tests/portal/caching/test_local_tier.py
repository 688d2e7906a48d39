"""The local tier's subscription (portal/caching/local.py) when several threads of one process start at once, as
under gunicorn's threaded worker. Against the real Redis: tests/production/test_page_cache_local.py."""

from django.core.cache.backends.locmem import LocMemCache

from portal.caching import local


class FakePubSub:
    """A subscription that Redis confirms at once."""

    def __init__(self, made):
        made.append(self)
        self.confirmations = []

    def subscribe(self, channel):
        self.confirmations.append({"type": "subscribe", "channel": channel})

    def get_message(self, timeout=0):
        return self.confirmations.pop(0) if self.confirmations else None

    def close(self):
        pass


class FakeClient:
    def __init__(self):
        self.made = []

    def pubsub(self):
        return FakePubSub(self.made)


def test_a_thread_that_looked_before_another_subscribed_does_not_subscribe_again(monkeypatch):
    """Two threads both saw no subscription; the second to get its turn finds the first's and keeps it."""
    client = FakeClient()
    monkeypatch.setattr(local, "redis_client", lambda cache: client)
    tier = local.LocalTier(LocMemCache("tier-test", {}), max_bytes=1_000_000, trust=2.0)
    assert tier.pubsub is None
    assert tier._subscribe()  # the first thread
    first = tier.pubsub
    assert tier._subscribe()  # the second, which had looked before the first subscribed
    assert tier.pubsub is first and len(client.made) == 1
    assert tier.refresh() and tier.live
