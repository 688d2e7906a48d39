"""Unique values within a language: found before they reach the database as an IntegrityError (a 500).

The rule (docs/editors-and-translators.md, "Unique values"): a translatable model's unique values are unique per
locale (a UniqueConstraint or ``unique_together`` with ``locale``: a snippet's slug, ``(translation_key, locale)``),
and a page's slug among its siblings. Synchronised fields (slugs) are copied into every translation, so a value is
also checked where the translations live. The admin's forms leave ``locale`` out, so Django skips these
constraints there, and wagtail-localize writes translations without validating them first; these functions are
called by the models' ``clean`` (``portal.core.models``) and by the translation workflow (``rules``,
``wagtail_hooks``, ``overrides``).
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page
from wagtail_localize.fields import SynchronizedField
from wagtail_localize.models import SourceDeletedError, Translation

from portal.translations.locales import admin_language_name

LOCALE = "locale"


@dataclass(frozen=True)
class Clash:
    """An ``other`` object in ``locale`` that already holds ``value`` in ``field_name`` (a unique field)."""

    model: type[models.Model]
    field_name: str
    value: object
    other: models.Model
    locale: Locale

    @property
    def message(self) -> str:
        """The error, in the active language: which field, which value, which object holds it, in which language."""
        field = self.model._meta.get_field(self.field_name)
        other = self.other.specific if isinstance(self.other, Page) else self.other
        return _("%(field)s “%(value)s” is already used by the %(model)s “%(object)s” in %(locale)s.") % {
            "field": capfirst(field.verbose_name),
            "value": self.value,
            "model": other._meta.verbose_name,
            "object": other.get_admin_display_title() if isinstance(other, Page) else other,
            "locale": admin_language_name(self.locale),
        }


class TranslationClashError(Exception):
    """Translating ``instance`` into ``locale`` would clash on a unique value (``clashes``: a list of Clash)."""

    def __init__(self, instance: models.Model, locale: Locale, clashes: list[Clash]) -> None:
        super().__init__(f"{instance!r} into {locale}: {clashes!r}")
        self.instance, self.locale, self.clashes = instance, locale, clashes

    @property
    def message(self) -> str:
        """The error for the admin, in the active language."""
        return _("“%(object)s” cannot be translated into %(locale)s: %(reasons)s Nothing was changed.") % {
            "object": self.instance,
            "locale": admin_language_name(self.locale),
            "reasons": " ".join(clash.message for clash in self.clashes),
        }


def locale_unique_fields(model: type[models.Model]) -> list[tuple[str, ...]]:
    """Return the field-name tuples that ``model`` keeps unique per locale, ``locale`` left out.

    From its UniqueConstraints on plain fields without a condition, and its ``unique_together``, that include
    ``locale``: ``[("slug",), ("translation_key",)]`` for a news category.
    """
    sets = [tuple(constraint.fields) for constraint in model._meta.total_unique_constraints]
    sets += [tuple(fields) for fields in model._meta.unique_together]
    return [tuple(name for name in fields if name != LOCALE) for fields in sets if LOCALE in fields]


def synchronised_field_names(model: type[models.Model]) -> set[str]:
    """Return the names of ``model``'s fields that wagtail-localize copies into every translation."""
    fields = getattr(model, "translatable_fields", [])
    return {field.field_name for field in fields if isinstance(field, SynchronizedField)}


def _values(instance: models.Model, fields: tuple[str, ...]) -> dict[str, object] | None:
    values = {name: getattr(instance, instance._meta.get_field(name).attname) for name in fields}
    return None if any(value is None for value in values.values()) else values


def _holder(
    model: type[models.Model], locale_id: int, values: dict[str, object], exclude_pk: object
) -> models.Model | None:
    return model._default_manager.filter(locale_id=locale_id, **values).exclude(pk=exclude_pk).first()


def _clash(
    instance: models.Model, fields: tuple[str, ...], values: dict[str, object], other: models.Model, locale_id: int
) -> Clash:
    field_name = fields[0]
    return Clash(type(instance), field_name, values[field_name], other, Locale.objects.get(pk=locale_id))


def synced_translations(instance: models.Model) -> models.QuerySet:
    """Return the translations of ``instance`` that wagtail-localize keeps in step with it (an enabled Translation).

    Empty for an object never submitted for translation, and for translations converted to manual editing.
    """
    locale_ids = Translation.objects.filter(
        source__object_id=instance.translation_key, source__locale_id=instance.locale_id, enabled=True
    ).values("target_locale_id")
    return instance.get_translations().filter(locale_id__in=locale_ids)


def _page_slug_holder(slug: str, parent: Page | None, translation_key: uuid.UUID) -> Page | None:
    """The child of ``parent`` with ``slug`` that is not a translation (or alias) of the page ``translation_key``."""
    if parent is None or parent.is_root():
        return None  # each locale's home page sits under the root with a slug of its own
    return parent.get_children().filter(slug=slug).exclude(translation_key=translation_key).first()


def clashes_of(instance: models.Model) -> list[Clash]:
    """Return the unique-value clashes of ``instance`` (a translatable page or snippet about to be saved).

    Snippets: each per-locale unique field set, in the object's own locale, and, for sets of synchronised
    fields, in the locale of each synced translation. Pages: the slug among the siblings of each synced
    translation (Wagtail's own validation checks the page's own siblings).
    """
    clashes = []
    if isinstance(instance, Page):
        if instance.pk is None:
            return []
        for translation in synced_translations(instance):
            other = _page_slug_holder(instance.slug, translation.get_parent(), instance.translation_key)
            if other is not None:
                clashes.append(Clash(Page, "slug", instance.slug, other, translation.locale))
        return clashes
    model = type(instance)
    synchronised = synchronised_field_names(model)
    translations = None
    for fields in locale_unique_fields(model):
        values = _values(instance, fields)
        if values is None:
            continue
        other = _holder(model, instance.locale_id, values, instance.pk)
        if other is not None:
            clashes.append(_clash(instance, fields, values, other, instance.locale_id))
            continue
        if instance.pk is None or not set(fields) <= synchronised:
            continue
        if translations is None:
            translations = list(synced_translations(instance))
        for translation in translations:
            other = _holder(model, translation.locale_id, values, translation.pk)
            if other is not None:
                clashes.append(_clash(instance, fields, values, other, translation.locale_id))
    return clashes


def translation_clashes(source: models.Model, locale: Locale) -> list[Clash]:
    """Return the clashes that writing the translation of ``source`` into ``locale`` would make now.

    ``source`` is the source object as wagtail-localize will write it (``TranslationSource.as_instance()``).
    Snippets: the synchronised unique values, in ``locale``, held by another object than the translation.
    Pages: the slug among the children of the parent's translation (not checked when the parent has none
    yet: wagtail-localize then makes the parent too).
    """
    translation = source.get_translation_or_none(locale)
    if isinstance(source, Page):
        parent = source.get_parent()
        translated_parent = parent.get_translation_or_none(locale) if parent is not None else None
        other = _page_slug_holder(source.slug, translated_parent, source.translation_key)
        return [] if other is None else [Clash(Page, "slug", source.slug, other, locale)]
    model = type(source)
    synchronised = synchronised_field_names(model)
    clashes = []
    for fields in locale_unique_fields(model):
        values = _values(source, fields) if set(fields) <= synchronised else None
        if values is None:
            continue
        other = _holder(model, locale.pk, values, getattr(translation, "pk", None))
        if other is not None:
            clashes.append(_clash(source, fields, values, other, locale.pk))
    return clashes


def publishing_clashes(translation: Translation) -> list[Clash]:
    """Return the clashes that writing ``translation``'s target object now would make (none if its source is gone)."""
    try:
        source = translation.source.as_instance()
    except SourceDeletedError:
        return []
    return translation_clashes(source, translation.target_locale)


def validate_no_clashes(instance: models.Model) -> None:
    """Raise ValidationError when ``instance`` clashes (``clashes_of``): each message under its field.

    A field the admin cannot edit (``translation_key``) is reported as a non-field error.
    """
    errors = {}
    for clash in clashes_of(instance):
        field = instance._meta.get_field(clash.field_name)
        errors.setdefault(clash.field_name if field.editable else NON_FIELD_ERRORS, []).append(clash.message)
    if errors:
        raise ValidationError(errors)
