"""Browser tests: Debian's Chromium driven by Playwright against the portal served in a thread.

Nothing downloads a browser: Playwright starts the system ``chromium`` (``CHROMIUM`` overrides the
path). Playwright's sync API runs an event loop in the test thread, so Django's async-safety check
is relaxed for these tests, as Django documents for this case.

The server is Django's LiveServerThread on the session's test database, which holds the content
loaded once for the whole suite. pytest-django's ``live_server`` fixture is not used: it makes
every test transactional, and the flush after each test would delete that content. On an in-memory
SQLite database the server thread shares the test's one connection, so its requests are handled one
at a time: the admin's autosave, preview POST and preview page otherwise interleave their
transactions on that connection.
"""

import os
import shutil
import threading

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


#: How long ``expect(...)`` assertions wait, in milliseconds (Playwright's default is 5 s). The server runs in a
#: thread of a test process that shares two cores with the other xdist workers, so a page or the admin's
#: preview may take longer than on an idle machine; a real failure still fails, only later.
EXPECT_TIMEOUT = 15_000


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT)

    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    assert executable, "Debian's chromium is needed for the browser tests (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


#: Held by the test server while it answers a request on a shared in-memory SQLite database; a fixture that writes to
#: the database while a browser may still send requests holds it too (``server_lock``).
SERVER_LOCK = threading.Lock()


@pytest.fixture
def server_lock():
    """The lock the test server holds while it answers a request (``SERVER_LOCK``)."""
    return SERVER_LOCK


@pytest.fixture(scope="session")
def site_url(django_db_setup, django_db_blocker):
    """Serve the portal (with static files) on a free loopback port for the session; yield its base URL."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    class OneRequestAtATime(StaticFilesHandler):
        lock = SERVER_LOCK

        def __call__(self, environ, start_response):
            with self.lock:
                return super().__call__(environ, start_response)

    with django_db_blocker.unblock():
        # An in-memory SQLite database is shared with the server thread, as LiveServerTestCase does.
        shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
        for connection in shared.values():
            connection.inc_thread_sharing()
        handler = OneRequestAtATime if shared else StaticFilesHandler
        thread = LiveServerThread("127.0.0.1", handler, connections_override=shared, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        try:
            yield f"http://127.0.0.1:{thread.port}"
        finally:
            thread.terminate()
            for connection in shared.values():
                connection.dec_thread_sharing()


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site_url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser, site_url):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, base_url=site_url
    )
    page = context.new_page()
    yield page
    context.close()
