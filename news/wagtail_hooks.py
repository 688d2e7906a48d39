"""Admin registration of the NewsCategory snippet."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import NewsCategory


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]


register_snippet(NewsCategoryViewSet)
