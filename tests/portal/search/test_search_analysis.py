"""The search text analysis (portal/search/analysis.py) and the highlighted excerpts (portal/search/excerpts.py)."""

import sys
import threading

import pytest
from wagtail.search.query import And, Or, Phrase, PlainText

from portal.search import analysis, excerpts


def test_threads_stem_at_the_same_time_without_mixing_their_words():
    """gunicorn's threaded worker searches in several threads of one process: a shared Snowball stemmer mixed their
    words (wrong stems, or IndexError: a 500 on the search page). Threads switch every microsecond here."""
    words = [base + end for base in ("citi", "running", "cooper", "sustain") for end in ("", "es", "ing", "ation")]
    stem = analysis.word_term.__wrapped__  # past the lru_cache, which would hide the stemmer
    expected = {word: stem(word) for word in words}
    found = []

    def stem_all():
        try:
            found.extend(word for _ in range(200) for word in words if stem(word) != expected[word])
        except Exception as error:  # the race's IndexError is one of the outcomes looked for
            found.append(repr(error))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=stem_all) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert found == []


def test_cjk_runs_become_overlapping_bigrams():
    assert analysis.index_text("重庆代表团访问曼海姆") == "重庆 庆代 代表 表团 团访 访问 问曼 曼海 海姆"


def test_a_lone_cjk_character_stays_a_unigram():
    assert analysis.index_text("市 Mannheim") == "市 mannheim"


def test_words_are_lower_cased_and_stemmed_alike():
    assert analysis.index_text("Cities") == analysis.index_text("city") == "citi"
    assert analysis.index_text("Cooperation", stemmed=False) == "cooperation"


def test_accents_and_full_width_forms_are_folded_the_same_on_every_database():
    assert analysis.index_text("Málaga école e\u0301cole") == "malaga ecol ecol"
    assert analysis.index_text("ｃｉｔｙ ＥＵ") == "citi eu"


def test_mixed_scripts_are_split_at_the_script_boundary():
    assert analysis.index_text("IUC亚洲2019年") == "iuc 亚洲 2019 年"


def test_punctuation_operators_and_control_characters_are_separators():
    assert analysis.index_text('"climate" AND -action* % \x00 😀 (x) _') == "climat and action x"


@pytest.mark.parametrize("text", ["", "%", '"', "\x00", "😀😀", "()", "___", "-", "* : ^"])
def test_a_query_without_words_looks_for_nothing(text):
    assert analysis.search_query(text) is None


def test_a_cjk_run_is_a_phrase_of_its_bigrams_and_a_word_a_stem():
    query = analysis.search_query("曼海姆 cities")
    assert isinstance(query, And)
    phrase, word = query.subqueries
    assert isinstance(phrase, Phrase) and phrase.query_string == "曼海 海姆"
    assert isinstance(word, PlainText) and word.query_string == "citi"


def test_or_operator_and_duplicates():
    query = analysis.search_query("city cities town", operator="or")
    assert isinstance(query, Or)
    assert [part.query_string for part in query.subqueries] == ["citi", "town"]


def test_an_unknown_operator_is_refused_as_wagtail_refuses_it():
    with pytest.raises(ValueError):
        analysis.search_query("city", operator="nope")


def test_parsed_query_trees_are_analysed_too():
    query = analysis.analyse_query(And([PlainText("Cities"), Phrase("重庆代表团"), PlainText("%")]))
    assert isinstance(query, And)
    assert [type(part) for part in query.subqueries] == [PlainText, Phrase]
    assert query.subqueries[1].query_string == "重庆 庆代 代表 表团"


def test_highlight_marks_stem_matches_and_cjk_substrings_and_escapes():
    html = excerpts.highlight("A city <b>visit</b>: 重庆代表团访问曼海姆", "cities 代表团")
    assert html == "A <mark>city</mark> &lt;b&gt;visit&lt;/b&gt;: 重庆<mark>代表团</mark>访问曼海姆"


def test_excerpt_is_cut_around_the_first_match_with_ellipses():
    text = " ".join(["filler"] * 100) + " Mannheim " + " ".join(["more"] * 100)
    html = excerpts.excerpt(text, "mannheim", length=80)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>Mannheim</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= 82


def test_excerpt_without_a_match_is_the_start_of_the_text():
    assert excerpts.excerpt("Short text.", "absent") == "Short text."
    assert excerpts.excerpt("", "absent") == ""
