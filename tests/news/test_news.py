"""News: rendering in both languages, translations of pages and categories, related cities, rules."""

import datetime

import pytest
from wagtail.test.utils import WagtailPageTestCase

from components.models import ComponentPage, CountryPage
from events.models import EventIndexPage
from home.models import HomePage, StandardPage
from news.models import NewsCategory, NewsIndexPage, NewsPage
from tests.utils import (
    EN,
    LANGUAGES,
    ZH,
    assert_localize_translation,
    assert_page_renders,
    pair,
    soup_of,
    specs_by_model,
    text_of,
)

NEWS_SPECS = specs_by_model("NewsIndexPage") + specs_by_model("NewsPage")
MODELS = {"NewsIndexPage": NewsIndexPage, "NewsPage": NewsPage}


@pytest.mark.django_db
@pytest.mark.parametrize("spec", NEWS_SPECS, ids=str)
def test_page_renders_in_both_languages(client, spec, expected_titles):
    assert_page_renders(client, spec, expected_titles(spec))


@pytest.mark.django_db
@pytest.mark.parametrize("spec", NEWS_SPECS, ids=str)
def test_chinese_page_is_a_wagtail_localize_translation(get_page, zh_locale, spec):
    model = MODELS[spec.model]
    english = get_page(model, EN, spec.path)
    chinese = get_page(model, ZH, spec.path)
    assert chinese.live
    assert_localize_translation(english, chinese, zh_locale)


@pytest.mark.django_db
def test_every_news_category_is_translated_through_wagtail_localize(content, en_locale, zh_locale):
    assert NewsCategory.objects.filter(locale=en_locale).count() == len(content["categories"])
    assert NewsCategory.objects.filter(locale=zh_locale).count() == len(content["categories"])
    for item in content["categories"]:
        english = NewsCategory.objects.get(locale=en_locale, slug=item["slug"])
        chinese = NewsCategory.objects.get(locale=zh_locale, slug=item["slug"])
        assert_localize_translation(english, chinese, zh_locale)
        assert (english.name, chinese.name) == (pair(item["name"], EN), pair(item["name"], ZH))


@pytest.mark.django_db
def test_chinese_news_pages_relate_to_chinese_cities_and_categories(get_page, content, zh_locale):
    checked = 0
    for item in content["news"]:
        english = get_page(NewsPage, EN, f"/news/{item['slug']}/")
        chinese = get_page(NewsPage, ZH, f"/news/{item['slug']}/")
        cities = [row.city for row in chinese.related_cities.all()]
        assert [city.slug for city in cities] == list(item.get("cities") or [])
        assert all(city.locale_id == zh_locale.pk for city in cities), f"{chinese.url}: English city"
        assert [city.translation_key for city in cities] == [
            row.city.translation_key for row in english.related_cities.all()
        ]
        assert chinese.category.locale_id == zh_locale.pk
        assert chinese.category.slug == item["category"]
        assert chinese.date == english.date
        assert [row.country for row in chinese.related_countries.all()] == list(item.get("countries") or [])
        checked += len(cities)
    assert checked


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_news_page_shows_category_and_related_cities_in_its_language(client, content, language):
    cities = {item["key"]: item for item in content["cities"]}
    categories = {item["slug"]: item for item in content["categories"]}
    countries = {item["slug"]: item for item in content["countries"]}
    for item in content["news"]:
        soup = soup_of(client.get(f"/{language}/news/{item['slug']}/"))
        header = soup.select_one("main .page-header")
        assert header.find("time")["datetime"] == str(item["date"])
        assert pair(categories[item["category"]]["name"], language) in text_of(header.select_one(".eyebrow"))
        related = soup.select_one("aside.related")
        if not item.get("cities") and not item.get("countries"):
            assert related is None
            continue
        text = text_of(related)
        for key in item.get("cities") or []:
            assert pair(cities[key]["name"], language) in text, f"{key} missing on {item['slug']}"
        country_links = [a["href"] for a in related.find_all("a") if "/countries/" in a["href"]]
        for key in item.get("countries") or []:
            assert f"/{language}/countries/{key}/" in country_links
            assert pair(countries[key]["name"], language) in text
        assert all(href.startswith(f"/{language}/") for href in (a["href"] for a in related.find_all("a")))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_news_page_links_back_to_the_news_index_of_its_language(client, content, language):
    soup = soup_of(client.get(f"/{language}/news/{content['news'][0]['slug']}/"))
    assert f"/{language}/news/" in [a["href"] for a in soup.select("article a")]
    assert soup.select_one("figure.hero-image") is None  # no picture, and no empty box in its place


class TestNewsPageTypeRules(WagtailPageTestCase):
    def test_news_index_page(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanNotCreateAt(StandardPage, NewsIndexPage)
        self.assertCanNotCreateAt(NewsIndexPage, NewsIndexPage)
        self.assertCanNotCreateAt(NewsIndexPage, StandardPage)

    def test_news_page(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(EventIndexPage, NewsPage)
        self.assertCanNotCreateAt(ComponentPage, NewsPage)
        self.assertCanNotCreateAt(CountryPage, NewsPage)
        self.assertCanNotCreateAt(NewsPage, NewsPage)

    def test_only_one_news_index_per_home_page(self):
        for home in HomePage.objects.all():
            self.assertFalse(NewsIndexPage.can_create_at(home), home.locale)
        for index in NewsIndexPage.objects.all():
            self.assertTrue(NewsPage.can_create_at(index))


@pytest.mark.django_db
def test_news_dates_are_written_in_each_language_s_style(client, content):
    item = content["news"][0]
    day = datetime.date.fromisoformat(str(item["date"]))
    english = soup_of(client.get(f"/en/news/{item['slug']}/")).select_one(".eyebrow time")
    chinese = soup_of(client.get(f"/zh-hans/news/{item['slug']}/")).select_one(".eyebrow time")
    assert english.get_text(strip=True) == f"{day.day} {day:%B} {day.year}"  # British: 15 March 2017
    assert chinese.get_text(strip=True) == f"{day.year}年{day.month}月{day.day}日"
    assert english["datetime"] == chinese["datetime"] == day.isoformat()
