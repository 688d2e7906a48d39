"""Date and time ranges written the way each language writes them.

English (British style): "21 September 2019", "21–28 September 2019", "28 September – 2 October 2019",
"28 December 2019 – 2 January 2020"; times "21 September 2019, 09:00–17:30".
Chinese: "2019年9月21日", "2019年9月21日至28日", "2019年9月28日至10月2日",
"2019年12月28日至2020年1月2日"; times "2019年9月21日 9:00至17:30".

A range is a list of ``Part``s: text, and the ISO value of the ``<time>`` element the text goes in
(``None`` for a separator). ``render_parts`` makes the HTML. Both functions use the active language.
"""

import datetime
from typing import NamedTuple

from django.utils.formats import date_format, time_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from portal.edge import language as languages

#: The separator of a range whose ends are single numbers ("21–28", "09:00–17:30").
EN_DASH = "–"
#: The separator of a range whose ends contain spaces ("28 September – 2 October 2019").
SPACED_EN_DASH = " – "
#: The Chinese separator of every range.
ZH_TO = "至"


class Part(NamedTuple):
    """A piece of a range: ``text``, and ``iso``, the ``datetime`` of its ``<time>`` element (None: plain text)."""

    text: str
    iso: str | None = None


def is_chinese(language: str | None = None) -> bool:
    """True when ``language`` (default: the active language) is Chinese, Simplified or Traditional."""
    return languages.is_chinese(language or get_language())


def _day(value: datetime.date) -> str:
    return str(value.day)


def _as_date(value: datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def date_range(start: datetime.date, end: datetime.date) -> list[Part]:
    """Return the parts of the range of calendar dates ``start`` to ``end`` (inclusive) in the active language.

    ``start`` and ``end`` are dates, or datetimes whose own (local) date is taken.

    One part when they are the same day. The year, and the month, are written once when both ends share them.
    """
    start, end = _as_date(start), _as_date(end)
    if end < start:
        start, end = end, start
    first, last = start.isoformat(), end.isoformat()
    if start == end:
        return [Part(date_format(start, "DATE_FORMAT"), first)]
    same_year = start.year == end.year
    same_month = same_year and start.month == end.month
    if is_chinese():
        if same_month:
            end_text = f"{end.day}日"
        elif same_year:
            end_text = date_format(end, "MONTH_DAY_FORMAT")
        else:
            end_text = date_format(end, "DATE_FORMAT")
        return [Part(date_format(start, "DATE_FORMAT"), first), Part(ZH_TO), Part(end_text, last)]
    if same_month:
        return [Part(_day(start), first), Part(EN_DASH), Part(date_format(end, "DATE_FORMAT"), last)]
    start_text = date_format(start, "MONTH_DAY_FORMAT" if same_year else "DATE_FORMAT")
    return [Part(start_text, first), Part(SPACED_EN_DASH), Part(date_format(end, "DATE_FORMAT"), last)]


def datetime_range(start: datetime.datetime, end: datetime.datetime) -> list[Part]:
    """Return the parts of the range of times ``start`` to ``end`` (aware datetimes, shown as they are).

    On one day the date is written once ("21 September 2019, 09:00–17:30", "2019年9月21日 9:00至17:30");
    across days each end has its date and time (in Chinese the second end leaves out a repeated year).
    """
    first, last = start.isoformat(), end.isoformat()
    start_time, end_time = time_format(start, "TIME_FORMAT"), time_format(end, "TIME_FORMAT")
    chinese = is_chinese()
    date_time = "{date} {time}" if chinese else "{date}, {time}"
    start_text = date_time.format(date=date_format(start, "DATE_FORMAT"), time=start_time)
    if start.date() == end.date():
        return [Part(start_text, first), Part(ZH_TO if chinese else EN_DASH), Part(end_time, last)]
    if chinese:
        end_date = date_format(end, "MONTH_DAY_FORMAT" if start.year == end.year else "DATE_FORMAT")
        return [Part(start_text, first), Part(ZH_TO), Part(date_time.format(date=end_date, time=end_time), last)]
    end_text = date_time.format(date=date_format(end, "DATE_FORMAT"), time=end_time)
    return [Part(start_text, first), Part(SPACED_EN_DASH), Part(end_text, last)]


def render_parts(parts: list[Part]) -> SafeString:
    """Return ``parts`` as HTML: each dated part in a ``<time datetime>``, separators as text (escaped)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html('<time datetime="{}">{}</time>', part.iso, part.text) if part.iso else part.text,)
            for part in parts
        ),
    )


def range_text(parts: list[Part]) -> str:
    """Return ``parts`` as plain text (for titles, feeds and the search index)."""
    return "".join(part.text for part in parts)
