"""Native Chinese typography (issue 17, item 4): numerals, list markers, a city's country, the key figures.

Date and time ranges: ``test_date_ranges.py``; search excerpts: ``tests/portal/search/test_excerpt_separators.py``.
"""

import pytest
from django.utils import translation

from portal.core.templatetags.portal_tags import chinese_numeral, list_marker, part_numeral, roman, roman_value
from tests.utils import CONTENT, EN, LANGUAGES, ZH, ZHT, inline_text, iter_blocks, soup_of, text_of, yaml_bodies


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (20, "二十"),
        (40, "四十"),
        (99, "九十九"),
    ],
)
def test_chinese_numeral(number, expected):
    assert chinese_numeral(number) == expected


@pytest.mark.parametrize(("numeral", "expected"), [("I", 1), ("II", 2), ("IV", 4), ("XIV", 14), (3, 3), ("x", 10)])
def test_roman_value(numeral, expected):
    assert roman_value(numeral) == expected


@pytest.mark.parametrize("numeral", ["", None, "II b", "第二"])
def test_roman_value_of_something_else_is_none(numeral):
    assert roman_value(numeral) is None


@pytest.mark.parametrize(
    ("language", "number", "expected"),
    [(EN, "I", "I"), (EN, "II", "II"), (EN, 2, "II"), (ZH, "I", "一"), (ZH, "II", "二"), (ZH, "?", "?")],
)
def test_part_numeral(language, number, expected):
    with translation.override(language):
        assert part_numeral(number) == expected


@pytest.mark.parametrize(
    ("language", "number", "expected"),
    [(EN, 1, "I. "), (EN, 12, "XII. "), (ZH, 1, "1. "), (ZH, 12, "12. "), (ZH, "x", "")],
)
def test_list_marker(language, number, expected):
    with translation.override(language):
        assert list_marker(number) == expected


def _key_figure_labels():
    yield "home", CONTENT["home"]["key_figure"]["label"]
    for path, body in yaml_bodies():
        for _kind, value in iter_blocks(body, "key_figure"):
            yield path, value["label"]


@pytest.mark.parametrize(("where", "label"), list(_key_figure_labels()))
def test_key_figure_labels_stand_alone(where, label):
    """A label is read under its figure, on its own: not a sentence's continuation ("of people...", "的...")."""
    assert not label["zh"].startswith(("的", "之", "是")), where
    assert label["en"][0].isupper() or label["en"][0] in '“"', where


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "eyebrow", "covered_by"),
    [
        (EN, ["Component I", "Component II"], ["I. ", "II. "]),
        (ZH, ["第一部分", "第二部分"], ["一、", "二、"]),
    ],
)
def test_component_numbers_in_each_language(client, language, eyebrow, covered_by):
    home = soup_of(client.get(f"/{language}/"))
    assert [text_of(p) for p in home.select(".component-teaser .eyebrow")] == eyebrow
    component = soup_of(client.get(f"/{language}/global-covenant-of-mayors/"))
    assert text_of(component.select_one(".eyebrow")) == eyebrow[1]
    china = soup_of(client.get(f"/{language}/countries/china/"))
    links = [inline_text(a) for a in china.select(".covered-by a")]
    assert [link[: len(marker)] for link, marker in zip(links, covered_by, strict=True)] == covered_by
    # Numbered items are separated by a semicolon: "一、...；二、...", not "一、...、二、...".
    assert f"{links[0]}{'；' if language == ZH else '; '}{links[1]}" in inline_text(china.select_one(".covered-by"))
    countries = soup_of(client.get(f"/{language}/countries/"))
    badges = {text_of(badge) for badge in countries.select(".card__meta .badge")}
    assert badges == set(eyebrow)
    text = inline_text(home.main) + inline_text(countries.main)
    if language == ZH:
        assert "第I" not in text and "I．" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_city_cards_number_and_name_their_country_as_the_language_does(client, language):
    soup = soup_of(client.get(f"/{language}/countries/eu-member-states/"))
    names = [inline_text(h) for h in soup.select(".city__name")]
    assert names[0].startswith({EN: "I. ", ZH: "1. ", ZHT: "1. "}[language])
    assert names[11].startswith({EN: "XII. ", ZH: "12. ", ZHT: "12. "}[language])
    expected = {EN: "Mannheim, Germany", ZH: "德国曼海姆", ZHT: "德國曼海姆"}[language]
    position = next(index for index, name in enumerate(names, 1) if name.endswith(expected))
    assert names[position - 1] == (f"{roman(position)}. " if language == EN else f"{position}. ") + expected


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [(EN, "Mannheim – Chongqing"), (ZH, "曼海姆—重庆")])
def test_a_pairing_joins_its_cities_as_the_language_joins_places(client, language, expected):
    soup = soup_of(client.get(f"/{language}/search/", {"q": {EN: "Mannheim", ZH: "曼海姆"}[language]}))
    titles = [inline_text(h) for h in soup.select(".search-result__title")]
    assert expected in titles
