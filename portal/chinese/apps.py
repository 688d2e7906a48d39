from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChineseConfig(AppConfig):
    """Chinese script conversion (OpenCC): Simplified to Traditional, and both scripts folded to one for search."""

    name = "portal.chinese"
    label = "portal_chinese"
    verbose_name = _("Chinese scripts")
