"""Numbers no database takes are 400s in the API, as JSON, on SQLite and PostgreSQL alike (docs/api.md).

Beyond 64 bits, an ``offset`` or an integer a field filter compares (a key, a relation, a size) failed in the database
driver: a server error on both databases for ``offset``, on SQLite for relations. Inside the range, a number that
matches nothing is an empty result, as before.
"""

import pytest

API = "/api/v2"
MAX = 2**63 - 1
BEYOND = [str(MAX + 1), "99999999999999999999", str(-(2**63) - 1), "-99999999999999999999"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_raised_exceptions(client):
    client.raise_request_exception = False


def assert_json_400(response, name):
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert name in response.json()["message"]


def assert_empty_listing(response):
    assert response.status_code == 200, response.content[:300]
    assert response.json()["items"] == []


@pytest.mark.parametrize("value", [str(MAX + 1), "99999999999999999999"])
@pytest.mark.parametrize("search", [{}, {"search": "city"}], ids=["list", "search"])
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_an_offset_beyond_64_bits_is_a_400(client, endpoint, search, value):
    assert_json_400(client.get(f"{API}/{endpoint}/", {"offset": value, **search}), "offset")


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_the_largest_offset_is_an_empty_page(client, endpoint):
    response = client.get(f"{API}/{endpoint}/", {"offset": str(MAX)})
    assert_empty_listing(response)
    assert response.json()["meta"]["total_count"] == client.get(f"{API}/{endpoint}/").json()["meta"]["total_count"]


@pytest.mark.parametrize("value", ["-1", str(-MAX)])
def test_a_negative_offset_is_still_upstreams_400(client, value):
    assert_json_400(client.get(f"{API}/pages/", {"offset": value}), "offset")


@pytest.mark.parametrize("value", BEYOND)
@pytest.mark.parametrize(
    ("endpoint", "query", "name"),
    [
        ("pages", {}, "id"),
        ("pages", {"type": "news.NewsPage"}, "category"),
        ("pages", {"type": "news.NewsPage"}, "hero_image"),
        ("pages", {"type": "news.NewsPage"}, "related_cities"),
        ("pages", {"type": "events.EventPage"}, "city"),
        ("pages", {"type": "events.EventPage"}, "related_news"),
        ("images", {}, "id"),
        ("images", {}, "width"),
        ("images", {}, "height"),
        ("documents", {}, "id"),
    ],
    ids=str,
)
def test_an_integer_filter_beyond_64_bits_is_a_400(client, endpoint, query, name, value):
    assert_json_400(client.get(f"{API}/{endpoint}/", {**query, name: value}), name)


@pytest.mark.parametrize("value", [str(MAX), str(-(2**63)), "2147483648"])
@pytest.mark.parametrize(
    ("endpoint", "query", "name"),
    [
        ("pages", {}, "id"),
        ("pages", {"type": "news.NewsPage"}, "category"),
        ("pages", {"type": "news.NewsPage"}, "related_cities"),
        ("images", {}, "width"),
    ],
    ids=str,
)
def test_an_integer_filter_inside_64_bits_matches_nothing(client, endpoint, query, name, value):
    assert_empty_listing(client.get(f"{API}/{endpoint}/", {**query, name: value}))


@pytest.mark.parametrize(("name", "value"), [("search", "99999999999999999999"), ("tags", "99999999999999999999")])
@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_text_that_looks_like_a_number_is_still_text(client, endpoint, name, value):
    assert_empty_listing(client.get(f"{API}/{endpoint}/", {name: value}))


@pytest.mark.parametrize("value", BEYOND[:2])
@pytest.mark.parametrize("name", ["child_of", "descendant_of", "ancestor_of", "translation_of"])
def test_a_tree_filter_beyond_64_bits_is_a_400(client, name, value):
    response = client.get(f"{API}/pages/", {name: value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("value", BEYOND[:2])
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_a_detail_or_find_beyond_64_bits_is_a_json_404(client, endpoint, value):
    for response in (client.get(f"{API}/{endpoint}/{value}/"), client.get(f"{API}/{endpoint}/find/", {"id": value})):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
