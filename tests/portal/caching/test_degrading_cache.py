"""``DegradingRedisCache`` (portal/caching/backends.py) when Redis cannot be reached.

Redis here is a port nothing listens on, or a server that accepts each connection and closes it at once (counting
them). Redis going away and coming back, with invalidations made meanwhile: tests/production/test_degraded.py.
"""

import logging
import socket
import threading
import time

import pytest
import redis

from portal.caching import backends
from tests.utils import closed_port

OPTIONS = {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}


def degrading_cache(port):
    return backends.DegradingRedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": OPTIONS})


class Slammer:
    """A TCP server on loopback that accepts connections and closes them at once; ``count`` how many."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.count = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _address = self.socket.accept()
            except OSError:
                return
            self.count += 1
            connection.close()

    def close(self):
        self.socket.close()


@pytest.fixture
def slammer():
    server = Slammer()
    yield server
    server.close()


def test_an_unreachable_redis_answers_as_an_empty_cache():
    cache = degrading_cache(closed_port())
    assert cache.get("key") is None and cache.get("key", "default") == "default"
    assert cache.set("key", 1) is None and cache.set_many({"key": 1}) == []
    assert cache.add("key", 1) is False and cache.touch("key") is False and cache.delete("key") is False
    assert cache.get_many(["key", "other"]) == {} and cache.has_key("key") is False
    assert cache.get_or_set("key", 2) == 2
    with pytest.raises(ValueError):  # as for a missing key
        cache.incr("key")
    cache.delete_many(["key"])
    assert cache.clear() is False
    assert backends.unreachable(cache)


def test_strict_calls_raise():
    cache = degrading_cache(closed_port())
    with backends.strict(cache), pytest.raises(redis.exceptions.ConnectionError):
        cache.set("key", 1)
    assert cache.set("key", 1) is None  # outside the block it steps aside again


def test_redis_is_left_alone_between_tries(slammer, monkeypatch):
    cache = degrading_cache(slammer.port)
    assert cache.get("key") is None
    tried = slammer.count
    assert tried >= 1
    for _ in range(20):
        cache.get("key")
        cache.set("key", 1)
    assert slammer.count == tried  # nothing asked of Redis within RETRY_INTERVAL
    monkeypatch.setattr(backends, "RETRY_INTERVAL", 0.0)
    cache.get("key")
    assert slammer.count > tried  # tried again once the interval passed


def test_one_warning_per_interval_whatever_the_number_of_calls(slammer, caplog, monkeypatch):
    monkeypatch.setattr(backends, "RETRY_INTERVAL", 0.0)  # every call tries, and fails
    cache = degrading_cache(slammer.port)
    with caplog.at_level(logging.WARNING, logger="portal.caching.backends"):
        for _ in range(10):
            cache.get("key")
    assert slammer.count >= 10
    assert len(caplog.records) == 1
    assert "is unreachable; serving without it" in caplog.records[0].getMessage()
    monkeypatch.setattr(backends, "WARNING_INTERVAL", 0.0)
    cache.get("key")
    assert len(caplog.records) == 2


def test_the_location_in_a_warning_has_no_password(caplog):
    port = closed_port()
    cache = backends.DegradingRedisCache(f"redis://:s3cret@127.0.0.1:{port}/0", {"OPTIONS": OPTIONS})
    with caplog.at_level(logging.WARNING, logger="portal.caching.backends"):
        cache.get("key")
    assert f"redis://127.0.0.1:{port}/0" in caplog.text and "s3cret" not in caplog.text


def test_plain_redis_cache_raises():
    """Sessions use the plain backend: their loss must be seen (a 503 page), not hidden."""
    cache = backends.RedisCache(f"redis://127.0.0.1:{closed_port()}/0", {"OPTIONS": OPTIONS})
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.set("key", 1)


# ---------------------------------------------------------------------------- threads reporting on one Outage
# gunicorn's threaded worker runs several requests of one process at once, all reporting to the same Outage.


def test_a_failure_after_a_call_began_is_not_undone_by_that_call_answering():
    """Thread A's call began, thread B's failed, then A's answered: Redis is still taken to be away."""
    outage = backends.Outage(("redis://outage-test-1",))
    outage.failed(redis.exceptions.ConnectionError("first"))
    started = time.monotonic()  # A begins
    outage.failed(redis.exceptions.ConnectionError("B, after A began"))
    outage.answered(started)  # A ends
    assert outage.since is not None and outage.skipping()
    outage.answered(time.monotonic())  # a call begun after the last failure ends the outage
    assert outage.since is None


def test_the_recovery_hooks_run_once_and_the_other_threads_wait_for_them(monkeypatch):
    outage = backends.Outage(("redis://outage-test-2",))
    outage.failed(redis.exceptions.ConnectionError("away"))
    events = []
    hook_running = threading.Event()

    def hook():
        events.append("hook started")
        hook_running.set()
        time.sleep(0.2)
        events.append("hook done")

    monkeypatch.setattr(backends.Outage, "recovery_hooks", [hook])
    started = time.monotonic()

    def first():
        outage.answered(started)
        events.append("first goes on")

    def second():
        hook_running.wait()
        outage.answered(started)
        events.append("second goes on")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert events.count("hook started") == 1
    assert events.index("hook done") < events.index("second goes on")
    assert outage.since is None
