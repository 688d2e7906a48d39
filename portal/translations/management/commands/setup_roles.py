"""``manage.py setup_roles``: create or complete the "Editors" and "Chinese translators" groups."""

from django.core.management.base import BaseCommand, CommandError

from portal.translations.roles import RoleSetupError, setup_roles


class Command(BaseCommand):
    help = 'Create or complete the "Editors" and "Chinese translators" groups (idempotent; run after the content).'

    def handle(self, *args, **options):
        """Set up the groups (``roles.setup_roles``); CommandError when the content is not loaded yet."""
        try:
            groups = setup_roles()
        except RoleSetupError as error:
            raise CommandError(str(error)) from error
        for name, group in groups.items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions, pages from its home page")
