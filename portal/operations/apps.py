from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Health checks, request logging, security headers, login throttling, frontend cache, upload limits."""

    name = "portal.operations"
    label = "portal_operations"
    verbose_name = _("Operations")

    def ready(self):
        from portal.operations import cache_purge  # noqa: PLC0415 - it imports Wagtail models: only once apps are ready

        cache_purge.connect()
