"""The maps of the country pages, the city pairings and the city cards, in both languages (docs/maps.md)."""

from collections import Counter

import pytest
from django.core.management import call_command

from components.models import City
from portal.content.loader import ContentError, ContentLoader
from portal.maps import geometry
from tests.admin_forms import submit_edit_form
from tests.components.factories import CityFactory
from tests.factories import translated_pair
from tests.utils import CONTENT, EN, LANGUAGES, ZH, has_cjk, pair, soup_of, text_of

COOPERATION = "/city-to-city-cooperation/"
CITIES = {item["key"]: item for item in CONTENT["cities"]}


def located(country):
    """The content data's cities of ``country`` that have coordinates."""
    return [item for item in CONTENT["cities"] if item["country"] == country and item["location"]]


def assert_accessible_svg(svg, soup):
    """``svg`` is an image named by its <title> and described by its <desc>, whose ids are unique on the page."""
    assert svg["role"] == "img"
    title = soup.find(id=svg["aria-labelledby"])
    desc = soup.find(id=svg["aria-describedby"])
    assert title is not None and title.name == "title" and title.parent is svg and text_of(title)
    assert desc is not None and desc.name == "desc" and desc.parent is svg and text_of(desc)
    assert svg["viewbox"].startswith("0 0 ")  # html.parser lowers attribute names
    return text_of(title), text_of(desc)


def assert_unique_ids(soup):
    counts = Counter(element["id"] for element in soup.find_all(id=True))
    assert [key for key, count in counts.items() if count > 1] == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("country", ["china", "malaysia", "indonesia", "vietnam", "eu-member-states"])
def test_a_country_page_maps_its_located_cities_labelled_in_its_language(client, language, country):
    soup = soup_of(client.get(f"/{language}/countries/{country}/"))
    section = soup.find(id="participating-cities").parent
    figure = section.find("figure", class_="map-figure")
    svg = figure.find("svg", class_="map--large")
    title, desc = assert_accessible_svg(svg, soup)
    expected = located(country)
    assert len(svg.select("circle.map__marker")) == len(expected)
    names = {pair(item["name"], language) for item in expected}
    labels = [text_of(label) for label in svg.select("text.map__label")]
    assert labels and set(labels) <= names
    for name in names:  # the description names every marked city
        assert name in desc
    assert text_of(figure.figcaption)
    if language == ZH:
        assert all(has_cjk(text) for text in [title, desc, text_of(figure.figcaption), *labels])
    assert_unique_ids(soup)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_city_without_coordinates_is_listed_but_not_marked(client, language):
    soup = soup_of(client.get(f"/{language}/countries/malaysia/"))
    svg = soup.find("svg", class_="map--large")
    assert not CITIES["kampung-baru"]["location"]
    assert len(svg.select("circle.map__marker")) == len(located("malaysia")) == 7
    assert pair(CITIES["kampung-baru"]["name"], language) not in text_of(svg.desc)
    card = soup.find(id="city-kampung-baru")
    assert card is not None and card.find("svg") is None


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_country_page_without_cities_shows_no_map(client, language):
    soup = soup_of(client.get(f"/{language}/countries/singapore/"))
    assert soup.find("svg", class_="map") is None


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_located_city_card_shows_a_locator_map_instead_of_a_picture(client, language):
    soup = soup_of(client.get(f"/{language}/countries/china/"))
    cards = soup.select("li.city")
    assert len(cards) == len(located("china"))
    for card in cards:
        assert card.find("img") is None
        svg = card.select_one(".city__map svg.map--small")
        title, _desc = assert_accessible_svg(svg, soup)
        name = text_of(card.h3).split(". ", 1)[-1]
        assert name in title
        assert len(svg.select("circle.map__marker")) == 1
        assert svg.select("text") == []  # no label: the card's heading names the city


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_cooperation_page_draws_a_line_per_pairing_it_lists(client, language):
    soup = soup_of(client.get(f"/{language}{COOPERATION}"))
    figure = soup.find("figure", class_="map-figure--pairings")
    svg = figure.find("svg")
    title, desc = assert_accessible_svg(svg, soup)
    listed_keys = {item["id"].removeprefix("pairing-") for item in soup.select("li.pairing")}
    listed = [item for item in CONTENT["pairings"] if item["key"] in listed_keys]
    assert len(listed) == len(listed_keys) > 1
    assert len(svg.select("path.map__line")) == len(listed)
    cities = {key for item in listed for key in (item["eu_city"], item["cn_city"])}
    assert len(svg.select("circle.map__marker")) == len(cities)
    for item in listed:
        assert pair(CITIES[item["eu_city"]]["name"], language) in desc
        assert pair(CITIES[item["cn_city"]]["name"], language) in desc
    labels = [text_of(label) for label in svg.select("text.map__label")]
    assert labels and set(labels) <= {pair(CITIES[key]["name"], language) for key in cities}
    if language == ZH:
        assert all(has_cjk(text) for text in [title, desc, text_of(figure.figcaption), *labels])
    assert_unique_ids(soup)


@pytest.mark.django_db
def test_the_other_component_page_has_no_pairing_map(client):
    soup = soup_of(client.get(f"/{EN}/global-covenant-of-mayors/"))
    assert soup.find("figure", class_="map-figure--pairings") is None


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_maps_read_no_file_after_the_first_request(client, language, monkeypatch, no_page_cache):
    geometry.boundaries.cache_clear()
    geometry.base_layer.cache_clear()
    assert client.get(f"/{language}/countries/indonesia/").status_code == 200
    monkeypatch.setattr(geometry, "BOUNDARIES", geometry.BOUNDARIES.with_name("missing.geojson"))
    soup = soup_of(client.get(f"/{language}/countries/indonesia/"))
    assert soup.find("svg", class_="map--large") is not None


@pytest.mark.django_db
def test_an_editors_new_coordinates_reach_the_chinese_city(editor_client, en_locale):
    english, chinese = translated_pair(CityFactory, latitude="30.0000", longitude="105.0000")

    url = f"/admin/snippets/components/city/edit/{english.pk}/"
    submit_edit_form(editor_client, url, City, latitude="31.2300", longitude="121.4700")

    chinese = City.objects.get(pk=chinese.pk)
    assert (str(chinese.latitude), str(chinese.longitude)) == ("31.2300", "121.4700")
    assert chinese.live


@pytest.mark.django_db
def test_reloading_the_content_locates_an_unlocated_city_in_every_language_and_keeps_an_editors_coordinates(
    en_locale, zh_locale
):
    City.objects.filter(slug="chongqing").update(latitude=None, longitude=None)
    City.objects.filter(slug="chengdu").update(latitude="30.5000", longitude="104.5000")

    call_command("load_iuc_content", verbosity=0)

    location = CITIES["chongqing"]["location"]
    for city in City.objects.filter(slug="chongqing"):
        assert (float(city.latitude), float(city.longitude)) == (location["latitude"], location["longitude"])
    assert {(str(city.latitude), str(city.longitude)) for city in City.objects.filter(slug="chengdu")} == {
        ("30.5000", "104.5000")
    }
    for slug in ("chongqing", "chengdu"):
        assert City.objects.filter(slug=slug).count() == len(LANGUAGES), slug  # one per language


@pytest.mark.parametrize(
    "location", [{"latitude": 91, "longitude": 0}, {"latitude": 0}, {"latitude": "north", "longitude": 0}, [1, 2]]
)
def test_the_loader_refuses_a_malformed_or_impossible_location(location):
    with pytest.raises(ContentError):
        ContentLoader.location(location, "city 'atlantis'")
