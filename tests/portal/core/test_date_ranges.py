"""Date and time ranges in each language's own form (``portal.core.date_ranges``, the ``date_range`` tags)."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.core.date_ranges import date_range, datetime_range, range_text
from tests.utils import EN, ZH

D = datetime.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        (EN, D(2019, 9, 21), D(2019, 9, 21), "21 September 2019"),
        (EN, D(2019, 9, 21), D(2019, 9, 28), "21–28 September 2019"),
        (EN, D(2019, 9, 28), D(2019, 10, 2), "28 September – 2 October 2019"),
        (EN, D(2019, 12, 28), D(2020, 1, 2), "28 December 2019 – 2 January 2020"),
        (ZH, D(2019, 9, 21), D(2019, 9, 21), "2019年9月21日"),
        (ZH, D(2019, 9, 21), D(2019, 9, 28), "2019年9月21日至28日"),
        (ZH, D(2019, 9, 28), D(2019, 10, 2), "2019年9月28日至10月2日"),
        (ZH, D(2019, 12, 28), D(2020, 1, 2), "2019年12月28日至2020年1月2日"),
        # The same month of another year is not the same month.
        (EN, D(2019, 9, 21), D(2020, 9, 28), "21 September 2019 – 28 September 2020"),
        (ZH, D(2019, 9, 21), D(2020, 9, 28), "2019年9月21日至2020年9月28日"),
    ],
)
def test_date_range(language, start, end, expected):
    with translation.override(language):
        parts = date_range(start, end)
        assert range_text(parts) == expected
        # Reversed ends give the same range; datetimes give their own date.
        assert range_text(date_range(end, start)) == expected
        assert (
            range_text(date_range(_at(start.year, start.month, start.day, 9), _at(end.year, end.month, end.day)))
            == expected
        )
    assert [part.iso for part in parts if part.iso] == sorted({start.isoformat(), end.isoformat()})


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        (EN, _at(2019, 9, 21, 9), _at(2019, 9, 21, 17, 30), "21 September 2019, 09:00–17:30"),
        (ZH, _at(2019, 9, 21, 9), _at(2019, 9, 21, 17, 30), "2019年9月21日 9:00至17:30"),
        (EN, _at(2019, 9, 21, 22), _at(2019, 9, 22, 2), "21 September 2019, 22:00 – 22 September 2019, 02:00"),
        (ZH, _at(2019, 9, 21, 22), _at(2019, 9, 22, 2), "2019年9月21日 22:00至9月22日 2:00"),
        (ZH, _at(2019, 12, 31, 22), _at(2020, 1, 1, 2), "2019年12月31日 22:00至2020年1月1日 2:00"),
    ],
)
def test_datetime_range(language, start, end, expected):
    with translation.override(language):
        parts = datetime_range(start, end)
    assert range_text(parts) == expected
    assert [part.iso for part in parts if part.iso] == [start.isoformat(), end.isoformat()]


def test_the_tags_put_each_end_in_a_time_element_and_escape_nothing_twice():
    template = Template("{% load portal_tags %}{% date_range start end %}|{% datetime_range first last %}")
    context = Context(
        {"start": D(2019, 9, 21), "end": D(2019, 9, 28), "first": _at(2019, 9, 21, 9), "last": _at(2019, 9, 21, 17, 30)}
    )
    with translation.override(ZH):
        html = template.render(context)
    assert html == (
        '<time datetime="2019-09-21">2019年9月21日</time>至<time datetime="2019-09-28">28日</time>|'
        '<time datetime="2019-09-21T09:00:00+08:00">2019年9月21日 9:00</time>至'
        '<time datetime="2019-09-21T17:30:00+08:00">17:30</time>'
    )
    with translation.override(EN):
        html = template.render(context)
    assert html.startswith(
        '<time datetime="2019-09-21">21</time>–<time datetime="2019-09-28">28 September 2019</time>|'
    )
