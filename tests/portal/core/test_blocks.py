"""StreamField blocks: the translatable TableBlock, each block template in real pages, news pagination."""

import math

import pytest
from django.utils import translation
from wagtail_localize.segments import StringSegmentValue

from components.blocks import BodyStreamBlock
from home.models import StandardPage
from portal.core.blocks import TableBlock
from tests.utils import (
    BOLD_RE,
    CONTENT,
    EN,
    LANGUAGES,
    ZH,
    inline_text,
    iter_blocks,
    pair,
    paragraph_links,
    plain_paragraph,
    soup_of,
    text_of,
    yaml_bodies,
)

ABOUT = CONTENT["about"]
ABOUT_PATH = f"/{ABOUT['slug']}/"


def _first_block(kind):
    """``(page path, value)`` of the first block of ``kind`` in the content data."""
    for path, body in yaml_bodies():
        for _kind, value in iter_blocks(body, kind):
            return path, value
    raise AssertionError(f"no {kind} block in the content data")


def _table_value(table, language):
    """The TableBlock value the YAML ``table`` block describes, in ``language``."""
    header = [pair(cell, language) for cell in table.get("header") or []]
    rows = [[pair(cell, language) for cell in row] for row in table.get("rows") or []]
    return {
        "data": ([header] if header else []) + rows,
        "first_row_is_table_header": bool(header),
        "first_col_is_header": False,
        "table_caption": pair(table["caption"], language) if table.get("caption") else "",
    }


def _cells(value):
    return [cell for row in value["data"] for cell in row]


# ---------------------------------------------------------------------------- TableBlock and wagtail-localize


def test_table_block_segments_cover_caption_and_every_cell():
    _path, table = _first_block("table")
    english = _table_value(table, EN)
    segments = TableBlock().get_translatable_segments(english)
    assert all(isinstance(segment, StringSegmentValue) for segment in segments)
    paths = [segment.path for segment in segments]
    assert len(paths) == len(set(paths)), "two segments share a path"
    assert sorted(segment.render_text() for segment in segments) == sorted([english["table_caption"], *_cells(english)])


def test_table_block_round_trip_gives_the_chinese_table():
    _path, table = _first_block("table")
    english, chinese = _table_value(table, EN), _table_value(table, ZH)
    translations = dict(zip(_cells(english), _cells(chinese), strict=True))
    translations[english["table_caption"]] = chinese["table_caption"]
    block = TableBlock()
    segments = block.get_translatable_segments(english)
    translated = [StringSegmentValue(segment.path, translations[segment.render_text()]) for segment in segments]
    original = {key: (list(map(list, value)) if key == "data" else value) for key, value in english.items()}

    restored = block.restore_translated_segments(english, translated)

    assert restored == chinese
    assert english == original, "the source value was modified"


def test_table_block_round_trip_keeps_empty_cells_and_special_characters():
    value = {
        "data": [["R&D <budget>", None, ""], ["", "“Quoted” & 5 > 4", "plain"]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "",
    }
    block = TableBlock()
    segments = block.get_translatable_segments(value)
    assert sorted(segment.render_text() for segment in segments) == sorted(
        ["R&D <budget>", "“Quoted” & 5 > 4", "plain"]
    )
    # Each cell comes back translated, special characters intact; empty cells stay empty.
    translated = [StringSegmentValue(s.path, f"译：{s.render_text()}") for s in segments]
    restored = block.restore_translated_segments(value, translated)
    assert restored["data"] == [["译：R&D <budget>", None, ""], ["", "译：“Quoted” & 5 > 4", "译：plain"]]
    assert restored["table_caption"] == ""
    assert block.get_translatable_segments(None) == []


@pytest.mark.django_db
def test_chinese_page_table_is_the_wagtail_localize_translation(page_at):
    path, table = _first_block("table")
    for language in LANGUAGES:
        page = page_at(path, language)
        values = [block.value for block in page.body if block.block_type == "table"]
        assert values, f"no table on {path} in {language}"
        expected = _table_value(table, language)
        assert values[0]["data"] == expected["data"]
        assert values[0]["table_caption"] == expected["table_caption"]


# ---------------------------------------------------------------------------- block templates in real pages


@pytest.fixture
def page_soup(client):
    def get(path, language):
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200
        return soup_of(response)

    return get


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_heading_blocks_render(page_soup, language):
    soup = page_soup(ABOUT_PATH, language)
    expected = [
        pair(value if kind == "heading" else value["heading"], language)
        for kind, value in iter_blocks(ABOUT["body"])
        if kind in ("heading", "sources")  # the loader makes a sources block a heading and a paragraph
    ]
    assert expected
    assert [text_of(h) for h in soup.select(".stream > h2.block-heading")] == expected


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_paragraph_blocks_render_with_bold_text(page_soup, language):
    soup = page_soup(ABOUT_PATH, language)
    paragraphs = [value for _kind, value in iter_blocks(ABOUT["body"], "paragraph")]
    shown = soup.select(".stream > .block-paragraph:not(:has(ul))")  # not the Sources list (test_published_text)
    assert [inline_text(p) for p in shown] == [plain_paragraph(pair(value, language)) for value in paragraphs]
    bold = [text_of(b) for p in shown for b in p.find_all("b")]
    assert bold == [b for value in paragraphs for b in BOLD_RE.findall(pair(value, language))]
    assert bold, "the content data has no bold text on this page"


def _paths_with_links():
    return [
        path
        for path, body in yaml_bodies()
        if any(paragraph_links(pair(value, EN)) for _kind, value in iter_blocks(body, "paragraph"))
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("path", _paths_with_links())
@pytest.mark.parametrize("language", LANGUAGES)
def test_rich_text_page_links_point_at_the_page_in_the_same_language(page_soup, path, language):
    body = dict(yaml_bodies())[path]
    expected = [
        (text, f"/{language}{target}")
        for _kind, value in iter_blocks(body, "paragraph")
        for text, target in paragraph_links(pair(value, language))
    ]
    soup = page_soup(path, language)
    # Only page links: the About page's Sources list links outside (test_published_text).
    shown = [(text_of(a), a.get("href")) for a in soup.select(".stream .block-paragraph a[href^='/']")]
    assert shown == expected


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_key_figure_block_renders(page_soup, language):
    path, value = _first_block("key_figure")
    soup = page_soup(path, language)
    figures = [
        (text_of(f.select_one(".key-figure__value")), text_of(f.select_one(".key-figure__label")))
        for f in soup.select(".stream .key-figure")
    ]
    assert (str(value["value"]), pair(value["label"], language)) in figures


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_call_to_action_blocks_render_with_a_link_in_the_same_language(page_soup, language):
    checked = 0
    for path, body in yaml_bodies():
        actions = [value for _kind, value in iter_blocks(body, "call_to_action")]
        if not actions:
            continue
        soup = page_soup(path, language)
        shown = [
            (text_of(box.p), text_of(box.a), box.a["href"] if box.a else None)
            for box in soup.select(".stream .call-to-action")
        ]
        assert shown == [
            (pair(value["text"], language), pair(value["link_text"], language), f"/{language}{value['page']}")
            for value in actions
        ], path
        checked += 1
    assert checked


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_city_list_block_renders(page_soup, content, language):
    path, value = _first_block("city_list")
    names = {item["key"]: item["name"] for item in content["cities"]}
    soup = page_soup(path, language)
    section = next(
        s for s in soup.select(".stream section.city-list") if text_of(s.h2) == pair(value["heading"], language)
    )
    items = section.select("li.city")
    assert [li["id"] for li in items] == [f"city-{key}" for key in value["cities"]]
    for li, key in zip(items, value["cities"], strict=True):
        assert pair(names[key], language) in text_of(li.select_one(".city__name"))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_pairing_list_block_renders(page_soup, content, language):
    path, value = _first_block("pairing_list")
    cities = {item["key"]: item["name"] for item in content["cities"]}
    pairings = {item["key"]: item for item in content["pairings"]}
    soup = page_soup(path, language)
    section = next(
        s for s in soup.select(".stream section.pairing-list") if text_of(s.h2) == pair(value["heading"], language)
    )
    items = section.select("li.pairing")
    assert len(items) == len(value["pairings"])
    for li, key in zip(items, value["pairings"], strict=True):
        pairing = pairings[key]
        heading = text_of(li.select_one(".pairing__cities"))
        assert pair(cities[pairing["eu_city"]], language) in heading
        assert pair(cities[pairing["cn_city"]], language) in heading
        assert pair(pairing["summary"], language) in [text_of(p) for p in li.find_all("p")]
        assert [text_of(t) for t in li.select("ul.tags li")] == [pair(t, language) for t in pairing.get("themes") or []]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_table_block_renders(page_soup, language):
    path, table = _first_block("table")
    expected = _table_value(table, language)
    soup = page_soup(path, language)
    region = soup.select_one(".stream .block-table")
    assert region["aria-label"] == expected["table_caption"]
    assert text_of(region.caption) == expected["table_caption"]
    assert [text_of(th) for th in region.select("thead th")] == expected["data"][0]
    assert [[text_of(td) for td in tr.find_all("td")] for tr in region.select("tbody tr")] == expected["data"][1:]


@pytest.mark.django_db
def test_quote_block_renders_in_a_published_page(client, get_page):
    english = get_page(StandardPage, EN, ABOUT_PATH)
    english.body.append(("quote", {"text": "Cities learn from cities.\nTogether.", "attribution": "A city officer"}))
    english.save_revision().publish()
    soup = soup_of(client.get(f"/{EN}{ABOUT_PATH}"))
    quote = soup.select_one(".stream figure.block-quote")
    assert quote is not None
    assert text_of(quote.blockquote) == "Cities learn from cities. Together."
    assert quote.blockquote.find("br") is not None
    assert text_of(quote.figcaption) == "— A city officer"


def test_quote_block_without_attribution_has_no_caption():
    block = BodyStreamBlock().child_blocks["quote"]
    with translation.override("en"):  # in Chinese, Latin words would be marked (portal.core.typography)
        html = block.render(block.to_python({"text": "Less is <more>", "attribution": ""}))
    assert "figcaption" not in html
    assert "Less is &lt;more&gt;" in html


# ---------------------------------------------------------------------------- news index pagination


NEWS_COUNT = len(CONTENT["news"])
PER_PAGE = 12


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", ["abc", "999", "0", "-1", "1.5", str(math.ceil(NEWS_COUNT / PER_PAGE) + 1)])
def test_news_index_bad_page_number_is_a_404(client, language, query):
    assert client.get(f"/{language}/news/", {"page": query}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_news_index_is_paginated_12_a_page_newest_first(client, content, language):
    assert NEWS_COUNT > PER_PAGE, "the content has too few news items to paginate"
    pages = math.ceil(NEWS_COUNT / PER_PAGE)
    seen = []
    for number in range(1, pages + 1):
        response = client.get(f"/{language}/news/", {"page": number} if number > 1 else {})
        assert response.status_code == 200
        soup = soup_of(response)
        items = soup.select("main .news-item")
        assert len(items) == min(PER_PAGE, NEWS_COUNT - PER_PAGE * (number - 1))
        seen += [(item.find("time")["datetime"], text_of(item.select_one(".news-item__title"))) for item in items]
        nav = soup.select_one("nav.pagination")
        assert nav is not None
        assert (nav.select_one('a[rel="prev"]') is not None) is (number > 1)
        assert (nav.select_one('a[rel="next"]') is not None) is (number < pages)
        if number < pages:
            assert nav.select_one('a[rel="next"]')["href"] == f"?page={number + 1}"
    assert [date for date, _title in seen] == sorted((date for date, _title in seen), reverse=True)
    assert sorted(title for _date, title in seen) == sorted(pair(item["title"], language) for item in content["news"])
