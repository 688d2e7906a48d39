"""Test helpers for Traditional Chinese (``zh-hant``), derived from the Simplified translation by the engine."""

from wagtail.models import Locale, Page

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
