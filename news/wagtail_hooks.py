"""Admin registration of the NewsCategory snippet."""

from wagtail.snippets.models import register_snippet

from portal.translations.permissions import TranslatableSnippetViewSet

from .models import NewsCategory


class NewsCategoryViewSet(TranslatableSnippetViewSet):
    model = NewsCategory
    icon = "tag"
    list_display = ["name", "slug", "locale", "live"]
    list_filter = ["locale"]


register_snippet(NewsCategoryViewSet)
