"""RSS 2.0 and Atom feeds of the news, per locale (Django's syndication framework)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news import feeds
from news.feeds import FEED_SIZE
from news.models import NewsPage
from portal.edge.language import html_lang
from tests.news.factories import NewsPageFactory
from tests.utils import EN, LANGUAGES, ZH, has_cjk, soup_of

ATOM = "{http://www.w3.org/2005/Atom}"


def _rss(client, language):
    response = client.get(f"/{language}/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "charset=utf-8" in response["Content-Type"].lower()
    return ET.fromstring(response.content)


def _atom(client, language):
    response = client.get(f"/{language}/news/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def _newest(locale, count=FEED_SIZE):
    return list(NewsPage.objects.live().filter(locale=locale).order_by("-date", "-pk")[:count])


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_rss_feed_lists_the_newest_news_of_its_locale_only(client, locales, language):
    channel = _rss(client, language).find("channel")
    assert channel.findtext("language") == html_lang(language)
    items = channel.findall("item")
    expected = _newest(locales[language])
    assert [item.findtext("title") for item in items] == [page.title for page in expected]
    assert all(f"/{language}/news/" in item.findtext("link") for item in items)
    assert all(item.findtext("pubDate") for item in items)


@pytest.mark.django_db
@pytest.mark.parametrize("feed", ["feed/", "feed/atom/"])
@pytest.mark.usefixtures("no_page_cache")
def test_feeds_hold_the_newest_items_only_and_cost_the_same_queries_whatever_their_size(client, monkeypatch, feed):
    def read(size):
        monkeypatch.setattr(feeds, "FEED_SIZE", size)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/{EN}/news/{feed}")
        root = ET.fromstring(response.content)
        return len(root.findall("channel/item") or root.findall(f"{ATOM}entry")), len(captured)

    read(2)  # the first request also fills Wagtail's site root paths cache
    small_items, small_queries = read(2)
    large_items, large_queries = read(FEED_SIZE)
    assert (small_items, large_items) == (2, FEED_SIZE)
    assert NewsPage.objects.live().filter(locale__language_code=EN).count() > FEED_SIZE
    assert large_queries == small_queries


@pytest.mark.django_db
def test_chinese_feeds_carry_chinese_titles_and_furniture(client):
    channel = _rss(client, ZH).find("channel")
    assert has_cjk(channel.findtext("title"))
    assert "IUC Asia" not in channel.findtext("title").replace("IUC亚洲", "")
    assert all(has_cjk(item.findtext("title")) for item in channel.findall("item"))
    atom = _atom(client, ZH)
    assert all(has_cjk(entry.findtext(f"{ATOM}title")) for entry in atom.findall(f"{ATOM}entry"))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_atom_feed_lists_the_same_news(client, locales, language):
    entries = _atom(client, language).findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [p.title for p in _newest(locales[language])]
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert all(f"/{language}/news/" in link for link in links)


@pytest.mark.django_db
def test_control_characters_pasted_from_a_word_processor_do_not_break_the_feed(client, en_locale):
    page = _newest(en_locale, 1)[0]
    # Vertical tab, unit separator, backspace: what word processors leave (NUL cannot be stored in PostgreSQL).
    page.title = "Mission\x0b report\x1f from Tianjin\x08"
    page.intro = "Line one\x0cline two"
    page.save_revision().publish()
    for url in ("/en/news/feed/", "/en/news/feed/atom/"):
        response = client.get(url)
        assert response.status_code == 200
        ET.fromstring(response.content)  # well-formed XML
        assert "Mission report from Tianjin" in response.content.decode()
        assert "Line oneline two" in response.content.decode()


@pytest.mark.django_db
def test_drafts_and_unpublished_news_are_not_in_the_feeds(client, en_locale):
    NewsPageFactory(title="Unpublished draft news", date=datetime.date(2030, 1, 1), intro="Not yet.", live=False)
    live = _newest(en_locale, 1)[0]
    live_title = live.title
    live.title = "A draft title of a live page"
    live.save_revision()  # a draft revision, not published
    for url in ("/en/news/feed/", "/en/news/feed/atom/"):
        text = client.get(url).content.decode()
        assert "Unpublished draft news" not in text
        assert "A draft title of a live page" not in text
        assert live_title in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_news_pages_advertise_the_feeds_of_their_language(client, locales, language):
    page = _newest(locales[language], 1)[0]
    for url in (f"/{language}/news/", page.url):
        soup = soup_of(client.get(url))
        feeds = {link["type"]: link["href"] for link in soup.select('link[rel="alternate"][type]')}
        assert feeds == {
            "application/rss+xml": f"/{language}/news/feed/",
            "application/atom+xml": f"/{language}/news/feed/atom/",
        }
        # Titled in the page's language, Chinese with full-width brackets: 新闻（RSS）.
        title = soup.select_one('link[type="application/rss+xml"]')["title"]
        index_title = page.get_parent().title
        assert title == (f"{index_title} (RSS)" if language == EN else f"{index_title}（RSS）")


@pytest.mark.django_db
def test_the_news_archive_still_paginates_as_a_routable_page(client):
    assert client.get(f"/{EN}/news/").status_code == 200
    assert client.get(f"/{EN}/news/", {"page": "2"}).status_code == 200
    assert client.get(f"/{EN}/news/", {"page": "abc"}).status_code == 404
    assert client.get(f"/{EN}/news/feed/nope/").status_code == 404
