"""Frontend cache invalidation: configured from the environment, PURGE requests sent to a real HTTP cache server."""

import http.server
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from events.models import EventPage
from news.models import NewsPage
from portal.caching.frontend import (
    CLOUDFLARE_BACKEND,
    CLOUDFRONT_BACKEND,
    HTTP_BACKEND,
    frontend_cache_setting,
)
from tests.utils import EN


def test_no_backend_without_the_environment_variables():
    assert frontend_cache_setting({}) == {}


def test_each_variable_configures_its_backend():
    setting = frontend_cache_setting(
        {
            "FRONTEND_CACHE_PURGE_URL": "http://varnish.internal:6081",
            "CLOUDFLARE_ZONE_ID": "zone-1",
            "CLOUDFLARE_API_TOKEN": "token-1",
            "CLOUDFRONT_DISTRIBUTION_ID": "E123",
        }
    )
    assert setting == {
        "http": {"BACKEND": HTTP_BACKEND, "LOCATION": "http://varnish.internal:6081"},
        "cloudflare": {"BACKEND": CLOUDFLARE_BACKEND, "ZONEID": "zone-1", "BEARER_TOKEN": "token-1"},
        "cloudfront": {"BACKEND": CLOUDFRONT_BACKEND, "DISTRIBUTION_ID": "E123"},
    }


@pytest.mark.parametrize("variable", ["CLOUDFLARE_ZONE_ID", "CLOUDFLARE_API_TOKEN"])
def test_half_a_cloudflare_configuration_is_refused(variable):
    with pytest.raises(ImproperlyConfigured, match="CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN"):
        frontend_cache_setting({variable: "x"})


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    """A caching proxy's purge endpoint: records (Host, path) of every PURGE request and answers 200."""

    requests = []

    def do_PURGE(self):
        self.requests.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cache_server():
    """A real HTTP server on a loopback port recording PURGE requests; yields its list of (host, path)."""
    PurgeRecorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    setting = frontend_cache_setting({"FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{server.server_port}"})
    with override_settings(WAGTAILFRONTENDCACHE=setting):
        yield PurgeRecorder.requests
    server.shutdown()
    server.server_close()


def purged_paths(requests):
    return {path for _host, path in requests}


@pytest.mark.django_db
def test_publishing_a_news_page_purges_it_and_the_pages_listing_it(cache_server, django_capture_on_commit_callbacks):
    page = NewsPage.objects.live().filter(locale__language_code=EN).first()
    index = page.get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    paths = purged_paths(cache_server)
    assert page.url in paths
    assert {index.url, index.url + "feed/", index.url + "feed/atom/"} <= paths
    assert "/en/" in paths  # the home page lists the latest news
    assert {host for host, _path in cache_server} == {page.get_site().hostname}  # the Host header names the site


@pytest.mark.django_db
def test_publishing_an_event_purges_its_ics_file_and_the_calendar(cache_server, django_capture_on_commit_callbacks):
    event = EventPage.objects.live().filter(locale__language_code=EN).first()
    index = event.get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    paths = purged_paths(cache_server)
    assert {event.url, index.url, index.url + "calendar.ics", event.get_ics_url()} <= paths


@pytest.mark.django_db
def test_unpublishing_purges_too(cache_server, django_capture_on_commit_callbacks):
    page = NewsPage.objects.live().filter(locale__language_code=EN).first()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert {page.url, page.get_parent().url} <= purged_paths(cache_server)


@pytest.mark.django_db
def test_nothing_is_sent_without_a_backend(django_capture_on_commit_callbacks):
    page = NewsPage.objects.live().filter(locale__language_code=EN).first()
    PurgeRecorder.requests = []
    with override_settings(WAGTAILFRONTENDCACHE={}), django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert PurgeRecorder.requests == []
