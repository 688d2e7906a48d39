"""``manage.py publish_scheduled_loop``: Wagtail's ``publish_scheduled`` every interval (``make run`` starts it).

The loop's runs publish a revision whose go-live time has passed, a failed run does not stop it, and bad
options are refused. How ``make run`` starts and stops it: docs/operations.md, "Scheduled publishing".
"""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from portal.operations.management.commands import publish_scheduled_loop
from tests.home.factories import StandardPageFactory


@pytest.fixture(autouse=True)
def connection_kept(monkeypatch):
    """Keep the test's database connection: inside the test's transaction (not autocommit, unlike the real
    loop's), ``close_old_connections`` would close it on PostgreSQL."""
    monkeypatch.setattr(publish_scheduled_loop, "close_old_connections", lambda: None)


@pytest.mark.django_db
def test_each_run_publishes_what_has_become_due(monkeypatch):
    page = StandardPageFactory(title="Due soon")
    page.title = "Due now"
    page.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    page.save_revision().publish()
    assert type(page).objects.get(pk=page.pk).title == "Due soon"

    sleeps = []

    def time_passes(seconds):
        sleeps.append(seconds)
        later = timezone.now() + datetime.timedelta(minutes=10)
        monkeypatch.setattr(timezone, "now", lambda: later)

    monkeypatch.setattr(publish_scheduled_loop.time, "sleep", time_passes)
    call_command("publish_scheduled_loop", interval=7, runs=2)
    assert sleeps == [7]
    assert type(page).objects.get(pk=page.pk).title == "Due now"


@pytest.mark.django_db
def test_a_failed_run_is_logged_and_the_loop_goes_on(monkeypatch, caplog):
    calls = []

    def failing(name, **options):
        calls.append(name)
        raise RuntimeError("database is locked")

    monkeypatch.setattr(publish_scheduled_loop, "call_command", failing)
    monkeypatch.setattr(publish_scheduled_loop.time, "sleep", lambda seconds: None)
    call_command("publish_scheduled_loop", runs=3)
    assert calls == ["publish_scheduled"] * 3
    assert caplog.text.count("publish_scheduled failed") == 3


@pytest.mark.parametrize("options", [{"interval": 0}, {"runs": -1}])
def test_bad_options_are_refused(options):
    with pytest.raises(CommandError, match="--interval must be at least 1"):
        call_command("publish_scheduled_loop", **options)
