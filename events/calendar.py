"""Calendar periods for the events views (weeks from Monday, months, years) and the original site's query form.

Dates here are calendar dates; which events fall on one is ``EventPage.occurs_on``'s rule (docs/public-site.md).
"""

import calendar
import dataclasses
import datetime
import re

from django.utils.translation import gettext as _

from portal.core.views import BadQuery

#: The years the calendar shows; outside them a clean URL is a 404 and the query form a 400.
MIN_YEAR, MAX_YEAR = 1900, 2100

WEEK, LIST, FULL = "week", "list", "full"
#: The views of the query form's ``t`` parameter, as the original site named them.
VIEWS = (WEEK, LIST, FULL)

ONE_DAY = datetime.timedelta(days=1)
QUERY_DATE_RE = re.compile(r"(\d{1,5})-(\d{1,2})(?:-(\d{1,2}))?")


@dataclasses.dataclass(frozen=True)
class CalendarQuery:
    """A calendar view asked for through the query form: ``view`` (one of VIEWS) around the date ``day``."""

    day: datetime.date
    view: str


def in_range(day):
    """Return True when ``day`` (a date) lies in the years the calendar shows (MIN_YEAR to MAX_YEAR)."""
    return MIN_YEAR <= day.year <= MAX_YEAR


def parse_query_date(value):
    """Return the date named by ``value``: ``"2018-7-9"``, ``"2018-07-09"`` or ``"2019-9"`` (the 1st of that month).

    Raises ``BadQuery`` (a 400, with a message in the active language) for anything else, for a
    date that does not exist such as ``2018-13-40``, and for a year outside MIN_YEAR..MAX_YEAR.
    """
    match = QUERY_DATE_RE.fullmatch(value.strip())
    if match is None:
        raise BadQuery(
            _("“%(value)s” is not a date. Write it as year-month-day, for example 2018-7-9.") % {"value": value}
        )
    year, month, day = (int(part) if part else 1 for part in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadQuery(
            _("The calendar covers the years %(first)s to %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR}
        )
    try:
        result = datetime.date(year, month, day)
    except ValueError:
        raise BadQuery(_("There is no such day as “%(value)s”.") % {"value": value}) from None
    return result


def parse_calendar_query(params, today):
    """Read the original site's calendar query (``?date=...&t=...``) from ``params`` (a QueryDict).

    Returns a CalendarQuery, or None when neither ``date`` nor ``t`` is given. A missing ``date``
    means ``today`` (a date); a missing ``t`` means the week view. Raises ``BadQuery`` for a
    malformed or out-of-range date, an unknown view, or a parameter given twice.
    """
    if "date" not in params and "t" not in params:
        return None
    for name in ("date", "t"):
        if len(params.getlist(name)) > 1:
            raise BadQuery(_("Give “%(name)s” only once.") % {"name": name})
    view = params.get("t", WEEK).strip().lower() or WEEK
    if view not in VIEWS:
        raise BadQuery(_("“%(value)s” is not a calendar view. Choose week, list or full.") % {"value": params.get("t")})
    value = params.get("date", "")
    day = parse_query_date(value) if value.strip() else today
    return CalendarQuery(day=day, view=view)


def query_string(day, view):
    """Return the original site's query string for ``view`` around ``day``: ``"?date=2018-7-9&t=week"``."""
    return f"?date={day.year}-{day.month}-{day.day}&t={view}"


def monday_of(day):
    """Return the Monday of the week (Monday to Sunday) that contains ``day``."""
    return day - ONE_DAY * day.weekday()


def week_of(day):
    """Return the seven dates, Monday to Sunday, of the week that contains ``day``."""
    monday = monday_of(day)
    return [monday + ONE_DAY * offset for offset in range(7)]


def month_days(year, month):
    """Return every date of the month, the 1st to the last."""
    first = datetime.date(year, month, 1)
    return [first + ONE_DAY * offset for offset in range(calendar.monthrange(year, month)[1])]


def month_weeks(year, month):
    """Return the weeks (lists of seven dates, Monday first) that a month grid of ``year``-``month`` shows.

    The first and last weeks include days of the neighbouring months, as a wall calendar does.
    """
    return calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)


def add_months(year, month, count):
    """Return ``(year, month)`` moved by ``count`` months (negative: back)."""
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


@dataclasses.dataclass(frozen=True)
class Period:
    """One calendar view's span of days: a week, a month or a year, with its neighbours.

    ``kind`` is ``"week"``, ``"month"`` or ``"year"``; ``first`` and ``last`` are dates
    (inclusive); ``previous`` and ``next`` are the neighbouring Periods, or None beyond the years
    the calendar shows.
    """

    kind: str
    first: datetime.date
    last: datetime.date

    @classmethod
    def week(cls, day):
        monday = monday_of(day)
        return cls("week", monday, monday + ONE_DAY * 6)

    @classmethod
    def month(cls, year, month):
        return cls(
            "month", datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
        )

    @classmethod
    def year(cls, year):
        return cls("year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @property
    def days(self):
        """Every date of the period, first to last."""
        return [self.first + ONE_DAY * offset for offset in range((self.last - self.first).days + 1)]

    @property
    def previous(self):
        return self._shifted(-1)

    @property
    def next(self):
        return self._shifted(1)

    def _shifted(self, step):
        if self.kind == "week":
            candidate = Period.week(self.first + ONE_DAY * 7 * step)
        elif self.kind == "month":
            candidate = Period.month(*add_months(self.first.year, self.first.month, step))
        else:
            candidate = Period.year(self.first.year + step)
        return candidate if in_range(candidate.first) and in_range(candidate.last) else None

    def contains(self, day):
        """Return True when ``day`` (a date) is in the period."""
        return self.first <= day <= self.last
