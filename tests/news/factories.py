"""News factories: categories (snippets) and news pages below the news index of their locale.

``NewsPageFactory(cities=[city], countries=["china"])`` relates the page to cities and countries, in that
order (``sort_order``, as the admin's inline panels save it: without one, PostgreSQL returns tied rows in any order);
``translated_pair(NewsPageFactory)`` (``tests/factories.py``) gives an English page and its Chinese
translation.
"""

import datetime

import factory

from news.models import NewsCategory, NewsIndexPage, NewsPage, NewsPageRelatedCity, NewsPageRelatedCountry
from tests.factories import PortalPageFactory, SnippetFactory, parent_of_type, slug_sequence


class NewsCategoryFactory(SnippetFactory):
    name = factory.Sequence(lambda n: f"Test category {n}")
    slug = slug_sequence("test-category")

    class Meta:
        model = NewsCategory


class NewsPageFactory(PortalPageFactory):
    """A news page dated 4 May 2020 without category, image or body unless given."""

    title = factory.Sequence(lambda n: f"Test news {n}")
    slug = slug_sequence("test-news")
    parent = parent_of_type(NewsIndexPage)
    date = datetime.date(2020, 5, 4)
    intro = "Delegates met in Tianjin."
    related_cities = factory.LazyAttribute(
        lambda obj: [
            NewsPageRelatedCity(city=city, locale=obj.locale, sort_order=index) for index, city in enumerate(obj.cities)
        ]
    )
    related_countries = factory.LazyAttribute(
        lambda obj: [
            NewsPageRelatedCountry(country=country, sort_order=index) for index, country in enumerate(obj.countries)
        ]
    )

    class Meta:
        model = NewsPage

    class Params:
        cities = ()
        countries = ()
