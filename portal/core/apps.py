from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The base page, site settings, footer, shared blocks, SEO, navigation and error pages.

    Its label stays ``portal`` (the app it was split from), so its tables, content types and
    migrations are the ones existing databases have (docs/decisions/0007-core-keeps-the-portal-label.md).
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal.core"
    label = "portal"
    verbose_name = _("Portal")
