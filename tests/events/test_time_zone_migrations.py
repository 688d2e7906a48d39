"""The data migrations of the time zone list: existing cities get their zone, existing events an IANA name.

The migrations' functions run here on the seeded database (the current models have the fields they
touch); ``tests/portal/core/test_upgrade.py`` runs the whole chain on a database of an older commit.
"""

import datetime
import importlib

import pytest
from django.apps import apps

from components.models import City
from events.models import EventPage
from tests.events.factories import EventPageFactory
from tests.utils import EN, ZH

city_migration = importlib.import_module("components.migrations.0003_city_time_zone")
event_migration = importlib.import_module("events.migrations.0003_event_time_zone_defaults")


@pytest.mark.django_db
def test_existing_european_and_eastern_indonesian_cities_get_their_zone_in_both_languages(content):
    City.objects.update(time_zone="")
    city_migration.fill_time_zones(apps, None)
    expected = {item["key"]: item.get("time_zone") or "" for item in content["cities"]}
    for language in (EN, ZH):
        stored = dict(City.objects.filter(locale__language_code=language).values_list("slug", "time_zone"))
        assert stored == expected, language
    assert City.objects.get(locale__language_code=ZH, slug="mannheim").member_state == "德国"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("Asia/Shanghai", "Asia/Shanghai"),
        ("PRC", "PRC"),  # a valid older name is kept: the form offers it as it is
        ("asia/shanghai ", "Asia/Shanghai"),
        ("GMT", "UTC"),
        ("Etc/UTC", "UTC"),
        ("", "UTC"),
    ],
)
def test_event_time_zones_are_written_as_iana_names(stored, expected):
    event = EventPageFactory(start=datetime.datetime(2031, 3, 1, 2, tzinfo=datetime.UTC))
    EventPage.objects.filter(pk=event.pk).update(time_zone=stored)
    event_migration.normalise_time_zones(apps, None)
    migrated = EventPage.objects.get(pk=event.pk)
    assert migrated.time_zone == expected
    assert migrated.start == event.start  # a zone that was understood already: the moment is unchanged


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("city_slug", "country", "expected"),
    [("denpasar", "indonesia", "Asia/Makassar"), ("", "vietnam", "Asia/Ho_Chi_Minh"), ("", "", "UTC")],
)
def test_free_text_becomes_the_derived_zone_and_keeps_the_times_the_site_showed(city_slug, country, expected):
    city = City.objects.get(locale__language_code=EN, slug=city_slug) if city_slug else None
    start = datetime.datetime(2031, 3, 1, 10, tzinfo=datetime.UTC)
    event = EventPageFactory(start=start, end=start + datetime.timedelta(hours=2), city=city, country=country)
    EventPage.objects.filter(pk=event.pk).update(time_zone="Beijing time")
    shown = EventPage.objects.get(pk=event.pk)
    shown_times = (shown.local_start.replace(tzinfo=None), shown.local_end.replace(tzinfo=None), shown.first_day)
    assert shown_times[0] == datetime.datetime(2031, 3, 1, 10)  # an unknown zone was shown as UTC

    event_migration.normalise_time_zones(apps, None)
    migrated = EventPage.objects.get(pk=event.pk)
    assert migrated.time_zone == expected
    assert (migrated.local_start.replace(tzinfo=None), migrated.local_end.replace(tzinfo=None), migrated.first_day) == (
        shown_times
    )
