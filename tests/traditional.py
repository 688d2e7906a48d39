"""Test helpers for Traditional Chinese (``zh-hant``), derived from the Simplified translation by the engine."""

from wagtail.models import Locale, Page, get_translatable_models

from components.models import City, CityPairing
from news.models import NewsCategory
from portal.translations.traditional import convert
from tests.utils import ZHT


def make_traditional(obj):
    """Convert and publish the Traditional translation of ``obj`` (a page or snippet, any locale); return it, fresh.

    Its Simplified translation must exist, be live and complete. Raises AssertionError naming the outcome otherwise.
    """
    outcome = convert(obj)
    locale = Locale.objects.get(language_code=ZHT)
    target = obj.get_translation_or_none(locale)
    assert target is not None and target.live, f"no live Traditional translation of {obj!r}: {outcome.status}"
    return target.specific if isinstance(target, Page) else type(target).objects.get(pk=target.pk)


def delete_traditional_chinese():
    """Delete the ``zh-hant`` Locale with its pages and snippets, as on a site made before Traditional Chinese."""
    locale = Locale.objects.get(language_code=ZHT)
    for home in Page.objects.filter(locale=locale, depth=2):
        home.delete()
    for model in (CityPairing, City, NewsCategory):  # a pairing protects its cities
        model.objects.filter(locale=locale).delete()
    for model in get_translatable_models():  # the other snippets (footer text...)
        if not issubclass(model, Page):
            model.objects.filter(locale=locale).delete()
    locale.delete()
