"""Fixtures for the events tests."""

import pytest

from events.models import EventIndexPage, EventPage
from tests.utils import EN


@pytest.fixture
def event_factory(get_page, en_locale):
    index = get_page(EventIndexPage, EN, "/events/")

    def create(slug, start, end, time_zone, all_day=False):
        event = EventPage(
            title=f"Test event {slug}",
            slug=slug,
            locale=en_locale,
            start=start,
            end=end,
            all_day=all_day,
            time_zone=time_zone,
        )
        index.add_child(instance=event)
        event.save_revision().publish()
        event.refresh_from_db()
        return event

    return create
