"""Template filters of ``portal_tags``: numbers, numerals and JSON-LD."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import translation

from portal.core.templatetags.portal_tags import json_ld, readable_number, roman


@pytest.mark.parametrize(
    ("number", "english", "chinese"),
    [
        (30_000_000, "30,000,000", "3000万"),
        (99_995_000, "99,995,000", "9999.5万"),
        (1_000_000_000_000, "1,000,000,000,000", "10000亿"),
        (241_200, "241,200", "24.12万"),
        (Decimal("7434.40"), "7,434.4", "7434.4"),
        (Decimal("13745.95"), "13,745.95", "1.37万"),
        ("not a number", "not a number", "not a number"),
    ],
)
def test_readable_number_groups_as_each_language_reads(number, english, chinese):
    with translation.override("en"):
        assert readable_number(number) == english
    with translation.override("zh-hans"):
        assert readable_number(number) == chinese


@pytest.mark.parametrize(("number", "numeral"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (2019, "MMXIX")])
def test_roman_numerals(number, numeral):
    assert roman(number) == numeral


def test_json_ld_escapes_what_could_end_the_script_element():
    html = str(
        json_ld(
            {"@type": "NewsArticle", "headline": "</script><b>重庆 & 曼海姆</b>", "date": datetime.date(2019, 3, 15)}
        )
    )
    assert html.startswith('<script type="application/ld+json">')
    assert html.count("</script>") == 1
    payload = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(payload) == {
        "@type": "NewsArticle",
        "headline": "</script><b>重庆 & 曼海姆</b>",
        "date": "2019-03-15",
    }


def test_json_ld_of_nothing_is_empty():
    assert json_ld({}) == ""
    assert json_ld(None) == ""
