"""``manage.py publish_scheduled_loop``: Wagtail's ``publish_scheduled`` every minute, until the process is stopped.

``make run`` starts it in the background next to ``runserver`` (and stops it with the server); in
production a cron job or systemd timer runs ``publish_scheduled`` itself (docs/operations.md,
"Scheduled publishing"), or this command runs as a process of its own where there is no scheduler.
"""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run Wagtail's publish_scheduled (publish what editors scheduled, unpublish what expired) every "
        "--interval seconds until stopped. A failed run is logged and retried at the next interval."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="seconds between two runs (default 60)")
        parser.add_argument("--runs", type=int, default=0, help="stop after this many runs (default 0: never)")

    def handle(self, *args, interval, runs, **options):
        """Call ``publish_scheduled`` now, then every ``interval`` seconds, ``runs`` times (0: for ever)."""
        if interval < 1 or runs < 0:
            raise CommandError("--interval must be at least 1 and --runs at least 0.")
        done = 0
        while True:
            close_old_connections()
            try:
                call_command("publish_scheduled", verbosity=0)
            except Exception:
                logger.exception("publish_scheduled failed; retrying in %d s", interval)
            done += 1
            if runs and done >= runs:
                return
            time.sleep(interval)
