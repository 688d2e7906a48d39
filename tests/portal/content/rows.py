"""The rows one generated page pair leaves in the database, made comparable, and the one-at-a-time path that makes them.

``write_through_wagtail`` writes a ``portal.content.generator.PageSpec`` as the seed loader writes a page
(``add_child``, ``save_revision().publish()``, a TranslationSource, a PO file imported into its
Translation, ``create_or_update_translation`` and a publication); ``rows_of`` reads back every row of
every table that the pair touched, with database ids, timestamps and uuids made by the database replaced
by what they stand for, so that the bulk writer's rows can be compared with it.
"""

import json

from wagtail.models import PageLogEntry, ReferenceIndex
from wagtail.search.models import IndexEntry
from wagtail_localize.models import (
    OverridableSegment,
    RelatedObjectSegment,
    StringSegment,
    StringTranslation,
    TemplateSegment,
    TranslatableObject,
    Translation,
    TranslationContext,
    TranslationLog,
    TranslationSource,
)

from portal.content.bulk import BulkPageWriter
from portal.translations import traditional

TIMESTAMP_FIELDS = {
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "created_at",
    "updated_at",
    "last_updated_at",
    "timestamp",
    "go_live_at",
    "expire_at",
    "locked_at",
    "approved_go_live_at",
    "translations_last_updated_at",
    "destination_last_updated_at",
}


def write_through_wagtail(spec, index, chinese_locale, tool_name):
    """Write ``spec`` below ``index`` through Wagtail and wagtail-localize, as the seed loader does; return (en, zh).

    Without the Traditional translation (``traditional.deferred``): the pair is compared with the bulk writer's
    without it; the Traditional page's rows are checked against the conversion in ``test_generate_content``.
    """
    with traditional.deferred():
        return _write_through_wagtail(spec, index, chinese_locale, tool_name)


def _write_through_wagtail(spec, index, chinese_locale, tool_name):
    page = spec.model(locale=index.locale, **spec.fields)
    index.add_child(instance=page)
    for name, rows in spec.children.items():
        child_model = spec.model._meta.get_field(name).related_model
        extra = {"locale": index.locale} if "locale" in {f.name for f in child_model._meta.fields} else {}
        for row in rows:
            getattr(page, name).add(child_model(**extra, **row))
    page.save()
    page.save_revision().publish()
    page = spec.model.objects.get(pk=page.pk)
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=chinese_locale)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = spec.chinese[entry.msgid]
    translation.import_po(po, tool_name=tool_name)
    chinese, _created = source.create_or_update_translation(chinese_locale, publish=False, fallback=False)
    chinese.get_latest_revision().publish()
    return page, type(chinese).objects.get(pk=chinese.pk)


def write_in_bulk(specs, index, chinese_locale, tool_name):
    """Write ``specs`` with the bulk writer; return ``[(en, zh)]`` fresh from the database."""
    pairs = BulkPageWriter(index, chinese_locale, tool_name).write(specs)
    model = specs[0].model
    return [(model.objects.get(pk=en.pk), model.objects.get(pk=zh.pk)) for en, zh in pairs]


class Names:
    """Replaces database ids by stable names: the two pages, their revisions and child rows."""

    def __init__(self, english, chinese):
        self.pages = {english.pk: "EN", chinese.pk: "ZH"}
        self.revisions = {}
        for label, page in (("EN", english), ("ZH", chinese)):
            for number, pk in enumerate(page.revisions.order_by("created_at", "pk").values_list("pk", flat=True)):
                self.revisions[pk] = f"{label} revision {number + 1}"

    def revision(self, pk):
        return self.revisions.get(pk, pk if pk is None else f"unknown revision {pk}")


def _plain(value, names, key=None):
    """``value`` (from a row or JSON content) with timestamps, page and revision ids replaced by names."""
    if isinstance(value, dict):
        result = {}
        for name, item in value.items():
            if name == "pk" and key in (None, "page"):
                result[name] = names.pages.get(item, item)
            elif name in ("pk", "id") and key == "child":
                result[name] = "a child row" if item is not None else None
            elif name in ("latest_revision", "live_revision"):
                result[name] = names.revision(item)
            elif name == "page":
                result[name] = names.pages.get(item, item) if not isinstance(item, dict) else _plain(item, names)
            else:
                result[name] = _plain(item, names, "child" if isinstance(item, list) else name)
        return result
    if isinstance(value, list):
        return [_plain(item, names, key) for item in value]
    if isinstance(value, str) and value.startswith("[{"):
        # A StreamField in revision content: the JSON of its blocks (PostgreSQL's jsonb orders the keys).
        return _plain(json.loads(value), names, key)
    if key in TIMESTAMP_FIELDS:
        return "a time" if value is not None else None
    if key == "path":
        return len(value)
    return value


def _content(text, names):
    return _plain(json.loads(text) if isinstance(text, str) else text, names)


def _page_row(page, names):
    row = {field.name: getattr(page, field.attname) for field in type(page)._meta.concrete_fields}
    for field in type(page)._meta.concrete_fields:
        value = getattr(page, field.name)
        if hasattr(value, "raw_data"):  # a StreamField: as stored
            row[field.name] = [dict(block) for block in value.raw_data]
    for name in ("id", "page_ptr"):
        row.pop(name, None)
    for name in ("latest_revision", "live_revision"):
        row[name] = names.revision(row[name])
    row["numchild"] = page.numchild
    row["draft_title"] = page.draft_title
    return _plain(row, names)


def _children(page, names):
    result = {}
    for relation in BulkPageWriter.child_relations(type(page)):
        rows = []
        for child in getattr(page, relation.get_accessor_name()).all().order_by("pk"):
            row = {field.name: getattr(child, field.attname) for field in type(child)._meta.concrete_fields}
            row.pop("id")
            row[relation.field.name] = names.pages[getattr(child, relation.field.attname)]
            rows.append(row)
        result[relation.get_accessor_name()] = sorted(rows, key=lambda row: row.get("sort_order") or 0)
    return result


def rows_of(english, chinese):
    """Return a comparable description of every row the pair ``english``/``chinese`` has, table by table."""
    names = Names(english, chinese)
    pages = (english, chinese)
    source = TranslationSource.objects.get(object_id=english.translation_key, locale=english.locale)
    translation = Translation.objects.get(source=source)
    contexts = {
        c.pk: (c.path, c.field_path) for c in TranslationContext.objects.filter(object_id=english.translation_key)
    }
    segments = {
        "strings": [
            (s.order, contexts[s.context_id], s.string.data, s.string.locale_id, s.attrs)
            for s in StringSegment.objects.filter(source=source).select_related("string").order_by("order")
        ],
        "templates": [
            (s.order, contexts[s.context_id], s.template.template, s.template.template_format, s.template.string_count)
            for s in TemplateSegment.objects.filter(source=source).select_related("template").order_by("order")
        ],
        "related objects": [
            (s.order, contexts[s.context_id], str(s.object.translation_key), s.object.content_type_id)
            for s in RelatedObjectSegment.objects.filter(source=source).select_related("object").order_by("order")
        ],
        "overridables": [
            (s.order, contexts[s.context_id], s.data_json)
            for s in OverridableSegment.objects.filter(source=source).order_by("order")
        ],
    }
    string_translations = sorted(
        (
            contexts[t.context_id],
            t.translation_of.data,
            t.locale_id,
            t.data,
            t.translation_type,
            t.tool_name,
            t.last_translated_by_id,
            t.has_error,
            t.field_error,
            t.created_at is not None,
        )
        for t in StringTranslation.objects.filter(context__object_id=english.translation_key).select_related(
            "translation_of"
        )
    )
    revisions = {
        names.pages[page.pk]: [
            {
                "content": _content(r.content, names),
                "object_str": r.object_str,
                "content_type": r.content_type_id,
                "base_content_type": r.base_content_type_id,
                "user": r.user_id,
                "approved_go_live_at": r.approved_go_live_at,
            }
            for r in page.revisions.order_by("created_at", "pk")
        ]
        for page in pages
    }
    logs = {
        names.pages[page.pk]: [
            (
                entry.action,
                entry.label,
                names.revision(entry.revision_id),
                _content(_ids_as_pages(entry.data, names), names),
                entry.content_changed,
                entry.deleted,
                entry.user_id,
                entry.uuid,
                entry.content_type_id,
            )
            for entry in PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
        ]
        for page in pages
    }
    child_pks = {
        str(child.pk): "a child row"
        for page in pages
        for relation in BulkPageWriter.child_relations(type(page))
        for child in getattr(page, relation.get_accessor_name()).all()
    }
    references = {
        names.pages[page.pk]: sorted(
            (
                r.content_type_id,
                r.base_content_type_id,
                r.to_content_type_id,
                r.to_object_id,
                r.model_path,
                ".".join(child_pks.get(part, part) for part in r.content_path.split(".")),
            )
            for r in ReferenceIndex.objects.filter(base_content_type__model="page", object_id=str(page.pk))
        )
        for page in pages
    }
    search = {
        names.pages[page.pk]: sorted(
            (e.content_type_id, e.title, e.body, e.autocomplete)
            for e in IndexEntry.objects.filter(object_id=str(page.pk), content_type__app_label=page._meta.app_label)
        )
        for page in pages
    }
    return {
        "pages": {names.pages[page.pk]: _page_row(page, names) for page in pages},
        "children": {names.pages[page.pk]: _children(page, names) for page in pages},
        "revisions": revisions,
        "logs": logs,
        "translatable objects": TranslatableObject.objects.filter(translation_key=english.translation_key).count(),
        "source": {
            "content_json": _content(source.content_json, names),
            "object_repr": source.object_repr,
            "schema_version": source.schema_version,
            "specific_content_type": source.specific_content_type_id,
            "last_updated_at": source.last_updated_at is not None,
        },
        "contexts": sorted(contexts.values()),
        "segments": segments,
        "translation": (
            translation.target_locale_id,
            translation.enabled,
            translation.translations_last_updated_at,
            translation.destination_last_updated_at,
        ),
        "string translations": string_translations,
        "translation logs": [
            (log.locale_id, names.revision(log.revision_id)) for log in TranslationLog.objects.filter(source=source)
        ],
        "references": references,
        "search": search,
    }


def _ids_as_pages(data, names):
    """Log entry data with page ids (``{"id": ...}``) named; other ids (the index pages) kept."""
    if isinstance(data, dict):
        return {
            key: (names.pages.get(value, value) if key == "id" else _ids_as_pages(value, names))
            for key, value in data.items()
        }
    return data


def differences(expected, actual, path=""):
    """Return a list of ``"path: expected != actual"`` lines where the two nested values differ."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines = []
        for key in sorted(set(expected) | set(actual), key=str):
            lines += differences(expected.get(key, "<missing>"), actual.get(key, "<missing>"), f"{path}/{key}")
        return lines
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        lines = []
        for number, (left, right) in enumerate(zip(expected, actual, strict=True)):
            lines += differences(left, right, f"{path}[{number}]")
        return lines
    return [] if expected == actual else [f"{path}: {expected!r} != {actual!r}"]
