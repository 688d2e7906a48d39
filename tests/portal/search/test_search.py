"""Site search (portal/search/): Wagtail's search backend with CJK bigrams and stemming, and the search page.

These tests run on whichever database the suite runs on (SQLite by default, PostgreSQL with
``DATABASE_URL``); ``.ci/run`` runs them on both.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

from components.models import City, CityPairing
from home.models import StandardPage
from tests.home.factories import StandardPageFactory
from tests.utils import EN, ZH, has_cjk, soup_of, text_of

pytestmark = pytest.mark.django_db

SENTENCE = "重庆代表团访问曼海姆"


def _publish_page(locale, title, intro="", slug=None):
    """A live StandardPage below the home page of ``locale`` (``StandardPageFactory``; a new slug unless given)."""
    fields = {"slug": slug} if slug else {}
    return StandardPageFactory(locale=locale, title=title, intro=intro, **fields)


@pytest.fixture
def chinese_page(zh_locale):
    """A live Chinese page whose title is one run of characters without spaces."""
    return _publish_page(zh_locale, SENTENCE, intro="两江新区与欧洲城市开展合作。", slug="delegation-visit")


@pytest.fixture
def english_page(en_locale):
    """A live English page with a word found nowhere else and the singular "city"."""
    return _publish_page(en_locale, "Quillfeather exchange", intro="Quillfeather is a partner city of the exchange.")


def search_url(language, **params):
    with translation.override(language):
        url = reverse("search")
    return url, params


def get_search(client, language, **params):
    url, params = search_url(language, **params)
    return client.get(url, params)


def result_links(response):
    """The hrefs of the page results on a search page, in order."""
    return [a["href"] for a in soup_of(response).select(".search-pages .search-result__title a")]


# ---------------------------------------------------------------------------- the backend


@pytest.mark.parametrize("word", ["重庆", "曼海姆", "代表团", "访问", SENTENCE])
def test_a_chinese_word_inside_a_run_of_characters_is_found(chinese_page, word):
    assert chinese_page.pk in [page.pk for page in Page.objects.live().search(word)]


@pytest.mark.parametrize("word", ["庆曼", "重曼", "海姆重庆", "北京"])
def test_characters_that_are_not_adjacent_in_the_text_are_not_found(chinese_page, word):
    assert chinese_page.pk not in [page.pk for page in Page.objects.live().search(word)]


def test_the_shipped_database_backend_does_not_find_it_ours_does(chinese_page, settings):
    """The measurement in the issue, repeated: Wagtail's database backend as shipped misses the word."""
    from wagtail.search.backends import database, get_search_backend

    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "portal.search.backend"
    shipped = database.SearchBackend({})
    shipped.add(chinese_page)  # re-indexed without our analysis (inside this test's transaction)
    assert chinese_page.pk not in [page.pk for page in shipped.search("曼海姆", Page.objects.live())]
    ours = get_search_backend()
    ours.add(chinese_page)
    assert chinese_page.pk in [page.pk for page in ours.search("曼海姆", Page.objects.live())]


def test_english_keeps_stemming(english_page):
    found = [page.pk for page in Page.objects.live().search("quillfeather cities")]
    assert found == [english_page.pk]
    assert not Page.objects.live().search("quillfeather towns")


def test_autocomplete_finds_prefixes_in_both_scripts(english_page, chinese_page):
    assert english_page.pk in [p.pk for p in Page.objects.live().autocomplete("quillfea")]
    assert chinese_page.pk in [p.pk for p in Page.objects.live().autocomplete("曼海")]


def test_snippets_are_indexed_the_same_way(zh_locale):
    from wagtail.search.backends import get_search_backend

    found = get_search_backend().search("两江", City.objects.filter(locale=zh_locale, live=True))
    assert [city.slug for city in found] == ["chongqing"]


# ---------------------------------------------------------------------------- the search page


def test_search_page_finds_the_chinese_page_and_highlights_the_word(client, chinese_page):
    response = get_search(client, ZH, q="曼海姆")
    assert response.status_code == 200
    assert chinese_page.url in result_links(response)
    result = soup_of(response).select_one(f'.search-pages a[href="{chinese_page.url}"]').find_parent("article")
    assert [mark.get_text() for mark in result.select("mark")] == ["曼海姆"]
    assert result.select_one("time") is None  # published once: no "updated" date


def test_results_come_from_the_visitors_locale_only(client, chinese_page, english_page):
    assert chinese_page.url not in result_links(get_search(client, EN, q="曼海姆"))
    assert english_page.url not in result_links(get_search(client, ZH, q="quillfeather"))
    for language, prefix in ((EN, "/en/"), (ZH, "/zh-hans/")):
        links = result_links(get_search(client, language, q="IUC"))
        assert links, f"nothing found for IUC in {language}"
        assert all(link.startswith(prefix) for link in links)


def test_news_results_show_the_news_date(client, get_page):
    from news.models import NewsPage

    news = NewsPage.objects.live().filter(locale__language_code=EN).order_by("-date").first()
    response = get_search(client, EN, q=news.title)
    result = soup_of(response).select_one(f'.search-pages a[href="{news.url}"]').find_parent("article")
    assert result.select_one("time")["datetime"] == news.date.isoformat()
    assert "Published" in text_of(result)


def test_an_archive_page_published_once_shows_no_date_one_edited_later_shows_its_update(client, get_page):
    """The day the archive was loaded is no date of its content; a later edit is."""
    import datetime

    from django.utils import timezone

    about = get_page(StandardPage, EN, "/about/")

    def result():
        found = soup_of(get_search(client, EN, q=about.title)).select_one(f'.search-pages a[href="{about.url}"]')
        return found.find_parent("article")

    assert result().select_one("time") is None and "Updated" not in text_of(result())
    edited = timezone.now() + datetime.timedelta(days=2)
    StandardPage.objects.filter(pk=about.pk).update(last_published_at=edited)
    time = result().select_one("time")
    assert time["datetime"] == timezone.localdate(edited).isoformat() and "Updated" in text_of(result())


def test_results_are_paginated_and_pages_keep_the_query(client, en_locale):
    for number in range(12):
        _publish_page(en_locale, f"Zorblat report {number}", slug=f"zorblat-{number}")
    first = get_search(client, EN, q="zorblat")
    assert len(result_links(first)) == 10
    next_link = soup_of(first).select_one('.pagination a[rel="next"]')["href"]
    assert next_link == "?q=zorblat&page=2"
    second = get_search(client, EN, q="zorblat", page="2")
    assert len(result_links(second)) == 2
    assert not set(result_links(first)) & set(result_links(second))


@pytest.mark.parametrize("page", ["0", "3", "x", "", "1.5", "-1", "9" * 30])
def test_a_bad_page_number_is_a_404_in_the_visitors_language(client, page):
    response = get_search(client, ZH, q="重庆", page=page)
    assert response.status_code == 404
    assert has_cjk(text_of(soup_of(response).find("main")))


def test_a_page_number_without_a_query_is_a_404_unless_it_is_the_first(client):
    assert get_search(client, ZH, page="1").status_code == 200
    for page in ("abc", "2", "0"):
        response = get_search(client, ZH, page=page)
        assert response.status_code == 404
        assert has_cjk(text_of(soup_of(response).find("main")))


def test_empty_query_shows_a_helpful_empty_state(client):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = get_search(client, EN, **params)
        assert response.status_code == 200
        soup = soup_of(response)
        assert soup.select_one(".search-empty")
        assert not soup.select(".search-result")
        assert soup.select_one('form[role="search"] input[name="q"]')


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "climate\"'",
        "AND OR NOT",
        "-climate",
        "climate -",
        "city*",
        "100%",
        "%%",
        "%s %d",
        "😀",
        "城市😀climate",
        "重庆 Mannheim",
        "title:重庆",
        "(climate",
        "NEAR(a b)",
        "^city",
        "\\",
        "'; DROP TABLE wagtailcore_page; --",
        "\u200b\u202e",
        "ｃｉｔｙ",
    ],
)
@pytest.mark.parametrize("language", [EN, ZH])
def test_odd_queries_never_raise(client, query, language):
    """(A NUL never reaches the search: the edge refuses it, tests/portal/edge/test_text.py.)"""
    response = get_search(client, language, q=query)
    assert response.status_code == 200


def test_mixed_script_query_needs_both_parts(client, chinese_page, zh_locale):
    mixed = _publish_page(zh_locale, "Mannheim 曼海姆 合作", slug="mixed-script")
    links = result_links(get_search(client, ZH, q="曼海姆 Mannheim"))
    assert mixed.url in links
    assert chinese_page.url not in links


def test_a_long_query_is_trimmed_to_200_characters(client, english_page):
    query = "quillfeather " + "x" * 300
    response = get_search(client, EN, q=query)
    assert response.status_code == 200
    soup = soup_of(response)
    assert len(soup.select_one("main input[name=q]")["value"]) == 200
    assert soup.select_one(".search-note")
    short = get_search(client, EN, q="quillfeather")
    assert not soup_of(short).select_one(".search-note")


# ---------------------------------------------------------------------------- what must never be found


def test_drafts_and_private_pages_are_never_found(client, en_locale, english_page):
    StandardPageFactory(title="Blorptastic draft", slug="blorptastic", live=False)
    # A live page whose unpublished draft revision holds the word.
    english_page.title = "Blorptastic revision"
    english_page.save_revision()
    private = _publish_page(en_locale, "Blorptastic private", slug="blorptastic-private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    response = get_search(client, EN, q="blorptastic")
    assert result_links(response) == []
    assert not Page.objects.live().public().search("blorptastic")


def test_draft_snippets_are_not_found(client, zh_locale):
    city = City.objects.get(locale=zh_locale, slug="chongqing")
    City.objects.filter(pk=city.pk).update(live=False)
    response = get_search(client, ZH, q="两江")
    assert not soup_of(response).select(".search-snippets .search-result")


# ---------------------------------------------------------------------------- promotions and snippets


def test_promoted_results_come_first_in_each_language(client, get_page):
    from news.models import NewsIndexPage

    news_index = get_page(NewsIndexPage, EN)
    query = Query.get("climate")
    SearchPromotion.objects.create(query=query, page=news_index, description="All the programme's news.", sort_order=0)
    english = soup_of(get_search(client, EN, q="Climate"))
    promoted = english.select(".search-promoted .search-result__title a")
    assert [a["href"] for a in promoted] == [news_index.url]
    assert "All the programme's news." in text_of(english.select_one(".search-promoted"))
    assert news_index.url not in result_links(get_search(client, EN, q="Climate"))

    chinese_index = get_page(NewsIndexPage, ZH)
    chinese = soup_of(get_search(client, ZH, q="climate"))
    assert [a["href"] for a in chinese.select(".search-promoted .search-result__title a")] == [chinese_index.url]
    assert "All the programme's news." not in text_of(chinese)
    # Instead, the Chinese page's own description.
    chinese_description = chinese_index.specific.get_meta_description()
    assert has_cjk(chinese_description)
    assert chinese_description in text_of(chinese.select_one(".search-promoted"))


def test_editors_manage_promoted_search_results_translators_do_not(editor_client, translator_client):
    assert editor_client.get("/admin/searchpicks/").status_code == 200
    assert editor_client.get("/admin/searchpicks/add/").status_code == 200
    assert translator_client.get("/admin/searchpicks/").status_code == 302  # to the dashboard: no permission


def test_admin_city_snippet_search_works(admin_client_user):
    response = admin_client_user.get("/admin/snippets/components/city/", {"q": "重庆"})
    assert response.status_code == 200
    assert "重庆" in response.content.decode()


def test_admin_page_search_finds_chinese_words(admin_client_user, chinese_page):
    response = admin_client_user.get("/admin/pages/search/", {"q": "代表团"})
    assert response.status_code == 200
    assert SENTENCE in response.content.decode()


def test_a_query_that_lengthens_when_lower_cased_is_counted_without_error(client):
    query = "İ" * 200  # "İ".lower() is two characters: 400, more than Query.query_string holds
    for _ in range(2):
        assert get_search(client, EN, q=query).status_code == 200
    assert Query.objects.get(query_string=("i̇" * 200)[:255]).hits == 2


def test_queries_without_words_are_not_counted(client):
    get_search(client, EN, q="%%")
    assert not Query.objects.filter(query_string="%%").exists()


def test_accented_words_are_found_without_accents_and_with(client, en_locale):
    page = _publish_page(en_locale, "Málaga exchange", slug="malaga-exchange")
    for query in ("Malaga", "málaga", "ＭＡＬＡＧＡ"):
        assert page.url in result_links(get_search(client, EN, q=query)), query


def test_heading_levels_are_neither_indexed_nor_in_excerpts(page_at):
    from portal.search import results

    for language in (EN, ZH):
        text = results.page_text(page_at("/about/", language).specific)
        assert text
        assert "level 2" not in text and "二级" not in text


def test_searches_are_counted_for_the_popular_search_terms_report(client):
    get_search(client, EN, q="Urban Mobility")
    get_search(client, EN, q="urban   mobility")
    assert Query.objects.get(query_string="urban mobility").hits == 2


def test_cities_link_to_their_card_on_the_country_page(client, get_page):
    from components.models import CountryPage

    for language in (EN, ZH):
        response = get_search(client, language, q="重庆" if language == ZH else "Chongqing")
        links = [a["href"] for a in soup_of(response).select(".search-snippets .search-result__title a")]
        china = CountryPage.objects.get(locale__language_code=language, country="china")
        assert f"{china.url}#city-chongqing" in links
        page = client.get(china.url)
        assert soup_of(page).select_one("#city-chongqing")


def test_pairings_link_to_their_card_on_the_component_page(client, en_locale):
    pairing = CityPairing.objects.get(locale=en_locale, eu_city__slug="mannheim", cn_city__slug="chongqing")
    url = pairing.get_url()
    assert url and url.endswith("#pairing-mannheim-chongqing")
    links = [a["href"] for a in soup_of(get_search(client, EN, q="Mannheim")).select(".search-snippets a")]
    assert url in links
    page_url = url.split("#")[0]
    assert soup_of(client.get(page_url)).select_one("#pairing-mannheim-chongqing")


# ---------------------------------------------------------------------------- page furniture


def test_chinese_search_page_has_chinese_furniture(client):
    for params in ({}, {"q": "重庆"}, {"q": "没有这个词语"}):
        soup = soup_of(get_search(client, ZH, **params))
        assert soup.html["lang"] == "zh-Hans"
        assert has_cjk(soup.title.get_text())
        assert has_cjk(text_of(soup.find("main")))


def test_language_switcher_keeps_the_query(client):
    soup = soup_of(get_search(client, EN, q="重庆"))
    chinese = soup.select_one('.language-switcher a[hreflang="zh-Hans"]')
    assert chinese["href"] == "/zh-hans/search/?q=%E9%87%8D%E5%BA%86"


def test_every_page_has_a_labelled_search_form(client, get_page):
    soup = soup_of(client.get("/en/"))
    form = soup.select_one('header form[role="search"]')
    assert form["action"] == "/en/search/"
    field = form.select_one("input[name=q]")
    assert soup.select_one(f'label[for="{field["id"]}"]')


def test_the_api_search_uses_the_same_analysis(client, chinese_page):
    response = client.get("/api/v2/pages/", {"search": "代表团", "locale": ZH})
    assert response.status_code == 200
    items = response.json()["items"]
    assert chinese_page.pk in [item["id"] for item in items]
    assert {item["meta"]["locale"] for item in items} == {ZH}
    english = client.get("/api/v2/pages/", {"search": "代表团", "locale": EN}).json()
    assert chinese_page.pk not in [item["id"] for item in english["items"]]


def test_the_search_slug_is_refused(en_locale):
    from django.core.exceptions import ValidationError

    page = StandardPage(title="Search", slug="search", locale=en_locale)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "slug" in error.value.message_dict
