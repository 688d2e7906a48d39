"""Query budgets of the pages listing cities (docs/performance.md, "Query budgets: home, components and events").

A city card shows the city's image: the cities of a body's city lists are read with their images in one query
(``CityChooserBlock``), as the country page's are, and the renditions come from Wagtail's rendition cache, so more
cities, more images and more city lists cost no more queries, in English and in Chinese. Counts are of fresh
renders (``no_page_cache``) by an anonymous visitor, after a warm-up request.
"""

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from components.models import CountryPage
from tests.components.factories import CityFactory
from tests.home.factories import StandardPageFactory
from tests.utils import LANGUAGES, count_fresh_queries, soup_of


def _cities(locale, count, **fields):
    """Make ``count`` live cities of ``locale``, each with an image of its own."""
    image_model = get_image_model()
    return [
        CityFactory(
            locale=locale, image=image_model.objects.create(title=f"City {n}", file=get_test_image_file()), **fields
        )
        for n in range(count)
    ]


def _card_images(response):
    return [img for img in soup_of(response).select("li.city img") if "city__image" in img.get("class", [])]


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("language", LANGUAGES)
def test_more_cities_and_city_lists_with_images_cost_no_more_queries(client, locales, language):
    locale = locales[language]
    cities = _cities(locale, 6)
    one = StandardPageFactory(locale=locale, body=[("city_list", {"heading": "", "cities": cities[:1]})])
    six = StandardPageFactory(
        locale=locale,
        body=[
            ("city_list", {"heading": "First", "cities": cities[:3]}),
            ("paragraph", "<p>Between the lists.</p>"),
            ("city_list", {"heading": "Second", "cities": cities[3:]}),
        ],
    )

    queries_one, response_one = count_fresh_queries(client, one.url)
    queries_six, response_six = count_fresh_queries(client, six.url)

    assert queries_six == queries_one
    assert len(_card_images(response_one)) == 1
    images = _card_images(response_six)
    assert len(images) == 6
    assert all("fill-480x270" in img["src"] for img in images)


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_country_page_costs_the_same_queries_with_more_cities(client, locales, get_page, language):
    page = get_page(CountryPage, language)
    before, response = count_fresh_queries(client, page.url)
    listed = len(soup_of(response).select("li.city"))

    _cities(locales[language], 4, country=page.country)
    after, response = count_fresh_queries(client, page.url)

    assert len(soup_of(response).select("li.city")) == listed + 4
    assert after == before
