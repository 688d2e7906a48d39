"""The read-only API at /api/v2/: filters, every page type's fields, relations in the page's locale,
nothing draft or private, read-only methods, CORS and malformed query strings.

Requests are made with the *other* language in Accept-Language, so nothing can pass by following the
request's language instead of the page's.
"""

import datetime
import importlib.util
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from components.models import City, CityPairing, ComponentPage, CountryIndexPage, CountryPage
from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from news.models import NewsCategory, NewsIndexPage, NewsPage
from tests.factories import ImageFactory, translated_pair
from tests.news.factories import NewsPageFactory
from tests.utils import BASE_DIR, EN, LANGUAGES, OTHER, ZH

API = "/api/v2"
PAGES = f"{API}/pages/"

#: The fields each page type must show in its detail view (besides Wagtail's id, meta and title).
EXPECTED_FIELDS = {
    HomePage: {"intro", "key_figure_value", "key_figure_label"},
    StandardPage: {"intro", "body"},
    ComponentPage: {"number", "summary", "body", "countries", "related_pairings"},
    CountryIndexPage: {"intro"},
    CountryPage: {"country", "covered_by_component_i", "covered_by_component_ii", "intro", "body", "cities"},
    NewsIndexPage: {"intro"},
    NewsPage: {"date", "category", "intro", "hero_image", "body", "related_cities", "related_countries"},
    EventIndexPage: {"intro"},
    EventPage: {
        "start",
        "end",
        "all_day",
        "time_zone",
        "venue",
        "city",
        "country",
        "organiser",
        "registration_url",
        "intro",
        "description",
        "related_news",
    },
}
CITY_KEYS = {"id", "name", "slug", "country", "population"}
PAIRING_KEYS = {"id", "eu_city", "cn_city", "generation", "themes", "summary"}
HREF_RE = re.compile(r'href="([^"]*)"')


def api_get(client, path, language=None, **params):
    """GET ``path`` with ``params``, Accept-Language set to ``language`` (default English); return the response."""
    return client.get(path, params, HTTP_ACCEPT_LANGUAGE=language or EN)


def api_json(client, path, language=None, **params):
    response = api_get(client, path, language, **params)
    assert response.status_code == 200, (path, params, response.status_code, response.content[:300])
    return response.json()


def all_items(client, language=None, **params):
    """Return every item of the pages listing for ``params``, following the pagination."""
    items, offset = [], 0
    while True:
        data = api_json(client, PAGES, language, limit=50, offset=offset, **params)
        items += data["items"]
        offset += 50
        if offset >= data["meta"]["total_count"]:
            assert len(items) == data["meta"]["total_count"]
            return items


def detail(client, page, language=None):
    """The API detail of ``page``, requested in the other language than the page's."""
    return api_json(client, f"{PAGES}{page.pk}/", language or OTHER[page.locale.language_code])


def public_pages():
    """The live pages below the root that are not in a private section (what the API may list)."""
    return Page.objects.live().public().filter(depth__gt=1)


def walk(value):
    """Yield every dict found in ``value`` (nested dicts and lists of an API response)."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from walk(child)


def blocks_of(stream, block_type):
    return [block["value"] for block in stream if block["type"] == block_type]


# ---------------------------------------------------------------------------- filters


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_locale_filter_lists_exactly_the_live_pages_of_that_locale(client, locales, language):
    items = all_items(client, OTHER[language], locale=language)
    assert {item["meta"]["locale"] for item in items} == {language}
    expected = set(public_pages().filter(locale=locales[language]).values_list("pk", flat=True))
    assert {item["id"] for item in items} == expected


@pytest.mark.django_db
def test_type_filter_lists_only_that_type(client, zh_locale):
    items = all_items(client, type="news.NewsPage")
    assert {item["meta"]["type"] for item in items} == {"news.NewsPage"}
    assert {item["id"] for item in items} == set(NewsPage.objects.live().values_list("pk", flat=True))
    chinese = all_items(client, type="news.NewsPage", locale=ZH)
    assert {item["id"] for item in chinese} == set(
        NewsPage.objects.live().filter(locale=zh_locale).values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_child_of_fields_and_ordering(client, get_page):
    index = get_page(NewsIndexPage, ZH)
    data = api_json(
        client, PAGES, child_of=index.pk, type="news.NewsPage", fields="date,intro", order="-date", limit=50
    )
    children = NewsPage.objects.child_of(index).live()
    assert data["meta"]["total_count"] == children.count()
    dates = [item["date"] for item in data["items"]]
    assert dates == sorted(dates, reverse=True)
    first = NewsPage.objects.get(pk=data["items"][0]["id"])
    assert data["items"][0]["intro"] == first.intro
    assert data["items"][0]["date"] == first.date.isoformat()


@pytest.mark.django_db
def test_find_by_html_path_includes_the_language_prefix(client, get_page):
    news = get_page(NewsPage, ZH)
    response = api_get(client, f"{PAGES}find/", html_path=news.url)
    assert response.status_code == 302
    assert response["Location"].split("?")[0].endswith(f"{PAGES}{news.pk}/")
    assert api_get(client, f"{PAGES}find/", html_path="/xx/news/").status_code == 404
    # Only the prefixes the site serves: /zh-Hans/..., /zh-cn/... and /en-us/... are not pages.
    for prefix in ("zh-Hans", "zh-cn", "en-us"):
        assert api_get(client, f"{PAGES}find/", html_path=news.url.replace("zh-hans", prefix, 1)).status_code == 404
    assert api_get(client, f"{PAGES}find/", html_path=news.url.lstrip("/")).status_code == 302


# ---------------------------------------------------------------------------- fields of every page type


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", list(EXPECTED_FIELDS), ids=lambda model: model.__name__)
def test_every_page_type_detail_has_its_fields(client, get_page, model, language):
    page = get_page(model, language)
    data = detail(client, page)
    assert data["id"] == page.pk
    assert data["meta"]["type"] == f"{model._meta.app_label}.{model.__name__}"
    assert data["meta"]["locale"] == language
    assert data["title"] == page.title
    missing = EXPECTED_FIELDS[model] - set(data)
    assert not missing, missing
    for name in EXPECTED_FIELDS[model] & {"intro", "summary", "venue", "organiser", "time_zone", "number"}:
        assert data[name] == getattr(page, name), name


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_is_the_same_whatever_the_request_language(client, get_page, language):
    page = get_page(ComponentPage, language)
    assert detail(client, page, EN) == detail(client, page, ZH)


@pytest.mark.django_db
def test_news_page_fields(client, get_page):
    _english, page = translated_pair(
        NewsPageFactory, hero_image=ImageFactory(), hero_image_alt="Delegates in Tianjin", countries=["china"]
    )
    data = detail(client, page)
    assert data["date"] == page.date.isoformat()
    image = data["hero_image"]
    assert image["id"] == page.hero_image_id
    assert image["alt"] == page.hero_image_alt
    assert image["url"].endswith(".jpg") and image["full_url"].endswith(image["url"])
    assert 0 < image["width"] <= 1200
    assert [country["key"] for country in data["related_countries"]] == [
        row.country for row in page.related_countries.all()
    ]


@pytest.mark.django_db
def test_country_page_fields(client, get_page):
    page = get_page(CountryPage, ZH, "/countries/china/")
    data = detail(client, page)
    assert data["country"] == {"key": "china", "name": "中国"}
    assert data["covered_by_component_i"] is page.covered_by_component_i
    assert [city["id"] for city in data["cities"]] == [city.pk for city in page.get_cities()]
    assert data["cities"] and all(set(city) == CITY_KEYS for city in data["cities"])


@pytest.mark.django_db
def test_country_pages_listed_together_each_show_their_own_cities(client):
    """A listing reads the cities of all its country pages at once: each still gets its own, in its language."""
    items = all_items(client, type="components.CountryPage", fields="*")
    pages = CountryPage.objects.in_bulk([item["id"] for item in items])
    assert len(pages) == len(items) > 2 and {page.locale.language_code for page in pages.values()} == set(LANGUAGES)
    for item in items:
        assert [city["id"] for city in item["cities"]] == [city.pk for city in pages[item["id"]].get_cities()]
    assert sum(bool(item["cities"]) for item in items) > 2


@pytest.mark.django_db
def test_component_page_fields(client, get_page):
    page = get_page(ComponentPage, ZH, "/city-to-city-cooperation/")
    data = detail(client, page)
    assert data["number"] == "I"
    assert [country["key"] for country in data["countries"]] == [row.country for row in page.countries.all()]
    assert [pairing["id"] for pairing in data["related_pairings"]] == [p.pk for p in page.get_related_pairings()]
    assert data["related_pairings"] and all(set(p) == PAIRING_KEYS for p in data["related_pairings"])
    first = CityPairing.objects.get(pk=data["related_pairings"][0]["id"])
    assert data["related_pairings"][0]["themes"] == [theme.value for theme in first.themes]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_event_times_are_iso_8601_with_the_venue_offset(client, get_page, language):
    event = EventPage.objects.live().filter(locale__language_code=language, time_zone__startswith="Asia/").first()
    data = detail(client, event)
    for name in ("start", "end"):
        value = datetime.datetime.fromisoformat(data[name])
        assert value == getattr(event, name)
        assert value.utcoffset() == getattr(event, name).astimezone(event.tzinfo).utcoffset() != datetime.timedelta(0)
    assert data["all_day"] is event.all_day
    assert data["time_zone"] == event.time_zone


# ---------------------------------------------------------------------------- relations follow the locale


@pytest.mark.django_db
def test_chinese_news_page_relates_to_chinese_cities_and_category(client, zh_locale, en_locale):
    page = (
        NewsPage.objects.live()
        .filter(locale=zh_locale, related_cities__isnull=False, category__isnull=False)
        .distinct()
        .first()
    )
    english = page.get_translation(en_locale)
    data = detail(client, page)
    cities = City.objects.in_bulk([city["id"] for city in data["related_cities"]])
    assert data["related_cities"] and len(cities) == len(data["related_cities"])
    assert {city.locale_id for city in cities.values()} == {zh_locale.pk}
    assert [cities[city["id"]].translation_key for city in data["related_cities"]] == [
        row.city.translation_key for row in english.related_cities.all()
    ]
    assert all(set(city) == CITY_KEYS for city in data["related_cities"])
    category = NewsCategory.objects.get(pk=data["category"]["id"])
    assert (category.locale_id, category.translation_key) == (zh_locale.pk, english.category.translation_key)
    assert data["category"] == {"id": category.pk, "name": category.name, "slug": category.slug}


@pytest.mark.django_db
def test_chinese_event_gives_the_chinese_related_news(client, zh_locale, en_locale):
    event = EventPage.objects.live().filter(locale=zh_locale, related_news__isnull=False).first()
    assert event.related_news.locale_id == en_locale.pk  # stored as the English page (a synchronised field)
    chinese_news = event.related_news.get_translation(zh_locale)
    related = detail(client, event)["related_news"]
    assert related["id"] == chinese_news.pk
    assert related["title"] == chinese_news.title
    assert related["meta"]["locale"] == ZH
    assert related["meta"]["type"] == "news.NewsPage"


@pytest.mark.django_db
def test_related_news_falls_back_to_the_live_original_then_to_null(client, zh_locale):
    event = EventPage.objects.live().filter(locale=zh_locale, related_news__isnull=False).first()
    english_news = event.related_news
    english_news.get_translation(zh_locale).unpublish()
    assert detail(client, event)["related_news"]["id"] == english_news.pk
    english_news.unpublish()
    assert detail(client, event)["related_news"] is None


@pytest.mark.django_db
def test_call_to_action_in_a_chinese_body_points_at_the_chinese_page(client, get_page, zh_locale):
    page = get_page(ComponentPage, ZH, "/city-to-city-cooperation/")
    stored = [block.value["page"] for block in page.body if block.block_type == "call_to_action"]
    assert stored and stored[0].locale_id != zh_locale.pk  # the body stores the English page
    (action,) = blocks_of(detail(client, page)["body"], "call_to_action")
    chinese = stored[0].get_translation(zh_locale)
    assert action["page"]["id"] == chinese.pk
    assert action["page"]["meta"]["locale"] == ZH
    assert action["page"]["meta"]["html_url"].endswith(chinese.url)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_rich_text_links_point_at_pages_in_the_same_locale(client, locales, language):
    checked = 0
    for model in (ComponentPage, StandardPage, NewsPage, EventPage):
        for page in model.objects.live().filter(locale=locales[language]):
            data = detail(client, page)
            paragraphs = blocks_of(data.get("body", data.get("description", [])), "paragraph")
            assert all("linktype=" not in html for html in paragraphs), page
            hrefs = [href for html in paragraphs for href in HREF_RE.findall(html) if href.startswith("/")]
            assert all(href.startswith(f"/{language}/") for href in hrefs), (page, hrefs)
            checked += len(hrefs)
    assert checked > 10


@pytest.mark.django_db
def test_blocks_listing_snippets_give_chinese_snippets(client, get_page, zh_locale):
    component = get_page(ComponentPage, ZH, "/city-to-city-cooperation/")
    (pairing_list,) = blocks_of(detail(client, component)["body"], "pairing_list")
    pairings = CityPairing.objects.in_bulk([pairing["id"] for pairing in pairing_list["pairings"]])
    assert pairings and {pairing.locale_id for pairing in pairings.values()} == {zh_locale.pk}
    cities = [pairing[key]["id"] for pairing in pairing_list["pairings"] for key in ("eu_city", "cn_city")]
    assert set(City.objects.filter(pk__in=cities).values_list("locale_id", flat=True)) == {zh_locale.pk}

    city_lists = [
        city_list
        for page in StandardPage.objects.live().filter(locale=zh_locale)
        for city_list in blocks_of(detail(client, page)["body"], "city_list")
    ]
    listed = [city["id"] for city_list in city_lists for city in city_list["cities"]]
    assert listed and set(City.objects.filter(pk__in=listed).values_list("locale_id", flat=True)) == {zh_locale.pk}


# ---------------------------------------------------------------------------- never draft, never private


@pytest.mark.django_db
def test_unpublished_page_is_absent(client, get_page, en_locale):
    page = get_page(NewsPage, ZH)
    page.unpublish()
    assert api_get(client, f"{PAGES}{page.pk}/").status_code == 404
    listed = {item["id"] for item in all_items(client, type="news.NewsPage")}
    assert page.pk not in listed
    english = page.get_translation(en_locale)
    assert english.live and english.pk in listed


@pytest.mark.django_db
def test_draft_revision_is_never_served(client, get_page):
    page = get_page(NewsPage, EN)
    live_title = page.title
    page.title = "Draft headline that must stay unpublished"
    page.intro = "Draft introduction that must stay unpublished"
    page.save_revision()
    assert Page.objects.get(pk=page.pk).has_unpublished_changes
    responses = [
        api_get(client, f"{PAGES}{page.pk}/"),
        api_get(client, PAGES, type="news.NewsPage", fields="intro", limit=50),
        api_get(client, PAGES, search="unpublished"),
        api_get(client, f"{PAGES}{page.get_parent().pk}/"),
    ]
    for response in responses:
        assert response.status_code == 200
        assert "must stay unpublished" not in response.content.decode()
    assert responses[0].json()["title"] == live_title
    assert api_get(client, PAGES, fields="draft_title").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("restriction_type", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_private_section_is_absent_even_for_visitors_who_passed(client, admin_client_user, get_page, restriction_type):
    index = get_page(NewsIndexPage, ZH)
    child = NewsPage.objects.child_of(index).live().first()
    restriction = PageViewRestriction.objects.create(page=index, restriction_type=restriction_type, password="secret")
    session = admin_client_user.session  # a superuser who has also typed the password
    session[PageViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    for visitor in (client, admin_client_user):
        for page in (index, child):
            assert api_get(visitor, f"{PAGES}{page.pk}/").status_code == 404
        listed = {item["id"] for item in all_items(visitor, locale=ZH)}
        assert not listed & {index.pk, child.pk}
        assert listed  # the rest of the Chinese site is still there
        assert api_get(visitor, PAGES, child_of=index.pk).status_code == 400


@pytest.mark.django_db
def test_draft_snippets_are_never_shown(client, get_page, zh_locale):
    news = (
        NewsPage.objects.live()
        .filter(locale=zh_locale, related_cities__isnull=False, category__isnull=False)
        .distinct()
        .first()
    )
    city = news.related_cities.first().city
    City.objects.filter(pk=city.pk).update(live=False)
    NewsCategory.objects.filter(pk=news.category_id).update(live=False)
    data = detail(client, news)
    assert city.pk not in [related["id"] for related in data["related_cities"]]
    assert data["category"] is None
    country_page = CountryPage.objects.live().get(locale=zh_locale, country=city.country)
    assert city.pk not in [listed["id"] for listed in detail(client, country_page)["cities"]]

    component = get_page(ComponentPage, ZH, "/city-to-city-cooperation/")
    pairing = component.get_related_pairings()[0]
    CityPairing.objects.filter(pk=pairing.pk).update(live=False)
    City.objects.filter(pk=pairing.eu_city_id).update(live=False)
    data = detail(client, component)
    (pairing_list,) = blocks_of(data["body"], "pairing_list")
    for pairings in (data["related_pairings"], pairing_list["pairings"]):
        assert pairings and pairing.pk not in [listed["id"] for listed in pairings]
    drafts = set(City.objects.filter(live=False).values_list("pk", flat=True))
    shown = {item["id"] for item in walk(data) if set(item) == CITY_KEYS}
    assert not shown & drafts


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_images_and_documents_in_a_private_collection_are_absent_even_for_visitors_who_passed(
    client, admin_client_user, endpoint
):
    private = Collection.get_first_root_node().add_child(name="Private")
    inside = private.add_child(name="Inside the private one")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="secret"
    )
    session = admin_client_user.session  # a superuser who has also typed the password
    session[CollectionViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    if endpoint == "images":
        public_item, hidden, nested = ImageFactory(), ImageFactory(collection=private), ImageFactory(collection=inside)
    else:
        model = get_document_model()
        root = Collection.get_first_root_node()
        public_item, hidden, nested = (
            model.objects.create(title=title, file=ContentFile(b"text", name=f"{title}.txt"), collection=collection)
            for title, collection in (("public", root), ("hidden", private), ("nested", inside))
        )
    for visitor in (client, admin_client_user):
        listing = api_json(visitor, f"{API}/{endpoint}/", limit=50, order="-id")
        assert not {item["id"] for item in listing["items"]} & {hidden.pk, nested.pk}
        for item, count in ((public_item, 1), (hidden, 0), (nested, 0)):
            assert api_json(visitor, f"{API}/{endpoint}/", id=item.pk)["meta"]["total_count"] == count
        assert api_get(visitor, f"{API}/{endpoint}/{hidden.pk}/").status_code == 404
        assert api_get(visitor, f"{API}/{endpoint}/{nested.pk}/").status_code == 404
        assert api_get(visitor, f"{API}/{endpoint}/{public_item.pk}/").status_code == 200


# ---------------------------------------------------------------------------- read-only, CORS, bad input


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_writing_is_not_allowed(client, admin_client_user, get_page, method, endpoint):
    page = get_page(NewsPage, EN)
    paths = [f"{API}/{endpoint}/", f"{API}/{endpoint}/{page.pk}/"]
    for visitor in (client, admin_client_user):
        for path in paths:
            response = getattr(visitor, method)(path, data=json.dumps({"title": "x"}), content_type="application/json")
            assert response.status_code == 405, (path, response.status_code)
            assert "GET" in response["Allow"] and "POST" not in response["Allow"]
    assert Page.objects.get(pk=page.pk).title == page.title


ORIGIN = "https://app.example.org"


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["text/html", "text/calendar", "application/xml;q=1, application/json;q=0.1"])
@pytest.mark.parametrize(("path", "status"), [(PAGES, 200), (f"{PAGES}?format=api", 200), (f"{PAGES}999999/", 404)])
def test_every_answer_is_json_whatever_the_accept_header_asks_for(client, accept, path, status):
    """No browsable HTML API for a browser, no 406 for a client that names no JSON."""
    client.raise_request_exception = False
    response = client.get(path, HTTP_ACCEPT=accept)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()


@pytest.mark.django_db
def test_cors_header_only_for_an_allowed_origin_and_only_on_the_api(client):
    with override_settings(CORS_ALLOWED_ORIGINS=[ORIGIN]):
        allowed = client.get(PAGES, HTTP_ORIGIN=ORIGIN)
        other = client.get(PAGES, HTTP_ORIGIN="https://evil.example.com")
        site_page = client.get("/en/", HTTP_ORIGIN=ORIGIN)
        preflight = client.options(PAGES, HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert allowed.status_code == 200
    assert allowed["Access-Control-Allow-Origin"] == ORIGIN
    assert "Access-Control-Allow-Credentials" not in allowed
    assert "Access-Control-Allow-Origin" not in other
    assert site_page.status_code == 200 and "Access-Control-Allow-Origin" not in site_page
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    assert set(preflight["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.django_db
def test_no_origin_is_allowed_by_default(client):
    response = client.get(PAGES, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, []),
        ("", []),
        (" https://a.example.org , http://localhost:3000,", ["https://a.example.org", "http://localhost:3000"]),
    ],
)
def test_allowed_origins_come_from_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("API_CORS_ALLOWED_ORIGINS", raising=False)
    else:
        monkeypatch.setenv("API_CORS_ALLOWED_ORIGINS", value)
    spec = importlib.util.spec_from_file_location("base_settings_probe", BASE_DIR / "portal" / "settings" / "base.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    origins, urls = module.CORS_ALLOWED_ORIGINS, module.CORS_URLS_REGEX
    assert origins == expected
    assert re.match(urls, "/api/v2/pages/") and not re.match(urls, "/en/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"locale": "xx"}, 404),
        ({"type": "nope.Nope"}, 400),
        ({"type": "news.NewsCategory"}, 400),
        ({"limit": "abc"}, 400),
        ({"limit": "100000"}, 400),
        ({"offset": "-1"}, 400),
        ({"child_of": "abc"}, 400),
        ({"order": "nope"}, 400),
        ({"fields": "nope"}, 400),
        ({"fields": "title("}, 400),
        ({"nope": "1"}, 400),
        ({"site": "nope.example.org"}, 400),
        ({"site": "127.0.0.1:abc"}, 400),
        ({"search": "x", "search_operator": "nope"}, 400),
        ({"search": "\x00"}, 400),
        ({"locale": "zh-hans\x00"}, 400),
        ({"type": "news.NewsPage", "date": "not-a-date"}, 400),
        ({"type": "news.NewsPage", "category": "abc"}, 400),
        ({"type": "news.NewsPage", "related_cities": "abc"}, 400),
        ({"type": "events.EventPage", "start": "abc"}, 400),
        ({"type": "events.EventPage", "all_day": "maybe"}, 400),
    ],
    ids=repr,
)
@pytest.mark.parametrize("view", ["", "find/"])
def test_odd_query_strings_answer_json_errors(client, query, status, view):
    client.raise_request_exception = False
    response = client.get(f"{PAGES}{view}", query)
    assert response.status_code in ({status, 404} if view else {status}), response.content[:200]
    assert response["Content-Type"] == "application/json"
    assert response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/api/", f"{API}/", f"{API}/nope/", f"{PAGES}abc/", f"{PAGES}999999/", f"{API}/images/x/"]
    + ["/api/%0A/", f"{PAGES}a%0Ab/"],  # a newline in the path
)
def test_unknown_api_urls_are_json_404s(client, path):
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"id": "abc"}, {"id": "1.5"}, {"id": "-1"}])
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_find_with_a_malformed_id_is_a_json_error(client, query, endpoint):
    client.raise_request_exception = False
    response = client.get(f"{API}/{endpoint}/find/", query)
    assert response.status_code in (400, 404)
    assert response["Content-Type"] == "application/json"
