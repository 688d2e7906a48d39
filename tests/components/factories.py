"""Component factories: cities and city pairings (snippets), and country and component pages.

New cities get slugs no programme city uses; a pairing makes its two cities unless given them.
``translated_pair(CityFactory)`` (``tests/factories.py``) gives an English city and its Chinese translation.
"""

import factory

from components.models import City, CityPairing, ComponentPage, CountryIndexPage, CountryPage
from home.models import HomePage
from tests.factories import PortalPageFactory, SnippetFactory, parent_of_type, required, slug_sequence


class CityFactory(SnippetFactory):
    """A Chinese city (``country="china"``) with a one-line profile."""

    name = factory.Sequence(lambda n: f"Test city {n}")
    slug = slug_sequence("test-city")
    country = "china"
    profile = factory.LazyAttribute(lambda obj: f"{obj.name} takes part in the programme.")

    class Meta:
        model = City


class EUCityFactory(CityFactory):
    country = "eu-member-states"
    member_state = "Germany"


class CityPairingFactory(SnippetFactory):
    """A pairing of a new EU city and a new Chinese city (pass ``eu_city`` / ``cn_city`` to use others)."""

    eu_city = factory.SubFactory(EUCityFactory, locale=factory.SelfAttribute("..locale"))
    cn_city = factory.SubFactory(CityFactory, locale=factory.SelfAttribute("..locale"))
    generation = 2018
    summary = factory.LazyAttribute(lambda obj: f"{obj.eu_city} and {obj.cn_city} work together.")

    class Meta:
        model = CityPairing


class CountryPageFactory(PortalPageFactory):
    title = factory.Sequence(lambda n: f"Test country {n}")
    slug = slug_sequence("test-country")
    parent = parent_of_type(CountryIndexPage)
    country = required("country")
    intro = "A country of the programme."

    class Meta:
        model = CountryPage


class ComponentPageFactory(PortalPageFactory):
    title = factory.Sequence(lambda n: f"Test component {n}")
    slug = slug_sequence("test-component")
    parent = parent_of_type(HomePage)
    number = required("number")
    summary = "A component of the programme."

    class Meta:
        model = ComponentPage
