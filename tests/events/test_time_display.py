"""How an event's dates and times are shown: in the event's own time zone, with its abbreviation.

All-day events and timed events of 24 hours or more show dates only; a shorter timed event shows
its times (and both dates when it crosses midnight in its time zone). Zones without an abbreviation
are shown as their offset from UTC.
"""

import datetime
import zoneinfo

import pytest
from django.utils import translation
from django.utils.formats import date_format

from events.models import time_zone_abbreviation
from tests.events.conftest import local
from tests.utils import EN, LANGUAGES, ZH, ZHT, inline_text, soup_of, text_of


def _when(client, event, language=EN):
    """The "When" fact of the event page: (its <time> elements, its <abbr> or None, its text)."""
    url = f"/{language}/events/{event.slug}/"
    facts = soup_of(client.get(url)).select_one("dl.facts--event")
    when = next(div for div in facts.find_all("div") if div.find("time"))
    return when.find_all("time"), when.find("abbr"), inline_text(when.dd)


def _date(value, language=EN):
    with translation.override(language):
        return date_format(value, "DATE_FORMAT")


@pytest.mark.parametrize(
    ("time_zone", "moment", "expected"),
    [
        ("Asia/Kuala_Lumpur", (2031, 1, 7, 10), "UTC+8"),  # zoneinfo names it "+08"
        ("Asia/Ho_Chi_Minh", (2031, 1, 7, 10), "UTC+7"),
        ("Asia/Colombo", (2031, 1, 7, 10), "UTC+5:30"),
        ("Asia/Kathmandu", (2031, 1, 7, 10), "UTC+5:45"),
        ("America/Sao_Paulo", (2031, 1, 7, 10), "UTC-3"),
        ("Atlantic/Azores", (2031, 7, 7, 10), "UTC"),  # "+00" in summer
        ("Asia/Shanghai", (2031, 1, 7, 10), "CST"),
        ("Asia/Jakarta", (2031, 1, 7, 10), "WIB"),
        ("Europe/Berlin", (2031, 1, 7, 10), "CET"),
        ("Europe/Berlin", (2031, 7, 7, 10), "CEST"),
        ("UTC", (2031, 1, 7, 10), "UTC"),
    ],
)
def test_time_zone_abbreviation(time_zone, moment, expected):
    assert time_zone_abbreviation(local(time_zone, *moment)) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_timed_event_in_a_zone_without_an_abbreviation_shows_its_utc_offset(client, make_event, language):
    event = make_event(
        "kuala-lumpur-morning",
        local("Asia/Kuala_Lumpur", 2031, 1, 7, 9, 0),
        local("Asia/Kuala_Lumpur", 2031, 1, 7, 12, 30),
        "Asia/Kuala_Lumpur",
        language=language,
    )
    assert event.time_zone_abbreviation == "UTC+8"
    times, abbr, text = _when(client, event, language)
    assert (abbr["title"], text_of(abbr)) == ("Asia/Kuala_Lumpur", "UTC+8")
    assert "+08" not in text.replace("+08:00", "")
    assert [time["datetime"] for time in times] == ["2031-01-07T09:00:00+08:00", "2031-01-07T12:30:00+08:00"]
    # The same day: the end shows its time only.
    assert _date(datetime.date(2031, 1, 7), language) in text_of(times[0])
    assert text_of(times[1]) == "12:30"
    # English writes "09:00–12:30", Chinese "9:00至12:30".
    assert (
        text
        == {
            EN: "7 January 2031, 09:00–12:30 UTC+8",
            ZH: "2031年1月7日 9:00至12:30 UTC+8",
            ZHT: "2031年1月7日 9:00至12:30 UTC+8",
        }[language]
    )


@pytest.mark.django_db
def test_shanghai_times_are_shown_in_shanghai_whatever_the_site_time_zone(client, make_event):
    event = make_event(
        "shanghai-evening",
        local("Asia/Shanghai", 2031, 1, 7, 19),
        local("Asia/Shanghai", 2031, 1, 7, 21),
        "Asia/Shanghai",
    )
    times, abbr, _text = _when(client, event)
    assert (abbr["title"], text_of(abbr)) == ("Asia/Shanghai", "CST")
    assert "19:00" in text_of(times[0])
    assert text_of(times[1]) == "21:00"


@pytest.mark.django_db
def test_short_event_crossing_midnight_shows_both_dates_with_times(client, make_event):
    event = make_event(
        "night-in-shanghai",
        local("Asia/Shanghai", 2031, 1, 7, 22),
        local("Asia/Shanghai", 2031, 1, 8, 2),
        "Asia/Shanghai",
    )
    assert not event.dates_only
    times, abbr, _text = _when(client, event)
    assert [time["datetime"] for time in times] == ["2031-01-07T22:00:00+08:00", "2031-01-08T02:00:00+08:00"]
    assert text_of(times[0]) == f"{_date(datetime.date(2031, 1, 7))}, 22:00"
    assert text_of(times[1]) == f"{_date(datetime.date(2031, 1, 8))}, 02:00"
    assert text_of(abbr) == "CST"


@pytest.mark.django_db
@pytest.mark.parametrize("hours", [24, 50])
def test_timed_event_of_a_day_or_more_shows_dates_only(client, make_event, hours):
    start = local("Europe/Berlin", 2031, 7, 15, 9)
    event = make_event(f"long-timed-{hours}", start, start + datetime.timedelta(hours=hours), "Europe/Berlin")
    assert event.dates_only and not event.all_day
    times, abbr, text = _when(client, event)
    last_day = (start + datetime.timedelta(hours=hours)).date()
    assert [time["datetime"] for time in times] == ["2031-07-15", last_day.isoformat()]
    assert [text_of(time) for time in times] == ["15", _date(last_day)]
    assert text == f"15–{last_day.day} July 2031"
    assert abbr is None
    assert "09:00" not in text


@pytest.mark.django_db
def test_all_day_events_show_dates_only(client, make_event):
    tz = zoneinfo.ZoneInfo("Asia/Kuala_Lumpur")
    one_day = make_event(
        "all-day-one",
        datetime.datetime(2031, 5, 1, tzinfo=tz),
        datetime.datetime(2031, 5, 1, tzinfo=tz),
        "Asia/Kuala_Lumpur",
        True,
    )
    times, abbr, text = _when(client, one_day)
    assert [time["datetime"] for time in times] == ["2031-05-01"]
    assert abbr is None
    assert text == _date(datetime.date(2031, 5, 1))
    three_days = make_event(
        "all-day-three",
        datetime.datetime(2031, 5, 1, tzinfo=tz),
        datetime.datetime(2031, 5, 3, tzinfo=tz),
        "Asia/Kuala_Lumpur",
        True,
    )
    times, abbr, text = _when(client, three_days)
    assert [time["datetime"] for time in times] == ["2031-05-01", "2031-05-03"]
    assert abbr is None
    assert text == "1–3 May 2031"


@pytest.mark.django_db
def test_event_list_shows_the_same_when(client, make_event):
    make_event(
        "listed-kuala-lumpur",
        local("Asia/Kuala_Lumpur", 2031, 1, 7, 9),
        local("Asia/Kuala_Lumpur", 2031, 1, 7, 11),
        "Asia/Kuala_Lumpur",
    )
    soup = soup_of(client.get("/en/events/"))
    item = next(
        article
        for article in soup.select("article.event-item")
        if article.find("a", href="/en/events/listed-kuala-lumpur/")
    )
    assert text_of(item.find("abbr")) == "UTC+8"
    assert item.find("abbr")["title"] == "Asia/Kuala_Lumpur"
