from django.apps import AppConfig
from django.db.models.signals import pre_save
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

    def ready(self):
        from portal.core import block_ids, privacy, routing  # noqa: PLC0415 - they import Wagtail's models

        # Before any object is stored (fixtures included, saved with raw=True): missing block ids, made stable.
        pre_save.connect(block_ids.give_ids_before_save, dispatch_uid="portal_stable_block_ids")
        # Routing, the Site of a request and the private sections, with fewer queries (docs/upstream-overrides.md).
        routing.install()
        privacy.install()
