from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """The programme's seed content (data/*.yaml) and its loader (manage.py load_iuc_content)."""

    name = "portal.content"
    label = "portal_content"
    verbose_name = _("Content")
