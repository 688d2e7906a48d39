from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Site search: text analysis (CJK bigrams, English stems), the search backend, results and the search page."""

    name = "portal.search"
    label = "portal_search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from portal.search.upstream_models import analyse_upstream_models  # noqa: PLC0415 - imports Wagtail models

        analyse_upstream_models()
