"""iCalendar files of the events: the calendar of each language and one file per event, read back with icalendar.

Expected values come from the YAML content data or from the pages in the database, never from
``events.ical`` itself.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar, vDuration
from wagtail.models import PageViewRestriction

from events import ical
from events.models import EventIndexPage, EventPage
from portal.edge.language import is_chinese
from tests.events.conftest import local
from tests.utils import (
    CONTENT,
    EN,
    LANGUAGES,
    OTHER,
    ZH,
    clean,
    has_cjk,
    iter_blocks,
    pair,
    plain_paragraph,
    soup_of,
    text_of,
)

ONE_DAY = datetime.timedelta(days=1)


def _get_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    response.content.decode("utf-8")  # UTF-8, or this raises
    return Calendar.from_ical(response.content)


def _calendar(client, language):
    return _get_calendar(client, f"/{language}/events/calendar.ics")


def _events_by_url(calendar):
    return {str(event["URL"]): event for event in calendar.events}


def _event_url(language, slug):
    return f"http://testserver/{language}/events/{slug}/"


def _day(value):
    return datetime.date.fromisoformat(str(value)[:10])


# ---------------------------------------------------------------------------- the calendar


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_calendar_has_the_properties_of_a_published_calendar(client, get_page, language):
    calendar = _calendar(client, language)
    index = get_page(EventIndexPage, language, "/events/")
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == index.title
    assert calendar.calendar_name == index.title
    assert has_cjk(str(calendar["X-WR-CALNAME"])) is is_chinese(language)
    assert str(calendar["URL"]) == f"http://testserver/{language}/events/"
    assert calendar.refresh_interval >= datetime.timedelta(hours=1)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert vDuration.from_ical(str(calendar["X-PUBLISHED-TTL"])) == calendar.refresh_interval
    assert str(calendar["SOURCE"]) == f"http://testserver/{language}/events/calendar.ics"
    assert calendar.get_missing_tzids() == set()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_calendar_lists_every_event_of_its_language_only(client, language):
    events = _events_by_url(_calendar(client, language))
    expected = {_event_url(language, item["slug"]): pair(item["title"], language) for item in CONTENT["events"]}
    assert {url: str(event["SUMMARY"]) for url, event in events.items()} == expected
    summaries = [str(event["SUMMARY"]) for event in events.values()]
    if language == EN:
        assert not any(has_cjk(summary) for summary in summaries)
    else:
        assert all(has_cjk(summary) for summary in summaries)
    other = _events_by_url(_calendar(client, OTHER[language]))
    assert not set(events) & set(other)
    assert not {str(event["UID"]) for event in events.values()} & {str(event["UID"]) for event in other.values()}


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_calendar_holds_the_upcoming_events_then_the_latest_past_ones_up_to_its_size(
    client, make_event, monkeypatch, en_locale
):
    now = timezone.now()
    soon = make_event("soon-event", now + 10 * ONE_DAY, now + 10 * ONE_DAY + ONE_DAY / 12, "Europe/Berlin")
    ongoing = make_event("ongoing-event", now - 2 * ONE_DAY, now + 2 * ONE_DAY, "Europe/Berlin")
    later = make_event("later-event", now + 400 * ONE_DAY, now + 401 * ONE_DAY, "Asia/Shanghai")
    past = EventPage.objects.live().filter(locale=en_locale, end__lt=now).order_by("-start")
    assert past.count() > 3

    monkeypatch.setattr(ical, "CALENDAR_SIZE", 5)
    events = _events_by_url(_calendar(client, EN))
    expected = [ongoing, soon, later, *past[:2]]
    assert set(events) == {_event_url(EN, event.slug) for event in expected}
    starts = [event.decoded("DTSTART") for event in _calendar(client, EN).events]
    assert [_day(start) for start in starts] == sorted(_day(start) for start in starts)

    monkeypatch.setattr(ical, "CALENDAR_SIZE", 2)
    assert set(_events_by_url(_calendar(client, EN))) == {_event_url(EN, ongoing.slug), _event_url(EN, soon.slug)}


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_calendar_costs_the_same_queries_whatever_its_size(client, monkeypatch):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            _calendar(client, EN)
        return len(captured)

    monkeypatch.setattr(ical, "CALENDAR_SIZE", 2)
    queries()  # the first request also fills Wagtail's site root paths cache
    few = queries()
    monkeypatch.setattr(ical, "CALENDAR_SIZE", 500)
    assert len(_calendar(client, EN).events) == len(CONTENT["events"]) > 2
    assert queries() == few


@pytest.mark.django_db
def test_chinese_text_is_raw_utf8_in_the_file(client):
    item = CONTENT["events"][0]
    body = client.get(f"/{ZH}/events/calendar.ics").content.decode("utf-8")
    assert pair(item["title"], ZH) in body.replace("\r\n ", "")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_all_day_events_are_dates_with_an_exclusive_end(client, language):
    events = _events_by_url(_calendar(client, language))
    items = [item for item in CONTENT["events"] if item.get("all_day", True)]
    assert any(_day(item["end"]) > _day(item["start"]) for item in items), "no multi-day event in the content"
    for item in items:
        event = events[_event_url(language, item["slug"])]
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert type(start) is datetime.date and type(end) is datetime.date, item["slug"]
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert start == _day(item["start"])
        assert end == _day(item["end"]) + ONE_DAY, item["slug"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_event_text_venue_and_organiser_in_the_events_language(client, get_page, language):
    events = _events_by_url(_calendar(client, language))
    for item in CONTENT["events"]:
        event = events[_event_url(language, item["slug"])]
        page = get_page(EventPage, language, f"/events/{item['slug']}/")
        description = clean(event.get("DESCRIPTION", ""))
        paragraphs = [value for _kind, value in iter_blocks(item.get("description"), "paragraph")]
        if page.intro:
            assert description.startswith(clean(page.intro))
        elif paragraphs:
            assert description.startswith(clean(plain_paragraph(pair(paragraphs[0], language)))), item["slug"]
        if item.get("organiser"):
            assert pair(item["organiser"], language) in description
        if item.get("venue"):
            assert pair(item["venue"], language) in str(event["LOCATION"])
        published = page.last_published_at.replace(microsecond=0)  # iCalendar times are to the second
        assert event["DTSTAMP"].dt == published
        assert event["LAST-MODIFIED"].dt == published
    organised = next(item for item in CONTENT["events"] if item.get("organiser"))
    description = str(events[_event_url(language, organised["slug"])]["DESCRIPTION"])
    assert any(word in description for word in ("主办方", "主辦方")) is is_chinese(language)


@pytest.mark.django_db
def test_location_adds_the_city_unless_the_venue_names_it(client, make_event, get_page):
    from components.models import City

    city = City.objects.filter(locale=get_page(EventIndexPage, EN, "/events/").locale, live=True).first()
    start = local("UTC", 2031, 2, 1, 9)
    make_event("with-city", start, start + ONE_DAY / 4, "UTC", venue="Town hall", city=city)
    make_event("venue-names-city", start, start + ONE_DAY / 4, "UTC", venue=f"Expo centre, {city.name}", city=city)
    events = _events_by_url(_calendar(client, EN))
    assert str(events[_event_url(EN, "with-city")]["LOCATION"]) == f"Town hall, {city.name}"
    assert str(events[_event_url(EN, "venue-names-city")]["LOCATION"]) == f"Expo centre, {city.name}"


# ---------------------------------------------------------------------------- timed events and time zones


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("time_zone", "start", "end", "utc_offset"),
    [
        # Shanghai crossing midnight: one UTC day, two local days.
        ("Asia/Shanghai", (2031, 1, 7, 22, 0), (2031, 1, 8, 2, 0), datetime.timedelta(hours=8)),
        # Berlin in summer time (CEST, UTC+2).
        ("Europe/Berlin", (2031, 7, 15, 9, 30), (2031, 7, 15, 17, 0), datetime.timedelta(hours=2)),
    ],
)
def test_timed_event_has_local_times_with_its_time_zone(client, make_event, time_zone, start, end, utc_offset):
    slug = f"timed-{time_zone.split('/')[-1].lower()}"
    make_event(slug, local(time_zone, *start), local(time_zone, *end), time_zone)
    for calendar in (_calendar(client, EN), _get_calendar(client, f"/{EN}/events/{slug}.ics")):
        event = _events_by_url(calendar)[_event_url(EN, slug)]
        for name, expected in (("DTSTART", start), ("DTEND", end)):
            value = event[name]
            assert value.params["TZID"] == time_zone
            assert value.dt == local(time_zone, *expected)
            assert (value.dt.replace(tzinfo=None), value.dt.utcoffset()) == (datetime.datetime(*expected), utc_offset)
        assert time_zone in [tz.tz_name for tz in calendar.timezones]
        assert calendar.get_missing_tzids() == set()
        # The VTIMEZONE itself gives the right offset when a client reads it instead of its own database.
        vtimezone = next(tz for tz in calendar.timezones if tz.tz_name == time_zone)
        assert vtimezone.to_tz().utcoffset(datetime.datetime(*start)) == utc_offset


@pytest.mark.django_db
def test_event_file_has_only_the_time_zones_it_uses(client, make_event):
    make_event(
        "in-shanghai", local("Asia/Shanghai", 2031, 1, 7, 9), local("Asia/Shanghai", 2031, 1, 7, 11), "Asia/Shanghai"
    )
    make_event(
        "in-berlin", local("Europe/Berlin", 2031, 1, 7, 9), local("Europe/Berlin", 2031, 1, 7, 11), "Europe/Berlin"
    )
    calendar = _get_calendar(client, f"/{EN}/events/in-berlin.ics")
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    assert len(calendar.events) == 1
    both = {tz.tz_name for tz in _calendar(client, EN).timezones}
    assert {"Asia/Shanghai", "Europe/Berlin"} <= both


# ---------------------------------------------------------------------------- UIDs


@pytest.mark.django_db
def test_uids_are_stable_across_requests_and_publications_and_differ_per_language(client, get_page):
    item = CONTENT["events"][0]
    page = get_page(EventPage, EN, f"/events/{item['slug']}/")
    # As if it had been published an hour ago, so that publishing again gives a later time.
    EventPage.objects.filter(pk=page.pk).update(last_published_at=page.last_published_at - datetime.timedelta(hours=1))
    page.refresh_from_db()
    first = {language: _events_by_url(_calendar(client, language)) for language in LANGUAGES}
    again = {language: _events_by_url(_calendar(client, language)) for language in LANGUAGES}
    for language in LANGUAGES:
        assert {url: str(e["UID"]) for url, e in first[language].items()} == {
            url: str(e["UID"]) for url, e in again[language].items()
        }
        uids = [str(event["UID"]) for event in first[language].values()]
        assert len(set(uids)) == len(uids)

    page.title = f"{page.title} (rescheduled)"
    page.save_revision().publish()
    page.refresh_from_db()
    after = _events_by_url(_calendar(client, EN))[_event_url(EN, item["slug"])]
    before = first[EN][_event_url(EN, item["slug"])]
    assert str(after["UID"]) == str(before["UID"])
    assert str(after["SUMMARY"]) == page.title
    assert after["LAST-MODIFIED"].dt == page.last_published_at.replace(microsecond=0)
    assert after["LAST-MODIFIED"].dt > before["LAST-MODIFIED"].dt

    chinese = first[ZH][_event_url(ZH, item["slug"])]
    assert str(chinese["UID"]) != str(before["UID"])
    single = _get_calendar(client, f"/{EN}/events/{item['slug']}.ics").events[0]
    assert str(single["UID"]) == str(after["UID"])


# ---------------------------------------------------------------------------- one event's file


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_event_file_is_a_download_of_that_event(client, language):
    item = CONTENT["events"][-1]
    response = client.get(f"/{language}/events/{item['slug']}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{item["slug"]}.ics"'
    calendar = Calendar.from_ical(response.content)
    assert [str(event["SUMMARY"]) for event in calendar.events] == [pair(item["title"], language)]
    assert str(calendar.events[0]["URL"]) == _event_url(language, item["slug"])
    assert calendar["METHOD"] == "PUBLISH"


@pytest.mark.django_db
def test_drafts_and_private_events_are_not_served(client, make_event):
    start = local("Asia/Shanghai", 2031, 3, 1, 9)
    make_event("draft-event", start, start + ONE_DAY / 8, "Asia/Shanghai", publish=False)
    private = make_event("private-event", start, start + ONE_DAY / 8, "Asia/Shanghai")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    unpublished = make_event("unpublished-event", start, start + ONE_DAY / 8, "Asia/Shanghai")
    unpublished.unpublish()
    make_event("public-event", start, start + ONE_DAY / 8, "Asia/Shanghai")

    urls = set(_events_by_url(_calendar(client, EN)))
    assert _event_url(EN, "public-event") in urls
    body = client.get(f"/{EN}/events/calendar.ics").content.decode("utf-8")
    for slug in ("draft-event", "private-event", "unpublished-event"):
        assert _event_url(EN, slug) not in urls
        assert f"Test event {slug}" not in body
        assert client.get(f"/{EN}/events/{slug}.ics").status_code == 404
    assert client.get(f"/{EN}/events/public-event.ics").status_code == 200


@pytest.mark.django_db
def test_private_events_index_serves_no_calendar(client, get_page):
    index = get_page(EventIndexPage, EN, "/events/")
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.PASSWORD, password="x")
    item = CONTENT["events"][0]
    for url in (f"/{EN}/events/calendar.ics", f"/{EN}/events/{item['slug']}.ics"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response["Content-Type"].startswith("text/calendar"), url  # Wagtail's password form instead
    assert client.get(f"/{ZH}/events/calendar.ics")["Content-Type"].startswith("text/calendar")


@pytest.mark.django_db
def test_unknown_slugs_and_other_languages_events_are_404(client, make_event):
    start = local("UTC", 2031, 3, 1, 9)
    make_event("english-only-event", start, start + ONE_DAY / 8, "UTC")
    assert client.get(f"/{EN}/events/english-only-event.ics").status_code == 200
    assert client.get(f"/{ZH}/events/english-only-event.ics").status_code == 404
    assert client.get(f"/{EN}/events/no-such-event.ics").status_code == 404
    assert client.get(f"/{EN}/news/no-such-event.ics").status_code == 404
    assert client.get(f"/{EN}/no-such-page/calendar.ics").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", [f"/{EN}/events/calendar.ics/", f"/{ZH}/events/calendar.ics/", "/en/events/x.ics/"])
def test_calendar_url_with_a_trailing_slash_is_not_an_error(client, url):
    assert client.get(url).status_code in {200, 301, 302, 404}


# ---------------------------------------------------------------------------- links on the pages


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_events_index_links_and_advertises_its_calendar(client, language):
    soup = soup_of(client.get(f"/{language}/events/"))
    alternates = soup.select('link[rel="alternate"][type="text/calendar"]')
    assert [link["href"] for link in alternates] == [f"/{language}/events/calendar.ics"]
    links = [a for a in soup.select("main a") if a["href"] == f"/{language}/events/calendar.ics"]
    assert len(links) == 1
    assert has_cjk(text_of(links[0])) is is_chinese(language)
    assert "iCalendar" in text_of(links[0])
    assert client.get(links[0]["href"]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_event_page_offers_its_file(client, language):
    item = CONTENT["events"][0]
    soup = soup_of(client.get(f"/{language}/events/{item['slug']}/"))
    link = soup.select_one(f'main a[href="/{language}/events/{item["slug"]}.ics"]')
    assert link is not None
    assert link.has_attr("download")
    assert has_cjk(text_of(link)) is is_chinese(language)
    response = client.get(link["href"])
    assert response.status_code == 200
    assert Calendar.from_ical(response.content).events[0]["URL"] == _event_url(language, item["slug"])
    alternates = soup.select('link[rel="alternate"][type="text/calendar"]')
    assert [link["href"] for link in alternates] == [f"/{language}/events/calendar.ics"]


@pytest.mark.django_db
def test_editors_preview_of_a_new_event_renders_without_a_file_link(editor_client, get_page):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    index = get_page(EventIndexPage, EN, "/events/")
    url = f"/admin/pages/add/events/eventpage/{index.pk}/preview/"
    data = nested_form_data(
        {
            "title": "Previewed event",
            "slug": "previewed-event",
            "start_0": "2031-01-07",
            "start_1": "22:00",
            "end_0": "2031-01-08",
            "end_1": "02:00",
            "all_day": "",
            "time_zone": "Asia/Kuala_Lumpur",
            "description": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    assert editor_client.post(url, data).json()["is_valid"]
    response = editor_client.get(url)
    assert response.status_code == 200
    soup = soup_of(response)
    assert not soup.select('a[href$=".ics"]')
    assert text_of(soup.find("abbr")) == "UTC+8"


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["calendar", "2018"])
def test_an_event_may_not_take_the_address_of_a_calendar_view(make_event, slug):
    from django.core.exceptions import ValidationError

    start = local("UTC", 2031, 3, 1, 9)
    with pytest.raises(ValidationError) as error:
        make_event(slug, start, start + ONE_DAY / 8, "UTC")
    assert "slug" in error.value.message_dict
    make_event(f"{slug}-meeting", start, start + ONE_DAY / 8, "UTC")  # a slug that only starts so is fine
