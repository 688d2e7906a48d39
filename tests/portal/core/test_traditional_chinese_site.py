"""The public site in Traditional Chinese (zh-hant, issue 18): ``<html lang>``, the language
switcher, alternate and canonical links, the sitemap, Open Graph, feeds, calendars, JSON-LD, the API, error pages
and a Traditional page that is missing.

The seed content's Traditional pages are made from the Simplified ones (``tests/traditional.py``).
"""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import OperationalError
from django.utils import translation
from icalendar import Calendar
from wagtail.models import Locale

from events.models import EventIndexPage, EventPage
from news.models import NewsIndexPage, NewsPage
from portal.chinese.conversion import to_traditional
from portal.core import date_ranges
from portal.core.templatetags.portal_tags import readable_number
from portal.operations import unavailable
from portal.translations.traditional import deferred
from tests import factories, traditional
from tests.news.factories import NewsPageFactory
from tests.utils import EN, ZH, ZHT, soup_of, text_of

HANT_LANG = "zh-Hant-HK"

# ---------------------------------------------------------------------------- a Traditional page


@pytest.fixture
def news_versions(db):
    """``{language: NewsPage}``: the newest English news item with its Simplified and Traditional versions."""
    english = NewsPage.objects.live().filter(locale__language_code=EN).order_by("-date", "-pk").first()
    versions = {EN: english, ZH: english.get_translation(factories.chinese())}
    versions[ZHT] = traditional.make_traditional(english)
    return versions


def _absolute(page):
    return f"http://testserver{page.url}"


@pytest.mark.django_db
def test_a_traditional_page_is_the_simplified_one_converted_and_says_zh_hant_hk(client, news_versions):
    traditional = news_versions[ZHT]
    assert traditional.url.startswith("/zh-hant/news/")
    response = client.get(traditional.url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Language"] == ZHT
    soup = soup_of(response)
    assert soup.html["lang"] == HANT_LANG
    assert text_of(soup.h1) == to_traditional(news_versions[ZH].title) == traditional.title


@pytest.mark.django_db
def test_html_lang_of_each_language(client, news_versions):
    for language, expected in ((EN, "en"), (ZH, "zh-Hans"), (ZHT, HANT_LANG)):
        assert soup_of(client.get(news_versions[language].url)).html["lang"] == expected


@pytest.mark.django_db
def test_alternate_and_canonical_links_name_the_three_versions(client, news_versions):
    for page in news_versions.values():
        soup = soup_of(client.get(page.url))
        alternates = [(link["hreflang"], link["href"]) for link in soup.select('link[rel="alternate"][hreflang]')]
        assert alternates == [
            ("en", _absolute(news_versions[EN])),
            ("zh-Hans", _absolute(news_versions[ZH])),
            ("zh-Hant", _absolute(news_versions[ZHT])),
            ("x-default", _absolute(news_versions[EN])),
        ]
        assert soup.select_one('link[rel="canonical"]')["href"] == _absolute(page)


@pytest.mark.django_db
def test_open_graph_locale_of_a_traditional_page_is_zh_hk(client, news_versions):
    soup = soup_of(client.get(news_versions[ZHT].url))
    assert soup.select_one('meta[property="og:locale"]')["content"] == "zh_HK"
    alternates = {meta["content"] for meta in soup.select('meta[property="og:locale:alternate"]')}
    assert alternates == {"en_GB", "zh_CN"}
    english = soup_of(client.get(news_versions[EN].url))
    assert "zh_HK" in {meta["content"] for meta in english.select('meta[property="og:locale:alternate"]')}


@pytest.mark.django_db
def test_json_ld_of_a_traditional_news_page_is_in_zh_hant_hk(client, news_versions):
    soup = soup_of(client.get(news_versions[ZHT].url))
    [data] = [json.loads(script.string) for script in soup.select('script[type="application/ld+json"]')]
    assert data["inLanguage"] == HANT_LANG
    assert data["headline"] == news_versions[ZHT].title


@pytest.mark.django_db
def test_the_switcher_offers_three_languages_linking_to_the_translations(client, news_versions):
    soup = soup_of(client.get(news_versions[ZHT].url))
    switcher = soup.select_one("nav.language-switcher")
    current = switcher.select_one('[aria-current="true"]')
    assert (text_of(current), current["lang"]) == ("繁體中文", HANT_LANG)
    links = {link["hreflang"]: (link["href"], link["lang"], text_of(link)) for link in switcher.select("a")}
    assert links == {
        "en": (news_versions[EN].url, "en", "English"),
        "zh-Hans": (news_versions[ZH].url, "zh-Hans", "简体中文"),
    }
    assert not switcher.select(".language-switcher__note")


@pytest.mark.django_db
def test_the_sitemap_lists_the_traditional_page_with_its_alternates(client, news_versions):
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(client.get("/sitemap.xml").content)
    entries = {}
    for path in [loc.text.replace("http://testserver", "") for loc in root.findall("s:sitemap/s:loc", namespaces)]:
        for url in ET.fromstring(client.get(path).content).findall("s:url", namespaces):
            links = [(link.get("hreflang"), link.get("href")) for link in url.findall("x:link", namespaces)]
            entries[url.findtext("s:loc", namespaces=namespaces)] = links
    expected = [
        ("en", _absolute(news_versions[EN])),
        ("zh-Hans", _absolute(news_versions[ZH])),
        ("zh-Hant", _absolute(news_versions[ZHT])),
        ("x-default", _absolute(news_versions[EN])),
    ]
    assert entries[_absolute(news_versions[ZHT])] == expected
    assert entries[_absolute(news_versions[EN])] == expected


@pytest.mark.django_db
def test_the_traditional_news_feeds_hold_traditional_news(client, news_versions):
    index = NewsIndexPage.objects.get(locale__language_code=ZHT)
    rss = ET.fromstring(client.get(f"{index.url}feed/").content).find("channel")
    assert rss.findtext("language") == HANT_LANG
    items = {item.findtext("link"): item.findtext("title") for item in rss.findall("item")}
    assert items[_absolute(news_versions[ZHT])] == news_versions[ZHT].title
    assert all("/zh-hant/news/" in link for link in items)
    atom = ET.fromstring(client.get(f"{index.url}feed/atom/").content)
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == HANT_LANG


@pytest.mark.django_db
def test_the_traditional_calendar_is_in_zh_hant_hk(client, make_traditional):
    english = EventPage.objects.live().filter(locale__language_code=EN).order_by("-start").first()
    traditional = make_traditional(english)
    index = EventIndexPage.objects.get(locale__language_code=ZHT)
    response = client.get(f"{index.url}calendar.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert calendar["NAME"].params["LANGUAGE"] == HANT_LANG
    [event] = [event for event in calendar.events if str(event["URL"]) == _absolute(traditional)]
    assert str(event["SUMMARY"]) == traditional.title
    assert event["SUMMARY"].params["LANGUAGE"] == HANT_LANG
    assert all("/zh-hant/events/" in str(event["URL"]) for event in calendar.events)


@pytest.mark.django_db
def test_the_api_filters_by_the_zh_hant_locale(client, news_versions):
    response = client.get("/api/v2/pages/", {"locale": ZHT, "type": "news.NewsPage", "fields": "title", "limit": 50})
    assert response.status_code == 200
    data = response.json()
    items = data["items"]
    traditional = NewsPage.objects.live().public().filter(locale__language_code=ZHT)
    assert data["meta"]["total_count"] == traditional.count()
    assert {item["id"] for item in items} <= set(traditional.values_list("pk", flat=True))
    assert news_versions[ZHT].pk in {item["id"] for item in items}
    assert all(item["meta"]["locale"] == ZHT for item in items)


# ---------------------------------------------------------------------------- a missing Traditional page


@pytest.fixture
def only_simplified(db, news_versions):
    """An English news item with a Simplified version but no Traditional one (home and news index converted).

    Made with conversion deferred, as while a bulk import runs or after a reviewer deleted the Traditional page.
    """
    with deferred():
        english, chinese = factories.translated_pair(
            NewsPageFactory, parent=news_versions[EN].get_parent(), slug="only-simplified"
        )
    assert not english.has_translation(Locale.objects.get(language_code=ZHT))
    return {EN: english, ZH: chinese}


@pytest.mark.django_db
def test_a_missing_traditional_page_is_a_traditional_404_linking_to_the_other_versions(client, only_simplified):
    response = client.get("/zh-hant/news/only-simplified/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.html["lang"] == HANT_LANG
    with translation.override(ZHT):
        assert text_of(soup.h1) == translation.gettext("This page has not been translated yet")
    originals = [(link["href"], link["hreflang"]) for link in soup.select("a.untranslated-original")]
    assert originals == [(only_simplified[EN].url, "en"), (only_simplified[ZH].url, "zh-Hans")]
    switcher = {link["hreflang"]: link["href"] for link in soup.select("nav.language-switcher a")}
    assert switcher == {"en": only_simplified[EN].url, "zh-Hans": only_simplified[ZH].url}
    assert only_simplified[ZH].title not in text_of(soup.main)


@pytest.mark.django_db
def test_the_switcher_of_a_page_without_traditional_version_goes_to_the_traditional_home(client, only_simplified):
    soup = soup_of(client.get(only_simplified[ZH].url))
    link = soup.select_one('nav.language-switcher a[hreflang="zh-Hant"]')
    assert link["href"] == "/zh-hant/"
    note = soup.select_one(f"#{link['aria-describedby']}")
    with translation.override(ZHT):
        expected = translation.gettext(
            "This page is not available in this language yet; the link goes to the home page."
        )
    assert (note["lang"], text_of(note)) == (HANT_LANG, expected)


# ---------------------------------------------------------------------------- error pages and furniture


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/zh-hant/no-such-page/", "/zh-hant/news/no-such-news/"])
def test_a_404_under_zh_hant_is_in_traditional_chinese(client, path, make_traditional):
    make_traditional(NewsIndexPage.objects.get(locale__language_code=EN))
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Language"] == ZHT
    assert soup_of(response).html["lang"] == HANT_LANG


def assert_traditional_error_page(response, status, heading):
    """``response`` is a ``status`` page in Traditional Chinese whose ``<h1>`` is ``heading`` in the active catalog."""
    assert response.status_code == status
    soup = soup_of(response)
    assert soup.html["lang"] == HANT_LANG
    with translation.override(ZHT):
        assert text_of(soup.select_one("main h1")) == translation.gettext(heading)


@pytest.mark.django_db
def test_a_400_page_under_zh_hant_is_in_traditional_chinese(client):
    response = client.get("/zh-hant/?date=2018-13-40", HTTP_ACCEPT_LANGUAGE="en")
    assert_traditional_error_page(response, 400, "Bad request")
    assert response["Content-Language"] == ZHT


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", ["zh-HK", "zh-TW", "zh-MO", "zh-Hant"])
def test_a_404_outside_the_prefixes_is_in_the_visitors_traditional_chinese(client, accept_language):
    response = client.get("/no-such-prefix/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert_traditional_error_page(response, 404, "Page not found")
    assert response["Content-Language"] == ZHT


@pytest.mark.parametrize(
    ("status", "error", "heading"),
    [
        (500, RuntimeError("a bug"), "Server error"),
        (503, OperationalError("could not connect to server"), "Temporarily unavailable"),
    ],
)
def test_the_500_and_503_pages_are_in_traditional_chinese(rf, status, error, heading):
    response = unavailable.error_response(rf.get("/zh-hant/"), error, ZHT)
    assert_traditional_error_page(response, status, heading)


def test_numbers_and_dates_are_written_the_chinese_way_in_zh_hant():
    with translation.override(ZHT):
        assert readable_number(30_000_000) == "3000萬"
        assert readable_number(240_000_000) == "2.4億"
        assert date_ranges.is_chinese()
        parts = date_ranges.date_range(datetime.date(2019, 9, 21), datetime.date(2019, 9, 28))
        assert "".join(part.text for part in parts) == "2019年9月21日至28日"
    with translation.override(ZH):
        assert readable_number(30_000_000) == "3000万"
