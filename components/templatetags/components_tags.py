"""Template tags of the programme's cities: the country page a city links to."""

from django import template

from components.models import country_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def country_page_of(context, city):
    """Return the live CountryPage of ``city``'s country in the city's locale, or None.

    The country pages of a locale are read once per request and kept on the request, so a list
    of cities costs one query, not one per city.
    """
    request = context.get("request")
    if city is None:
        return None
    if request is None:
        return city.get_country_page()
    return country_pages(city.locale_id, request).get(city.country)
