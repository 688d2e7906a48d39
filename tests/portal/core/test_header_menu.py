"""The header's markup for phones: a translated "Menu" disclosure holding the search, languages and navigation.

How it looks at each width is checked in a browser (tests/browser/test_phone_layout.py); these tests read
the HTML the server sends, which is all a browser without JavaScript or CSS gets.
"""

import pytest

from tests.utils import EN, LANGUAGES, ZH, ZHT, soup_of, text_of

MENU = {EN: "Menu", ZH: "菜单", ZHT: "選單"}  # Hong Kong usage (locale/zh_Hant/overrides.po)
SEARCH_LABEL = {EN: "Search the site", ZH: "站内搜索", ZHT: "站內搜尋"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_menu_is_a_closed_disclosure_after_the_brand(client, language):
    soup = soup_of(client.get(f"/{language}/news/"))
    header = soup.select_one("body > header.site-header")
    menu = header.select_one("details.site-menu")
    assert not menu.has_attr("open"), "closed until opened; wide screens show it by CSS"
    summary = menu.find(recursive=False)
    assert summary.name == "summary" and text_of(summary) == MENU[language]
    # The brand comes first, then the menu holding the search, the languages and the main navigation.
    assert header.select_one(".site-header__brand").find_next_sibling() is menu
    parts = [child for child in menu.find_all(recursive=False) if child.name != "summary"]
    assert [part.get("class")[0] for part in parts] == ["site-header__search", "language-switcher", "main-nav"]
    assert menu.select_one('nav.main-nav a[aria-current="page"]')["href"] == f"/{language}/news/"
    assert menu.select_one("nav.language-switcher [aria-current]") is not None
    # The skip link is still the first thing in the page.
    assert soup.body.find(recursive=False)["class"] == ["skip-link"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_search_box_has_a_visible_label(client, language):
    soup = soup_of(client.get(f"/{language}/"))
    box = soup.select_one("header.site-header input[type=search]")
    label = soup.find("label", attrs={"for": box["id"]})
    assert text_of(label) == SEARCH_LABEL[language]
    assert "visually-hidden" not in (label.get("class") or [])


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_search_page_has_no_second_search_box_in_its_menu(client, language):
    soup = soup_of(client.get(f"/{language}/search/", {"q": "Mannheim"}))
    assert soup.select_one("header.site-header input[type=search]") is None
    assert text_of(soup.select_one("details.site-menu > summary")) == MENU[language]
    assert len(soup.select("input[type=search]")) == 1
