"""``manage.py create_dev_superuser``: a development superuser, created only when there is none."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a development superuser if no superuser exists. Credentials come from "
        "DEV_SUPERUSER_USERNAME, DEV_SUPERUSER_PASSWORD and DEV_SUPERUSER_EMAIL (defaults: admin / "
        "admin / admin@example.com). Never use the defaults outside a development machine."
    )

    def handle(self, *args, **options):
        """Create the user when needed and print how to sign in; existing superusers are left untouched."""
        user_model = get_user_model()
        if user_model.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser already exists; none created.")
            return
        username = os.environ.get("DEV_SUPERUSER_USERNAME", "admin")
        password = os.environ.get("DEV_SUPERUSER_PASSWORD", "admin")
        email = os.environ.get("DEV_SUPERUSER_EMAIL", "admin@example.com")
        user_model.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Development superuser created: username {username!r}, password {password!r}.")
        )
