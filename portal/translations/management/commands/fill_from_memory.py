"""``manage.py fill_from_memory``: fill untranslated strings that were translated before elsewhere on the site."""

from argparse import ArgumentParser
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.models import Translation

from portal.translations.exchange import TranslationExchangeError, get_target_locale
from portal.translations.memory import TOOL_NAME, fill_from_memory


class Command(BaseCommand):
    help = (
        "Fill every untranslated string whose English was translated before (same text, any page or snippet) "
        f'with that translation, marked as a machine translation by "{TOOL_NAME}" for a translator to check. '
        "Site-wide, or for one page (--page) or snippet (--snippet). Never changes a translated string and "
        "never publishes; running it again fills nothing new."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--locale", required=True, help="Target locale, e.g. zh-hans.")
        target = parser.add_mutually_exclusive_group()
        target.add_argument("--page", type=int, help="Only this page (the id of its English or translated page).")
        target.add_argument(
            "--snippet",
            help="Only this snippet: app_label.model_name:pk (English or translated), e.g. components.city:3.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would be filled, change nothing.")

    def handle(
        self,
        *args: Any,
        locale: str,
        page: int | None = None,
        snippet: str | None = None,
        dry_run: bool = False,
        verbosity: int = 1,
        **options: Any,
    ) -> None:
        """Fill and print a summary. CommandError (nothing changed) for an unknown locale, page or snippet."""
        try:
            target_locale = get_target_locale(locale)
        except TranslationExchangeError as error:
            raise CommandError(str(error)) from error
        translations = None
        if page is not None or snippet is not None:
            instance = self._page(page) if page is not None else self._snippet(snippet)
            translations = list(
                Translation.objects.filter(
                    source__object_id=instance.translation_key, target_locale=target_locale, enabled=True
                )
            )
            if not translations:
                raise CommandError(
                    f"“{instance}” has no translation into {target_locale.language_code} managed by wagtail-localize "
                    "(submit it for translation first)."
                )
        result = fill_from_memory(target_locale, translations, dry_run=dry_run)
        if verbosity < 1:
            return
        if not result.filled:
            self.stdout.write("Nothing to fill: no untranslated string has a translation in the memory.")
            return
        self.stdout.write(
            f'Filled {result.filled} strings into {result.locale} from the translation memory (marked "{TOOL_NAME}"; '
            "nothing was published):"
        )
        for item in result.objects:
            state = "all strings translated: check and publish it" if not item.missing else f"{item.missing} to go"
            self.stdout.write(f"  {item.label}: {item.filled} filled, {state}")
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        else:
            self.stdout.write(self.style.SUCCESS("Done."))

    def _page(self, page_id: int) -> Page:
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            raise CommandError(f"No page with id {page_id}.")
        return page

    def _snippet(self, value: str) -> TranslatableMixin:
        label, _sep, pk = value.partition(":")
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError) as error:
            raise CommandError(f"--snippet {value!r}: expected app_label.model_name:pk ({error}).") from error
        if not issubclass(model, TranslatableMixin) or issubclass(model, Page):
            raise CommandError(f"--snippet {value!r}: {label} is not a translatable snippet.")
        try:
            instance = model.objects.filter(pk=pk).first() if pk else None
        except (ValueError, ValidationError):  # a pk of the wrong type
            instance = None
        if instance is None:
            raise CommandError(f"--snippet {value!r}: no {label} with pk {pk!r}.")
        return instance
