from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EdgeConfig(AppConfig):
    """What every request passes before a view: the methods each URL takes, text a database can store, load shedding."""

    name = "portal.edge"
    label = "portal_edge"
    verbose_name = _("Request edge")
