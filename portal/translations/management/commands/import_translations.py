"""``manage.py import_translations``: apply a PO file made by export_translations and translated by an agency."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from portal.translations.exchange import TranslationFileError, import_po, read_po

NOTES_SHOWN = 20  # entries listed at the default verbosity
COUNTS = (
    ("imported", "imported (new)"),
    ("updated", "updated"),
    ("unchanged", "unchanged"),
    ("skipped_newer", "skipped, changed in the portal after the export"),
    ("unknown", "unknown (no longer in the source)"),
    ("untranslated", "untranslated (empty msgstr)"),
    ("fuzzy", "fuzzy (not imported)"),
    ("invalid", "stored with errors (fix them in the translation editor)"),
)


class Command(BaseCommand):
    help = (
        "Store the translations of a PO file made by export_translations as wagtail-localize "
        "translations. Strings changed in the portal after the export are never overwritten. "
        "--publish publishes each changed page or snippet that is now completely translated; "
        "--dry-run only reports what would happen. Nothing is changed if the file has an error."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="The PO file.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish every translated page or snippet this import changed, if it is now complete.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report the counts, change nothing.")

    def handle(
        self,
        *args: Any,
        file: str,
        publish: bool = False,
        dry_run: bool = False,
        verbosity: int = 1,
        **options: Any,
    ) -> None:
        """Import ``file``; print the counts. CommandError (nothing changed) for a bad file."""
        try:
            result = import_po(read_po(file), publish=publish, dry_run=dry_run)
        except TranslationFileError as error:
            raise CommandError(f"Not imported, nothing was changed: {error}") from error
        if verbosity < 1:
            return
        shown = result.notes if verbosity >= 2 else result.notes[:NOTES_SHOWN]
        for note in shown:
            self.stdout.write(f"  {note}")
        if len(shown) < len(result.notes):
            self.stdout.write(f"  … and {len(result.notes) - len(shown)} more (-v 2 lists them all)")
        self.stdout.write(f"PO import into {result.locale} (exported {result.exported_at.isoformat()}):")
        for name, label in COUNTS:
            self.stdout.write(f"  {label}: {getattr(result, name)}")
        if publish:
            self.stdout.write(f"  published: {result.published}")
            self.stdout.write(f"  left for translators (not complete): {result.left_for_translators}")
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        else:
            self.stdout.write(self.style.SUCCESS("Done."))
