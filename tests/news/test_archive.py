"""The news archive's filters: category, country, city and year routes of the news index, in both languages.

Expected news come from the content data (``portal/content/data/news.yaml``), filtered here independently
of the portal's queries.
"""

import math

import pytest

from components.models import City
from news.models import NewsCategory, NewsIndexPage
from portal.edge.language import hreflang, html_lang, is_chinese
from tests.utils import CONTENT, EN, LANGUAGES, ZH, has_cjk, pair, soup_of, text_of

NEWS = CONTENT["news"]
PER_PAGE = NewsIndexPage.per_page
CATEGORY_NAMES = {item["slug"]: item["name"] for item in CONTENT["categories"]}
COUNTRY_NAMES = {item["slug"]: item["name"] for item in CONTENT["countries"]}
CITY_NAMES = {item["key"]: item["name"] for item in CONTENT["cities"]}

#: Filters (as a dict) and the route that names them, in canonical order.
ROUTES = [
    ({"category": "iuc-asia"}, "category/iuc-asia/"),
    ({"category": "global-covenant-of-mayors"}, "category/global-covenant-of-mayors/"),
    ({"country": "china"}, "country/china/"),
    ({"country": "malaysia"}, "country/malaysia/"),
    ({"city": "chongqing"}, "city/chongqing/"),
    ({"city": "kuala-lumpur"}, "city/kuala-lumpur/"),
    ({"year": 2018}, "2018/"),
    ({"year": 2020}, "2020/"),
    ({"category": "iuc-asia", "year": 2018}, "category/iuc-asia/2018/"),
    ({"category": "iuc-asia", "country": "china", "year": 2018}, "category/iuc-asia/country/china/2018/"),
    ({"country": "eu-member-states", "city": "mannheim"}, "country/eu-member-states/city/mannheim/"),
    (
        {"category": "iuc-asia", "country": "china", "city": "chongqing", "year": 2017},
        "category/iuc-asia/country/china/city/chongqing/2017/",
    ),
]


def _matches(item, filters):
    """True if the YAML news ``item`` matches every filter of ``filters`` (a dict)."""
    return (
        filters.get("category") in (None, item["category"])
        and filters.get("country") in (None, *(item.get("countries") or []))
        and filters.get("city") in (None, *(item.get("cities") or []))
        and filters.get("year") in (None, int(str(item["date"])[:4]))
    )


def _expected(filters, language):
    """``[(date, title), ...]`` of the YAML news matching ``filters``, newest first."""
    items = sorted((item for item in NEWS if _matches(item, filters)), key=lambda item: str(item["date"]), reverse=True)
    return [(str(item["date"]), pair(item["title"], language)) for item in items]


def _listed(soup):
    return [
        (item.find("time")["datetime"], text_of(item.select_one(".news-item__title")))
        for item in soup.select("main .news-item")
    ]


def _all_pages(client, url):
    """Follow the archive's pagination from ``url``; return the listed (date, title) pairs of every page."""
    listed = []
    number = 1
    while True:
        response = client.get(url, {"page": number} if number > 1 else {})
        assert response.status_code == 200, f"{url} page {number}: {response.status_code}"
        soup = soup_of(response)
        listed += _listed(soup)
        if not soup.select_one('nav.pagination a[rel="next"]'):
            return listed
        number += 1


def _heading(filters, language, index_title):
    """The heading a filtered view must have, written out from the content data."""
    labels = []
    if "category" in filters:
        labels.append(pair(CATEGORY_NAMES[filters["category"]], language))
    if "country" in filters:
        labels.append(pair(COUNTRY_NAMES[filters["country"]], language))
    if "city" in filters:
        labels.append(pair(CITY_NAMES[filters["city"]], language))
    if "year" in filters:
        labels.append(f"{filters['year']}年" if is_chinese(language) else str(filters["year"]))
    separator = "：" if is_chinese(language) else ": "
    return index_title + separator + " · ".join(labels)


@pytest.fixture
def index_titles(get_page):
    return {language: get_page(NewsIndexPage, language, "/news/").title for language in LANGUAGES}


# ---------------------------------------------------------------------------- filtered views


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("filters", "route"), ROUTES, ids=[route for _f, route in ROUTES])
def test_each_filter_and_combination_lists_exactly_the_matching_news(client, language, filters, route):
    expected = _expected(filters, language)
    assert expected, f"{route}: the content has no such news, the test would prove nothing"
    assert _all_pages(client, f"/{language}/news/{route}") == expected


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("filters", "route"), ROUTES, ids=[route for _f, route in ROUTES])
def test_filtered_view_names_its_filters_in_h1_and_title(client, index_titles, language, filters, route):
    soup = soup_of(client.get(f"/{language}/news/{route}"))
    heading = _heading(filters, language, index_titles[language])
    assert text_of(soup.find("h1")) == heading
    assert text_of(soup.title).startswith(heading + " | ")


@pytest.mark.django_db
def test_headings_read_as_each_language_writes_them(client):
    english = soup_of(client.get("/en/news/category/iuc-asia/country/china/2018/"))
    chinese = soup_of(client.get("/zh-hans/news/category/iuc-asia/country/china/2018/"))
    assert text_of(english.h1) == "News: IUC Asia · China · 2018"
    assert text_of(chinese.h1) == "新闻：IUC亚洲 · 中国 · 2018年"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_unfiltered_index_keeps_its_title_and_intro(client, get_page, language):
    index = get_page(NewsIndexPage, language, "/news/")
    soup = soup_of(client.get(f"/{language}/news/"))
    assert text_of(soup.h1) == index.title
    assert soup.select_one("main .active-filters") is None
    if index.intro:
        assert text_of(soup.select_one("main .lead")) == index.intro


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "route", ["2015/", "category/global-covenant-of-mayors/country/china/", "city/mannheim/2016/", "1900/"]
)
def test_a_valid_combination_without_news_is_an_empty_200(client, language, route):
    response = client.get(f"/{language}/news/{route}")
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.select("main .news-item") == []
    empty = soup.select_one("main .empty-state")
    assert empty is not None
    assert f"/{language}/news/" in [a["href"] for a in empty.find_all("a")]
    assert has_cjk(text_of(empty)) == is_chinese(language)
    assert soup.select_one("nav.pagination") is None


# ---------------------------------------------------------------------------- canonical order and 404s


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("2018/category/iuc-asia/", "category/iuc-asia/2018/"),
        ("country/china/category/iuc-asia/", "category/iuc-asia/country/china/"),
        ("city/chongqing/country/china/", "country/china/city/chongqing/"),
        (
            "2017/city/chongqing/country/china/category/iuc-asia/",
            "category/iuc-asia/country/china/city/chongqing/2017/",
        ),
    ],
)
def test_another_order_redirects_permanently_to_the_canonical_url(client, language, written, canonical):
    response = client.get(f"/{language}/news/{written}")
    assert response.status_code == 301
    assert response["Location"] == f"/{language}/news/{canonical}"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_the_canonical_redirect_keeps_the_page_number(client):
    response = client.get("/en/news/country/china/category/iuc-asia/", {"page": "2"})
    assert response.status_code == 301
    assert response["Location"] == "/en/news/category/iuc-asia/country/china/?page=2"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "route",
    [
        "category/iuc-asia/category/global-covenant-of-mayors/",  # repeated filter
        "category/iuc-asia/category/iuc-asia/",
        "2018/2019/",
        "2018/country/china/2018/",
        "tag/climate/",  # unknown filter
        "category/iuc-asia/tag/climate/",
        "category/",  # a filter without a value
        "category/nope/",  # unknown values
        "country/atlantis/",
        "country/Chongqing/",
        "city/atlantis/",
        "city/china/",
        "1899/",  # years out of range
        "2101/",
        "0/",
        "99999/",
        "2018/feed/",
    ],
)
def test_bad_filters_are_a_404(client, language, route):
    assert client.get(f"/{language}/news/{route}").status_code == 404


@pytest.mark.django_db
def test_a_city_or_category_that_is_not_live_in_a_locale_is_a_404_there(client, zh_locale):
    assert client.get("/zh-hans/news/city/chongqing/").status_code == 200
    City.objects.get(locale=zh_locale, slug="chongqing").unpublish()
    NewsCategory.objects.get(locale=zh_locale, slug="iuc-asia").unpublish()
    assert client.get("/zh-hans/news/city/chongqing/").status_code == 404
    assert client.get("/zh-hans/news/category/iuc-asia/").status_code == 404
    assert client.get("/en/news/city/chongqing/").status_code == 200
    assert client.get("/en/news/category/iuc-asia/").status_code == 200


@pytest.mark.django_db
def test_news_pages_below_the_index_are_still_found(client):
    item = NEWS[0]
    response = client.get(f"/en/news/{item['slug']}/")
    assert response.status_code == 200
    assert text_of(soup_of(response).h1) == pair(item["title"], EN)


# ---------------------------------------------------------------------------- pagination of a filtered view

IUC_ASIA = [item for item in NEWS if item["category"] == "iuc-asia"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_filtered_view_is_paginated_12_a_page(client, language):
    assert len(IUC_ASIA) > PER_PAGE, "too few IUC Asia news items to paginate"
    pages = math.ceil(len(IUC_ASIA) / PER_PAGE)
    url = f"/{language}/news/category/iuc-asia/"
    first = soup_of(client.get(url))
    assert len(first.select("main .news-item")) == PER_PAGE
    assert first.select_one('nav.pagination a[rel="next"]')["href"] == "?page=2"
    last = soup_of(client.get(url, {"page": pages}))
    assert len(last.select("main .news-item")) == len(IUC_ASIA) - PER_PAGE * (pages - 1)
    assert last.select_one('nav.pagination a[rel="next"]') is None
    assert last.select_one('nav.pagination a[rel="prev"]')["href"] == f"?page={pages - 1}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", ["abc", "0", "-1", "1.5", "", str(math.ceil(len(IUC_ASIA) / PER_PAGE) + 1), "999"])
def test_a_bad_page_number_on_a_filtered_view_is_a_404(client, language, query):
    assert client.get(f"/{language}/news/category/iuc-asia/", {"page": query}).status_code == 404


@pytest.mark.django_db
def test_an_empty_filtered_view_has_only_its_first_page(client):
    assert client.get("/en/news/2015/").status_code == 200
    assert client.get("/en/news/2015/", {"page": "1"}).status_code == 200
    assert client.get("/en/news/2015/", {"page": "2"}).status_code == 404


# ---------------------------------------------------------------------------- canonical, alternates, switcher


def _head_links(response):
    soup = soup_of(response)
    canonical = [link["href"] for link in soup.select('link[rel="canonical"]')]
    alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
    return canonical, alternates


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("category/iuc-asia/2018/", {}),
        ("country/china/city/chongqing/", {}),
        ("category/iuc-asia/", {"page": "2"}),
        ("", {"page": "2"}),
    ],
)
def test_filtered_and_paginated_views_have_their_own_canonical_and_alternates(client, language, path, query):
    response = client.get(f"/{language}/news/{path}", query)
    assert response.status_code == 200
    root = response.wsgi_request.build_absolute_uri("/").rstrip("/")
    suffix = path + ("?page=2" if query else "")
    canonical, alternates = _head_links(response)
    assert canonical == [f"{root}/{language}/news/{suffix}"]
    assert alternates == {
        **{hreflang(code): f"{root}/{code}/news/{suffix}" for code in LANGUAGES},
        "x-default": f"{root}/en/news/{suffix}",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_first_page_is_canonical_without_a_page_number(client, language):
    response = client.get(f"/{language}/news/category/iuc-asia/", {"page": "1"})
    root = response.wsgi_request.build_absolute_uri("/").rstrip("/")
    assert _head_links(response)[0] == [f"{root}/{language}/news/category/iuc-asia/"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_switcher_keeps_the_filters_and_page(client, language):
    soup = soup_of(client.get(f"/{language}/news/category/iuc-asia/country/china/", {"page": "2"}))
    for other in [code for code in LANGUAGES if code != language]:
        link = soup.select_one(f'nav.language-switcher a[hreflang="{hreflang(other)}"]')
        assert link["href"] == f"/{other}/news/category/iuc-asia/country/china/?page=2"
        followed = client.get(link["href"])
        assert followed.status_code == 200
        assert soup_of(followed).html["lang"] == html_lang(other)


# ---------------------------------------------------------------------------- the filter form


def _form(soup):
    form = soup.select_one("main form.news-filters")
    assert form is not None
    return form


def _options(form, name):
    return [option["value"] for option in form.select(f'select[name="{name}"] option') if option["value"]]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_filter_form_is_a_labelled_get_form_of_values_that_have_news(client, language):
    form = _form(soup_of(client.get(f"/{language}/news/")))
    assert form["method"].lower() == "get"
    assert form["action"] == f"/{language}/news/"
    assert form.get("aria-label")
    for select in form.find_all("select"):
        label = form.select_one(f'label[for="{select["id"]}"]')
        assert label is not None and text_of(label), f"select {select['name']} has no label"
        assert has_cjk(text_of(label)) == is_chinese(language)
    assert {select["name"] for select in form.find_all("select")} == {"category", "country", "city", "year"}
    assert form.select_one('button[type="submit"]') is not None
    assert set(_options(form, "category")) == {item["category"] for item in NEWS}
    assert set(_options(form, "country")) == {key for item in NEWS for key in item.get("countries") or []}
    assert set(_options(form, "city")) == {key for item in NEWS for key in item.get("cities") or []}
    assert _options(form, "year") == sorted({str(item["date"])[:4] for item in NEWS}, reverse=True)
    assert "hong-kong" not in _options(form, "country")  # a country without news


@pytest.mark.django_db
def test_the_filter_form_names_the_options_in_the_visitors_language(client):
    form = _form(soup_of(client.get("/zh-hans/news/")))
    countries = {option["value"]: text_of(option) for option in form.select('select[name="country"] option')}
    cities = {option["value"]: text_of(option) for option in form.select('select[name="city"] option')}
    years = {option["value"]: text_of(option) for option in form.select('select[name="year"] option')}
    assert countries["china"] == pair(COUNTRY_NAMES["china"], ZH)
    assert cities["chongqing"] == pair(CITY_NAMES["chongqing"], ZH)
    assert years["2018"] == "2018年"
    assert all(has_cjk(text) for text in [*countries.values(), *cities.values()])


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_filter_form_shows_the_active_filters_chosen(client, language):
    form = _form(soup_of(client.get(f"/{language}/news/category/iuc-asia/country/china/city/chongqing/2017/")))
    chosen = {select["name"]: [o["value"] for o in select.select("option[selected]")] for select in form("select")}
    assert chosen == {"category": ["iuc-asia"], "country": ["china"], "city": ["chongqing"], "year": ["2017"]}
    # A year with no news is still shown chosen on its (empty) view.
    form = _form(soup_of(client.get(f"/{language}/news/2015/")))
    assert [option["value"] for option in form.select('select[name="year"] option[selected]')] == ["2015"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("query", "target"),
    [
        ({"category": "iuc-asia", "year": "2018"}, "category/iuc-asia/2018/"),
        ({"year": "2018", "country": "china", "category": "iuc-asia"}, "category/iuc-asia/country/china/2018/"),
        ({"category": "", "country": "", "city": "chongqing", "year": ""}, "city/chongqing/"),
        ({"category": "", "country": "", "city": "", "year": ""}, ""),
        ({"category": "iuc-asia", "page": "2"}, "category/iuc-asia/"),
    ],
)
def test_submitting_the_form_redirects_to_the_clean_url(client, language, query, target):
    response = client.get(f"/{language}/news/", query)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/news/{target}"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "query",
    [
        {"category": "nope"},
        {"country": "atlantis"},
        {"city": "atlantis"},
        {"year": "abc"},
        {"year": "1800"},
        {"year": "20181"},
        {"category": "iuc-asia", "year": "18"},
        {"year": ["2018", "2019"]},
    ],
    ids=str,
)
def test_a_bad_form_value_is_a_400_in_the_visitors_language(client, language, query):
    response = client.get(f"/{language}/news/", query)
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.html["lang"] == html_lang(language)
    message = text_of(soup.select_one("main .error-message"))
    assert message
    assert has_cjk(message) == is_chinese(language)
    values = [value for value in query.values() if isinstance(value, str)]
    if len(values) == 1:
        assert values[0] in message


# ---------------------------------------------------------------------------- active filters and links


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_active_filter_links_to_the_view_without_it(client, language):
    soup = soup_of(client.get(f"/{language}/news/category/iuc-asia/country/china/2018/"))
    nav = soup.select_one("main nav.active-filters")
    assert nav is not None and nav.get("aria-label")
    links = [a["href"] for a in nav.find_all("a")]
    base = f"/{language}/news/"
    assert links == [
        f"{base}country/china/2018/",  # without the category
        f"{base}category/iuc-asia/2018/",  # without the country
        f"{base}category/iuc-asia/country/china/",  # without the year
        base,  # without any
    ]
    items = [text_of(item) for item in nav.select(".active-filters__item")]
    assert pair(CATEGORY_NAMES["iuc-asia"], language) in items[0]
    assert pair(COUNTRY_NAMES["china"], language) in items[1]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_listed_news_item_links_to_its_category_route(client, language):
    categories = {pair(item["title"], language): item["category"] for item in NEWS}
    soup = soup_of(client.get(f"/{language}/news/"))
    items = soup.select("main .news-item")
    assert items
    for item in items:
        title = text_of(item.select_one(".news-item__title"))
        link = item.select_one(".news-item__meta a")
        assert link["href"] == f"/{language}/news/category/{categories[title]}/"
        assert text_of(link) == pair(CATEGORY_NAMES[categories[title]], language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_news_page_links_its_category_countries_and_cities_to_the_archive(client, language):
    item = next(item for item in NEWS if item.get("cities") and item.get("countries"))
    soup = soup_of(client.get(f"/{language}/news/{item['slug']}/"))
    category = soup.select_one("main .page-header .eyebrow a")
    assert category["href"] == f"/{language}/news/category/{item['category']}/"
    assert client.get(category["href"]).status_code == 200
    hrefs = [a["href"] for a in soup.select("aside.related a")]
    for key in item["countries"]:
        assert f"/{language}/news/country/{key}/" in hrefs
        assert f"/{language}/countries/{key}/" in hrefs  # the country page link stays
    for key in item["cities"]:
        assert f"/{language}/news/city/{key}/" in hrefs
        assert any(href.endswith(f"#city-{key}") for href in hrefs)  # the city link stays


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/zh-hans/news/category/iuc-asia/country/china/2018/", "/zh-hans/news/2015/", "/zh-hans/news/?year=1800"]
)
def test_chinese_archive_views_have_no_english_furniture(client, url):
    text = soup_of(client.get(url)).find("main")
    visible = text_of(text) + " " + " ".join(element["aria-label"] for element in text.select("[aria-label]"))
    for english in [
        "Filter news",
        "Category",
        "Country",
        "City",
        "Year",
        "All categories",
        "All countries",
        "All cities",
        "All years",
        "Show news",
        "Active filters",
        "Remove",
        "No news matches",
        "See all news",
        "News",
        "Bad request",
        "is not a year",
    ]:
        assert english not in visible, f"{english!r} on {url}"
    assert has_cjk(visible)
