"""``manage.py setup_roles``: create or complete the editorial groups of ``portal.translations.roles.ROLES``."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from portal.translations.roles import RoleSetupError, setup_roles


class Command(BaseCommand):
    help = (
        'Create or complete the "Editors", "Moderators", "Chinese translators" and "Traditional Chinese reviewers" '
        'groups, and put the "Moderators approval" workflow on the English tree (idempotent; run after the content).'
    )

    def handle(self, *args: Any, **options: Any) -> None:
        """Set up the groups and the workflow (``roles.setup_roles``); CommandError before the content is loaded."""
        try:
            groups = setup_roles()
        except RoleSetupError as error:
            raise CommandError(str(error)) from error
        for name, group in groups.items():
            if group.page_permissions.exists():
                pages = "pages from its home page"
            else:
                pages = "no pages yet: run setup_roles again once its language's home page exists"
            self.stdout.write(f"{name}: {group.permissions.count()} permissions, {pages}")
