"""Stable ids for StreamField blocks stored without them (imports, fixtures, raw JSON).

wagtail-localize keys each translated string of a StreamField by the ids of its blocks. Wagtail gives a block that
has no id a random one whenever the value is serialised and keeps it only once the object is saved, so data stored
without ids got new ids at every sync and the translations made in between were orphaned. The rule
(docs/content-model.md, "Block ids"): a block (or list item) without an id gets one derived from the object's
primary key, the field and the block's position, whenever the object is read from the database or from a revision
and before it is saved; the first save stores it. Ids already there are never changed.

``StableBlockIdsMixin`` (on ``BasePage`` and ``TranslatableSnippet``) does it on reading; ``give_ids_before_save``,
connected to ``pre_save`` by ``CoreConfig.ready``, on saving (fixtures are saved with ``raw=True``, past ``save()``).

Nothing upstream is replaced, but this relies on internals of Wagtail 7.4.4 and Django 5.2.19
(docs/upstream-overrides.md, "Stable block ids"; tests/portal/test_upstream_overrides.py watches each):

- reading: ``django.db.models.base.Model.from_db`` and ``wagtail.models.RevisionMixin.from_serializable_data``
  (called by ``wagtail.models.Page.with_content_json`` and ``wagtail.models.RevisionMixin.with_content_json`` for
  revisions) are extended; the StreamField value they hold comes from ``wagtail.fields.StreamField.from_db_value``
  and ``wagtail.blocks.stream_block.BaseStreamBlock.to_python``, a StreamValue with ``is_lazy`` set
  (``wagtail.blocks.stream_block.StreamValue.__init__``) that keeps the stored list of dicts;
- the ids are written into those dicts in place, through ``StreamValue.raw_data``
  (``wagtail.blocks.stream_block.StreamValue.RawDataView``, which returns the stored dicts themselves); a block
  read later takes its id from them (``wagtail.blocks.stream_block.StreamValue._prefetch_blocks``);
- saving: ``wagtail.fields.StreamField.get_prep_value`` → ``wagtail.blocks.stream_block.BaseStreamBlock.get_prep_value``
  → ``wagtail.blocks.stream_block.StreamValue.get_prep_value``, which stores a block never read as its raw dict,
  ids included; list items are written in the format
  ``wagtail.blocks.list_block.ListBlock._item_is_in_block_format`` recognises.
"""

import uuid
from functools import cache

from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField

#: The namespace of the ids made here (uuid5 of ``"<pk>/<field>/<position path>"``).
NAMESPACE = uuid.UUID("3f0c6d52-8a4e-4f1e-9d55-2b7c1e0a9c41")


def _new_id(path: str) -> str:
    return str(uuid.uuid5(NAMESPACE, path))


def _is_list_item(item) -> bool:
    return isinstance(item, dict) and item.get("type") == "item" and "value" in item


def fill_missing_ids(block: blocks.Block, value, path: str) -> bool:
    """Give every stream child and list item in ``value`` (raw JSON data of ``block``) that lacks an id a stable one.

    ``value`` is changed in place; list items in the old format (bare values) are put in Wagtail's block format.
    ``path`` seeds the ids (the same path gives the same ids). Returns True if anything was added.
    """
    changed = False
    if isinstance(block, blocks.BaseStreamBlock) and isinstance(value, list):
        for index, child in enumerate(value):
            if not isinstance(child, dict) or child.get("type") not in block.child_blocks:
                continue
            if not child.get("id"):
                child["id"] = _new_id(f"{path}/{index}")
                changed = True
            changed |= fill_missing_ids(block.child_blocks[child["type"]], child.get("value"), f"{path}/{index}")
    elif isinstance(block, blocks.ListBlock) and isinstance(value, list):
        for index, item in enumerate(value):
            if not _is_list_item(item):
                value[index] = item = {"type": "item", "value": item}
            if not item.get("id"):
                item["id"] = _new_id(f"{path}/{index}")
                changed = True
            changed |= fill_missing_ids(block.child_block, item["value"], f"{path}/{index}")
    elif isinstance(block, blocks.BaseStructBlock) and isinstance(value, dict):
        for name, child_block in block.child_blocks.items():
            if name in value:
                changed |= fill_missing_ids(child_block, value[name], f"{path}.{name}")
    return changed


@cache
def stream_fields(model: type) -> tuple[StreamField, ...]:
    """Return the StreamFields of ``model`` (a model class)."""
    return tuple(field for field in model._meta.concrete_fields if isinstance(field, StreamField))


def give_stable_block_ids(instance) -> bool:
    """Fill in the missing block ids of ``instance``'s loaded StreamFields (``fill_missing_ids``), seeded by its pk.

    Only values still in their raw, stored form are looked at (not yet turned into blocks); nothing is done
    without a primary key. Returns True if any id was added.
    """
    if instance.pk is None:
        return False
    changed = False
    for field in stream_fields(type(instance)):
        value = instance.__dict__.get(field.attname)
        if isinstance(value, StreamValue) and value.is_lazy:
            changed |= fill_missing_ids(field.stream_block, list(value.raw_data), f"{instance.pk}/{field.name}")
    return changed


def give_ids_before_save(sender, instance, **kwargs):
    """``pre_save`` receiver: a ``StableBlockIdsMixin`` object gets its missing block ids before it is stored."""
    if isinstance(instance, StableBlockIdsMixin):
        give_stable_block_ids(instance)


class StableBlockIdsMixin:
    """For a model with StreamFields: blocks read without ids get stable ones (``give_stable_block_ids``)."""

    @classmethod
    def from_db(cls, db, field_names, values):
        """As Django's, then fill in missing block ids (a row written without them)."""
        instance = super().from_db(db, field_names, values)
        give_stable_block_ids(instance)
        return instance

    @classmethod
    def from_serializable_data(cls, data, *args, **kwargs):
        """As Wagtail's (revisions), then fill in missing block ids, the same as for the database row."""
        instance = super().from_serializable_data(data, *args, **kwargs)
        if instance is not None:
            give_stable_block_ids(instance)
        return instance
