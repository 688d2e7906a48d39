"""Template tags of the programme's cities: the country page a city links to, and the maps of cities and
pairings (drawn by ``portal.maps``, docs/maps.md)."""

from django import template
from django.utils.translation import gettext, ngettext

from components.models import country_pages
from portal.maps.render import draw

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


def _names(places):
    """Return the names of ``places`` joined as a list in the active language (Chinese: 、)."""
    return gettext(", ").join(place.name for place in places)


@register.simple_tag
def country_map(country_page, cities):
    """Return the ``portal.maps`` Map of ``country_page``'s country marking ``cities`` (those with coordinates),
    labelled, for ``maps/map.html``; None when no city has coordinates. The country's frame is its ``Country`` value
    (``portal.maps.frames.FRAMES``).
    """
    places = [city.place for city in cities if city.place]
    if not places:
        return None
    description = ngettext(
        "%(count)s participating city marked on a map of %(country)s: %(names)s.",
        "%(count)s participating cities marked on a map of %(country)s: %(names)s.",
        len(places),
    ) % {"count": len(places), "country": country_page.title, "names": _names(places)}
    return draw(
        country_page.country,
        map_id="country-map",
        title=gettext("Map of the participating cities in %(country)s") % {"country": country_page.title},
        description=description,
        places=places,
    )


@register.simple_tag
def locator_map(city):
    """Return the small Map locating ``city`` in its country (or in Europe), without labels; None without
    coordinates. The map's ids start with the city's card anchor, so each card's are its own."""
    place = city.place
    if place is None:
        return None
    region = city.get_country_display()
    return draw(
        city.country,
        map_id=f"{city.anchor}-map",
        title=gettext("Location of %(city)s") % {"city": city.name},
        description=gettext("%(city)s marked on a map of %(region)s.") % {"city": city.name, "region": region},
        places=[place],
        size="small",
        labels=False,
    )


@register.simple_tag
def pairing_map(pairings):
    """Return the Map of the EU-China city ``pairings``: a line per pairing whose two cities have coordinates;
    None when no pairing can be drawn.
    """
    links = [(pairing.eu_city.place, pairing.cn_city.place) for pairing in pairings]
    links = [(eu, cn) for eu, cn in links if eu and cn]
    if not links:
        return None
    pairs = gettext("; ").join(
        gettext("%(eu_city)s and %(cn_city)s") % {"eu_city": eu.name, "cn_city": cn.name} for eu, cn in links
    )
    description = ngettext(
        "%(count)s city pairing, drawn as a line between its European and its Chinese city: %(pairs)s.",
        "%(count)s city pairings, each drawn as a line between its European and its Chinese city: %(pairs)s.",
        len(links),
    ) % {"count": len(links), "pairs": pairs}
    return draw(
        "pairings",
        map_id="pairing-map",
        title=gettext("Map of the EU-China city pairings"),
        description=description,
        links=links,
    )
