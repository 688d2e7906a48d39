"""Field-level declarations: every content field is either translated or synchronised, by its kind.

Text is translated; slugs, keys, dates, numbers, flags, images and URLs are synchronised; a foreign
key to a translatable snippet is translated, so the translation points at the snippet's translation.
"""

import pytest
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, LockableMixin, Page, RevisionMixin, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields

from components.models import City, CityPairing, ComponentPage, CountryIndexPage, CountryPage
from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from news.models import NewsCategory, NewsIndexPage, NewsPage
from portal.core.models import FooterText

PAGE_MODELS = [
    HomePage,
    StandardPage,
    ComponentPage,
    CountryIndexPage,
    CountryPage,
    NewsIndexPage,
    NewsPage,
    EventIndexPage,
    EventPage,
]
SNIPPET_MODELS = [City, CityPairing, NewsCategory, FooterText]

# Text fields that hold a key or a code, the same in every language.
KEY_FIELDS = {"slug", "country", "number", "time_zone", "key_figure_value"}

# Fields every page or snippet has that are Wagtail's bookkeeping, not content.
BOOKKEEPING = {
    field.name
    for mixin in (Page, DraftStateMixin, RevisionMixin, LockableMixin, TranslatableMixin)
    for field in mixin._meta.get_fields()
    if getattr(field, "model", None) is not None
} - {"title", "slug", "seo_title", "search_description", "show_in_menus"}


def _declarations(model):
    """``{field name: TranslatableField or SynchronizedField}`` (upstream's classes; the portal's subclass counts
    as upstream's TranslatableField)."""
    return {
        field.field_name: TranslatableField if isinstance(field, TranslatableField) else type(field)
        for field in get_translatable_fields(model)
    }


def _content_fields(model):
    """The model's own content fields (and child relations), as wagtail-localize would see them."""
    fields = []
    for field in model._meta.get_fields():
        if field.name in BOOKKEEPING or field.name.startswith("_") or field.name.endswith("_ptr"):
            continue
        if field.auto_created and not field.is_relation:
            continue
        if isinstance(field, models.ForeignObjectRel):
            if isinstance(field.remote_field, ParentalKey):
                fields.append(field)
            continue
        if field.concrete:
            fields.append(field)
    return fields


def _expected(model, field):
    """Return TranslatableField or SynchronizedField, the declaration the field's kind calls for."""
    if isinstance(field, models.ForeignObjectRel):
        # Inline rows: rows pointing at translatable snippets are translated, plain keys synchronised.
        related = field.related_model
        return TranslatableField if issubclass(related, TranslatableMixin) else SynchronizedField
    if isinstance(field, models.ForeignKey):
        target = field.related_model
        if issubclass(target, TranslatableMixin) and not issubclass(target, Page):
            return TranslatableField
        return SynchronizedField  # images, and pages (localised when shown)
    if field.name in KEY_FIELDS or isinstance(field, models.URLField):
        return SynchronizedField
    if isinstance(field, models.CharField | models.TextField | RichTextField | StreamField):
        return TranslatableField
    return SynchronizedField  # dates, numbers, booleans


@pytest.mark.parametrize("model", PAGE_MODELS + SNIPPET_MODELS, ids=lambda model: model.__name__)
def test_every_content_field_is_declared_translated_or_synchronised(model):
    declared = _declarations(model)
    undeclared = [field.name for field in _content_fields(model) if field.name not in declared]
    assert not undeclared, f"{model.__name__}: fields wagtail-localize would ignore: {undeclared}"


@pytest.mark.parametrize("model", PAGE_MODELS + SNIPPET_MODELS, ids=lambda model: model.__name__)
def test_declarations_follow_the_kind_of_field(model):
    declared = _declarations(model)
    wrong = [
        (field.name, declared[field.name].__name__, _expected(model, field).__name__)
        for field in _content_fields(model)
        if field.name in declared and declared[field.name] is not _expected(model, field)
    ]
    assert not wrong, f"{model.__name__}: (field, declared, expected): {wrong}"


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_page_slug_is_synchronised_and_title_translated(model):
    declared = _declarations(model)
    assert declared["slug"] is SynchronizedField
    assert declared["title"] is TranslatableField
    assert declared["seo_title"] is TranslatableField
    assert declared["search_description"] is TranslatableField


def test_image_alternative_text_and_captions_are_translatable():
    assert _declarations(NewsPage)["hero_image_alt"] is TranslatableField
    assert _declarations(NewsPage)["hero_image"] is SynchronizedField
    assert _declarations(City)["image"] is SynchronizedField


@pytest.mark.django_db
# Home pages are each the root of their locale's tree, so Wagtail gives them different slugs.
@pytest.mark.parametrize("model", PAGE_MODELS[1:] + [City, NewsCategory], ids=lambda model: model.__name__)
def test_slugs_are_ascii_and_the_same_in_both_languages(model, en_locale, zh_locale):
    english = {obj.translation_key: obj.slug for obj in model.objects.filter(locale=en_locale)}
    chinese = {obj.translation_key: obj.slug for obj in model.objects.filter(locale=zh_locale)}
    assert english and chinese
    assert all(slug.isascii() for slug in chinese.values())
    mismatched = {key: (english.get(key), slug) for key, slug in chinese.items() if english.get(key) != slug}
    assert not mismatched
