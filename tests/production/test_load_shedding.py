"""Overload under gunicorn: a request that waited too long for a thread is a 503, a slow statement is cancelled.

One gunicorn worker with one thread (gunicorn.conf.py's worker, ``portal.edge.workers.QueueTimedThreadWorker``),
``LOAD_SHED_QUEUE_SECONDS`` of 0.2 and a statement timeout of 3 s. A transaction of the test holds an exclusive
lock on the page table, so a request that reads pages waits in the database, occupying the only thread; requests
sent meanwhile queue for it.
"""

import contextlib
import json
import socket
import time
from pathlib import Path

import psycopg
import pytest

from tests.production.servers import database_url, get, gunicorn
from tests.utils import has_cjk

SHED_AFTER = 0.2


@pytest.fixture(scope="module")
def server(django_db_setup, tmp_path_factory):
    """One worker, one thread, shedding after ``SHED_AFTER`` seconds in the queue; yields ``(base URL, port)``."""
    environment = {
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
        "LOAD_SHED_QUEUE_SECONDS": str(SHED_AFTER),
        "DATABASE_STATEMENT_TIMEOUT": "3",
        "SERVICE_UNAVAILABLE_RETRY_AFTER": "17",
    }
    with gunicorn(tmp_path_factory.mktemp("shedding") / "output.log", **environment) as base_url:
        yield base_url, int(base_url.rsplit(":", 1)[1])


@contextlib.contextmanager
def pages_locked():
    """Hold an exclusive lock on Wagtail's page table in a transaction of the test's own; roll it back afterwards."""
    with psycopg.connect(database_url()) as connection:
        connection.execute("LOCK TABLE wagtailcore_page IN ACCESS EXCLUSIVE MODE")
        try:
            yield connection
        finally:
            connection.rollback()


def waiting_on_a_lock(connection):
    """Return how many other sessions of the test database wait for a lock (the server's blocked statements)."""
    return connection.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        " AND pid <> pg_backend_pid()"
    ).fetchone()[0]


def wait_for(condition, what, seconds=30):
    """Poll ``condition()`` until it is true; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still not {what} after {seconds} s"
        time.sleep(0.02)


def send(port, path, headers=None):
    """Open a connection and send a GET for ``path`` (proxy headers, ``Connection: close``); return the socket."""
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "X-Forwarded-Proto: https", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    return sock


def receive(sock):
    """Read the whole answer on ``sock`` (the server closes it); return ``(status, {header: value}, body)``."""
    chunks = []
    with sock:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def accept_queue(port):
    """Return the connections waiting to be accepted on the listening socket of ``port`` (Linux's /proc/net/tcp)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":  # the local address, state LISTEN
            return int(fields[4].split(":")[1], 16)  # rx_queue: the accept backlog
    raise AssertionError(f"nothing listens on port {port}")


def test_requests_queued_behind_a_busy_thread_are_shed_in_the_visitors_language(server):
    base_url, port = server
    stored = "/zh-hans/"
    get(base_url, stored)  # stored by the page cache while nothing is locked
    assert get(base_url, stored)[1]["X-Page-Cache"] == "hit"
    with pages_locked() as connection:
        busy = send(port, "/en/search/?q=city")  # takes the only thread, then waits for the lock
        wait_for(lambda: waiting_on_a_lock(connection) == 1, "blocked in the database")
        queued = {
            "zh-page": send(port, "/zh-hans/search/?q=%E5%9F%8E%E5%B8%82"),
            "en-page": send(port, "/en/news/", {"Cookie": "sessionid=none"}),  # a cookie: never from the page cache
            "api": send(
                port,
                "/api/v2/pages/?type=news.NewsPage&locale=zh-hans",
                {"Cookie": "sessionid=none", "Accept-Language": "zh-CN"},
            ),
            "stored": send(port, stored),
        }
        wait_for(lambda: accept_queue(port) == 0, "accepted by the worker")  # so each now waits for the thread
        time.sleep(SHED_AFTER * 2)  # ... longer than LOAD_SHED_QUEUE_SECONDS: none can start before the lock goes
    # The lock is gone: the busy request ends normally, and the database answers every query from here on.
    assert receive(busy)[0] == 200
    answers = {name: receive(sock) for name, sock in queued.items()}

    status, headers, body = answers["zh-page"]
    assert (status, headers["retry-after"], headers["cache-control"]) == (503, "17", "no-store")
    assert headers["content-language"] == "zh-hans"
    page = body.decode()
    assert '<html lang="zh-Hans"' in page and has_cjk(page)
    assert "Temporarily unavailable" not in page

    status, headers, body = answers["en-page"]
    assert (status, headers["retry-after"], headers["content-language"]) == (503, "17", "en")
    assert '<html lang="en"' in body.decode() and "Temporarily unavailable" in body.decode()

    status, headers, body = answers["api"]
    assert (status, headers["retry-after"], headers["content-type"]) == (503, "17", "application/json")
    assert json.loads(body) == {"message": "暂时无法访问"}  # no language prefix: Accept-Language's

    # A stored page costs no more than the 503 would: it is answered.
    status, headers, _body = answers["stored"]
    assert (status, headers["x-page-cache"]) == (200, "hit")

    # Nothing waits any more: pages are served again.
    assert get(base_url, "/zh-hans/search/?q=%E5%9F%8E%E5%B8%82")[0] == 200


def test_a_statement_longer_than_the_statement_timeout_is_a_503_page(server):
    base_url, _port = server
    with pages_locked():
        status, headers, body = get(base_url, "/zh-hans/search/?q=%E5%9F%8E%E5%B8%82")
    assert (status, headers["Retry-After"]) == (503, "17")
    assert headers["Content-Language"] == "zh-hans" and has_cjk(body.decode())
    assert get(base_url, "/zh-hans/search/?q=%E5%9F%8E%E5%B8%82")[0] == 200
