"""``manage.py convert_to_traditional``: convert the whole site's Traditional Chinese from its Simplified Chinese."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from portal.edge.language import TRADITIONAL_CHINESE
from portal.translations.traditional import (
    NO_LOCALE,
    TOOL_NAME,
    convert_site,
    simplified_locale,
    summary,
    traditional_locale,
)


class Command(BaseCommand):
    help = (
        f"Convert (with {TOOL_NAME}) the Traditional Chinese translation of every page and snippet that has a "
        "Simplified Chinese translation, and publish it when complete. Strings a person saved in the Traditional "
        "translation editor are kept. Running it again changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, change nothing.")

    def handle(self, *args: Any, dry_run: bool = False, verbosity: int = 1, **options: Any) -> None:
        """Convert, writing a line per object (verbosity 1 and more) and a summary; make the zh-hant Locale if missing.

        CommandError when there is no zh-hans Locale (or, in a dry run, no zh-hant one).
        """
        if not dry_run and traditional_locale() is None and simplified_locale() is not None:
            Locale.objects.create(language_code=TRADITIONAL_CHINESE)  # the first run on a site made before zh-hant
            self.stdout.write(f"Created the {TRADITIONAL_CHINESE} locale.")
        counts = convert_site(stdout=self.stdout if verbosity >= 1 else None, dry_run=dry_run)
        if counts[NO_LOCALE]:
            raise CommandError("The site has no zh-hant or no zh-hans locale: nothing to convert.")
        self.stdout.write(("Dry run: " if dry_run else "") + summary(counts))
