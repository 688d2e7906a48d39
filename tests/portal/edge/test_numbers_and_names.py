"""Page numbers no database can skip to, and file names no file system takes: 404s, never server errors.

``?page=`` beyond the last page is a 404 in every listing (docs/public-site.md); beyond 64 bits the events index
asked the database for it (a server error on SQLite and PostgreSQL). A media file name longer than the file system
allows made the development media view (``make run``) fail with ENAMETOOLONG.
"""

import importlib

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import clear_url_caches

from portal.edge.language import html_lang
from tests.utils import LANGUAGES, soup_of

HUGE = ["99999999999999999999", str(2**63), str(2**62)]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_raised_exceptions(client):
    client.raise_request_exception = False


@pytest.mark.parametrize("page", HUGE)
@pytest.mark.parametrize("path", ["events/", "news/", "news/2018/", "search/?q=city&"], ids=str)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_number_beyond_the_database_is_a_404_in_the_visitors_language(client, language, path, page):
    separator = "" if path.endswith("&") else "?"
    response = client.get(f"/{language}/{path}{separator}page={page}")
    assert response.status_code == 404
    assert soup_of(response).html["lang"] == html_lang(language)


@pytest.mark.parametrize("page", HUGE)
def test_a_sitemap_page_beyond_the_database_is_a_404(client, page):
    assert client.get(f"/sitemap-pages.xml?p={page}").status_code == 404


@pytest.fixture
def served_media():
    """``portal.urls`` as ``make run`` builds it (``SERVE_MEDIA``: the development media view); restored after."""
    import portal.urls

    with override_settings(SERVE_MEDIA=True):
        importlib.reload(portal.urls)
        clear_url_caches()
    yield
    importlib.reload(portal.urls)
    clear_url_caches()


@pytest.mark.parametrize(
    "path", ["a" * 300 + ".jpg", "images/" + "b" * 256 + ".jpg", "c" * 300 + "/x.jpg", "original_images/" + "d" * 4000]
)
def test_a_media_name_too_long_for_the_file_system_is_a_404(client, served_media, path):
    assert client.get(f"/media/{path}").status_code == 404


def test_media_are_still_served(client, served_media):
    folder = settings.MEDIA_ROOT if isinstance(settings.MEDIA_ROOT, str) else str(settings.MEDIA_ROOT)
    with open(f"{folder}/edge-test.txt", "w") as file:
        file.write("served")
    response = client.get("/media/edge-test.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"served"
    assert client.get("/media/missing-file.txt").status_code == 404
