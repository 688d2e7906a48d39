"""schema.org ``Event`` JSON-LD on the event pages, read back with json.loads.

Expected values come from the YAML content data, from the pages in the database, or from
ISO 3166 (country codes), never from ``EventPage.get_structured_data`` itself.
"""

import datetime
import json

import pytest

from components.models import City
from tests.events.conftest import local
from tests.utils import CONTENT, EN, LANGUAGES, ZH, ZHT, clean, iter_blocks, pair, plain_paragraph, soup_of

#: ISO 3166-1 alpha-2 codes of the content's countries (the EU Member States are no one country).
ISO_3166 = {"china": "CN", "malaysia": "MY", "indonesia": "ID", "vietnam": "VN"}
SCHEMA_LANGUAGE = {EN: "en", ZH: "zh-Hans", ZHT: "zh-Hant-HK"}


def _json_ld(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    scripts = soup_of(response).find_all("script", type="application/ld+json")
    assert len(scripts) == 1, url
    return json.loads(scripts[0].string)


def _city(key):
    return next(city for city in CONTENT["cities"] if city["key"] == key)


@pytest.mark.django_db
@pytest.mark.parametrize("item", CONTENT["events"], ids=lambda item: item["slug"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_event_page_describes_the_event_in_its_language(client, item, language):
    data = _json_ld(client, f"/{language}/events/{item['slug']}/")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == pair(item["title"], language)
    # All-day events of the content: plain dates, the last day inclusive.
    assert data["startDate"] == str(item["start"])
    assert data["endDate"] == str(item["end"])
    assert data["url"] == f"http://testserver/{language}/events/{item['slug']}/"
    assert data["inLanguage"] == SCHEMA_LANGUAGE[language]
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    paragraphs = [value for _kind, value in iter_blocks(item.get("description"), "paragraph")]
    if paragraphs:
        assert clean(data["description"]) == clean(plain_paragraph(pair(paragraphs[0], language)))

    location = data["location"]
    assert location["@type"] == "Place"
    if item.get("venue"):
        assert location["name"] == pair(item["venue"], language)
    address = location.get("address", {})
    if item.get("city"):
        assert address["addressLocality"] == pair(_city(item["city"])["name"], language)
        assert location["name"]
    else:
        assert "addressLocality" not in address
    if item.get("country") in ISO_3166:
        assert address["addressCountry"] == ISO_3166[item["country"]]
    if item.get("city") or item.get("country"):
        assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    else:
        assert "eventAttendanceMode" not in data  # e.g. the online meeting: nothing says it is in person

    if item.get("organiser"):
        assert data["organizer"] == {"@type": "Organization", "name": pair(item["organiser"], language)}
    else:
        assert "organizer" not in data
    assert "offers" not in data  # no registration links in the content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("time_zone", "start", "end", "iso_start", "iso_end"),
    [
        (
            "Asia/Shanghai",
            (2031, 1, 7, 22, 0),
            (2031, 1, 8, 2, 0),
            "2031-01-07T22:00:00+08:00",
            "2031-01-08T02:00:00+08:00",
        ),
        (
            "Europe/Berlin",
            (2031, 7, 15, 9, 30),
            (2031, 7, 15, 17, 0),
            "2031-07-15T09:30:00+02:00",
            "2031-07-15T17:00:00+02:00",
        ),
        (
            "America/Sao_Paulo",
            (2031, 3, 1, 19, 0),
            (2031, 3, 1, 21, 0),
            "2031-03-01T19:00:00-03:00",
            "2031-03-01T21:00:00-03:00",
        ),
    ],
)
def test_timed_event_dates_have_the_offset_of_its_time_zone(
    client, make_event, time_zone, start, end, iso_start, iso_end
):
    event = make_event("timed-json-ld", local(time_zone, *start), local(time_zone, *end), time_zone)
    data = _json_ld(client, event.url)
    assert (data["startDate"], data["endDate"]) == (iso_start, iso_end)
    assert datetime.datetime.fromisoformat(data["startDate"]) == event.start


@pytest.mark.django_db
def test_all_day_event_created_by_an_editor_has_plain_dates(client, make_event):
    event = make_event(
        "all-day-json-ld",
        local("Asia/Kuala_Lumpur", 2031, 5, 1),
        local("Asia/Kuala_Lumpur", 2031, 5, 3),
        "Asia/Kuala_Lumpur",
        True,
    )
    data = _json_ld(client, event.url)
    assert (data["startDate"], data["endDate"]) == ("2031-05-01", "2031-05-03")


@pytest.mark.django_db
def test_city_organiser_registration_and_intro(client, make_event, en_locale):
    city = City.objects.get(locale=en_locale, slug="mannheim")
    event = make_event(
        "full-json-ld",
        local("Europe/Berlin", 2031, 5, 1, 10),
        local("Europe/Berlin", 2031, 5, 1, 12),
        "Europe/Berlin",
        venue="Rosengarten",
        city=city,
        country="eu-member-states",
        organiser="City of Mannheim",
        registration_url="https://example.org/register",
        intro="Partners meet </script> & talk.",
    )
    data = _json_ld(client, event.url)
    assert data["location"]["name"] == "Rosengarten"
    assert data["location"]["address"]["addressLocality"] == city.name
    if city.member_state:
        assert data["location"]["address"]["addressCountry"] == city.member_state
    assert data["organizer"] == {"@type": "Organization", "name": "City of Mannheim"}
    assert data["offers"]["url"] == "https://example.org/register"
    assert data["description"] == "Partners meet </script> & talk."
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"


@pytest.mark.django_db
def test_draft_city_is_left_out(client, make_event, en_locale):
    city = City.objects.get(locale=en_locale, slug="mannheim")
    city.live = False
    city.save()
    event = make_event(
        "draft-city-json-ld",
        local("Europe/Berlin", 2031, 5, 1, 10),
        local("Europe/Berlin", 2031, 5, 1, 12),
        "Europe/Berlin",
        venue="Rosengarten",
        city=city,
    )
    data = _json_ld(client, event.url)
    assert "address" not in data["location"]
    assert city.name not in json.dumps(data, ensure_ascii=False)
