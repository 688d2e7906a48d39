from django.core.management.base import BaseCommand

from portal.caching import tokens


class Command(BaseCommand):
    help = "Invalidate every page stored in the page cache (on every app server sharing the cache)."

    def handle(self, *args, **options):
        tokens.invalidate_everything()
        self.stdout.write("Page cache invalidated.")
