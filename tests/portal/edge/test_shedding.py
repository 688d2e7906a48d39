"""Load shedding in the middleware (portal/edge/shedding.py): a request whose environ says it waited too long for a
thread is a 503 in the language of its URL, JSON under /api/, before any database query; a stored page is served.

The wait is what ``portal.edge.workers.QueueTimedThreadWorker`` puts in the environ under gunicorn; here the test
client sets it. Under gunicorn: tests/production/test_load_shedding.py.
"""

import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from portal.edge.language import html_lang, is_chinese
from portal.edge.workers import QUEUE_SECONDS_KEY
from tests.utils import has_cjk

pytestmark = pytest.mark.django_db

WAITED = {QUEUE_SECONDS_KEY: 5.5}


@override_settings(LOAD_SHED_QUEUE_SECONDS=5, SERVICE_UNAVAILABLE_RETRY_AFTER=12, PAGE_CACHE=False)
@pytest.mark.parametrize(("path", "language"), [("/zh-hans/news/", "zh-hans"), ("/en/search/?q=city", "en")])
def test_a_request_that_waited_too_long_is_a_503_page_in_its_language_without_a_query(client, path, language):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **WAITED)
    assert len(queries) == 0
    assert response.status_code == 503
    assert (response["Retry-After"], response["Cache-Control"]) == ("12", "no-store")
    assert response["Content-Language"] == language
    page = response.content.decode()
    assert f'<html lang="{html_lang(language)}"' in page
    assert has_cjk(page) == is_chinese(language)


@override_settings(LOAD_SHED_QUEUE_SECONDS=5, PAGE_CACHE=False)
@pytest.mark.parametrize(
    ("accept_language", "message"), [("en-GB", "Temporarily unavailable"), ("zh-CN", "暂时无法访问")]
)
def test_the_api_answers_json_in_the_visitors_language(accept_language, message):
    from django.test import Client

    client = Client(headers={"Accept-Language": accept_language})
    response = client.get("/api/v2/pages/?type=news.NewsPage&locale=zh-hans", **WAITED)
    assert response.status_code == 503 and response["Content-Type"] == "application/json"
    assert response["Retry-After"] == str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    assert json.loads(response.content) == {"message": message}


@override_settings(LOAD_SHED_QUEUE_SECONDS=5, PAGE_CACHE=False)
@pytest.mark.parametrize("path", ["/zh-Hans/news/", "/zh-cn/"])
def test_a_lookalike_prefix_is_not_a_language(client, path):
    """Only the prefixes the site serves name a language; otherwise Accept-Language decides, as on the 404 page."""
    response = client.get(path, headers={"Accept-Language": "en"}, **WAITED)
    assert response.status_code == 503 and response["Content-Language"] == "en"
    assert not has_cjk(response.content.decode())


@override_settings(LOAD_SHED_QUEUE_SECONDS=5, PAGE_CACHE=False)
@pytest.mark.parametrize("environ", [{QUEUE_SECONDS_KEY: 4.9}, {}])
def test_a_request_that_waited_less_or_came_from_elsewhere_is_served(client, environ):
    assert client.get("/zh-hans/news/", **environ).status_code == 200


@override_settings(LOAD_SHED_QUEUE_SECONDS=0, PAGE_CACHE=False)
def test_zero_sheds_nothing(client):
    assert client.get("/zh-hans/news/", **WAITED).status_code == 200


@override_settings(LOAD_SHED_QUEUE_SECONDS=5, PAGE_CACHE=True)
def test_a_stored_page_is_served_however_long_it_waited(client):
    client.get("/en/news/")
    response = client.get("/en/news/", **WAITED)
    assert (response.status_code, response["X-Page-Cache"]) == (200, "hit")
