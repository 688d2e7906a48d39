"""``manage.py generate_content --news N --events M``: N generated news items and M events per language."""

import argparse
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale

from events.models import EventIndexPage
from news.models import NewsIndexPage
from portal.caching import tokens
from portal.content.bulk import BulkPageWriter
from portal.content.generator import (
    GeneratorError,
    Vocabulary,
    event_spec,
    existing_numbers,
    generated_news,
    news_spec,
)
from portal.edge.language import SIMPLIFIED_CHINESE, TRADITIONAL_CHINESE

TOOL_NAME = "generate_content"
#: The most items of one kind the command makes (a guard against a typo such as ``--news 1000000``).
MAX_ITEMS = 100_000
DEFAULT_BATCH_SIZE = 250


def count(maximum):
    """An argparse type: a whole number from 0 to ``maximum``."""

    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
        if not 0 <= value <= maximum:
            raise argparse.ArgumentTypeError(f"{value} is not between 0 and {maximum:,}")
        return value

    return parse


def duration(seconds):
    """Return ``seconds`` as "1 min 05 s" or "42 s"."""
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


class Command(BaseCommand):
    help = (
        "Generate realistic bilingual news items and events for measuring the portal at scale, on top of the "
        "seed content: tops the site up to --news generated news items and --events generated events per "
        "language (English pages with complete, published Simplified Chinese translations made through "
        "wagtail-localize). Items that exist are kept; running it again with the same numbers does nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--news", type=count(MAX_ITEMS), default=0, help="Generated news items to have, per language."
        )
        parser.add_argument(
            "--events", type=count(MAX_ITEMS), default=0, help="Generated events to have, per language."
        )
        parser.add_argument(
            "--seed", type=count(2**31), default=1, help="Seed of the generator: the same seed, the same items."
        )
        parser.add_argument(
            "--batch-size",
            type=count(5_000),
            default=DEFAULT_BATCH_SIZE,
            help=f"Pages written per transaction (default {DEFAULT_BATCH_SIZE}).",
        )

    def handle(self, *args, news=0, events=0, seed=1, batch_size=DEFAULT_BATCH_SIZE, verbosity=1, **options):
        """Create the missing generated items; raise CommandError when the seed content is missing."""
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.verbosity = verbosity
        try:
            vocabulary = Vocabulary.load()
        except GeneratorError as error:
            raise CommandError(str(error)) from error
        english = Locale.objects.get(language_code="en")
        chinese = Locale.objects.get(language_code=SIMPLIFIED_CHINESE)
        # Traditional Chinese, derived from the Chinese (portal.translations.traditional), when the site has it.
        self.traditional = Locale.objects.filter(language_code=TRADITIONAL_CHINESE).first()
        news_index = self.index(NewsIndexPage, english, chinese)
        event_index = self.index(EventIndexPage, english, chinese)
        started = time.monotonic()
        made = self.generate(
            "news items",
            news_index,
            chinese,
            news,
            batch_size,
            lambda number: news_spec(vocabulary, seed, number),
        )
        news_pages = generated_news(news_index)
        today = timezone.localdate()
        made += self.generate(
            "events",
            event_index,
            chinese,
            events,
            batch_size,
            lambda number: event_spec(vocabulary, seed, number, today, news_pages),
        )
        if made:
            tokens.invalidate_everything()  # written in bulk, without the publish signals that invalidate
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # the query planner's statistics for the new sizes (docs/performance.md)
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated content: {made:,} pages created in each language "
                    f"in {duration(time.monotonic() - started)}; "
                    f"the site has {len(news_pages):,} generated news items and "
                    f"{len(existing_numbers(event_index)):,} generated events per language."
                )
            )

    @staticmethod
    def index(model, english, chinese):
        """Return the live English index page of ``model`` that has a Chinese translation; CommandError otherwise."""
        index = model.objects.live().filter(locale=english).first()
        if index is None or not model.objects.filter(translation_key=index.translation_key, locale=chinese).exists():
            name = model._meta.verbose_name
            raise CommandError(f"There is no {name} in English and Chinese: run `manage.py load_iuc_content` first.")
        return index

    def generate(self, label, index, chinese, wanted, batch_size, make_spec):
        """Create the generated items numbered 1 to ``wanted`` that ``index`` lacks, ``batch_size`` per transaction.

        ``make_spec(number)`` returns the PageSpec of item ``number``. Returns how many were created.
        """
        existing = existing_numbers(index)
        missing = [number for number in range(1, wanted + 1) if number not in existing]
        extra = len([number for number in existing if number > wanted])
        if self.verbosity >= 1:
            note = f"; {extra:,} more beyond {wanted:,} kept" if extra else ""
            present = len(existing) - extra
            self.stdout.write(
                f"{label.capitalize()}: {present:,} of {wanted:,} exist, {len(missing):,} to create{note}."
            )
        if not missing:
            return 0
        traditional = self.traditional if self.traditional and index.has_translation(self.traditional) else None
        writer = BulkPageWriter(index, chinese, TOOL_NAME, traditional)
        started, done = time.monotonic(), 0
        for start in range(0, len(missing), batch_size):
            numbers = missing[start : start + batch_size]
            with transaction.atomic():
                writer.write([make_spec(number) for number in numbers])
            done += len(numbers)
            if self.verbosity >= 1:
                elapsed = time.monotonic() - started
                rate = done / elapsed if elapsed else 0
                remaining = (len(missing) - done) / rate if rate else 0
                self.stdout.write(
                    f"  {label}: {done:,}/{len(missing):,} ({done / len(missing):.0%}), "
                    f"{rate:.0f} per second, about {duration(remaining)} left",
                )
        return done
