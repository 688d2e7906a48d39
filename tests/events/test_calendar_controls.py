"""Each calendar page has its links and pagers in one disclosure, "Browse the calendar" (issue 17).

Phones show only its summary until it is opened; wide screens show the controls by CSS
(tests/browser/test_phone_layout.py checks both).
"""

import pytest

from tests.utils import EN, LANGUAGES, ZH, ZHT, soup_of, text_of

SUMMARY = {EN: "Browse the calendar", ZH: "浏览日历", ZHT: "瀏覽日曆"}
#: A calendar page and the navigation it holds in its controls.
PAGES = [
    ("events/", ["calendar-links"]),
    ("events/2019/", ["calendar-links", "calendar-pager"]),
    ("events/2019/09/", ["calendar-links", "calendar-pager"]),
    ("events/calendar/2019/09/", ["calendar-links", "calendar-pager"]),
    ("events/week/2019-09-16/", ["calendar-links", "calendar-pager"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("path", "navs"), PAGES)
def test_calendar_controls_are_one_disclosure(client, language, path, navs):
    soup = soup_of(client.get(f"/{language}/{path}"))
    controls = soup.select("main details.calendar-controls")
    assert len(controls) == 1
    assert not controls[0].has_attr("open")
    assert text_of(controls[0].select_one("summary")) == SUMMARY[language]
    assert [nav["class"][0] for nav in controls[0].select("nav")] == navs
    outside = [
        nav
        for nav in soup.select("main nav.calendar-links, main nav.calendar-pager")
        if nav.find_parent("details") is None
    ]
    assert outside == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_calendar_pager_is_in_the_disclosure(client, language):
    section = soup_of(client.get(f"/{language}/", {"date": "2018-7-9", "t": "week"})).find(id="calendar")
    controls = section.select_one("details.calendar-controls")
    assert text_of(controls.select_one("summary")) == SUMMARY[language]
    assert controls.select_one('nav.calendar-pager a[rel="next"]')["href"] == "?date=2018-7-16&t=week"
