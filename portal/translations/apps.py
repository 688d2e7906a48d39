from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """The translation workflow: rules, signal handlers, admin hooks, roles, status report, PO exchange."""

    name = "portal.translations"
    label = "portal_translations"
    verbose_name = _("Translations")

    def ready(self) -> None:
        from portal.translations import signals  # noqa: PLC0415 - signal handlers connect once the models are loaded
        from portal.translations.overrides import comments, edit_permission, locales  # noqa: PLC0415 - patch models: once loaded

        signals.connect()
        comments.install()
        edit_permission.install()
        locales.install()
