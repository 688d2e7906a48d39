"""Servers for the production suite: gunicorn on the portal, and a TCP proxy that can cut a service off.

``Proxy`` stands between the portal and a real service (PostgreSQL, Redis, the S3 server): while it is down its
port is closed (connections are refused) and every connection it carried is cut, as when the service goes away.
"""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the caller (as HTTPError) instead of following them."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(base_url, path, headers=None, method="GET", timeout=20):
    """Send ``method`` (GET) for ``base_url + path`` with the HTTPS-terminating proxy's headers; return (status,
    headers, body)."""
    request = urllib.request.Request(
        base_url + path,
        headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1", **(headers or {})},
        method=method,
    )
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def database_url():
    """The URL of the suite's test database (the one pytest-django made, with the content loaded)."""
    database = connection.settings_dict
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


@contextlib.contextmanager
def gunicorn(log_path, **environment):
    """Run gunicorn (gunicorn.conf.py, two workers) on the suite's database, with ``environment`` added.

    Yields its base URL once ``/healthz`` answers (within 60 s); stops it afterwards. Its output goes to the file
    ``log_path`` (a pipe left unread would fill).
    """
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": database_url(),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        **environment,
    }
    with open(log_path, "w+b") as log:
        process = subprocess.Popen(
            [str(GUNICORN), "--config", str(BASE_DIR / "gunicorn.conf.py")],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=log,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, Path(log_path).read_text(errors="replace")
                with contextlib.suppress(OSError):
                    if get(base_url, "/healthz")[0] == 200:
                        break
                assert time.monotonic() < deadline, "gunicorn did not answer /healthz within 60 s"
                time.sleep(0.3)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


class Proxy:
    """Forward TCP connections from a loopback port to ``target`` (host, port) while up.

    ``port``: the loopback port clients use (fixed for the proxy's life). ``down()`` closes it and cuts every
    connection; ``up()`` listens again on the same port.
    """

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self.listener = None
        self.connections = set()
        self.lock = threading.Lock()

    def up(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def down(self):
        listener, self.listener = self.listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self.lock:
            cut, self.connections = self.connections, set()
        for sock in cut:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # closed by down()
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                if self.listener is not listener:  # went down meanwhile
                    client.close()
                    upstream.close()
                    return
                self.connections |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
