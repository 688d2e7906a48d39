"""``manage.py export_translations``: one PO file with the site's content strings, for a translation agency."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from portal.translations.exchange import TranslationExchangeError, export_po


class Command(BaseCommand):
    help = (
        "Write one UTF-8 PO file with the strings of every wagtail-localize translation (pages and "
        "snippets) into a locale: only the untranslated strings, or every string with --all. "
        "Import the translated file with import_translations."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--locale", required=True, help="Target locale, e.g. zh-hans.")
        parser.add_argument(
            "--all",
            action="store_true",
            dest="include_translated",
            help="Include every string, with its current translation as msgstr.",
        )
        parser.add_argument("--output", help="PO file to write (default: standard output).")

    def handle(
        self,
        *args: Any,
        locale: str,
        include_translated: bool = False,
        output: str | None = None,
        **options: Any,
    ) -> None:
        """Export; write the PO file to ``output`` or stdout. CommandError for an unknown or source locale."""
        try:
            po = export_po(locale, include_translated=include_translated)
        except TranslationExchangeError as error:
            raise CommandError(str(error)) from error
        if output is None:
            self.stdout.write(str(po), ending="\n")
            return
        try:
            Path(output).write_text(str(po) + "\n", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error}") from error
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(f"{len(po)} strings for {po.metadata['Language']} written to {output}.")
