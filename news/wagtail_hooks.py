"""Admin registration of the NewsCategory snippet; the "Related news" section of country pages, and the page cache's
knowledge that those country pages show the news."""

from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from components.models import COUNTRY_PAGE_SECTIONS, CountryPage
from portal.caching.dependents import PAGES_SHOWING
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


@hooks.register(PAGES_SHOWING)
def country_pages_showing_news(page):
    """Return the country pages whose "Related news" may show ``page`` (a NewsPage): its countries', its locale."""
    if not isinstance(page, NewsPage):
        return []
    countries = page.related_countries.values_list("country", flat=True)
    return CountryPage.objects.filter(locale_id=page.locale_id, country__in=list(countries))
