"""Search across the two Chinese scripts (issue 18, docs/decisions/0031-traditional-chinese-derived-by-opencc.md).

Index text and queries are folded to Simplified characters (``portal.chinese.conversion.fold``) in
``portal.search.analysis``: a query in either script finds text in either, highlights the text's own characters,
and matches the promotions of its other form. Run on SQLite and on PostgreSQL (``DATABASE_URL``).

zh-hant pages are made here directly (the conversion engine makes them on the site): a wagtail-localize-style copy
of an English page (``copy_for_translation``) with its text set to ``to_traditional`` of the Simplified text.
"""

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import translation
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page, get_page_models

from components.models import City
from home.models import HomePage, StandardPage
from news.models import NewsPage
from portal.chinese.conversion import to_traditional
from portal.edge.language import TRADITIONAL_CHINESE
from portal.search import analysis, excerpts, results
from portal.search.fields import LANGUAGE_FIELD, LANGUAGE_TOKEN_PREFIX, LANGUAGE_TOKEN_SQL, language_token
from portal.search.ranking.postgres import MATCH_FUNCTION, filtered_locale
from tests.home.factories import StandardPageFactory
from tests.portal.search.test_search import get_search, result_links
from tests.utils import EN, ZH, soup_of, text_of

pytestmark = pytest.mark.django_db

HANT = TRADITIONAL_CHINESE
#: Words found nowhere in the site's content, with characters that differ between the scripts.
TITLE = "鹦鹉螺广场开幕"  # 鸚鵡螺廣場開幕
INTRO = "鸟类学会与气候观测站联合举办展览。"  # 鳥類學會與氣候觀測站聯合舉辦展覽。


def _published_translation(page, locale, **fields):
    """Return ``page``'s live translation into ``locale`` (made by ``copy_for_translation`` unless it exists) with
    ``fields`` set and published."""
    existing = page.get_translation_or_none(locale)
    target = existing.specific if existing else page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(target, name, value)
    target.save_revision().publish()
    return type(page).objects.get(pk=target.pk)


@pytest.fixture
def hant_locale(db):
    return Locale.objects.get_or_create(language_code=HANT)[0]


@pytest.fixture
def hant_home(hant_locale, en_locale, zh_locale):
    """The Traditional home page: a translation of the English one, titled as the Simplified one converted."""
    english = HomePage.objects.get(locale=en_locale)
    simplified = HomePage.objects.get(locale=zh_locale)
    return _published_translation(english, hant_locale, title=to_traditional(simplified.title))


@pytest.fixture
def pages(en_locale, zh_locale, hant_locale, hant_home):
    """``{"en": page, "zh-hans": page, "zh-hant": page}``: one StandardPage in the three languages, live."""
    english = StandardPageFactory(locale=en_locale, title="Nautilus square opens", intro="Birds and climate.")
    simplified = _published_translation(english, zh_locale, title=TITLE, intro=INTRO)
    traditional = _published_translation(english, hant_locale, title=to_traditional(TITLE), intro=to_traditional(INTRO))
    return {EN: english, ZH: simplified, HANT: traditional}


def test_the_traditional_text_of_the_test_pages_differs_from_the_simplified():
    assert to_traditional(TITLE) == "鸚鵡螺廣場開幕"
    assert to_traditional(INTRO) == "鳥類學會與氣候觀測站聯合舉辦展覽。"


# ---------------------------------------------------------------------------- the analysis


def test_both_scripts_are_indexed_as_the_same_simplified_bigrams():
    assert analysis.index_text(to_traditional(INTRO)) == analysis.index_text(INTRO)
    assert analysis.index_text("重慶代表團 Cities") == "重庆 庆代 代表 表团 citi"


def test_queries_in_either_script_are_the_same_query():
    assert repr(analysis.search_query("觀測站 climate")) == repr(analysis.search_query("观测站 climate"))
    assert analysis.query_terms("觀測站 climate") == ({"climat"}, {"观测站"})


def test_tokens_keep_the_text_as_written_and_where_it_was():
    token = analysis.tokens("Nautilus 鸚鵡螺")[1]
    assert (token.text, token.folded, token.span) == ("鸚鵡螺", "鹦鹉螺", (9, 12))


def test_folding_reads_a_character_in_its_context_as_opencc_does():
    assert analysis.folded_text("乾淨 乾隆") == "干净 乾隆"


@pytest.mark.parametrize("simplified", ["医疗卫生", "亚洲服务台"])  # words of the seed content
def test_hong_kong_variants_fold_to_the_simplified_characters(simplified):
    assert analysis.index_text(to_traditional(simplified)) == analysis.index_text(simplified)


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        ("鳥類學會與氣候觀測站", "观测站", "鳥類學會與氣候<mark>觀測站</mark>"),
        ("鸟类学会与气候观测站", "觀測站", "鸟类学会与气候<mark>观测站</mark>"),
        ("重慶 cities", "重庆 city", "<mark>重慶</mark> <mark>cities</mark>"),
    ],
)
def test_highlights_mark_the_text_in_its_own_script(text, query, marked):
    assert excerpts.highlight(text, query) == marked


# ---------------------------------------------------------------------------- the search pages


@pytest.mark.parametrize("query", [TITLE, to_traditional(TITLE), "观测站", "觀測站"])
def test_the_traditional_search_page_finds_traditional_pages_in_either_script(client, pages, query):
    assert result_links(get_search(client, HANT, q=query)) == [pages[HANT].url]


@pytest.mark.parametrize("query", [TITLE, to_traditional(TITLE), "观测站", "觀測站"])
def test_the_simplified_search_page_finds_simplified_pages_in_either_script(client, pages, query):
    assert result_links(get_search(client, ZH, q=query)) == [pages[ZH].url]


def test_each_chinese_search_page_finds_its_own_language_only(pages, hant_locale, zh_locale):
    """The locale filter of the search page covers the third language: one page per locale, each found alone."""
    for language, locale in ((HANT, hant_locale), (ZH, zh_locale)):
        with translation.override(language):
            assert results.active_locale() == locale
            found = [page.pk for page in results.search_pages(to_traditional(TITLE), results.active_locale())]
        assert found == [pages[language].pk]


def test_a_language_with_no_locale_finds_nothing(settings, pages):
    """Not the default locale's pages (``Locale.get_active`` falls back to English)."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("ja", "日本語")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    with translation.override("ja"):
        assert Locale.get_active().language_code == EN
        assert results.active_locale() is None
        assert list(results.search_pages("nautilus", results.active_locale())) == []
        assert results.promoted_results("nautilus", None) == []
        assert results.snippet_results("nautilus", None) == []


@pytest.mark.parametrize(("language", "query"), [(HANT, "鹦鹉螺 观测站"), (ZH, "鸚鵡螺 觀測站")])
def test_excerpts_highlight_the_text_in_the_page_s_own_script(client, pages, language, query):
    page = soup_of(get_search(client, language, q=query))
    expected = {HANT: ["鸚鵡螺"], ZH: ["鹦鹉螺"]}[language]
    assert [mark.get_text() for mark in page.select(".search-pages .search-result__title mark")] == expected
    expected = {HANT: ["觀測站"], ZH: ["观测站"]}[language]
    assert [mark.get_text() for mark in page.select(".search-pages .search-result__excerpt mark")] == expected


# ---------------------------------------------------------------------------- promotions


def _promote(query_string, page, description=""):
    return SearchPromotion.objects.create(
        query=Query.get(query_string), page=page, description=description, sort_order=0
    )


def _promoted_links(response):
    return [a["href"] for a in soup_of(response).select(".search-promoted .search-result__title a")]


@pytest.mark.parametrize("promoted_query", ["观测站", "觀測站"])
@pytest.mark.parametrize("language", [HANT, ZH])
@pytest.mark.parametrize("query", ["观测站", "觀測站"])
def test_a_promotion_matches_its_query_in_either_script(client, pages, promoted_query, language, query):
    promotion = _promote(promoted_query, pages[ZH], description="气候观测站的展览。")
    response = get_search(client, language, q=query)
    assert _promoted_links(response) == [pages[language].url]
    assert result_links(response) == []  # shown once, as the promotion
    if language == ZH:  # the editor's description where the promoted page is in the visitor's language
        assert promotion.description in text_of(soup_of(response).select_one(".search-promoted"))


def test_a_promotion_of_another_query_of_the_same_length_is_not_shown(client, pages):
    _promote("鸚鵡螺廣", pages[ZH])
    assert _promoted_links(get_search(client, HANT, q="观测站")) == []
    assert [promotion.query.query_string for promotion in results.promotions_for("鹦鹉螺广")] == ["鸚鵡螺廣"]


def test_promotions_of_english_queries_are_matched_as_before(client, pages):
    _promote("nautilus", pages[EN])
    assert _promoted_links(get_search(client, HANT, q="Nautilus")) == [pages[HANT].url]
    assert _promoted_links(get_search(client, EN, q="nautilus square")) == []


def test_the_traditional_pages_are_pages_of_their_own_locale(pages, hant_locale):
    assert pages[HANT].locale == hant_locale
    assert pages[HANT].translation_key == pages[ZH].translation_key == pages[EN].translation_key
    assert isinstance(pages[HANT], StandardPage)
    assert Page.objects.live().filter(locale=hant_locale, depth__gt=1).count() >= 2


# ---------------------------------------------------------------------------- one language's entries (LANGUAGE_FIELD)


def test_every_page_type_indexes_its_language():
    assert [model for model in get_page_models() if LANGUAGE_FIELD not in model.get_search_fields()] == []


def test_a_page_is_indexed_with_its_languages_word_which_no_excerpt_shows(pages):
    assert {language: LANGUAGE_FIELD.get_value(page) for language, page in pages.items()} == {
        EN: "zzlanguageen",
        ZH: "zzlanguagezhhans",
        HANT: "zzlanguagezhhant",
    }
    assert all(LANGUAGE_TOKEN_PREFIX not in results.page_text(page) for page in pages.values())


def test_indexing_reads_each_pages_language_with_the_page(pages, django_assert_num_queries):
    """``update_index`` reads the pages of a type with ``get_indexed_objects``; ``page.locale`` comes from the
    process's Locale table (``portal.translations.overrides.locales``), so the language word costs no query a page."""
    with django_assert_num_queries(1):
        words = {LANGUAGE_FIELD.get_value(page) for page in StandardPage.get_indexed_objects()}
    assert {"zzlanguageen", "zzlanguagezhhans", "zzlanguagezhhant"} <= words


def test_the_site_search_is_kept_to_its_locale_inside_the_index(pages, zh_locale, hant_locale):
    """Both Chinese pages hold the same folded words; each language's search finds its own page, counted once. On
    PostgreSQL the index itself is asked for that language's entries only (``search.matched``), while the rank's
    query (``search.query``) is the words alone."""
    for locale, page in ((zh_locale, pages[ZH]), (hant_locale, pages[HANT])):
        found = results.search_pages("鹦鹉螺", locale)
        assert ([result.pk for result in found], found.count()) == ([page.pk], 1)
        assert filtered_locale(found.query_compiler.queryset) == locale.pk
    if connection.vendor != "postgresql":
        return
    found = results.search_pages("鹦鹉螺", zh_locale)
    with_sql, with_params, _from_sql, _from_params = found.query_compiler._matches_sql(found.backend)
    content_types = list(get_descendants_content_types_pks(Page))

    def matching_objects(column):
        with connection.cursor() as cursor:
            cursor.execute(
                f"{with_sql} SELECT m.object_id FROM search, {MATCH_FUNCTION}(search.{column}, %s::integer[]) AS m",  # noqa: S608
                [*with_params, content_types],
            )
            return sorted(row[0] for row in cursor.fetchall())

    assert matching_objects("matched") == [str(pages[ZH].pk)]
    assert matching_objects("query") == sorted(str(pages[language].pk) for language in (ZH, HANT))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT l.language_code, {LANGUAGE_TOKEN_SQL} FROM wagtailcore_locale AS l")  # noqa: S608
        words = dict(cursor.fetchall())
    assert words == {code: language_token(code) for code in words} and len(words) == 3


def test_a_search_keeps_to_a_locale_only_when_its_filters_keep_one(zh_locale):
    live = Page.objects.live()
    assert filtered_locale(live.filter(locale=zh_locale)) == zh_locale.pk
    assert filtered_locale(live.filter(locale_id=zh_locale.pk, depth__gt=1).exclude(pk__in=[1])) == zh_locale.pk
    assert filtered_locale(NewsPage.objects.filter(locale=zh_locale)) == zh_locale.pk
    assert filtered_locale(live) is None
    assert filtered_locale(live.exclude(locale=zh_locale)) is None
    assert filtered_locale(live.filter(Q(locale=zh_locale) | Q(depth=2))) is None
    assert filtered_locale(City.objects.filter(locale=zh_locale)) is None  # snippets do not index the word
