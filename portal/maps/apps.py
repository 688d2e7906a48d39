from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    """Maps drawn on the server as SVG from the shipped Natural Earth boundaries (docs/maps.md)."""

    name = "portal.maps"
    label = "portal_maps"
    verbose_name = _("Maps")
