from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class APIConfig(AppConfig):
    """The read-only API at /api/v2/: endpoints and how pages, snippets and blocks are represented."""

    name = "portal.api"
    label = "portal_api"
    verbose_name = _("API")
