from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Health checks, request logging, security headers, login throttling, upload limits."""

    name = "portal.operations"
    label = "portal_operations"
    verbose_name = _("Operations")
