"""Template filters of ``portal_tags``."""

from decimal import Decimal

import pytest
from django.utils import translation

from portal.templatetags.portal_tags import readable_number, roman


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
