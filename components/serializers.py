"""How the API (``/api/v2/``) represents countries, cities and city pairings (the page's language)."""

from collections import OrderedDict

from rest_framework import serializers

from components.choices import Country
from portal.api.serializers import SnippetField


def country_representation(key):
    """Return ``{"key": "china", "name": "China"}`` for a country key (name in the active language), or None."""
    if not key:
        return None
    try:
        name = Country(key).label
    except ValueError:
        name = key
    return OrderedDict([("key", key), ("name", str(name))])


class CountryField(serializers.Field):
    """A country key as ``{"key": "china", "name": "中国"}``, the name in the language being served."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return country_representation(value)


class CountryRowsField(serializers.Field):
    """The countries of a page's inline rows (``countries``, ``related_countries``), in editor order."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, rows):
        return [country_representation(row.country) for row in rows.all()]


class CitySerializer(serializers.Serializer):
    """A city: ``{id, name, slug, country, population}``."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    country = CountryField()
    population = serializers.IntegerField(read_only=True)


class CityPairingSerializer(serializers.Serializer):
    """A city pairing: ``{id, eu_city, cn_city, generation, themes, summary}``; a draft city is null."""

    id = serializers.IntegerField(read_only=True)
    eu_city = SnippetField(CitySerializer)
    cn_city = SnippetField(CitySerializer)
    generation = serializers.IntegerField(read_only=True)
    themes = serializers.SerializerMethodField()
    summary = serializers.CharField(read_only=True)

    def get_themes(self, pairing):
        return [str(theme.value) for theme in pairing.themes]
