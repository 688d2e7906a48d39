from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from portal.operations.sqlite import connect_wrapper


class OperationsConfig(AppConfig):
    """Health checks, request logging, security headers, login throttling, upload limits, SQLite's integers."""

    name = "portal.operations"
    label = "portal_operations"
    verbose_name = _("Operations")

    def ready(self):
        connection_created.connect(connect_wrapper, dispatch_uid="portal_sqlite_huge_integers")
