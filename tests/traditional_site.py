"""Traditional Chinese (zh-hant) versions of seeded pages and snippets, for the public site's tests.

A stand-in for the conversion engine (docs/decisions/0031-traditional-chinese-derived-by-opencc.md): the
Traditional object is a wagtail-localize translation of the English source whose strings are the Simplified
strings converted by ``portal.chinese.conversion.to_traditional``, published. The ancestors and the snippets the
object points at are converted first. To be replaced by the engine's call at integration.
"""

import polib
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from portal.chinese.conversion import to_traditional
from portal.edge.language import SIMPLIFIED_CHINESE, TRADITIONAL_CHINESE


def traditional_locale():
    """The zh-hant Locale (made when missing)."""
    return Locale.objects.get_or_create(language_code=TRADITIONAL_CHINESE)[0]


def make_traditional(english):
    """Publish the zh-hant translation of ``english`` (an English page or snippet that has a zh-hans one); return it.

    Idempotent. Raises ``StringTranslation.DoesNotExist`` when a string has no Simplified translation.
    """
    locale, simplified = traditional_locale(), Locale.objects.get(language_code=SIMPLIFIED_CHINESE)
    if isinstance(english, Page):
        for ancestor in english.get_ancestors().filter(depth__gt=1).specific():
            if not ancestor.has_translation(locale):
                make_traditional(ancestor)
    source = TranslationSource.get_or_create_from_instance(english)[0]
    for segment in source.relatedobjectsegment_set.select_related("object"):
        related = segment.object.get_instance(source.locale)
        if not related.has_translation(locale):
            make_traditional(related)
    translation = Translation.objects.get_or_create(source=source, target_locale=locale)[0]
    for segment in StringSegment.objects.filter(source=source):
        chinese = StringTranslation.objects.get(
            translation_of_id=segment.string_id, context_id=segment.context_id, locale=simplified
        )
        StringTranslation.objects.update_or_create(
            translation_of_id=segment.string_id,
            context_id=segment.context_id,
            locale=locale,
            defaults={"data": to_traditional(chinese.data), "translation_type": "machine", "tool_name": "OpenCC"},
        )
    if not isinstance(english, DraftStateMixin):
        translation.save_target(publish=True)
        return english.get_translation(locale)
    # save_target(publish=True) publishes on commit (wagtail-localize 1.x): never, inside a test's transaction.
    source.create_or_update_translation(locale, publish=False, fallback=False)
    target = english.get_translation(locale)
    target.get_latest_revision().publish()
    return type(english).objects.get(pk=target.pk)


def convert_site():
    """Publish the zh-hant version of every object whose zh-hans version is published (the seed's whole site).

    As ``load_iuc_content`` will do with the conversion engine; returns the number of objects converted.
    """
    locale = traditional_locale()
    count = 0
    translations = Translation.objects.filter(target_locale__language_code=SIMPLIFIED_CHINESE, enabled=True)
    for translation in translations.select_related("source").order_by("source__pk"):
        english = translation.source.get_source_instance()
        chinese = english.get_translation_or_none(translation.target_locale)
        if chinese is None or not getattr(chinese, "live", True) or english.has_translation(locale):
            continue
        make_traditional(english)
        count += 1
    return count


def catalog(simplified):
    """Return the zh_Hant catalog converted from ``simplified`` (a ``polib.POFile`` of zh_Hans), in memory only.

    As ``make messages`` will generate ``locale/zh_Hant`` (without its Hong Kong overrides).
    """
    traditional = polib.POFile()
    traditional.metadata = {**simplified.metadata, "Language": "zh_Hant"}
    for entry in simplified:
        if entry.obsolete:
            continue
        traditional.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgctxt=entry.msgctxt,
                msgstr=to_traditional(entry.msgstr),
                msgstr_plural={index: to_traditional(text) for index, text in entry.msgstr_plural.items()},
                flags=list(entry.flags),
            )
        )
    return traditional
