"""``manage.py make_traditional_catalog``: write locale/zh_Hant/LC_MESSAGES/*.po from the Simplified catalogs."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from portal.translations import traditional_catalog


class Command(BaseCommand):
    help = (
        "Write the Traditional Chinese (Hong Kong) interface catalogs, locale/zh_Hant/LC_MESSAGES/django.po and "
        "djangojs.po, from the Simplified ones and the messages the installed apps translate only into Simplified "
        "Chinese, converted by OpenCC, with locale/zh_Hant/overrides.po applied. --check writes nothing and fails "
        "when a catalog is out of step. Run by `make messages`; compile with compilemessages."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if a catalog differs from a fresh one.")

    def handle(self, *args: Any, check: bool = False, verbosity: int = 1, **options: Any) -> None:
        """Write (or check) each domain's catalog and print a count. CommandError: stale catalog under --check."""
        for override, current in traditional_catalog.outdated_overrides():
            self.stderr.write(
                f"Review the override of {override.msgid!r} in {traditional_catalog.overrides_path().name}: "
                f"its Simplified text is now {current!r}, not {traditional_catalog.simplified_text(override)!r}."
            )
        stale = []
        for domain in traditional_catalog.DOMAINS:
            path = traditional_catalog.catalog_path(traditional_catalog.TRADITIONAL, domain)
            if check:
                text = traditional_catalog.generate(domain)
                current = path.read_text(encoding="utf-8") if path.exists() else None
                if text != current:
                    stale.append(str(path))
                continue
            catalog = traditional_catalog.write(domain)
            if catalog is not None and verbosity:
                upstream = sum(1 for entry in catalog if traditional_catalog.is_upstream(entry))
                self.stdout.write(
                    f"{path}: {len(catalog)} messages ({len(catalog) - upstream} of the portal, "
                    f"{upstream} from the apps' Simplified catalogs)"
                )
        if stale:
            raise CommandError(f"Out of step, run `make messages`: {', '.join(stale)}")
