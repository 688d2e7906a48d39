"""Phones (390 x 844): a compact header whose menu opens without JavaScript, content in the first screen.

The header's search, language switcher and main navigation sit in a ``<details>`` "Menu" disclosure that
is closed on a phone and shown without opening anything on a desktop; the news filter form and the
calendar's controls are collapsed the same way (portal.css, "Header menu on phones", "Collapsible
controls"). JavaScript is switched off here, so what works works without it.
"""

import re

import pytest
from playwright.sync_api import expect

from portal.chinese.conversion import to_traditional
from portal.edge.language import hreflang, html_lang
from tests.utils import CONTENT, EN, LANGUAGES, ZH, ZHT

NEWS_SLUG = CONTENT["news"][0]["slug"]
EVENT_SLUG = "chinese-cities-mission-to-granada-rome-and-nice"
MENU = {EN: "Menu", ZH: "菜单", ZHT: "選單"}  # Hong Kong usage (locale/zh_Hant/overrides.po)
QUERY = {EN: "Mannheim", ZH: "曼海姆", ZHT: to_traditional("曼海姆")}
SCREEN = {"width": 390, "height": 844}
#: WCAG 2.2 "Target Size (Minimum)" (2.5.8), in CSS pixels.
MIN_TARGET = 24

#: Every public page type, with the selector of its first piece of content below the page heading.
FIRST_SCREEN = [
    ("/{lang}/", ".hero .lead"),
    ("/{lang}/city-to-city-cooperation/", ".map-figure, .stream > *"),
    ("/{lang}/countries/", ".card-list > li"),
    ("/{lang}/countries/china/", ".stream > *"),
    ("/{lang}/cities/chinese-cities/", ".stream > *, .city-list"),
    ("/{lang}/news/", ".card-list > li"),
    ("/{lang}/news/?year=2019", ".card-list > li"),
    (f"/{{lang}}/news/{NEWS_SLUG}/", ".hero-image, .stream > *"),
    ("/{lang}/events/", "#upcoming-heading"),
    ("/{lang}/events/2018/", "main section h2"),
    ("/{lang}/events/2018/09/", ".card-list > li"),
    ("/{lang}/events/calendar/2018/09/", ".month-grid__day--busy"),
    ("/{lang}/events/week/2018-09-10/", ".week__day"),
    (f"/{{lang}}/events/{EVENT_SLUG}/", ".facts--event"),
    ("/{lang}/search/?q={query}", ".search-result"),
    ("/{lang}/about/", ".stream > *"),
    ("/{lang}/no-such-page/", "main .button"),
]


@pytest.fixture
def phone_without_js(browser, site_url):
    context = browser.new_context(
        viewport=SCREEN, device_scale_factor=2, is_mobile=True, java_script_enabled=False, base_url=site_url
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop_without_js(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False, base_url=site_url)
    yield context.new_page()
    context.close()


def overflow(page):
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def assert_language_switcher(page, language):
    """The switcher (open on a phone) marks ``language`` and links each other language; targets fit the window."""
    switcher = page.locator("nav.language-switcher")
    current = switcher.locator("[aria-current]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("lang", html_lang(language))
    others = [code for code in LANGUAGES if code != language]
    links = switcher.locator("a[hreflang]")
    expect(links).to_have_count(len(others))
    width = page.viewport_size["width"]
    boxes = [current.bounding_box()]
    for code in others:
        link = switcher.locator(f'a[hreflang="{hreflang(code)}"]')
        expect(link).to_be_visible()
        expect(link).to_have_attribute("lang", html_lang(code))
        expect(link).to_have_attribute("href", re.compile(rf"^(https?://[^/]+)?/{code}/"))
        boxes.append(link.bounding_box())
    for box in boxes:
        assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{box} outside the {width}px window"
    for index, box in enumerate(boxes):
        for other in boxes[index + 1 :]:
            apart = (
                box["x"] + box["width"] <= other["x"]
                or other["x"] + other["width"] <= box["x"]
                or box["y"] + box["height"] <= other["y"]
                or other["y"] + other["height"] <= box["y"]
            )
            assert apart, f"language targets overlap: {box} {other}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_menu_is_closed_and_opens_and_closes_with_the_keyboard_and_a_tap(phone_without_js, language):
    phone = phone_without_js
    phone.goto(f"/{language}/news/")
    toggle = phone.locator("summary.site-menu__toggle")
    nav = phone.locator("nav.main-nav")
    expect(toggle).to_have_text(MENU[language])
    expect(nav).to_be_hidden()
    expect(phone.locator("nav.language-switcher")).to_be_hidden()
    box = toggle.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    assert box["y"] + box["height"] <= 120, "the menu control is in the compact header bar"

    # Keyboard: the skip link, the brand, then the menu control; Enter and Space open and close it.
    phone.keyboard.press("Tab")
    assert phone.evaluate("() => document.activeElement.className") == "skip-link"
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    assert phone.evaluate("() => document.activeElement.className") == "site-menu__toggle"
    assert phone.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    phone.keyboard.press("Enter")
    expect(nav).to_be_visible()
    expect(nav.locator('a[aria-current="page"]')).to_have_attribute("href", f"/{language}/news/")
    assert_language_switcher(phone, language)
    expect(phone.get_by_role("searchbox")).to_be_visible()
    assert overflow(phone) <= 0
    phone.keyboard.press("Space")
    expect(nav).to_be_hidden()

    # A tap (click) does the same.
    toggle.click()
    expect(nav).to_be_visible()
    links = nav.locator("a")
    for index in range(links.count()):
        link_box = links.nth(index).bounding_box()
        assert link_box["height"] >= 44, (links.nth(index).inner_text(), link_box)
    toggle.click()
    expect(nav).to_be_hidden()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("path", "content"), FIRST_SCREEN)
def test_content_is_in_the_first_screen_of_a_phone(phone_without_js, language, path, content):
    phone = phone_without_js
    url = path.format(lang=language, query=QUERY[language])
    phone.goto(url)
    assert overflow(phone) <= 0, f"{url} scrolls sideways on a phone"
    heading = phone.locator("main h1")
    expect(heading).to_be_in_viewport(ratio=1)
    first = phone.locator(content).filter(visible=True).first
    top = first.evaluate("(element) => element.getBoundingClientRect().top")
    assert top < SCREEN["height"] - 48, f"{url}: {content} starts {top:.0f}px down, below the first screen"


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_filters_and_calendar_controls_are_one_control_on_a_phone(phone_without_js, language):
    phone = phone_without_js
    phone.goto(f"/{language}/news/?year=2019")
    summary = phone.locator(".news-filters-panel > summary")
    expect(summary).to_contain_text("1")  # it says a filter is applied
    expect(phone.locator("form.news-filters")).to_be_hidden()
    expect(phone.locator("nav.active-filters")).to_be_visible()
    summary.click()
    expect(phone.locator("#news-filter-year")).to_have_value("2019")

    phone.goto(f"/{language}/events/calendar/2018/09/")
    expect(phone.locator("details.calendar-controls > summary")).to_be_visible()
    expect(phone.locator("nav.calendar-pager")).to_be_hidden()
    expect(phone.locator("nav.calendar-links")).to_be_hidden()
    phone.locator("details.calendar-controls > summary").press("Enter")
    phone.locator('nav.calendar-pager a[rel="next"]').click()
    phone.wait_for_url(f"**/{language}/events/calendar/2018/10/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_desktop_shows_the_menu_filters_and_calendar_controls_without_opening_anything(desktop_without_js, language):
    page = desktop_without_js
    page.goto(f"/{language}/news/")
    expect(page.locator("summary.site-menu__toggle")).to_be_hidden()
    expect(page.locator("nav.main-nav a").first).to_be_visible()
    assert_language_switcher(page, language)
    expect(page.get_by_role("searchbox")).to_be_visible()
    expect(page.locator(".news-filters-panel > summary")).to_be_hidden()
    expect(page.locator("#news-filter-category")).to_be_visible()
    page.goto(f"/{language}/events/2019/")
    expect(page.locator("details.calendar-controls > summary")).to_be_hidden()
    expect(page.locator('nav.calendar-pager a[rel="next"]')).to_be_visible()
    expect(page.locator("nav.calendar-links a").first).to_be_visible()
    assert overflow(page) <= 0
