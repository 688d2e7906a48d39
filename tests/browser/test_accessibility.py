"""Every public page type in all three languages, at 1280 and 390 px, through axe-core and the page checks.

The pages are picked from the seeded content when the test runs (one page of each type in tree order, both
component pages, the first page with a pairing list and with a city list, the calendar views around the first
event), then opened one after the other in one browser context per width. Every failure of a width is
collected before the test fails, each with its page URL, width, rule and element (``tests/browser/accessibility.py``;
docs/testing.md, "Accessibility"). ``test_the_checker_finds_planted_failures`` shows that each check can fail.
"""

import time
from urllib.parse import quote

import pytest

from tests.browser.accessibility import AXE_TAGS, AXE_VERSION, Catalog, check_page, english_phrase, install
from tests.browser.conftest import SERVER_LOCK

LANGUAGES = ["en", "zh-hans", "zh-hant"]
VIEWPORTS = {
    1280: {"viewport": {"width": 1280, "height": 800}},
    390: {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
}
#: A query that no page matches, in either language.
NO_MATCH_QUERY = "qxzvjwk"


@pytest.fixture(scope="module")
def catalog():
    return Catalog()


def body_block_types(page):
    body = getattr(page, "body", None)
    return {block.block_type for block in body} if body is not None else set()


def pages_to_check(language):
    """Return ``[(label, path, expected status)]`` of one page of each public page type in ``language``.

    Raises AssertionError when a page type of the live tree has no page in the list (a new type must be added).
    """
    from wagtail.models import Locale, Page

    from components.models import City
    from events import calendar
    from events.models import EventIndexPage, EventPage
    from news.archive import NewsFilters
    from news.models import NewsIndexPage, NewsPage

    locale = Locale.objects.get(language_code=language)
    live = list(Page.objects.live().public().filter(locale=locale, depth__gt=1).order_by("path").specific())
    first = {}
    for page in live:
        first.setdefault(type(page).__name__, page)
    chosen = [(name, page.url, 200) for name, page in first.items()]
    # Both programme components, and the first pages with a pairing list and with city cards.
    chosen += [(f"ComponentPage {page.slug}", page.url, 200) for page in live if type(page).__name__ == "ComponentPage"]
    pairings = next(page for page in live if "pairing_list" in body_block_types(page))
    chosen.append((f"pairing list ({type(pairings).__name__})", pairings.url, 200))
    cities = next(
        page for page in live if type(page).__name__ == "StandardPage" and "city_list" in body_block_types(page)
    )
    chosen.append(("StandardPage with city cards", cities.url, 200))
    about = next(page for page in live if type(page).__name__ == "StandardPage" and page.slug == "about")
    chosen.append(("StandardPage about", about.url, 200))

    news = NewsPage.objects.live().public().filter(locale=locale).exclude(category=None).order_by("-date").first()
    news_index = NewsIndexPage.objects.live().get(locale=locale)
    chosen.append(
        ("news archive by category", news_index.url + NewsFilters(category=news.category).route_suffix(), 200)
    )
    chosen.append(("news archive by year", news_index.url + NewsFilters(year=news.date.year).route_suffix(), 200))
    chosen.append(("NewsPage", news.url, 200))

    event = EventPage.objects.live().public().filter(locale=locale).order_by("start").first()
    events = EventIndexPage.objects.live().get(locale=locale)
    day = event.first_day
    chosen += [
        ("EventPage", event.url, 200),
        ("calendar week", events.get_view_url(calendar.WEEK, day), 200),
        ("calendar month list", events.get_view_url(calendar.LIST, day), 200),
        ("calendar month grid", events.get_view_url(calendar.FULL, day), 200),
        ("calendar year", events.url + events.reverse_subpage("year", kwargs={"year": f"{day.year:04d}"}), 200),
        ("home calendar month grid", f"/{language}/?date={day.year}-{day.month}-{day.day}&t=full", 200),
    ]
    city = City.objects.filter(locale=locale, live=True).order_by("pk").first()
    chosen += [
        ("search with results", f"/{language}/search/?q={quote(city.name)}", 200),
        ("search without results", f"/{language}/search/?q={NO_MATCH_QUERY}", 200),
        ("404", f"/{language}/no-such-page-for-the-accessibility-test/", 404),
        ("400 (bad calendar query)", f"{events.url}?date=2019-13-45&t=week", 400),
    ]
    missing = {type(page).__name__ for page in live} - set(first)
    assert not missing, f"page types not checked: {missing}"
    unique, seen = [], set()
    for label, path, status in chosen:
        if path not in seen:
            seen.add(path)
            unique.append((label, path, status))
    return unique


@pytest.fixture(scope="module")
def public_pages(site_url, django_db_blocker):
    """``{language: [(label, path, status)]}`` of the pages to check (see ``pages_to_check``)."""
    from django.db import connections

    with SERVER_LOCK, django_db_blocker.unblock():
        pages = {language: pages_to_check(language) for language in LANGUAGES}
        # A connection opened outside a test's transaction would stay open to the end of the session, and
        # PostgreSQL refuses to drop a database in use (as in test_content_security_policy.py).
        for connection in connections.all():
            if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
                connection.close()
    return pages


@pytest.mark.parametrize("width", sorted(VIEWPORTS, reverse=True))
def test_every_public_page_type_passes_axe_core_and_the_page_checks(browser, site_url, public_pages, catalog, width):
    context = browser.new_context(base_url=site_url, **VIEWPORTS[width])
    install(context)
    page = context.new_page()
    findings = []
    started = time.monotonic()
    try:
        for language in LANGUAGES:
            for _label, path, status in public_pages[language]:
                findings += check_page(page, path, width, catalog, expected_status=status)
    finally:
        context.close()
    loads = sum(len(paths) for paths in public_pages.values())
    summary = (
        f"axe-core {AXE_VERSION} ({', '.join(AXE_TAGS)}) and the page checks on {loads} page loads at {width}px "
        f"in {time.monotonic() - started:.1f} s"
    )
    print(summary)
    assert not findings, f"{summary}: {len(findings)} failures\n" + "\n".join(str(finding) for finding in findings)


def test_the_walk_covers_every_page_type_the_portal_has(public_pages):
    from wagtail.models import get_page_models

    portal_types = {model.__name__ for model in get_page_models() if model.__module__.split(".")[0] != "wagtail"}
    for language in LANGUAGES:
        labels = {label.split()[0] for label, _path, _status in public_pages[language]}
        assert portal_types <= labels, f"{language}: no page of {portal_types - labels} is checked"


#: A Chinese page around ``{main}``: the planted failures, or none.
CHINESE_PAGE = """<!DOCTYPE html>
<html lang="zh-Hans">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>检查页面</title></head>
<body><main><h1>检查页面</h1>{main}
<p>曼海姆（Mannheim）与IUC、UCAP：2019年，见https://example.org/about/，联系someone@example.org。</p>
<p><span lang="en">Global Covenant of Mayors for Climate and Energy</span>和Covenant of Mayors，Reggio Emilia。</p>
</main></body>
</html>
"""
PLANTED = CHINESE_PAGE.format(
    main="""
<p id="twice">第一段</p><p id="twice">第二段</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">
<div style="width: 2000px">很宽的盒子</div>
<h2>Related city pairings</h2>
<button type="button">Read the full story</button>
"""
)
CLEAN = CHINESE_PAGE.format(main="")


def serve(html):
    """A Playwright route handler answering ``html`` (a str) as the page."""
    return lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)


@pytest.mark.parametrize("width", sorted(VIEWPORTS, reverse=True))
def test_the_checker_finds_planted_failures(browser, site_url, catalog, width):
    context = browser.new_context(base_url=site_url, **VIEWPORTS[width])
    install(context)
    for path, html in (("/planted/", PLANTED), ("/clean/", CLEAN)):
        context.route(site_url + path, serve(html))
    page = context.new_page()
    try:
        planted = check_page(page, "/planted/", width, catalog)
        clean = check_page(page, "/clean/", width, catalog)
    finally:
        context.close()
    found = {(finding.rule, finding.selector) for finding in planted}
    assert ("image-alt", "img") in found
    assert ("duplicate-id", "body > main > p:nth-of-type(1), body > main > p:nth-of-type(2)") in found
    assert ("horizontal-overflow", "body > main > div (right edge at 2008px)") in found
    english = {finding.selector: finding.detail for finding in planted if finding.rule == "english-interface-text"}
    assert set(english) == {"body > main > h2", "body > main > button"}
    assert "the interface string 'Related city pairings'" in english["body > main > h2"]
    assert "the English phrase 'Read the full story'" in english["body > main > button"]
    assert len(planted) == 5
    assert clean == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Next week", "Next week"),
        ("没有结果：no results", "no results"),
        ("查看 more about it", "more about it"),
        ("曼海姆（Mannheim）", None),
        ("Agioi Anargyroi-Kamatero、Reggio Emilia、Stuttgart Region", None),
        ("IUC亚洲、UCAP、GCoM", None),
        ("Covenant of Mayors", None),
        ("https://www.iuc.eu/asia/about-us/ 或 info@example.org", None),
    ],
)
def test_english_phrase(text, phrase):
    assert english_phrase(text) == phrase


@pytest.mark.parametrize(
    ("text", "msgid"),
    [
        ("Related city pairings", "Related city pairings"),
        ("about 3,000,000", "about %(population)s"),
        ("Component II", "Component %(number)s"),
        ("Related city pairings of Mannheim", None),
        ("1. 曼海姆", None),  # "%(number)s. %(title)s" holds no English
        ("相关城市结对", None),
    ],
)
def test_catalog_matches_interface_strings_with_any_placeholder_value(catalog, text, msgid):
    assert catalog.match(text) == msgid


def test_axe_core_is_the_version_the_docs_name():
    """A tripwire: a new axe-playwright-python brings another axe-core; update docs/testing.md and ADR 0030."""
    assert AXE_VERSION == "4.12.1"
