"""Search fields whose indexed value is analysed text (``portal.search.analysis``), for models' ``search_fields``.

Wagtail's database backend hands a field's value to the database's own tokeniser, which cannot split
Chinese into words nor stem English. A model declares ``AnalysedSearchField`` and
``AnalysedAutocompleteField`` in its ``search_fields`` where it would declare Wagtail's ``SearchField``
and ``AutocompleteField`` (same arguments), and the index stores ``analysis.index_text`` of the value;
``portal.search.backend`` analyses queries the same way. ``analysed_fields`` converts a list of
Wagtail's fields (``BasePage`` uses it on ``Page.search_fields``; ``portal.search.upstream_models`` on
the image and document models). ``tests/portal/search/test_search_fields.py`` checks every indexed model.

The two classes override ``modelsearch.index.BaseField.get_value`` (modelsearch 1.3.2, with Wagtail 7.4.4):
the indexers of Wagtail's database backends store what ``get_value`` returns; ``get_text_value`` is upstream's.
``stream_text`` walks a StreamField's stored form as ``wagtail.blocks.stream_block.StreamBlock.get_searchable_content``,
``wagtail.blocks.struct_block.StructBlock.get_searchable_content`` and
``wagtail.blocks.list_block.ListBlock.get_searchable_content`` walk its blocks (Wagtail 7.4.4), without reading
what choosers name (docs/upstream-overrides.md, section 35).
"""

import re
from collections.abc import Iterable

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.search import index

from portal.search import analysis

#: One entry of a model's ``search_fields``.
Declaration = index.BaseField | index.RelatedFields


def flatten(value: object, separator: str = ", ") -> str:
    """Return a field value as one str, as Wagtail's indexer does: lists and dicts joined with ``separator``.

    None is ``""``; any other value is made a str.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return separator.join(flatten(item, separator) for item in value)
    if isinstance(value, dict):
        return separator.join(flatten(item, separator) for item in value.values())
    return str(value)


def leaves(value: object) -> list[str]:
    """Return the strs of a field value (a str, or lists and dicts of them) in order; None gives none."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in leaves(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in leaves(item)]
    return [value if isinstance(value, str) else str(value)]


class AnalysedSearchField(index.SearchField):
    """A ``SearchField`` whose indexed value is ``analysis.index_text`` of the field's value (stemmed)."""

    def get_value(self, obj: models.Model) -> str:
        """Return the analysed text the index stores for this field of ``obj``."""
        return analysis.index_text(flatten(self.get_text_value(obj)))

    def get_text_value(self, obj: models.Model) -> object:
        """Return the field's value as Wagtail's ``SearchField`` gives it (not analysed), e.g. for excerpts."""
        return super().get_value(obj)


class AnalysedAutocompleteField(index.AutocompleteField):
    """An ``AutocompleteField`` whose indexed value is analysed like a query, without stemming."""

    def get_value(self, obj: models.Model) -> str:
        """Return the analysed, unstemmed text the index stores for this field of ``obj``."""
        return analysis.index_text(flatten(self.get_text_value(obj)), stemmed=False)

    def get_text_value(self, obj: models.Model) -> object:
        """Return the field's value as Wagtail's ``AutocompleteField`` gives it (not analysed)."""
        return super().get_value(obj)


#: What ``language_token`` puts before a language code's letters: no word of the portal's text begins so.
LANGUAGE_TOKEN_PREFIX = "zzlanguage"  # noqa: S105 - a word, not a secret


def language_token(language_code: str) -> str:
    """Return the index word of a language: ``"zh-hans"`` gives ``"zzlanguagezhhans"`` (ASCII letters only)."""
    return LANGUAGE_TOKEN_PREFIX + re.sub(r"[^a-z]", "", language_code.lower())


#: ``language_token`` in PostgreSQL, of the column ``l.language_code``.
LANGUAGE_TOKEN_SQL = f"'{LANGUAGE_TOKEN_PREFIX}' || regexp_replace(lower(l.language_code), '[^a-z]', '', 'g')"


class LanguageField(AnalysedSearchField):
    """The indexed word of an object's language (``language_token``), so a search can keep to one language.

    Declared once, as ``LANGUAGE_FIELD``, by the models whose searches filter by locale (every page type); the
    PostgreSQL ranking matches the query *and* this word inside the index (``portal.search.ranking.postgres``).
    Not analysed (the word would be stemmed) and never part of an excerpt.
    """

    def get_value(self, obj: models.Model) -> str:
        """Return ``language_token`` of ``obj``'s Locale (``obj.locale``: from the process's Locale table, no query)."""
        return language_token(obj.locale.language_code)

    def get_text_value(self, obj: models.Model) -> object:
        """Return nothing: the word is not text of the object."""
        return []


#: The one ``LanguageField`` of the models (one object, so that Wagtail's check W001 finds Page's in each page type).
LANGUAGE_FIELD = LanguageField("locale")


def text_value(field: index.SearchField | index.AutocompleteField, obj: models.Model) -> object:
    """Return the value of ``field`` for ``obj`` as written (not analysed), for any Wagtail search field.

    A StreamField's text is read from its stored form (``stream_text``): the same strings as Wagtail's
    ``get_searchable_content``, without reading the pages, snippets or images its choosers name.
    """
    try:
        model_field = field.get_field(obj.__class__)
    except FieldDoesNotExist:  # a method or attribute of the model
        model_field = None
    if isinstance(model_field, StreamField) and isinstance(field, index.SearchField):
        value = model_field.value_from_object(obj)
        return stream_text(value.stream_block, value.raw_data) if value is not None else []
    if isinstance(field, (AnalysedSearchField, AnalysedAutocompleteField)):
        return field.get_text_value(obj)
    return field.get_value(obj)


def _upstream(block: blocks.Block, base: type[blocks.Block]) -> bool:
    """True when ``block`` is a ``base`` whose ``get_searchable_content`` is ``base``'s own (not overridden)."""
    return isinstance(block, base) and type(block).get_searchable_content is base.get_searchable_content


def _is_list_item(item: object) -> bool:
    """True when ``item``, a ListBlock's stored item, is in the block format (``{"type": "item", "value", "id"}``)."""
    return isinstance(item, dict) and item.get("type") == "item" and "value" in item and "id" in item


def stream_text(block: blocks.Block, raw: object) -> list[str]:
    """Return ``block.get_searchable_content(value)`` for the value stored as ``raw`` (its JSON form), as a list of str.

    Structural blocks (stream, struct, list) are walked in their stored form; a block without searchable
    content (``Block.get_searchable_content``: choosers, images) is skipped unread; any other block's value is
    made from ``raw`` (``to_python``) and asked, so a block's own ``get_searchable_content`` is kept.
    """
    if (
        not getattr(block, "search_index", True)
        or type(block).get_searchable_content is blocks.Block.get_searchable_content
    ):
        return []
    if _upstream(block, blocks.StreamBlock):
        items = (item for item in raw or [] if item.get("type") in block.child_blocks)
        return [text for item in items for text in stream_text(block.child_blocks[item["type"]], item.get("value"))]
    if _upstream(block, blocks.StructBlock):
        raw = raw or {}
        texts = []
        for name, child in block.child_blocks.items():
            if name in raw:
                texts += stream_text(child, raw[name])
            else:
                texts += child.get_searchable_content(child.get_default())
        return texts
    if _upstream(block, blocks.ListBlock):
        items = (item["value"] if _is_list_item(item) else item for item in raw or [])
        return [text for item in items for text in stream_text(block.child_block, item)]
    return list(block.get_searchable_content(block.to_python(raw)))


#: The analysed field made for each of Wagtail's field objects, so that converting the same declaration twice
#: (``BasePage`` at import, ``Page`` when the app is ready) gives the same objects: Wagtail's check
#: ``wagtailsearch.W001`` looks for ``Page.search_fields`` entries in each page model's by identity.
_ANALYSED: dict[Declaration, Declaration] = {}


def analysed_fields(search_fields: Iterable[Declaration]) -> list[Declaration]:
    """Return ``search_fields`` (a model's ``search_fields``) with the text fields replaced by analysed ones.

    ``SearchField`` → ``AnalysedSearchField`` and ``AutocompleteField`` → ``AnalysedAutocompleteField``
    (same name, boost and options), inside ``RelatedFields`` too; ``FilterField`` and fields already
    analysed are kept as they are. A field object is always converted into the same analysed object.
    """
    return [_analysed(field) for field in search_fields]


def _analysed(field: Declaration) -> Declaration:
    if isinstance(field, (AnalysedSearchField, AnalysedAutocompleteField)):
        return field
    if field not in _ANALYSED:
        if isinstance(field, index.SearchField):
            _ANALYSED[field] = AnalysedSearchField(field.field_name, boost=field.boost, **field.kwargs)
        elif isinstance(field, index.AutocompleteField):
            _ANALYSED[field] = AnalysedAutocompleteField(field.field_name, **field.kwargs)
        elif isinstance(field, index.RelatedFields):
            _ANALYSED[field] = index.RelatedFields(field.field_name, analysed_fields(field.fields))
        else:
            return field
    return _ANALYSED[field]


def unanalysed_fields(search_fields: Iterable[Declaration]) -> list[str]:
    """Return the names (``"tags.name"`` inside RelatedFields) of the text fields in ``search_fields`` not analysed."""
    names = []
    for field in search_fields:
        if isinstance(field, index.RelatedFields):
            names += [f"{field.field_name}.{name}" for name in unanalysed_fields(field.fields)]
        elif isinstance(field, (index.SearchField, index.AutocompleteField)) and not isinstance(
            field, (AnalysedSearchField, AnalysedAutocompleteField)
        ):
            names.append(field.field_name)
    return names
