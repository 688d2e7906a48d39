"""What a visitor does in a real browser: keyboard, language switcher, phone layout."""

import pytest
from playwright.sync_api import expect

from tests.utils import CONTENT

NEWS_SLUG = CONTENT["news"][0]["slug"]
PAGES = [
    "/{lang}/",
    "/{lang}/countries/china/",
    f"/{{lang}}/news/{NEWS_SLUG}/",
    "/{lang}/events/",
    "/{lang}/events/week/2018-07-09/",
    "/{lang}/events/calendar/2018/09/",
    "/{lang}/?date=2019-3-15&t=full",
    "/{lang}/about/",
    "/{lang}/search/?q=%E9%87%8D%E5%BA%86%20Mannheim",
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(page, language):
    page.goto(f"/{language}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.className")
    assert focused == "skip-link"
    expect(page.locator(".skip-link")).to_be_in_viewport(ratio=1)  # slides in when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_language_switcher_leads_to_the_same_page_in_chinese_and_back(page):
    page.goto(f"/en/news/{NEWS_SLUG}/")
    english_title = page.locator("h1").inner_text()
    page.get_by_role("link", name="简体中文").click()
    page.wait_for_url(f"**/zh-hans/news/{NEWS_SLUG}/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == CONTENT["news"][0]["title"]["zh"]
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"**/en/news/{NEWS_SLUG}/")
    assert page.locator("h1").inner_text() == english_title


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_a_phone_screen(phone, language, path):
    phone.goto(path.format(lang=language))
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path.format(lang=language)} scrolls sideways by {overflow}px on a phone"
    expect(phone.locator("nav.main-nav a").first).to_be_hidden()  # behind the "Menu" control
    phone.locator("summary.site-menu__toggle").click()
    expect(phone.locator("nav.main-nav a").first).to_be_visible()


def test_focus_is_visible_on_links(page):
    page.goto("/zh-hans/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand link
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_month_grid_is_a_table_on_a_desktop_and_a_list_of_busy_days_on_a_phone(page, phone, language):
    mission = next(
        item for item in CONTENT["events"] if item["slug"] == "chinese-cities-mission-to-granada-rome-and-nice"
    )
    path = f"/{language}/events/calendar/2018/09/"
    page.goto(path)
    cells = page.locator("td.month-grid__day")
    assert cells.count() == 35
    expect(page.locator("table.month-grid thead")).to_be_visible()
    phone.goto(path)
    visible = phone.locator("td.month-grid__day:visible")
    # On a phone only the days with events are shown, each naming its weekday (12 to 20 September).
    assert visible.count() == 9
    expect(visible.first.locator(".month-grid__weekday")).to_be_visible()
    assert mission["title"]["zh" if language == "zh-hans" else "en"] in visible.first.inner_text()


def test_searching_from_the_header_on_a_phone(phone):
    phone.goto("/zh-hans/")
    phone.get_by_text("菜单", exact=True).click()
    box = phone.get_by_role("searchbox", name="站内搜索")
    expect(box).to_be_visible()
    box.fill("曼海姆")
    box.press("Enter")
    phone.wait_for_url("**/zh-hans/search/?q=*")
    first = phone.locator(".search-result mark").first
    expect(first).to_have_text("曼海姆")
    expect(phone.get_by_role("searchbox", name="站内搜索")).to_have_value("曼海姆")
