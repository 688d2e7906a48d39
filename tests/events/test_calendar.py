"""The events calendar: week, month list and month grid views, the original query form, and their bounds."""

import datetime
import zoneinfo

import pytest
from django.http import QueryDict
from django.utils import timezone, translation

from events import calendar
from events.models import EventIndexPage, EventPage
from portal.core.views import BadQuery
from portal.edge.language import html_lang, is_chinese
from tests.utils import CONTENT, EN, LANGUAGES, ZH, ZHT, has_cjk, pair, soup_of, text_of

ONE_DAY = datetime.timedelta(days=1)
D = datetime.date


def _day(value):
    return D.fromisoformat(str(value)[:10])


def _content_event(slug):
    return next(item for item in CONTENT["events"] if item["slug"] == slug)


def _events_on(soup, selector="ol.week > li"):
    """``{iso date: [event hrefs]}`` for each day of a rendered week."""
    return {day.find("time")["datetime"]: [a["href"] for a in day.select("ul a")] for day in soup.select(selector)}


# ---------------------------------------------------------------------------- periods and the query form


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-7-9", D(2018, 7, 9)),
        ("2018-07-09", D(2018, 7, 9)),
        ("2019-9", D(2019, 9, 1)),
        (" 2019-3-15 ", D(2019, 3, 15)),
        ("2020-2-29", D(2020, 2, 29)),
    ],
)
def test_query_dates_are_read_unpadded_padded_and_month_only(value, expected):
    assert calendar.parse_query_date(value) == expected


@pytest.mark.parametrize(
    "value", ["2018-13-40", "2019-2-29", "99999-1-1", "1899-12-31", "2101-1-1", "abc", "2018/7/9", "2018-7-9x", "-1-1"]
)
def test_bad_query_dates_are_bad_queries(value):
    with pytest.raises(BadQuery):
        calendar.parse_query_date(value)


def test_calendar_query_defaults_and_errors():
    today = D(2026, 12, 2)
    assert calendar.parse_calendar_query(QueryDict(""), today) is None
    assert calendar.parse_calendar_query(QueryDict("page=2"), today) is None
    assert calendar.parse_calendar_query(QueryDict("date=2018-7-9"), today) == calendar.CalendarQuery(
        D(2018, 7, 9), "week"
    )
    assert calendar.parse_calendar_query(QueryDict("t=full"), today) == calendar.CalendarQuery(today, "full")
    assert calendar.parse_calendar_query(QueryDict("date=2019-9&t=LIST"), today) == calendar.CalendarQuery(
        D(2019, 9, 1), "list"
    )
    for bad in ("t=xyz", "date=2018-7-9&t=", "date=2018-7-9&date=2019-1-1", "date=2018-7-9&t=week&t=list"):
        if bad == "date=2018-7-9&t=":
            # An empty view means the default one, like an empty date.
            assert calendar.parse_calendar_query(QueryDict(bad), today).view == "week"
            continue
        with pytest.raises(BadQuery):
            calendar.parse_calendar_query(QueryDict(bad), today)


def test_bad_query_message_is_in_the_active_language():
    with translation.override("zh-hans"), pytest.raises(BadQuery) as error:
        calendar.parse_query_date("2018-13-40")
    assert has_cjk(str(error.value))


def test_week_across_a_year_boundary_runs_monday_to_sunday():
    days = calendar.week_of(D(2019, 1, 1))
    assert days == [D(2018, 12, 31) + ONE_DAY * offset for offset in range(7)]
    assert [day.weekday() for day in days] == list(range(7))
    assert calendar.week_of(D(2019, 1, 6)) == days
    assert calendar.Period.week(D(2019, 1, 3)).next.first == D(2019, 1, 7)
    assert calendar.Period.week(D(2019, 1, 3)).previous.first == D(2018, 12, 24)


def test_month_grid_weeks_include_the_neighbouring_days():
    weeks = calendar.month_weeks(2019, 3)
    assert weeks[0][0] == D(2019, 2, 25)
    assert weeks[-1][-1] == D(2019, 3, 31)
    assert all(len(week) == 7 and week[0].weekday() == 0 for week in weeks)
    assert calendar.add_months(2019, 1, -1) == (2018, 12)
    assert calendar.add_months(2019, 12, 1) == (2020, 1)
    assert calendar.month_days(2020, 2)[-1] == D(2020, 2, 29)


def test_periods_stop_at_the_calendar_s_years():
    assert calendar.Period.week(D(1900, 1, 1)).previous is None
    assert calendar.Period.month(2100, 12).next is None
    assert calendar.Period.year(2100).next is None
    assert calendar.Period.year(1901).previous == calendar.Period.year(1900)


# ---------------------------------------------------------------------------- the events index's query form


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("query", "route"),
    [
        ("date=2018-7-9&t=week", "week/2018-07-09/"),
        ("date=2018-7-11&t=week", "week/2018-07-09/"),
        ("date=2019-9&t=list", "2019/09/"),
        ("date=2019-3-15&t=full", "calendar/2019/03/"),
        ("date=2017-9-11&t=list", "2017/09/"),
    ],
)
def test_original_query_form_on_the_events_index_redirects_to_the_view(client, language, query, route):
    response = client.get(f"/{language}/events/?{query}")
    assert response.status_code == 301
    assert response["Location"] == f"/{language}/events/{route}"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "query",
    ["date=2018-13-40", "t=xyz", "date=99999-1-1&t=week", "date=2018-7-9&t=month", "date=abc", "date=1-1&date=2-2"],
)
@pytest.mark.parametrize("path", ["/", "/events/"])
def test_invalid_calendar_query_is_a_400_in_the_visitor_s_language(client, language, query, path):
    response = client.get(f"/{language}{path}?{query}")
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.html["lang"] == html_lang(language)
    message = text_of(soup.select_one(".error-message"))
    heading = text_of(soup.h1)
    if is_chinese(language):
        assert heading == {ZH: "请求无效", ZHT: "請求無效"}[language]
        assert has_cjk(message)
        assert "Bad request" not in soup.get_text()
    else:
        assert heading == "Bad request"
        assert not has_cjk(message)
    # The page keeps the site's furniture: the menu in the visitor's language.
    assert soup.select("nav.main-nav a")


# ---------------------------------------------------------------------------- week view


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_week_view_lists_every_day_with_events_or_no_events(client, language):
    mannheim = _content_event("chongqing-delegation-in-mannheim-2018")
    monday = calendar.monday_of(_day(mannheim["start"]))
    soup = soup_of(client.get(f"/{language}/events/week/{monday.isoformat()}/"))
    days = soup.select("ol.week > li")
    assert [day.find("time")["datetime"] for day in days] == [(monday + ONE_DAY * i).isoformat() for i in range(7)]
    by_day = _events_on(soup)
    assert by_day[_day(mannheim["start"]).isoformat()] == [f"/{language}/events/{mannheim['slug']}/"]
    empty_text = {EN: "No events", ZH: "无活动", ZHT: "無活動"}[language]
    for day in days:
        if not day.select("ul a"):
            assert text_of(day.select_one(".week__empty")) == empty_text
    assert text_of(soup.h1) == {EN: "Week of 9 July 2018", ZH: "2018年7月9日当周", ZHT: "2018年7月9日當週"}[language]
    assert pair(mannheim["title"], language) in text_of(soup.select_one("ol.week"))


@pytest.mark.django_db
def test_week_view_navigation_and_canonical_links(client):
    soup = soup_of(client.get("/zh-hans/events/week/2018-07-09/"))
    pager = soup.select_one("nav.calendar-pager")
    assert pager.select_one('a[rel="prev"]')["href"] == "/zh-hans/events/week/2018-07-02/"
    assert pager.select_one('a[rel="next"]')["href"] == "/zh-hans/events/week/2018-07-16/"
    views = {text_of(a): a["href"] for a in pager.select(".calendar-pager__views a")}
    assert set(views.values()) == {"/zh-hans/events/2018/07/", "/zh-hans/events/calendar/2018/07/"}
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/zh-hans/events/week/2018-07-09/"
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
    assert alternates == {
        "en": "http://testserver/en/events/week/2018-07-09/",
        "zh-Hans": "http://testserver/zh-hans/events/week/2018-07-09/",
        "zh-Hant": "http://testserver/zh-hant/events/week/2018-07-09/",
        "x-default": "http://testserver/en/events/week/2018-07-09/",
    }
    switcher = [a["href"] for a in soup.select(".language-switcher a")]
    assert switcher == ["/en/events/week/2018-07-09/", "/zh-hant/events/week/2018-07-09/"]


@pytest.mark.django_db
def test_week_url_of_another_day_redirects_to_its_monday(client):
    response = client.get("/en/events/week/2019-01-02/")
    assert response.status_code == 301
    assert response["Location"] == "/en/events/week/2018-12-31/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "week/2018-13-40/",
        "week/2019-02-29/",
        "week/1899-12-25/",
        "week/2018-7-9/",
        "2018/13/",
        "2018/00/",
        "calendar/2019/13/",
        "1899/",
        "2101/",
        "99999/",
        "calendar/1899/12/",
    ],
)
def test_calendar_routes_with_dates_that_do_not_exist_are_404(client, path):
    assert client.get(f"/en/events/{path}").status_code == 404


@pytest.mark.django_db
def test_week_across_a_year_boundary_with_an_event_crossing_midnight(client, make_event):
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    # New Year's Eve party in Shanghai, 22:00 to 02:00: two local days, one of them in the next year.
    party = make_event(
        "new-year-party-shanghai",
        datetime.datetime(2030, 12, 31, 22, 0, tzinfo=shanghai),
        datetime.datetime(2031, 1, 1, 2, 0, tzinfo=shanghai),
        "Asia/Shanghai",
    )
    # In UTC it is all on 31 December (14:00 to 18:00).
    assert party.start.astimezone(datetime.UTC).date() == party.end.astimezone(datetime.UTC).date()
    soup = soup_of(client.get("/en/events/week/2030-12-30/"))
    by_day = _events_on(soup)
    assert list(by_day) == [(D(2030, 12, 30) + ONE_DAY * i).isoformat() for i in range(7)]
    assert [day for day, hrefs in by_day.items() if party.url in hrefs] == ["2030-12-31", "2031-01-01"]
    assert soup.select_one('nav.calendar-pager a[rel="next"]')["href"] == "/en/events/week/2031-01-06/"
    # The month grids of both years show it on its local days only.
    december = _events_on(soup_of(client.get("/en/events/calendar/2030/12/")), "td.month-grid__day")
    assert [day for day, hrefs in december.items() if party.url in hrefs] == ["2030-12-31", "2031-01-01"]
    january = soup_of(client.get("/en/events/2031/01/"))
    assert party.url in [a["href"] for a in january.select(".event-item__title a")]


@pytest.mark.django_db
def test_event_ending_at_midnight_is_not_on_the_next_day(make_event):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    event = make_event(
        "ends-at-midnight",
        datetime.datetime(2031, 5, 6, 20, 0, tzinfo=berlin),
        datetime.datetime(2031, 5, 7, 0, 0, tzinfo=berlin),
        "Europe/Berlin",
    )
    assert (event.first_day, event.last_day) == (D(2031, 5, 6), D(2031, 5, 6))
    assert not event.is_multi_day


# ---------------------------------------------------------------------------- month list and month grid


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_month_list_shows_the_events_of_the_month(client, content, language):
    soup = soup_of(client.get(f"/{language}/events/2019/09/"))
    listed = [a["href"] for a in soup.select(".event-item__title a")]
    expected = sorted(
        (
            item
            for item in content["events"]
            if _day(item["start"]) <= D(2019, 9, 30) and _day(item["end"]) >= D(2019, 9, 1)
        ),
        key=lambda item: item["start"],
    )
    assert expected, "the content has no event in September 2019"
    assert listed == [f"/{language}/events/{item['slug']}/" for item in expected]
    assert text_of(soup.h1) == ("2019年9月" if is_chinese(language) else "September 2019")
    pager = soup.select_one("nav.calendar-pager")
    assert pager.select_one('a[rel="prev"]')["href"] == f"/{language}/events/2019/08/"
    assert pager.select_one('a[rel="next"]')["href"] == f"/{language}/events/2019/10/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_month_grid_shows_a_multi_day_event_on_every_day(client, language):
    mission = _content_event("chinese-cities-mission-to-granada-rome-and-nice")
    first, last = _day(mission["start"]), _day(mission["end"])
    assert last > first
    soup = soup_of(client.get(f"/{language}/events/calendar/{first.year}/{first.month:02d}/"))
    grid = soup.select_one("table.month-grid")
    assert grid.caption is not None
    assert len(grid.select("thead th")) == 7
    cells = grid.select("td.month-grid__day")
    assert len(cells) % 7 == 0
    href = f"/{language}/events/{mission['slug']}/"
    on = [cell.find("time")["datetime"] for cell in cells if href in [a["href"] for a in cell.select("a")]]
    assert on == [(first + ONE_DAY * i).isoformat() for i in range((last - first).days + 1)]
    outside = [cell for cell in cells if "month-grid__day--outside" in cell["class"]]
    assert all(_day(cell.find("time")["datetime"]).month != first.month for cell in outside)


@pytest.mark.django_db
def test_month_grid_of_a_month_without_events_says_so_in_chinese(client):
    soup = soup_of(client.get("/zh-hans/events/calendar/2016/02/"))
    assert not soup.select("td.month-grid__day a")
    assert has_cjk(text_of(soup.select_one(".calendar__empty")))
    assert text_of(soup.h1) == "2016年2月"


# ---------------------------------------------------------------------------- year and upcoming views


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_year_view_links_the_neighbouring_years_with_events(client, content, language):
    years = sorted({_day(item["start"]).year for item in content["events"]})
    middle = years[1]
    pager = soup_of(client.get(f"/{language}/events/{middle}/")).select_one("nav.calendar-pager")
    assert pager.select_one('a[rel="prev"]')["href"] == f"/{language}/events/{years[0]}/"
    assert pager.select_one('a[rel="next"]')["href"] == f"/{language}/events/{years[2]}/"
    first = soup_of(client.get(f"/{language}/events/{years[0]}/")).select_one("nav.calendar-pager")
    assert first.select_one('a[rel="prev"]') is None


@pytest.mark.django_db
def test_upcoming_view_lists_future_events_only_and_paginates(client, make_event):
    start = timezone.now() + datetime.timedelta(days=30)
    future = [
        make_event(f"future-{number}", start + ONE_DAY * number, start + ONE_DAY * number, "UTC")
        for number in range(EventIndexPage.per_page + 1)
    ]
    first = soup_of(client.get("/en/events/"))
    upcoming = first.find(id="upcoming-heading").parent
    assert [a["href"] for a in upcoming.select(".event-item__title a")] == [event.url for event in future[:12]]
    assert upcoming.select_one('nav.pagination a[rel="next"]')["href"] == "?page=2"
    second = soup_of(client.get("/en/events/", {"page": 2}))
    assert [a["href"] for a in second.find(id="upcoming-heading").parent.select(".event-item__title a")] == [
        future[12].url
    ]
    assert second.find("link", rel="canonical")["href"] == "http://testserver/en/events/?page=2"
    for bad in ("0", "3", "abc", "-1"):
        assert client.get("/en/events/", {"page": bad}).status_code == 404


@pytest.mark.django_db
def test_drafts_and_private_events_are_not_in_the_calendar(client, make_event):
    from wagtail.models import PageViewRestriction

    day = datetime.datetime(2031, 4, 8, 10, 0, tzinfo=datetime.UTC)
    draft = make_event("calendar-draft", day, day + datetime.timedelta(hours=1), "UTC")
    draft.unpublish()
    private = make_event("calendar-private", day, day + datetime.timedelta(hours=1), "UTC")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public = make_event("calendar-public", day, day + datetime.timedelta(hours=1), "UTC")
    for path in (
        "/en/events/week/2031-04-07/",
        "/en/events/calendar/2031/04/",
        "/en/events/2031/04/",
        "/en/events/2031/",
    ):
        html = client.get(path).content.decode()
        assert "/en/events/calendar-public/" in html, path
        assert "calendar-draft" not in html and "calendar-private" not in html, path
    assert public.live


# ---------------------------------------------------------------------------- the home page calendar


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_shows_the_week_of_the_original_query(client, language):
    mannheim = _content_event("chongqing-delegation-in-mannheim-2018")
    soup = soup_of(client.get(f"/{language}/", {"date": "2018-7-9", "t": "week"}))
    section = soup.find(id="calendar")
    by_day = _events_on(section)
    assert next(iter(by_day)) == "2018-07-09"
    assert len(by_day) == 7
    assert by_day["2018-07-09"] == [f"/{language}/events/{mannheim['slug']}/"]
    pager = section.select_one("nav.calendar-pager")
    assert pager.select_one('a[rel="prev"]')["href"] == "?date=2018-7-2&t=week"
    assert pager.select_one('a[rel="next"]')["href"] == "?date=2018-7-16&t=week"
    # The rest of the landing page is unchanged.
    assert soup.find(id="components-heading") is not None
    assert soup.find(id="news-heading") is not None
    others = [code for code in LANGUAGES if code != language]
    assert [a["href"] for a in soup.select(".language-switcher a")] == [
        f"/{other}/?date=2018-7-9&t=week" for other in others
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_shows_the_month_list_and_grid_of_the_original_query(client, content, language):
    listed = soup_of(client.get(f"/{language}/", {"date": "2019-9", "t": "list"})).find(id="calendar")
    september = [
        f"/{language}/events/{item['slug']}/"
        for item in sorted(content["events"], key=lambda item: item["start"])
        if _day(item["start"]) <= D(2019, 9, 30) and _day(item["end"]) >= D(2019, 9, 1)
    ]
    assert [a["href"] for a in listed.select(".event-item__title a")] == september
    assert text_of(listed.h2) == ("2019年9月" if is_chinese(language) else "September 2019")

    grid = soup_of(client.get(f"/{language}/", {"date": "2019-3-15", "t": "full"})).find(id="calendar")
    training = _content_event("climate-adaptation-training-johor-bahru-2019")
    by_day = _events_on(grid, "td.month-grid__day")
    href = f"/{language}/events/{training['slug']}/"
    assert [day for day, hrefs in by_day.items() if href in hrefs] == ["2019-03-19", "2019-03-20", "2019-03-21"]
    views = grid.select(".calendar-pager__views a")
    assert {a["href"] for a in views} == {"?date=2019-3-1&t=week", "?date=2019-3-1&t=list"}


@pytest.mark.django_db
def test_home_page_calendar_is_in_its_locale_only(client, get_page):
    chinese = get_page(EventPage, ZH, f"/events/{CONTENT['events'][0]['slug']}/")
    english = get_page(EventPage, EN, f"/events/{CONTENT['events'][0]['slug']}/")
    day = english.first_day
    html = client.get("/zh-hans/", {"date": day.isoformat(), "t": "week"}).content.decode()
    assert chinese.url in html
    assert english.url not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_today_is_marked_on_its_own_day_in_the_week_and_the_month_grid(client, language):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    label = {EN: "Today", ZH: "今天", ZHT: "今天"}[language]
    pages = {
        "ol.week > li": f"/{language}/events/week/{monday:%Y-%m-%d}/",
        "td.month-grid__day": f"/{language}/events/calendar/{today:%Y/%m}/",
    }
    for selector, url in pages.items():
        soup = soup_of(client.get(url))
        days = soup.select(selector)
        assert len(days) >= 7, url
        marked = [day for day in days if day.get("aria-current") == "date"]
        assert len(marked) == 1, url
        assert marked[0].find("time")["datetime"] == today.isoformat(), url
        tags = [tag for tag in soup.find_all("span") if text_of(tag) == label]
        # One small tag, inside the day it marks (not a bar of its own above or across the calendar).
        assert len(tags) == 1 and marked[0] in tags[0].parents, url
