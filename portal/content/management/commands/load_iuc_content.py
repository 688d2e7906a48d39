"""``manage.py load_iuc_content``: build the IUC Asia site in English, Simplified and Traditional Chinese."""

from django.core.management.base import BaseCommand, CommandError

from portal.caching import tokens
from portal.content.loader import CONTENT_DIR, ContentError, ContentLoader


class Command(BaseCommand):
    help = (
        "Create the portal's pages and snippets from portal/content/data/*.yaml and translate them into "
        "Simplified Chinese through wagtail-localize, then into Traditional Chinese by conversion. "
        "Existing objects are kept as they are; "
        "--reset deletes the portal's content first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the portal's pages, snippets, translations and generated images, then rebuild them.",
        )
        parser.add_argument("--content-dir", default=str(CONTENT_DIR), help="Folder with the YAML content files.")

    def handle(self, *args, reset=False, content_dir=None, verbosity=1, **options):
        """Run the loader, printing progress and a summary; raise CommandError on bad data (nothing changed)."""
        loader = ContentLoader(stdout=self.stdout, content_dir=content_dir, reset=reset, verbosity=verbosity)
        try:
            counts = loader.run()
        except ContentError as error:
            raise CommandError(f"Content not loaded, nothing was changed: {error}") from error
        tokens.invalidate_everything()  # what was stored in the page cache before may show old content
        created = sum(n for key, n in counts.items() if key.endswith(" created"))
        kept = sum(n for key, n in counts.items() if key.endswith(" kept"))
        if verbosity >= 1:
            for key in sorted(counts):
                self.stdout.write(f"  {key}: {counts[key]}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"IUC Asia content: {created} created, {kept} already present and kept, "
                    f"{counts['translated into zh-hans']} translated into Simplified Chinese, "
                    f"{counts['converted into zh-hant']} converted into Traditional Chinese."
                )
            )
