"""The test factories themselves: new objects sit next to the programme's content, and translated pairs
are real wagtail-localize translations that the portal serves."""

import pytest
from wagtail.models import Page

from components.models import City
from tests.components.factories import CityFactory, CityPairingFactory, ComponentPageFactory, CountryPageFactory
from tests.events.factories import EventPageFactory
from tests.factories import translate, translated_pair
from tests.home.factories import StandardPageFactory
from tests.news.factories import NewsCategoryFactory, NewsPageFactory
from tests.utils import EN, ZH, assert_localize_translation, soup_of, text_of

pytestmark = pytest.mark.django_db

PAGE_FACTORIES = [
    (NewsPageFactory, {}),
    (EventPageFactory, {}),
    (StandardPageFactory, {}),
    (CountryPageFactory, {"country": "singapore"}),
    (ComponentPageFactory, {"number": "II"}),
]


@pytest.mark.parametrize(("factory_class", "fields"), PAGE_FACTORIES, ids=lambda f: getattr(f, "__name__", ""))
def test_page_factories_make_live_pages_below_the_content_with_unique_slugs(client, factory_class, fields):
    first, second = factory_class(**fields), factory_class(**fields)
    assert first.slug != second.slug
    for page in (first, second):
        assert page.live and page.locale.language_code == EN
        assert page.get_parent().specific.locale_id == page.locale_id
        assert page.revisions.count() == 1 and page.live_revision_id == page.latest_revision_id
        assert client.get(page.url).status_code == 200


@pytest.mark.parametrize(("factory_class", "name"), [(CountryPageFactory, "country"), (ComponentPageFactory, "number")])
def test_factories_for_keys_the_content_uses_up_need_the_key(factory_class, name):
    with pytest.raises(TypeError, match=f"pass {name}="):
        factory_class()


def test_a_draft_page_is_not_served(client):
    draft = NewsPageFactory(live=False)
    assert not draft.live and draft.revisions.count() == 1
    assert client.get(f"/en/news/{draft.slug}/").status_code == 404


def test_a_chinese_page_goes_below_the_chinese_parent(client, zh_locale):
    page = StandardPageFactory(locale=zh_locale, title="只有中文")
    assert page.url == f"/zh-hans/{page.slug}/"
    assert text_of(soup_of(client.get(page.url)).h1) == "只有中文"


def test_news_pages_relate_to_the_cities_and_countries_given(en_locale):
    city = City.objects.get(locale=en_locale, slug="chongqing")
    page = NewsPageFactory(cities=[city], countries=["china"], category=NewsCategoryFactory())
    assert [row.city for row in page.related_cities.all()] == [city]
    assert [row.country for row in page.related_countries.all()] == ["china"]
    assert page.category.live


def test_snippet_factories_make_live_snippets_with_revisions():
    pairing = CityPairingFactory()
    for snippet in (pairing, pairing.eu_city, pairing.cn_city):
        assert snippet.live and snippet.latest_revision is not None
    assert pairing.eu_city.slug != pairing.cn_city.slug
    assert not CityFactory(live=False).live


def test_a_translated_page_pair_is_a_wagtail_localize_translation_served_in_chinese(client, zh_locale):
    english, chinese = translated_pair(NewsPageFactory, title="Pair test news")
    assert_localize_translation(english, chinese, zh_locale)
    assert chinese.live and chinese.title == "译：Pair test news"
    assert chinese.url == f"/zh-hans/news/{english.slug}/"
    assert text_of(soup_of(client.get(chinese.url)).h1) == "译：Pair test news"


def test_a_translated_snippet_pair_and_a_page_pointing_at_it(zh_locale):
    english_city, chinese_city = translated_pair(CityFactory, name="Pairville")
    assert_localize_translation(english_city, chinese_city, zh_locale)
    assert chinese_city.live and chinese_city.name == "译：Pairville"
    _english, chinese = translated_pair(NewsPageFactory, cities=[english_city])
    assert [row.city for row in chinese.related_cities.all()] == [chinese_city]


def test_an_unpublished_translation_is_a_draft(zh_locale):
    english = EventPageFactory()
    chinese = translate(english, publish=False)
    assert not chinese.live
    assert Page.objects.get(pk=chinese.pk).locale.language_code == ZH
