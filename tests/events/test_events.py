"""Events: rendering, translations, time-zone-aware days (multi-day, crossing midnight), all-day saving, rules."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from components.models import CountryPage
from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage
from tests.utils import (
    CONTENT,
    EN,
    LANGUAGES,
    ZH,
    assert_localize_translation,
    assert_page_renders,
    inline_text,
    pair,
    soup_of,
    specs_by_model,
    text_of,
)

EVENT_SPECS = specs_by_model("EventIndexPage") + specs_by_model("EventPage")
MODELS = {"EventIndexPage": EventIndexPage, "EventPage": EventPage}
ONE_DAY = datetime.timedelta(days=1)


def _day(value):
    return datetime.date.fromisoformat(str(value)[:10])


def _span(item):
    """The calendar days an event of the content data covers, in its own time zone."""
    first, last = _day(item["start"]), _day(item["end"])
    return [first + ONE_DAY * offset for offset in range((last - first).days + 1)]


# ---------------------------------------------------------------------------- rendering and translation


@pytest.mark.django_db
@pytest.mark.parametrize("spec", EVENT_SPECS, ids=str)
def test_page_renders_in_both_languages(client, spec, expected_titles):
    assert_page_renders(client, spec, expected_titles(spec))


@pytest.mark.django_db
@pytest.mark.parametrize("spec", EVENT_SPECS, ids=str)
def test_chinese_page_is_a_wagtail_localize_translation(get_page, zh_locale, spec):
    model = MODELS[spec.model]
    english = get_page(model, EN, spec.path)
    chinese = get_page(model, ZH, spec.path)
    assert chinese.live
    assert_localize_translation(english, chinese, zh_locale)


@pytest.mark.django_db
@pytest.mark.parametrize("item", CONTENT["events"], ids=lambda item: item["slug"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_event_page_shows_dates_place_and_news_in_its_language(client, get_page, content, item, language):
    soup = soup_of(client.get(f"/{language}/events/{item['slug']}/"))
    facts = soup.select_one("dl.facts--event")
    days = _span(item)
    expected = [days[0].isoformat()] + ([days[-1].isoformat()] if len(days) > 1 else [])
    assert [time["datetime"] for time in facts.find_all("time")] == expected
    if item.get("venue"):
        assert pair(item["venue"], language) in text_of(facts)
    if item.get("city"):
        city = next(city for city in content["cities"] if city["key"] == item["city"])
        assert pair(city["name"], language) in text_of(facts)
    if item.get("country"):
        assert f"/{language}/countries/{item['country']}/" in [a["href"] for a in facts.find_all("a")]
    links = [a["href"] for a in soup.select("main a")]
    if item.get("news"):
        assert f"/{language}/news/{item['news']}/" in links
    assert f"/{language}/events/" in links
    assert all(link.startswith(f"/{language}/") or not link.startswith("/") for link in links)


#: Seeded events and how each language writes their dates.
SEEDED_RANGES = {
    ("second-eu-cities-mission-to-china-2019", EN): "21–28 September 2019",
    ("second-eu-cities-mission-to-china-2019", ZH): "2019年9月21日至28日",
    ("chinese-pilot-cities-mission-to-eu-partners-2017", EN): "30 May – 7 June 2017",
    ("chinese-pilot-cities-mission-to-eu-partners-2017", ZH): "2017年5月30日至6月7日",
    ("tangerang-climate-planning-support-signing", ZH): "2019年9月17日",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "language"), SEEDED_RANGES)
def test_seeded_event_dates_read_as_each_language_writes_a_range(client, slug, language):
    expected = SEEDED_RANGES[slug, language]
    soup = soup_of(client.get(f"/{language}/events/{slug}/"))
    when = next(div for div in soup.select_one("dl.facts--event").find_all("div") if div.find("time"))
    assert inline_text(when.dd) == expected
    # The event list shows the same range.
    year = when.find("time")["datetime"][:4]
    listing = soup_of(client.get(f"/{language}/events/{year}/"))
    item = next(a for a in listing.select("article.event-item") if a.find("a", href=f"/{language}/events/{slug}/"))
    assert expected in inline_text(item)


@pytest.mark.django_db
def test_chinese_event_pages_point_at_chinese_cities(get_page, zh_locale):
    chinese_events = [item for item in CONTENT["events"] if item.get("city")]
    assert chinese_events
    for item in chinese_events:
        english = get_page(EventPage, EN, f"/events/{item['slug']}/")
        chinese = get_page(EventPage, ZH, f"/events/{item['slug']}/")
        assert chinese.city.locale_id == zh_locale.pk
        assert chinese.city.slug == item["city"]
        assert chinese.city.translation_key == english.city.translation_key


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_event_index_lists_recent_past_events_and_links_every_year(client, content, language):
    soup = soup_of(client.get(f"/{language}/events/"))
    today = timezone.localdate()
    past = sorted(
        (item for item in content["events"] if _day(item["end"]) < today), key=lambda item: item["start"], reverse=True
    )
    section = soup.find(id="past-heading").parent
    listed = [a["href"] for a in section.select(".event-item__title a")]
    assert listed == [f"/{language}/events/{item['slug']}/" for item in past[: EventIndexPage.recent_past_count]]
    years = sorted({year for item in content["events"] for year in (_day(item["start"]).year, _day(item["end"]).year)})
    year_links = [a["href"] for a in section.select(".year-links a")]
    assert year_links == [f"/{language}/events/{year}/" for year in reversed(years)]
    # Every event of the content is on the page of its year.
    for year in years:
        page = soup_of(client.get(f"/{language}/events/{year}/"))
        hrefs = {a["href"] for a in page.select(".event-item__title a")}
        expected = {
            f"/{language}/events/{item['slug']}/"
            for item in content["events"]
            if _day(item["start"]).year <= year <= _day(item["end"]).year
        }
        assert hrefs == expected


# ---------------------------------------------------------------------------- days in the event's time zone


@pytest.mark.django_db
@pytest.mark.parametrize("item", CONTENT["events"], ids=lambda item: item["slug"])
def test_event_occurs_on_its_days_in_its_own_time_zone(get_page, item):
    days = _span(item)
    for language in LANGUAGES:
        page = get_page(EventPage, language, f"/events/{item['slug']}/")
        assert page.time_zone == item["timezone"]
        assert page.all_day is bool(item.get("all_day", True))
        assert page.local_start.date() == days[0]
        assert page.local_end.date() == days[-1]
        assert page.is_multi_day is (len(days) > 1)
        assert all(page.occurs_on(day) for day in days)
        assert not page.occurs_on(days[0] - ONE_DAY)
        assert not page.occurs_on(days[-1] + ONE_DAY)
    english = get_page(EventPage, EN, f"/events/{item['slug']}/")
    chinese = get_page(EventPage, ZH, f"/events/{item['slug']}/")
    assert (chinese.start, chinese.end) == (english.start, english.end)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_days_with_events_for_a_multi_day_event_of_the_content(get_page, locales, language):
    item = max(CONTENT["events"], key=lambda event: len(_span(event)))
    days = _span(item)
    assert len(days) > 1, "the content has no multi-day event"
    page = get_page(EventPage, language, f"/events/{item['slug']}/")
    window = [days[0] - ONE_DAY * 2 + ONE_DAY * offset for offset in range(len(days) + 4)]
    result = EventPage.days_with_events(window, locale=locales[language])
    assert [day for day, _events in result] == window
    assert [day for day, events in result if page.pk in {event.pk for event in events}] == days
    for _date, events in result:
        assert all(event.locale_id == locales[language].pk for event in events)


def _week(monday):
    return [monday + ONE_DAY * offset for offset in range(7)]


def _days_of(event, result):
    return [day for day, events in result if event.pk in {e.pk for e in events}]


@pytest.mark.django_db
def test_event_crossing_midnight_in_its_time_zone_is_on_both_days(make_event, en_locale):
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    # 22:00 to 02:00 in Shanghai: one UTC day (14:00-18:00 UTC), two local days.
    event = make_event(
        "crossing-midnight-shanghai",
        datetime.datetime(2031, 1, 7, 22, 0, tzinfo=shanghai),
        datetime.datetime(2031, 1, 8, 2, 0, tzinfo=shanghai),
        "Asia/Shanghai",
    )
    assert event.start.astimezone(datetime.UTC).date() == event.end.astimezone(datetime.UTC).date()
    assert event.is_multi_day
    assert [event.occurs_on(datetime.date(2031, 1, d)) for d in (6, 7, 8, 9)] == [False, True, True, False]
    result = EventPage.days_with_events(_week(datetime.date(2031, 1, 6)), locale=en_locale)
    assert _days_of(event, result) == [datetime.date(2031, 1, 7), datetime.date(2031, 1, 8)]


@pytest.mark.django_db
def test_evening_event_west_of_utc_stays_on_its_local_day(make_event, en_locale):
    los_angeles = zoneinfo.ZoneInfo("America/Los_Angeles")
    # 20:00 to 23:30 in Los Angeles is the next day in UTC.
    event = make_event(
        "evening-los-angeles",
        datetime.datetime(2031, 1, 7, 20, 0, tzinfo=los_angeles),
        datetime.datetime(2031, 1, 7, 23, 30, tzinfo=los_angeles),
        "America/Los_Angeles",
    )
    assert event.start.astimezone(datetime.UTC).date() == datetime.date(2031, 1, 8)
    assert not event.is_multi_day
    assert [event.occurs_on(datetime.date(2031, 1, d)) for d in (7, 8)] == [True, False]
    result = EventPage.days_with_events(_week(datetime.date(2031, 1, 6)), locale=en_locale)
    assert _days_of(event, result) == [datetime.date(2031, 1, 7)]


@pytest.mark.django_db
def test_event_on_the_first_local_day_of_a_week_far_east_of_utc(make_event, en_locale):
    kiritimati = zoneinfo.ZoneInfo("Pacific/Kiritimati")  # UTC+14: Monday morning there is Sunday in UTC
    event = make_event(
        "monday-morning-kiritimati",
        datetime.datetime(2031, 1, 6, 0, 30, tzinfo=kiritimati),
        datetime.datetime(2031, 1, 6, 1, 30, tzinfo=kiritimati),
        "Pacific/Kiritimati",
    )
    assert event.start.astimezone(datetime.UTC).date() == datetime.date(2031, 1, 5)
    result = EventPage.days_with_events(_week(datetime.date(2031, 1, 6)), locale=en_locale)
    assert _days_of(event, result) == [datetime.date(2031, 1, 6)]


@pytest.mark.django_db
def test_multi_day_event_spanning_the_whole_week_is_on_every_day(make_event, en_locale, zh_locale):
    brussels = zoneinfo.ZoneInfo("Europe/Brussels")
    event = make_event(
        "long-conference",
        datetime.datetime(2031, 1, 1, tzinfo=brussels),
        datetime.datetime(2031, 1, 20, tzinfo=brussels),
        "Europe/Brussels",
        all_day=True,
    )
    week = _week(datetime.date(2031, 1, 6))
    assert _days_of(event, EventPage.days_with_events(week, locale=en_locale)) == week
    assert _days_of(event, EventPage.days_with_events(week, locale=zh_locale)) == []
    assert EventPage.days_with_events([], locale=en_locale) == []


@pytest.mark.django_db
def test_unpublished_event_is_not_listed(make_event, en_locale):
    event = make_event(
        "unpublished-event",
        datetime.datetime(2031, 1, 7, 9, 0, tzinfo=datetime.UTC),
        datetime.datetime(2031, 1, 7, 10, 0, tzinfo=datetime.UTC),
        "UTC",
    )
    week = _week(datetime.date(2031, 1, 6))
    assert _days_of(event, EventPage.days_with_events(week, locale=en_locale)) == [datetime.date(2031, 1, 7)]
    event.unpublish()
    assert _days_of(event, EventPage.days_with_events(week, locale=en_locale)) == []


# ---------------------------------------------------------------------------- all-day normalisation


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("time_zone", "start", "end", "first_day", "last_day"),
    [
        # Times inside the local days are widened to the whole days.
        (
            "Asia/Shanghai",
            datetime.datetime(2031, 3, 10, 15, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")),
            datetime.datetime(2031, 3, 12, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")),
            datetime.date(2031, 3, 10),
            datetime.date(2031, 3, 12),
        ),
        # UTC instants whose local date (Shanghai, UTC+8) is the next day.
        (
            "Asia/Shanghai",
            datetime.datetime(2031, 3, 9, 20, 0, tzinfo=datetime.UTC),
            datetime.datetime(2031, 3, 12, 17, 0, tzinfo=datetime.UTC),
            datetime.date(2031, 3, 10),
            datetime.date(2031, 3, 13),
        ),
        # UTC instants whose local date (New York, UTC-5) is the previous day; DST starts on 9 March 2031.
        (
            "America/New_York",
            datetime.datetime(2031, 3, 9, 2, 0, tzinfo=datetime.UTC),
            datetime.datetime(2031, 3, 10, 3, 0, tzinfo=datetime.UTC),
            datetime.date(2031, 3, 8),
            datetime.date(2031, 3, 9),
        ),
    ],
)
def test_all_day_event_is_normalised_to_whole_local_days_on_save(
    make_event, time_zone, start, end, first_day, last_day
):
    event = make_event(f"all-day-{first_day:%m%d}-{time_zone.split('/')[-1].lower()}", start, end, time_zone, True)
    tz = zoneinfo.ZoneInfo(time_zone)
    assert event.local_start == datetime.datetime.combine(first_day, datetime.time.min, tzinfo=tz)
    assert event.local_end == datetime.datetime.combine(last_day, datetime.time(23, 59, 59), tzinfo=tz)
    assert (event.local_start.time(), event.local_end.time()) == (datetime.time.min, datetime.time(23, 59, 59))
    # Saving again changes nothing.
    before = (event.start, event.end)
    event.save()
    event.refresh_from_db()
    assert (event.start, event.end) == before
    assert all(event.occurs_on(day) for day in (first_day, last_day))
    assert not event.occurs_on(first_day - ONE_DAY)
    assert not event.occurs_on(last_day + ONE_DAY)


@pytest.mark.django_db
def test_timed_event_keeps_its_times_on_save(make_event):
    start = datetime.datetime(2031, 3, 10, 15, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Rome"))
    end = start + datetime.timedelta(hours=2)
    event = make_event("timed-rome", start, end, "Europe/Rome", all_day=False)
    assert (event.start, event.end) == (start, end)


# ---------------------------------------------------------------------------- creation rules


class TestEventPageTypeRules(WagtailPageTestCase):
    def test_event_index_page(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertCanCreateAt(HomePage, EventIndexPage)
        self.assertCanNotCreateAt(StandardPage, EventIndexPage)
        self.assertCanNotCreateAt(EventIndexPage, EventIndexPage)
        self.assertCanNotCreateAt(NewsIndexPage, EventIndexPage)

    def test_event_page(self):
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())
        self.assertCanCreateAt(EventIndexPage, EventPage)
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertCanNotCreateAt(NewsIndexPage, EventPage)
        self.assertCanNotCreateAt(CountryPage, EventPage)
        self.assertCanNotCreateAt(EventPage, EventPage)
        self.assertCanNotCreateAt(EventPage, NewsPage)

    def test_only_one_event_index_per_home_page(self):
        for home in HomePage.objects.all():
            self.assertFalse(EventIndexPage.can_create_at(home), home.locale)
        for index in EventIndexPage.objects.all():
            self.assertTrue(EventPage.can_create_at(index))


@pytest.mark.django_db
def test_past_events_are_grouped_by_their_local_year(client, make_event):
    """New Year's Day in Shanghai is still 31 December in UTC: the event belongs to the new year."""
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    start = datetime.datetime(2015, 1, 1, 0, 0, tzinfo=shanghai)
    make_event("new-year-in-shanghai", start, start.replace(hour=23, minute=59), "Asia/Shanghai", all_day=True)
    assert start.astimezone(datetime.UTC).year == 2014
    links = [a["href"] for a in soup_of(client.get("/en/events/")).select(".year-links a")]
    assert "/en/events/2015/" in links
    assert "/en/events/2014/" not in links
    year = soup_of(client.get("/en/events/2015/"))
    assert "/en/events/new-year-in-shanghai/" in [a["href"] for a in year.select(".event-item__title a")]
    january = year.find("h2", string=re.compile("January 2015"))
    assert january is not None
    assert "/en/events/new-year-in-shanghai/" in [a["href"] for a in january.find_next_sibling("ul").select("a")]
    assert "/en/events/new-year-in-shanghai/" not in client.get("/en/events/2014/").content.decode()


# ---------------------------------------------------------------------------- admin form


def _event_form_data(index_title, start, end, time_zone, all_day):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    (start_date, start_time), (end_date, end_time) = start.split(" "), end.split(" ")
    return nested_form_data(
        {
            "title": index_title,
            "slug": "typed-in-venue-time",
            "start_0": start_date,
            "start_1": start_time,
            "end_0": end_date,
            "end_1": end_time,
            "all_day": "on" if all_day else "",
            "time_zone": time_zone,
            "description": streamfield([]),
            "comments": inline_formset([]),
        }
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "time_zone", "all_day", "expected_start", "expected_end"),
    [
        # An all-day event typed as 15 May in Shanghai stays on 15 May there (not 15-16 May).
        ("2019-05-15 00:00", "2019-05-15 23:59", "Asia/Shanghai", True, (15, 0, 0), (15, 23, 59)),
        # A timed event typed as 09:00-17:30 in Brussels is stored as 09:00-17:30 Brussels time.
        ("2019-05-15 09:00", "2019-05-15 17:30", "Europe/Brussels", False, (15, 9, 0), (15, 17, 30)),
    ],
)
def test_editors_type_event_times_in_the_venue_time_zone(
    editor_client, get_page, start, end, time_zone, all_day, expected_start, expected_end
):
    index = get_page(EventIndexPage, EN, "/events/")
    response = editor_client.post(
        f"/admin/pages/add/events/eventpage/{index.pk}/",
        _event_form_data("Typed in venue time", start, end, time_zone, all_day),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="typed-in-venue-time")
    zone = zoneinfo.ZoneInfo(time_zone)
    local_start, local_end = event.start.astimezone(zone), event.end.astimezone(zone)
    assert (local_start.day, local_start.hour, local_start.minute) == expected_start
    assert (local_end.day, local_end.hour, local_end.minute) == expected_end

    # The edit form shows the stored dates (and, for a timed event, times) in the venue's time zone again.
    edit = soup_of(editor_client.get(f"/admin/pages/{event.pk}/edit/"))
    assert edit.select_one("#id_start_0")["value"] == start.split(" ")[0]
    assert edit.select_one("#id_start_1").get("value") == (None if all_day else start.split(" ")[1])
