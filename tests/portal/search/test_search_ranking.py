"""Search ranking and counting at scale (``portal.search.ranking``): order, counts, pages, and a bounded query count.

These run on whichever database the suite runs on; ``.ci/run`` runs them on SQLite and PostgreSQL. Speed is
measured by the benchmark (``tests/benchmarks/search.py``), never here.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from portal.search import results
from portal.search.ranking import postgres
from tests.news.factories import NewsPageFactory
from tests.portal.search.test_search import get_search, result_links
from tests.utils import EN, ZH, soup_of, text_of

pytestmark = pytest.mark.django_db

WORD = "zorblat"  # found in no content page
CHINESE_WORD = "鲲鹏"  # likewise


def found_ids(query, locale):
    return [page.pk for page in results.search_pages(query, locale)]


# PostgreSQL ranks by title and body up to EXACT_RANK_LIMIT matches and by title alone beyond; SQLite always
# by bm25(). Both must put a title match first, at either limit.
@pytest.mark.parametrize("limit", [postgres.EXACT_RANK_LIMIT, 0], ids=["title and body", "title alone"])
def test_a_title_match_ranks_above_pages_with_the_word_only_in_their_body(en_locale, monkeypatch, limit):
    monkeypatch.setattr(postgres, "EXACT_RANK_LIMIT", limit)
    title = NewsPageFactory(title=f"The {WORD} report", intro="A short note.")
    # Newer (a higher pk wins ties) and with the word five times, but only in its body.
    body = NewsPageFactory(title="Valley news", intro=f"{WORD} farmers, {WORD} roads, {WORD} {WORD} {WORD}.")
    assert found_ids(WORD, en_locale) == [title.pk, body.pk]


def test_the_body_with_more_of_the_word_ranks_first_among_body_matches(en_locale):
    once = NewsPageFactory(title="Valley news", intro=f"Farmers of {WORD} met on Monday to talk about roads.")
    often = NewsPageFactory(title="Valley notes", intro=f"{WORD} farmers met {WORD} traders at the {WORD} market.")
    assert found_ids(WORD, en_locale) == [often.pk, once.pk]


def test_each_word_of_a_query_is_required_and_ranked(en_locale):
    both = NewsPageFactory(title=f"{WORD} climate plan", intro="Adopted in May.")
    NewsPageFactory(title=f"{WORD} transport plan", intro="Adopted in June.")
    assert found_ids(f"{WORD} climate", en_locale) == [both.pk]


def test_chinese_and_english_are_found_in_their_own_language(en_locale, zh_locale):
    english = NewsPageFactory(title=f"The {WORD} forum", intro="Cities met.")
    chinese = NewsPageFactory(locale=zh_locale, title=f"{CHINESE_WORD}论坛在重庆举行", intro="城市代表出席。")
    assert found_ids(WORD, en_locale) == [english.pk]
    assert found_ids(CHINESE_WORD, zh_locale) == [chinese.pk]
    assert found_ids(CHINESE_WORD, en_locale) == []
    assert found_ids(WORD, zh_locale) == []


def test_counts_and_slices_agree_with_the_full_ranking(en_locale):
    pages = [NewsPageFactory(title=f"{WORD} item {number}", intro="Text.") for number in range(13)]
    found = results.search_pages(WORD, en_locale)
    assert found.count() == 13
    everything = [page.pk for page in results.search_pages(WORD, en_locale)]
    assert sorted(everything) == sorted(page.pk for page in pages)
    sliced = results.search_pages(WORD, en_locale)
    assert [page.pk for page in sliced[0:5]] + [page.pk for page in sliced[5:10]] + [
        page.pk for page in sliced[10:20]
    ] == everything
    assert sliced[10:20].count() == 3
    assert sliced[20:30].count() == 0
    assert [page.pk for page in sliced[3:5]] == everything[3:5]


def test_scores_are_given_when_asked(en_locale):
    NewsPageFactory(title=f"The {WORD} report", intro="A short note.")
    NewsPageFactory(title="Valley news", intro=f"{WORD} farmers.")
    scored = list(Page.objects.live().filter(locale=en_locale).search(WORD).annotate_score("score"))
    assert len(scored) == 2
    # Upstream's sense on each database: bm25 (lower is better) on SQLite, ts_rank (higher) on PostgreSQL.
    best, second = (scored[0].score, scored[1].score)
    assert best != second
    assert (best < second) if connection.vendor == "sqlite" else (best > second)


def test_the_search_page_counts_all_matches_and_pages_through_them(client, en_locale):
    for number in range(23):
        NewsPageFactory(title=f"{WORD} item {number}", intro="Text.")
    pages = [get_search(client, EN, q=WORD, page=str(number)) for number in (1, 2, 3)]
    assert "23 pages found" in text_of(soup_of(pages[0]).select_one(".search-summary"))
    links = [result_links(page) for page in pages]
    assert [len(found) for found in links] == [10, 10, 3]
    assert len({link for found in links for link in found}) == 23
    assert get_search(client, EN, q=WORD, page="4").status_code == 404


def _search_page_queries(client, language, word):
    with CaptureQueriesContext(connection) as queries:
        response = get_search(client, language, q=word)
    assert response.status_code == 200
    return len(queries), len(result_links(response))


@pytest.mark.parametrize(("language", "word"), [(EN, WORD), (ZH, CHINESE_WORD)])
def test_the_search_page_makes_as_many_queries_for_60_matches_as_for_15(client, locales, language, word):
    def add_news(count):
        for number in range(count):
            NewsPageFactory(locale=locales[language], title=f"{word} {number}", intro=f"{word} news")

    add_news(15)
    get_search(client, language, q=word)  # the first search of a word also creates its statistics row
    small = _search_page_queries(client, language, word)
    add_news(45)
    large = _search_page_queries(client, language, word)
    assert small[1] == large[1] == 10
    assert large[0] == small[0], f"{small[0]} queries for 15 matches, {large[0]} for 60"
