"""Fixtures of the event tests: new events under the real events index, published or not."""

import datetime
import zoneinfo

import pytest

from tests.events.factories import EventPageFactory
from tests.factories import locale_of
from tests.utils import EN


def local(time_zone, *args):
    """An aware datetime in the IANA zone ``time_zone``: ``local("Asia/Shanghai", 2031, 1, 7, 22)``."""
    return datetime.datetime(*args, tzinfo=zoneinfo.ZoneInfo(time_zone))


@pytest.fixture
def make_event(get_page):
    """Return ``make_event(slug, start, end, time_zone, all_day=False, language="en", publish=True, **fields)``.

    The EventPage is created below the events index of ``language`` (a new page with its own
    translation key), published unless ``publish`` is False, and returned fresh from the database.
    ``fields`` are other EventPage fields (``venue``, ``organiser``, ``intro``, ``city``...).
    """

    def create(slug, start, end, time_zone, all_day=False, language=EN, publish=True, **fields):
        return EventPageFactory(
            title=fields.pop("title", f"Test event {slug}"),
            slug=slug,
            locale=locale_of(language),
            start=start,
            end=end,
            all_day=all_day,
            time_zone=time_zone,
            live=publish,
            **fields,
        )

    return create
