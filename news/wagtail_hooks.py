"""Admin registration of the NewsCategory snippet; the "Related news" section of country pages."""

from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from components.models import COUNTRY_PAGE_SECTIONS
from portal.translations.permissions import TranslatableSnippetViewSet

from .models import NewsCategory, NewsPage


class NewsCategoryViewSet(TranslatableSnippetViewSet):
    model = NewsCategory
    icon = "tag"
    list_display = ["name", "slug", "locale", "live"]
    list_filter = ["locale"]


register_snippet(NewsCategoryViewSet)


@hooks.register(COUNTRY_PAGE_SECTIONS)
def related_news_section(country_page, request):
    """Return the HTML of the country page's latest news (``NewsPage.about_country``), or "" when it has none."""
    related_news = NewsPage.about_country(country_page.country, country_page.locale_id)
    if not related_news:
        return ""
    return render_to_string("news/includes/country_news.html", {"related_news": related_news}, request=request)
