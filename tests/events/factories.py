"""Event factories: event pages below the events index of their locale.

The default is a one-hour event at 10:00 UTC on 7 January 2031; give ``start``, ``end``, ``time_zone``
and ``all_day`` for anything else.
"""

import datetime

import factory

from events.models import EventIndexPage, EventPage
from tests.factories import PortalPageFactory, parent_of_type, slug_sequence


class EventPageFactory(PortalPageFactory):
    title = factory.Sequence(lambda n: f"Test event {n}")
    slug = slug_sequence("test-event")
    parent = parent_of_type(EventIndexPage)
    start = datetime.datetime(2031, 1, 7, 10, tzinfo=datetime.UTC)
    end = factory.LazyAttribute(lambda obj: obj.start + datetime.timedelta(hours=1))
    all_day = False
    time_zone = "UTC"

    class Meta:
        model = EventPage
