"""The identity in a real browser: the EU emblem and its words in the footer, the logo mark, the "Today" tag and
"Return to top of page" (docs/public-site.md, "Identity"), at desktop and phone widths."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

SITE_NAME = {"en": "International Urban Cooperation Asia", "zh-hans": "国际城市合作亚洲项目"}
FUNDED = {"en": "Funded by the European Union", "zh-hans": "由欧洲联盟资助"}
ONE_CM = 96 / 2.54  # CSS pixels


def _box(locator):
    box = locator.bounding_box()
    assert box is not None, "not rendered"
    return box


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("viewer", ["page", "phone"])
def test_the_eu_emblem_and_its_words_stand_side_by_side_at_least_1_cm_high(request, viewer, language):
    browser_page = request.getfixturevalue(viewer)
    browser_page.goto(f"/{language}/news/")
    emblem = browser_page.locator(".site-footer__emblem")
    words = browser_page.locator(".site-footer__funded")
    expect(words).to_have_text(FUNDED[language])
    emblem.scroll_into_view_if_needed()
    assert emblem.evaluate("(img) => img.complete && img.naturalWidth > 0"), "the emblem did not load"
    frame = _box(emblem)  # the white frame included
    border = float(emblem.evaluate("(img) => getComputedStyle(img).borderTopWidth").removesuffix("px"))
    height, width = frame["height"] - 2 * border, frame["width"] - 2 * border
    assert height >= ONE_CM
    assert width / height == pytest.approx(1.5, abs=0.01)
    assert border == pytest.approx(height / 25, abs=0.5)  # the white border on a coloured background
    text = _box(words)
    assert text["x"] >= frame["x"] + frame["width"], "the words are beside the emblem, never over it"
    assert text["y"] < frame["y"] + frame["height"] and text["y"] + text["height"] > frame["y"], "not beside it"
    style = words.evaluate("(p) => { const s = getComputedStyle(p); return [s.fontStyle, s.textDecorationLine]; }")
    assert style == ["normal", "none"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_brand_link_shows_the_logo_mark_and_is_named_by_the_site(phone, language):
    phone.goto(f"/{language}/")
    link = phone.get_by_role("link", name=SITE_NAME[language], exact=True)
    expect(link).to_be_visible()
    logo = link.locator("img")
    assert logo.evaluate("(img) => img.complete && img.naturalWidth > 0"), "the logo mark did not load"
    assert _box(logo)["height"] >= 24


@pytest.mark.parametrize("viewer", ["page", "phone"])
def test_return_to_top_reaches_the_top_of_the_page(request, viewer):
    browser_page = request.getfixturevalue(viewer)
    browser_page.goto("/zh-hans/news/")
    link = browser_page.get_by_role("link", name="返回页首")
    link.scroll_into_view_if_needed()
    assert browser_page.evaluate("() => window.scrollY") > 0
    link.click()
    browser_page.wait_for_function("() => window.scrollY === 0")
    expect(browser_page.locator(".site-header__brand")).to_be_in_viewport(ratio=1)


@pytest.mark.parametrize("viewer", ["page", "phone"])
def test_today_is_a_small_tag_on_its_day_not_a_bar(request, viewer):
    browser_page = request.getfixturevalue(viewer)
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    browser_page.goto(f"/en/events/week/{monday:%Y-%m-%d}/")
    day = browser_page.locator('ol.week > li[aria-current="date"]')
    tag = day.locator(".week__today")
    expect(tag).to_have_text("Today")
    day_box, tag_box = _box(day), _box(tag)
    assert tag_box["width"] < day_box["width"] / 2, "the tag spans the day like a bar"
    assert day_box["x"] <= tag_box["x"] and tag_box["x"] + tag_box["width"] <= day_box["x"] + day_box["width"]
    assert day_box["y"] <= tag_box["y"] and tag_box["y"] + tag_box["height"] <= day_box["y"] + day_box["height"]
