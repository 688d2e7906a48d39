"""Test helpers for Traditional Chinese (``zh-hant``), derived from the Simplified translation by the engine."""

from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation

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


def traditional_rows(obj):
    """Return the Traditional StringTranslations of ``obj``'s strings (a QuerySet), by its translation key."""
    return StringTranslation.objects.filter(locale__language_code=ZHT, context__object_id=obj.translation_key)
