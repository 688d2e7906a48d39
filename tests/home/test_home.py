"""The home page and standard pages: rendering in both languages, translations, creation rules."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from components.models import ComponentPage, CountryIndexPage
from events.models import EventIndexPage
from home.models import HomePage, StandardPage
from news.models import NewsIndexPage
from tests.events.factories import EventPageFactory
from tests.utils import (
    EN,
    LANGUAGES,
    ZH,
    assert_localize_translation,
    assert_page_renders,
    page_specs,
    pair,
    soup_of,
    specs_by_model,
    text_of,
)

HOME_SPECS = specs_by_model("HomePage") + specs_by_model("StandardPage")


@pytest.mark.django_db
@pytest.mark.parametrize("spec", HOME_SPECS, ids=str)
def test_page_renders_in_both_languages(client, spec, expected_titles):
    assert_page_renders(client, spec, expected_titles(spec))


@pytest.mark.django_db
@pytest.mark.parametrize("spec", HOME_SPECS, ids=str)
def test_chinese_page_is_a_wagtail_localize_translation(get_page, zh_locale, spec):
    model = HomePage if spec.model == "HomePage" else StandardPage
    english = get_page(model, EN, spec.path)
    chinese = get_page(model, ZH, spec.path)
    assert chinese.live
    assert_localize_translation(english, chinese, zh_locale)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_shows_key_figure_components_and_latest_news(client, content, language):
    soup = soup_of(client.get(f"/{language}/"))
    hero_figure = soup.select_one(".hero .key-figure")
    assert text_of(hero_figure.select_one(".key-figure__value")) == str(content["home"]["key_figure"]["value"])
    assert text_of(hero_figure.select_one(".key-figure__label")) == pair(
        content["home"]["key_figure"]["label"], language
    )

    components = sorted(content["components"], key=lambda item: item["number"])
    assert [text_of(h3) for h3 in soup.select(".component-teaser h3")] == [
        pair(item["title"], language) for item in components
    ]
    assert [a["href"] for a in soup.select(".component-teaser a.button")] == [
        f"/{language}/{item['slug']}/" for item in components
    ]

    newest = sorted(content["news"], key=lambda item: str(item["date"]), reverse=True)[:3]
    assert [text_of(a) for a in soup.select(".news-item__title a")] == [
        pair(item["title"], language) for item in newest
    ]
    assert f"/{language}/news/" in [a["href"] for a in soup.find_all("a")]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_menu_lists_the_top_level_pages_in_its_language(client, content, language):
    """Menu labels are the page's menu title where the content gives one, else its heading."""
    soup = soup_of(client.get(f"/{language}/"))
    top_level = [spec.url(language) for spec in page_specs() if spec.path.count("/") == 2]
    assert top_level
    assert [a["href"] for a in soup.select("nav.main-nav a")] == [f"/{language}/", *top_level]
    menu_titles = {
        f"/{language}/{item['slug']}/": pair(item["menu_title"], language)
        for item in content["components"]
        if item.get("menu_title")
    }
    assert menu_titles, "the content gives no menu title to test"
    assert [text_of(a) for a in soup.select("nav.main-nav a")][1:] == [
        menu_titles.get(url) or text_of(soup_of(client.get(url)).h1) for url in top_level
    ]


@pytest.mark.django_db
def test_home_page_week_shows_an_event_of_this_week_in_its_locale_only(client, get_page, en_locale):
    today = timezone.localdate()
    start = datetime.datetime.combine(today, datetime.time(10), tzinfo=datetime.UTC)
    event = EventPageFactory(title="A test event this week", start=start, end=start + datetime.timedelta(hours=2))

    english = soup_of(client.get("/en/"))
    days = english.select("ol.week > li")
    assert len(days) == 7
    with_event = [day for day in days if day.find("a", href=event.url)]
    assert len(with_event) == 1
    assert with_event[0].find("time")["datetime"] == today.isoformat()
    # The Chinese home page has no translation of this event.
    chinese = soup_of(client.get("/zh-hans/"))
    assert not chinese.find("a", string=event.title)
    assert len(chinese.select("ol.week > li")) == 7


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "note"),
    [
        (EN, "The most recent events: the week of", "No events are planned; this is the most recent week with events."),
        (ZH, "最近的活动：", "目前没有计划中的活动；以下是最近一周有活动的日程。"),
    ],
)
def test_with_every_event_past_the_home_calendar_shows_the_most_recent_week_with_events(
    client, get_page, language, heading, note
):
    """The programme has ended: the seeded events are all past, and the calendar shows the last of them."""
    index = get_page(EventIndexPage, language, "/events/")
    last = max(index.get_events(), key=lambda event: (event.start, event.pk))
    soup = soup_of(client.get(f"/{language}/"))
    section = soup.select_one("section#calendar")
    assert text_of(section.h2).startswith(heading)
    assert text_of(section.select_one(".calendar__note")) == note
    assert section.find("a", href=last.url)
    assert any(day.find("a") for day in section.select("ol.week > li"))


@pytest.mark.django_db
def test_the_home_calendar_opens_on_the_week_of_the_next_event(client):
    today = timezone.localdate()
    start = datetime.datetime.combine(today + datetime.timedelta(days=30), datetime.time(10), tzinfo=datetime.UTC)
    event = EventPageFactory(title="A test event next month", start=start, end=start + datetime.timedelta(hours=2))
    section = soup_of(client.get("/en/")).select_one("section#calendar")
    assert text_of(section.h2).startswith("Coming up: the week of")
    assert section.select_one(".calendar__note") is None
    assert section.find("a", href=event.url)


@pytest.mark.django_db
def test_while_an_event_is_on_the_home_calendar_shows_this_week(client):
    now = timezone.now()
    event = EventPageFactory(
        title="A test event going on", start=now - datetime.timedelta(days=1), end=now + datetime.timedelta(days=20)
    )
    section = soup_of(client.get("/en/")).select_one("section#calendar")
    assert text_of(section.h2) == "This week's events"
    assert section.find("a", href=event.url)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_standard_page_lists_its_subpages(client, content, language):
    cities = content["cities_pages"]
    soup = soup_of(client.get(f"/{language}/{cities['slug']}/"))
    links = [(text_of(a), a["href"]) for a in soup.select(".subpages h3 a")]
    assert links == [
        (pair(child["title"], language), f"/{language}/{cities['slug']}/{child['slug']}/")
        for child in cities["children"]
    ]


class TestHomePageTypeRules(WagtailPageTestCase):
    """Where home and standard pages can be created."""

    def test_home_page(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, ComponentPage, CountryIndexPage, NewsIndexPage, EventIndexPage}
        )
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_standard_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)
        self.assertCanNotCreateAt(NewsIndexPage, StandardPage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_one_home_page_per_locale_exists_at_the_root(self):
        root = Page.get_first_root_node()
        homes = HomePage.objects.all()
        self.assertEqual({home.locale.language_code for home in homes}, set(LANGUAGES))
        self.assertTrue(all(home.get_parent().pk == root.pk for home in homes))
