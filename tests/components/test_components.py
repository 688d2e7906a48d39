"""Components, countries and cities: rendering, translations of pages and snippets, relations, rules."""

import pytest
from django.utils.module_loading import import_string
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from components.blocks import CityChooserBlock, CityPairingChooserBlock
from components.models import City, CityPairing, ComponentPage, CountryIndexPage, CountryPage
from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage
from tests.utils import (
    CONTENT,
    EN,
    LANGUAGES,
    ZH,
    ZHT,
    assert_localize_translation,
    assert_page_renders,
    iter_blocks,
    pair,
    soup_of,
    specs_by_model,
    text_of,
)

COMPONENT_SPECS = specs_by_model("ComponentPage") + specs_by_model("CountryIndexPage") + specs_by_model("CountryPage")
MODELS = {"ComponentPage": ComponentPage, "CountryIndexPage": CountryIndexPage, "CountryPage": CountryPage}


@pytest.fixture
def cities_by_key(content):
    return {item["key"]: item for item in content["cities"]}


# ---------------------------------------------------------------------------- rendering


@pytest.mark.django_db
@pytest.mark.parametrize("spec", COMPONENT_SPECS, ids=str)
def test_page_renders_in_both_languages(client, spec, expected_titles):
    assert_page_renders(client, spec, expected_titles(spec))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_country_index_lists_every_country(client, content, language):
    soup = soup_of(client.get(f"/{language}/countries/"))
    assert [(text_of(a), a["href"]) for a in soup.select("main .card h2 a")] == [
        (pair(item["name"], language), f"/{language}/countries/{item['slug']}/") for item in content["countries"]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("country", [item["slug"] for item in CONTENT["countries"]])
@pytest.mark.parametrize("language", LANGUAGES)
def test_country_page_lists_the_cities_of_its_country(client, content, cities_by_key, country, language):
    soup = soup_of(client.get(f"/{language}/countries/{country}/"))
    section = soup.find(id="participating-cities").parent
    expected = {key for key, item in cities_by_key.items() if item["country"] == country}
    assert {li["id"] for li in section.select("li.city")} == {f"city-{key}" for key in expected}
    names = {text_of(h3) for h3 in section.select(".city__name")}
    for key in expected:
        name = pair(cities_by_key[key]["name"], language)
        assert any(name in shown for shown in names), f"{name} missing on {country}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_component_page_lists_countries_covered_and_related_pairings(client, content, cities_by_key, language):
    countries = {item["slug"]: item for item in content["countries"]}
    pairings = {item["key"]: item for item in content["pairings"]}
    for component in content["components"]:
        soup = soup_of(client.get(f"/{language}/{component['slug']}/"))
        covered = [(text_of(a), a["href"]) for a in soup.select(".countries-covered a")]
        assert covered == [
            (pair(countries[key]["name"], language), f"/{language}/countries/{key}/") for key in component["countries"]
        ]
        in_body = {key for block in component["body"] for key in block.get("pairing_list", {}).get("pairings", [])}
        expected = [key for key in component["related_pairings"] if key not in in_body]
        related = soup.select("article > section.pairing-list li.pairing")
        assert len(related) == len(expected)
        for item, key in zip(related, expected, strict=True):
            heading = text_of(item.select_one(".pairing__cities"))
            for city_key in (pairings[key]["eu_city"], pairings[key]["cn_city"]):
                assert pair(cities_by_key[city_key]["name"], language) in heading


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_pairing_is_shown_once_on_a_component_page(client, content, language):
    """A pairing the body's list shows is not repeated under "Related city pairings" (no duplicate card or id)."""
    shown_anywhere = 0
    for component in content["components"]:
        soup = soup_of(client.get(f"/{language}/{component['slug']}/"))
        ids = [element["id"] for element in soup.select("[id]")]
        assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
        shown_anywhere += len(soup.select("li.pairing"))
    assert shown_anywhere  # the seed content shows pairings


@pytest.mark.django_db
def test_a_related_pairing_the_body_does_not_list_is_still_shown(client, get_page, content):
    component = get_page(ComponentPage, EN, "/city-to-city-cooperation/")
    index = next(i for i, block in enumerate(component.body) if block.block_type == "pairing_list")
    value = component.body[index].value
    kept, dropped = list(value["pairings"])[:-1], list(value["pairings"])[-1]
    component.body[index] = ("pairing_list", {"heading": value["heading"], "pairings": kept})
    component.save_revision().publish()
    soup = soup_of(client.get(component.url))
    related = soup.select("article > section.pairing-list li.pairing")
    assert [item["id"] for item in related] == [dropped.anchor]
    assert len(soup.select("li.pairing")) == len(kept) + 1


# ---------------------------------------------------------------------------- translations


@pytest.mark.django_db
@pytest.mark.parametrize("spec", COMPONENT_SPECS, ids=str)
def test_chinese_page_is_a_wagtail_localize_translation(get_page, zh_locale, spec):
    model = MODELS[spec.model]
    english = get_page(model, EN, spec.path)
    chinese = get_page(model, ZH, spec.path)
    assert chinese.live
    assert_localize_translation(english, chinese, zh_locale)


@pytest.mark.django_db
def test_every_city_is_translated_through_wagtail_localize(content, en_locale, zh_locale):
    keys = [item["key"] for item in content["cities"]]
    assert City.objects.filter(locale=en_locale).count() == len(keys)
    assert City.objects.filter(locale=zh_locale).count() == len(keys)
    for item in content["cities"]:
        english = City.objects.get(locale=en_locale, slug=item["key"])
        chinese = City.objects.get(locale=zh_locale, slug=item["key"])
        assert_localize_translation(english, chinese, zh_locale)
        assert english.name == pair(item["name"], EN)
        assert chinese.name == pair(item["name"], ZH)
        assert chinese.profile == pair(item["profile"], ZH)
        assert chinese.country == english.country == item["country"]
        assert chinese.population == english.population
        # The card shows the city on a map: the seed draws no picture of a city.
        assert chinese.image_id is english.image_id is None
        location = item["location"] or {"latitude": None, "longitude": None}
        expected = (location["latitude"], location["longitude"])
        for city in (english, chinese):
            got = tuple(None if value is None else float(value) for value in (city.latitude, city.longitude))
            assert got == expected, city.slug


@pytest.mark.django_db
def test_every_city_pairing_is_translated_and_points_at_chinese_cities(content, en_locale, zh_locale):
    assert CityPairing.objects.filter(locale=en_locale).count() == len(content["pairings"])
    assert CityPairing.objects.filter(locale=zh_locale).count() == len(content["pairings"])
    for item in content["pairings"]:
        english = CityPairing.objects.get(
            locale=en_locale, eu_city__slug=item["eu_city"], cn_city__slug=item["cn_city"]
        )
        chinese = CityPairing.objects.get(translation_key=english.translation_key, locale=zh_locale)
        assert_localize_translation(english, chinese, zh_locale)
        for field in ("eu_city", "cn_city"):
            city = getattr(chinese, field)
            assert city.locale_id == zh_locale.pk, f"{chinese}: {field} is in {city.locale}"
            assert city.slug == item[field]
            assert city.translation_key == getattr(english, field).translation_key
        assert chinese.summary == pair(item["summary"], ZH)
        assert [theme.value for theme in chinese.themes] == [pair(theme, ZH) for theme in item.get("themes") or []]
        assert chinese.generation == english.generation == item["generation"]


@pytest.mark.django_db
def test_chinese_component_page_related_pairings_are_chinese(get_page, content, zh_locale):
    by_key = {item["key"]: (item["eu_city"], item["cn_city"]) for item in content["pairings"]}
    for component in content["components"]:
        chinese = get_page(ComponentPage, ZH, f"/{component['slug']}/")
        pairings = chinese.get_related_pairings()
        assert [(p.eu_city.slug, p.cn_city.slug) for p in pairings] == [
            by_key[k] for k in component["related_pairings"]
        ]
        assert all(p.locale_id == zh_locale.pk for p in pairings)


def _snippet_blocks(page):
    for field in ("body", "description"):
        for block in getattr(page, field, None) or []:
            if block.block_type == "city_list":
                yield block.block_type, list(block.value["cities"])
            elif block.block_type == "pairing_list":
                yield block.block_type, list(block.value["pairings"])


@pytest.mark.django_db
def test_chinese_page_bodies_point_at_chinese_snippets(zh_locale, en_locale):
    chinese_pages = [page.specific for page in Page.objects.filter(locale=zh_locale, depth__gt=1)]
    seen = 0
    for page in chinese_pages:
        english = page.get_translation(en_locale).specific
        english_blocks = list(_snippet_blocks(english))
        chinese_blocks = list(_snippet_blocks(page))
        assert [kind for kind, _items in chinese_blocks] == [kind for kind, _items in english_blocks]
        for (_kind, items), (_english_kind, english_items) in zip(chinese_blocks, english_blocks, strict=True):
            assert all(item is not None for item in items), f"{page.url}: a snippet of the list is missing"
            assert all(item.locale_id == zh_locale.pk for item in items), f"{page.url}: an English snippet"
            assert [item.translation_key for item in items] == [item.translation_key for item in english_items]
            seen += len(items)
    assert seen, "no city or pairing list found in any Chinese page"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_city_list_block_shows_the_cities_in_the_page_language(client, content, cities_by_key, language):
    for child in content["cities_pages"]["children"]:
        soup = soup_of(client.get(f"/{language}/{content['cities_pages']['slug']}/{child['slug']}/"))
        sections = soup.select(".stream section.city-list")
        lists = [value for _kind, value in iter_blocks(child["body"], "city_list")]
        assert len(sections) == len(lists)
        for section, value in zip(sections, lists, strict=True):
            assert text_of(section.h2) == pair(value["heading"], language)
            assert [li["id"] for li in section.select("li.city")] == [f"city-{key}" for key in value["cities"]]
            names = [text_of(h3) for h3 in section.select(".city__name")]
            for shown, key in zip(names, value["cities"], strict=True):
                assert pair(cities_by_key[key]["name"], language) in shown


# ---------------------------------------------------------------------------- creation rules


class TestComponentPageTypeRules(WagtailPageTestCase):
    def test_component_page(self):
        self.assertAllowedParentPageTypes(ComponentPage, {HomePage})
        self.assertAllowedSubpageTypes(ComponentPage, set())
        self.assertCanCreateAt(HomePage, ComponentPage)
        self.assertCanNotCreateAt(StandardPage, ComponentPage)
        self.assertCanNotCreateAt(CountryIndexPage, ComponentPage)
        self.assertCanNotCreateAt(ComponentPage, StandardPage)

    def test_country_index_page(self):
        self.assertAllowedParentPageTypes(CountryIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CountryIndexPage, {CountryPage})
        self.assertCanCreateAt(HomePage, CountryIndexPage)
        self.assertCanNotCreateAt(StandardPage, CountryIndexPage)
        self.assertCanNotCreateAt(CountryIndexPage, StandardPage)

    def test_country_page(self):
        self.assertAllowedParentPageTypes(CountryPage, {CountryIndexPage})
        self.assertAllowedSubpageTypes(CountryPage, set())
        self.assertCanCreateAt(CountryIndexPage, CountryPage)
        self.assertCanNotCreateAt(HomePage, CountryPage)
        self.assertCanNotCreateAt(CountryPage, CountryPage)

    def test_only_one_country_index_per_home_page(self):
        for home in HomePage.objects.all():
            self.assertFalse(CountryIndexPage.can_create_at(home), home.locale)
            self.assertTrue(ComponentPage.can_create_at(home))

    def test_other_page_types_cannot_go_below_country_pages(self):
        for model in (NewsPage, EventPage, NewsIndexPage, EventIndexPage):
            self.assertCanNotCreateAt(CountryIndexPage, model)
            self.assertCanNotCreateAt(CountryPage, model)


@pytest.mark.django_db
def test_country_pages_number_their_cities_in_the_same_order_in_both_languages(client, content):
    for item in content["countries"]:
        orders = {}
        for language in LANGUAGES:
            soup = soup_of(client.get(f"/{language}/countries/{item['slug']}/"))
            orders[language] = [li["id"] for li in soup.select("li.city[id]")]
        expected = sorted(f"city-{city['key']}" for city in content["cities"] if city["country"] == item["slug"])
        assert orders[EN] == orders[ZH] == expected, item["slug"]


def _queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up: renditions and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_city_lists_cost_no_query_per_city(client, content, language):
    """A country with many cities needs about as many queries as one with none (no N+1)."""
    by_size = sorted(
        content["countries"], key=lambda c: sum(city["country"] == c["slug"] for city in content["cities"])
    )
    empty, largest = by_size[0]["slug"], by_size[-1]["slug"]
    cities_in_largest = sum(city["country"] == largest for city in content["cities"])
    assert cities_in_largest >= 10
    extra = _queries_for(client, f"/{language}/countries/{largest}/") - _queries_for(
        client, f"/{language}/countries/{empty}/"
    )
    assert extra < cities_in_largest / 2, extra


@pytest.mark.django_db
def test_deleted_snippets_in_blocks_leave_no_empty_list(client, get_page, content):
    """A city list or pairing list whose chosen snippets were all deleted is not shown at all."""
    component = get_page(ComponentPage, EN, f"/{content['components'][0]['slug']}/")
    lists = [block for block in component.body if block.block_type == "pairing_list"]
    assert lists, "the content has no pairing list to test"
    heading = lists[0].value["heading"]
    pairing_ids = [pairing.pk for block in lists for pairing in block.value["pairings"] if pairing]
    before = soup_of(client.get(component.url))
    assert heading in [text_of(h2) for h2 in before.select(".stream h2")]
    CityPairing.objects.filter(pk__in=pairing_ids).delete()
    after = soup_of(client.get(component.url))
    assert heading not in [text_of(h2) for h2 in after.select(".stream h2")]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_country_page_lists_the_latest_news_about_its_country(client, language):
    """The "Related news" section comes from news/wagtail_hooks.py through the country_page_sections hook."""
    country_page = next(
        page for page in CountryPage.objects.live().filter(locale__language_code=language) if page.country == "china"
    )
    expected = NewsPage.objects.live().filter(locale=country_page.locale, related_countries__country="china")
    assert expected.exists()
    soup = soup_of(client.get(country_page.url))
    section = soup.select_one("main section[aria-labelledby=related-news]")
    assert (
        text_of(section.select_one("h2#related-news"))
        == {EN: "Related news", ZH: "相关新闻", ZHT: "相關新聞"}[language]
    )
    shown = {link["href"] for link in section.select("li.card a[href]")}
    newest = expected.distinct().order_by("-date")[:6]
    assert {item.url for item in newest} <= shown


@pytest.mark.django_db
def test_a_country_page_without_news_has_no_news_section(client, en_locale):
    country_page = CountryPage.objects.live().filter(locale=en_locale).first()
    NewsPage.objects.filter(related_countries__country=country_page.country).update(live=False)
    soup = soup_of(client.get(country_page.url))
    assert soup.select_one("#related-news") is None


# ---------------------------------------------------------------------------- blocks in migrations


def test_the_city_pairing_chooser_rebuilds_from_its_deconstruction():
    """Migrations store ``deconstruct()`` and call the path with it: the model must not be passed twice."""
    block = CityPairingChooserBlock(label="City pairing", required=False)
    path, args, kwargs = block.deconstruct()
    assert (path, tuple(args), kwargs) == (
        "components.blocks.CityPairingChooserBlock",
        (),
        {"label": "City pairing", "required": False},
    )
    rebuilt = import_string(path)(*args, **kwargs)
    assert rebuilt.target_model is CityPairing
    assert rebuilt == block


def test_the_city_chooser_is_wagtails_snippet_chooser_in_migrations():
    """The bodies' migrations store ``SnippetChooserBlock("components.City")``: the city chooser changes none."""
    path, args, kwargs = CityChooserBlock(label="City").deconstruct()
    assert (path, tuple(args), kwargs) == (
        "wagtail.snippets.blocks.SnippetChooserBlock",
        ("components.City",),
        {"label": "City"},
    )
    assert import_string(path)(*args, **kwargs).target_model is City
