from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    """The anonymous page cache, its invalidation when content changes, and the frontend cache (CDN) purge."""

    name = "portal.caching"
    label = "portal_caching"
    verbose_name = _("Caching")

    def ready(self):
        from portal.caching import signals  # noqa: PLC0415 - it imports Wagtail models: only once apps are ready

        signals.connect()
