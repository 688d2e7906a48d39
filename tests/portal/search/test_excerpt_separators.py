"""Search excerpts join a page's fields and blocks as its language reads (issue 17, item 4).

``portal.search.excerpts.join_texts``: no stray space after full-width punctuation in Chinese, and a full
stop after a text that ends without one ("Online. An online review", "线上。曼海姆...").
"""

import pytest
from django.utils import translation

from portal.search import results
from portal.search.excerpts import join_texts
from tests.utils import EN, ZH, inline_text, soup_of


@pytest.mark.parametrize(
    ("language", "texts", "expected"),
    [
        (EN, ["Online", "An online review."], "Online. An online review."),
        (EN, ["It ended.", "Then"], "It ended. Then"),
        (EN, ["Is it?", "Yes: it is", "done"], "Is it? Yes: it is. done"),
        (EN, ["He said “Go.”", "They went"], "He said “Go.” They went"),
        (EN, ["A (note)", "B"], "A (note). B"),
        (EN, ["  spaced \n text ", "", None, "next"], "spaced text. next"),
        (EN, [], ""),
        (ZH, ["线上", "曼海姆与重庆伙伴关系的线上回顾会议。"], "线上。曼海姆与重庆伙伴关系的线上回顾会议。"),
        (ZH, ["第一句。", "第二句！", "第三句"], "第一句。第二句！第三句"),
        (ZH, ["标题：", "正文"], "标题：正文"),
        (ZH, ["《巴黎协定》", "正文"], "《巴黎协定》正文"),
        (ZH, ["IUC亚洲", "项目"], "IUC亚洲。项目"),
        (ZH, ["UCAP.", "项目"], "UCAP. 项目"),
        ("zh-Hans", ["一", "二"], "一。二"),
    ],
)
def test_join_texts(language, texts, expected):
    assert join_texts(texts, language) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "start"),
    [
        (EN, "Online. An online review of the Mannheim–Chongqing partnership"),
        (ZH, "线上。曼海姆与重庆伙伴关系的线上回顾会议，"),
    ],
)
def test_a_page_text_joins_its_fields_with_the_languages_separator(page_at, language, start):
    page = page_at("/events/mannheim-chongqing-online-meeting-2020/", language).specific
    with translation.override(language):
        text = results.page_text(page)
    assert start in text
    if language == ZH:
        assert not any(f"{mark} " in text for mark in "。，；：！？")


@pytest.mark.django_db
def test_chinese_excerpts_have_no_space_after_full_width_punctuation(client):
    soup = soup_of(client.get("/zh-hans/search/", {"q": "曼海姆"}))
    excerpts = [inline_text(p) for p in soup.select(".search-result__excerpt")]
    assert len(excerpts) >= 5
    assert [text for text in excerpts if any(f"{mark} " in text for mark in "。，；：！？")] == []
