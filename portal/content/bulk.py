"""Write generated English pages and their Chinese translations in bulk, with the rows the seed loader's path writes.

The seed loader (``portal.content.loader``) makes each page through Wagtail and wagtail-localize one at
a time: ``add_child``, ``save_revision().publish()``, then a TranslationSource, a PO file of Chinese
strings imported into its Translation, ``create_or_update_translation`` and a publication of the Chinese
page: about 500 queries and 0.6 s per pair, so hours for 12,000 pairs. ``BulkPageWriter`` writes the
same rows for a batch of pages in a few dozen queries. It builds every value with Wagtail's and
wagtail-localize's own code, in memory, in the order their path does (``serializable_data`` for revisions,
``to_json`` for the source, ``extract_segments``, ``TranslationContext.get_field_path``, the Chinese copy
with ``wagtail.models.copying._copy``, ``copy_synchronised_fields`` and ``ingest_segments``, the references
with ``ReferenceIndex._extract_references_from_object``, the search index with the backends' ``add_bulk``);
only the writing is batched, and signals are not sent (the frontend cache is not purged).

Nothing upstream is replaced, but what it writes is reproduced, as written by (Wagtail 7.4.4,
wagtail-localize 1.14.5): ``wagtail.models.Page.save_revision``,
``wagtail.actions.publish_revision.PublishRevisionAction._publish_revision``,
``wagtail.actions.copy_page.CopyPageAction._copy_page`` (the copy rules of ``copy_for_translation``),
``wagtail.models.ReferenceIndex.create_or_update_for_object``,
``wagtail_localize.models.TranslationSource.refresh_segments``,
``wagtail_localize.models.Translation.import_po`` and
``wagtail_localize.models.TranslationSource.create_or_update_translation``; and two internals are called:
``wagtail.models.copying._copy`` and ``wagtail_localize.models.TranslationContext.get_field_path`` (its
``save`` stood in for). ``tests/portal/content/test_generate_content.py`` compares the rows with those of
the one-at-a-time path, table by table; ``tests/portal/test_upstream_overrides.py`` holds the tripwires
(docs/upstream-overrides.md, "Generated content written in bulk"). Docs: docs/operations.md, "Content at
scale".
"""

import json
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision, TranslatableMixin
from wagtail.models.copying import _copy
from wagtail.search.backends import get_search_backends
from wagtail_localize.fields import copy_synchronised_fields
from wagtail_localize.models import (
    OverridableSegment,
    RelatedObjectSegment,
    String,
    StringSegment,
    StringTranslation,
    Template,
    TemplateSegment,
    TranslatableObject,
    Translation,
    TranslationContext,
    TranslationLog,
    TranslationSource,
    get_schema_version,
)
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    StringSegmentValue,
    TemplateSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.ingest import ingest_segments
from wagtail_localize.strings import StringValue

from portal.translations.traditional import converted_row


class MissingChineseError(Exception):
    """A generated page has an English string without its Chinese translation (a bug of the generator)."""


def _no_save(*args, **kwargs):
    """Stands in for ``TranslationContext.save`` while ``get_field_path`` computes a path: rows are inserted in bulk."""


def tree_step(model, number):
    """Return the treebeard path step of child ``number`` (1-based): ``model.steplen`` digits of ``model.alphabet``."""
    alphabet, digits = model.alphabet, ""
    while number:
        number, remainder = divmod(number, len(alphabet))
        digits = alphabet[remainder] + digits
    return digits.rjust(model.steplen, alphabet[0])


def tree_number(model, step):
    """Return the number (1-based) of the treebeard path step ``step`` (the inverse of ``tree_step``)."""
    number = 0
    for digit in step:
        number = number * len(model.alphabet) + model.alphabet.index(digit)
    return number


def insert_local_rows(model, objects):
    """INSERT the rows of ``model``'s own table (not its parents') for ``objects``, one ``executemany``.

    For multi-table models, which Django's ``bulk_create`` refuses: the parent rows are inserted first
    and the objects carry their primary key. Values are prepared as Django's insert compiler prepares them
    (``Field.get_db_prep_save``).
    """
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # Table and column names come from the model, quoted; the values are parameters.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    rows = [[field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def update_page_rows(pages, names):
    """UPDATE the Page columns of fields ``names`` of ``pages`` from their attributes (one ``executemany``)."""
    fields = [Page._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(Page._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608
    rows = [
        [field.get_db_prep_save(getattr(page, field.attname), connection) for field in fields] + [page.pk]
        for page in pages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class BulkPageWriter:
    """Writes generated pages (``portal.content.generator.PageSpec``) below ``index``, an English index page,
    and their Chinese translations below its Chinese translation, in batches.

    ``tool_name`` is recorded on the string translations, as the seed loader records ``load_iuc_content``.
    With ``traditional_locale`` (``zh-hant``), each page's Traditional translation is written too, below the
    index's Traditional translation, its strings converted from the Chinese as ``portal.translations.traditional``
    converts them (``converted_row``). Call ``write`` inside a transaction. Raises the index model's
    ``DoesNotExist`` when the index has no translation into ``chinese_locale`` (or ``traditional_locale``).
    """

    def __init__(self, index, chinese_locale, tool_name, traditional_locale=None):
        self.index = index.specific
        self.en = index.locale
        self.zh = chinese_locale
        self.chinese_index = self.index.get_translation(chinese_locale)
        self.zht = traditional_locale
        self.traditional_index = self.index.get_translation(traditional_locale) if traditional_locale else None
        self.tool_name = tool_name
        self.page_type = ContentType.objects.get_for_model(Page)
        self.translatable_objects = {}
        self.schema_versions = {}

    # --------------------------------------------------------------------------------------- tree

    def reserve_paths(self, parent, count):
        """Return ``count`` free treebeard paths after the last child of ``parent``, in order."""
        last = parent.get_children().order_by("-path").values_list("path", flat=True).first()
        first = tree_number(Page, last[-Page.steplen :]) + 1 if last else 1
        return [parent.path + tree_step(Page, first + offset) for offset in range(count)]

    # --------------------------------------------------------------------------------------- rows

    def insert_pages(self, pages):
        """Insert ``pages`` (unsaved specific pages with every field set): their Page rows, then their own rows
        and their child rows (``ParentalKey`` relations); set their primary keys."""
        base_fields = Page._meta.concrete_fields
        rows = [Page(**{field.attname: getattr(page, field.attname) for field in base_fields}) for page in pages]
        Page.objects.bulk_create(rows)
        for page, row in zip(pages, rows, strict=True):
            page.id = page.page_ptr_id = row.pk
            page._state.adding = False
        model = type(pages[0])
        insert_local_rows(model, pages)
        for relation in self.child_relations(model):
            children = []
            for page in pages:
                for child in getattr(page, relation.get_accessor_name()).all():
                    setattr(child, relation.field.attname, page.pk)
                    children.append(child)
            relation.related_model.objects.bulk_create(children)

    @staticmethod
    def child_relations(model):
        """Return the child relations (``ParentalKey``) of ``model``, the comments included."""
        return get_all_child_relations(model)

    def revisions(self, pages):
        """Create one revision of each page of ``pages`` as ``save_revision`` does (content: the page as it is now)."""
        content_type = ContentType.objects.get_for_model(type(pages[0]))
        revisions = [
            Revision(
                content_type=content_type,
                base_content_type=self.page_type,
                object_id=str(page.pk),
                user=None,
                approved_go_live_at=None,
                content=page.serializable_data(),
                object_str=str(page),
                created_at=timezone.now(),
            )
            for page in pages
        ]
        return Revision.objects.bulk_create(revisions)

    def log(self, entries):
        """Create PageLogEntry rows for ``entries``: ``(page, action, label, revision, data, content_changed)``."""
        content_type = ContentType.objects.get_for_model(type(entries[0][0]), for_concrete_model=False)
        PageLogEntry.objects.bulk_create(
            PageLogEntry(
                content_type=content_type,
                page_id=page.pk,
                label=label,
                action=action,
                timestamp=timezone.now(),
                data=data or {},
                user=None,
                uuid=None,
                revision=revision,
                content_changed=content_changed,
            )
            for page, action, label, revision, data, content_changed in entries
        )

    # --------------------------------------------------------------------------------------- main

    def write(self, specs):
        """Write ``specs`` (PageSpecs of one model, below this writer's index); return ``[(english, chinese)]``.

        The Traditional pages, when written, are in ``self.traditional_pages`` afterwards (in the same order).
        Raises MissingChineseError when a string of a page has no Chinese in its spec.
        """
        model = specs[0].model
        english = self.english_pages(specs)
        self.insert_pages(english)
        for page, revision in zip(english, self.revisions(english), strict=True):
            # Page.save logs the creation; PublishRevisionAction publishes what save_revision stored.
            published = timezone.now()
            page.latest_revision, page.live_revision = revision, revision
            page.latest_revision_created_at = revision.created_at
            page.first_published_at = page.last_published_at = published
        update_page_rows(
            english,
            [
                "latest_revision",
                "live_revision",
                "latest_revision_created_at",
                "first_published_at",
                "last_published_at",
            ],
        )
        self.log(
            [(page, "wagtail.create", page.title, None, None, True) for page in english]
            + [(page, "wagtail.publish", page.title, page.latest_revision, None, True) for page in english]
        )

        sources, segments = self.translation_sources(model, english)
        self.translations(sources, self.zh)
        chinese_rows = self.string_translations(specs, segments)
        chinese_strings = {(row.context.object_id, row.context.path): row.data for row in chinese_rows}
        chinese = self.chinese_pages(english, segments, chinese_strings)
        self.translation_logs(sources, chinese, self.zh)
        self.traditional_pages = []
        if self.zht is not None:
            self.translations(sources, self.zht)
            traditional_rows = StringTranslation.objects.bulk_create(
                converted_row(row, self.zht) for row in chinese_rows
            )
            traditional_strings = {
                (chinese_row.context.object_id, chinese_row.context.path): row.data
                for chinese_row, row in zip(chinese_rows, traditional_rows, strict=True)
            }
            self.traditional_pages = self.chinese_pages(
                english, segments, traditional_strings, self.zht, self.traditional_index
            )
            self.translation_logs(sources, self.traditional_pages, self.zht)

        written = english + chinese + self.traditional_pages
        self.index_references(written)
        self.index_for_search(model, [page.pk for page in written])
        return list(zip(english, chinese, strict=True))

    @staticmethod
    def translations(sources, locale):
        """Create the Translation of each of ``sources`` into ``locale``."""
        Translation.objects.bulk_create(
            Translation(uuid=uuid.uuid4(), source=source, target_locale=locale, enabled=True) for source in sources
        )

    @staticmethod
    def translation_logs(sources, pages, locale):
        """Log the translation of each of ``sources`` into ``locale`` by the revision of its page in ``pages``."""
        TranslationLog.objects.bulk_create(
            TranslationLog(source=source, locale=locale, revision=page.latest_revision)
            for source, page in zip(sources, pages, strict=True)
        )

    def english_pages(self, specs):
        """Return unsaved English pages of ``specs`` at the end of the index, as ``add_child`` and ``save`` set them."""
        pages = []
        for spec, path in zip(specs, self.reserve_paths(self.index, len(specs)), strict=True):
            page = spec.model(locale=self.en, **spec.fields)
            page.path, page.depth, page.numchild = path, self.index.depth + 1, 0
            page.url_path = f"{self.index.url_path}{page.slug}/"
            page.draft_title = page.title
            page.live, page.has_unpublished_changes = True, False
            for relation in self.child_relations(spec.model):
                # Every child relation in memory (empty ones too, such as the comments): none is read from the database.
                name, child_model = relation.get_accessor_name(), relation.related_model
                extra = {"locale": self.en} if issubclass(child_model, TranslatableMixin) else {}
                setattr(page, name, [child_model(**extra, **row) for row in spec.children.get(name, [])])
            # The checks of each field (lengths, choices, blocks); relations are the seed's own objects.
            page.clean_fields(exclude=[field.name for field in page._meta.concrete_fields if field.is_relation])
            pages.append(page)
        Page.objects.filter(pk=self.index.pk).update(numchild=self.index.get_children().count() + len(pages))
        return pages

    # ------------------------------------------------------------------------------ wagtail-localize

    def translatable_object(self, content_type, translation_key):
        """Return the TranslatableObject of ``(content_type, translation_key)`` (get or create, remembered)."""
        key = (content_type.pk, translation_key)
        if key not in self.translatable_objects:
            self.translatable_objects[key], _created = TranslatableObject.objects.get_or_create(
                content_type=content_type, translation_key=translation_key
            )
        return self.translatable_objects[key]

    def translation_sources(self, model, pages):
        """Create the TranslationSource of each English page with its segments; return ``(sources, segments)``.

        ``segments[i]`` is the list of ``(segment value, TranslationContext)`` of ``pages[i]``, as
        ``TranslationSource.refresh_segments`` stores them.
        """
        content_type = ContentType.objects.get_for_model(model)
        if model not in self.schema_versions:
            self.schema_versions[model] = get_schema_version(model._meta.app_label)
        TranslatableObject.objects.bulk_create(
            TranslatableObject(translation_key=page.translation_key, content_type=self.page_type) for page in pages
        )
        sources = TranslationSource.objects.bulk_create(
            TranslationSource(
                object_id=page.translation_key,
                specific_content_type=content_type,
                locale=self.en,
                object_repr=str(page)[:200],
                content_json=page.to_json(),
                schema_version=self.schema_versions[model],
                last_updated_at=timezone.now(),
            )
            for page in pages
        )
        all_segments, contexts = [], []
        for page in pages:
            page_segments = []
            by_path = {}
            for value in extract_segments(page):
                context = by_path.get(value.path)
                if context is None:
                    context = TranslationContext(
                        object_id=page.translation_key,
                        path=value.path,
                        path_id=TranslationContext._get_path_id(value.path),
                        field_path="",
                    )
                    context.save = _no_save
                    context.get_field_path(page)
                    del context.save
                    by_path[value.path] = context
                    contexts.append(context)
                page_segments.append((value, context))
            all_segments.append(page_segments)
        TranslationContext.objects.bulk_create(contexts)

        strings = self.strings(
            value.string
            for page_segments in all_segments
            for value, _ctx in page_segments
            if isinstance(value, StringSegmentValue)
        )
        templates = self.templates(
            value
            for page_segments in all_segments
            for value, _ctx in page_segments
            if isinstance(value, TemplateSegmentValue)
        )
        rows = {StringSegment: [], TemplateSegment: [], RelatedObjectSegment: [], OverridableSegment: []}
        for source, page_segments in zip(sources, all_segments, strict=True):
            for value, context in page_segments:
                common = {"source": source, "context": context, "order": value.order}
                if isinstance(value, TemplateSegmentValue):
                    rows[TemplateSegment].append(TemplateSegment(template=templates[_template_key(value)], **common))
                elif isinstance(value, RelatedObjectSegmentValue):
                    related = self.translatable_object(value.content_type, value.translation_key)
                    rows[RelatedObjectSegment].append(RelatedObjectSegment(object=related, **common))
                elif isinstance(value, OverridableSegmentValue):
                    data_json = json.dumps(value.data, cls=DjangoJSONEncoder)
                    rows[OverridableSegment].append(OverridableSegment(data_json=data_json, **common))
                else:
                    attrs = json.dumps(value.attrs, cls=DjangoJSONEncoder)
                    string = strings[value.string.data]
                    rows[StringSegment].append(StringSegment(string=string, attrs=attrs, **common))
        for segment_model, objects in rows.items():
            segment_model.objects.bulk_create(objects)
        self.source_strings = strings
        return sources, all_segments

    def strings(self, values):
        """Return ``{data: String}`` for StringValues ``values`` in English, creating the missing Strings."""
        wanted = {value.data: String._get_data_hash(value.data) for value in values}
        found = {}
        hashes = list(wanted.values())
        for start in range(0, len(hashes), 500):
            for string in String.objects.filter(locale=self.en, data_hash__in=hashes[start : start + 500]):
                found[string.data_hash] = string
        missing = [
            String(locale=self.en, data=data, data_hash=data_hash)
            for data, data_hash in wanted.items()
            if data_hash not in found
        ]
        for string in String.objects.bulk_create(missing):
            found[string.data_hash] = string
        return {data: found[data_hash] for data, data_hash in wanted.items()}

    def templates(self, values):
        """Return ``{key: Template}`` for TemplateSegmentValues ``values`` (``Template.from_value``, remembered)."""
        templates = {}
        for value in values:
            key = _template_key(value)
            if key not in templates:
                templates[key] = Template.from_value(value)
        return templates

    def string_translations(self, specs, segments):
        """Create the Chinese StringTranslation of every string segment, as ``Translation.import_po`` does.

        Returns the rows created (their ``context`` set).
        """
        now = timezone.now()
        rows = []
        for spec, page_segments in zip(specs, segments, strict=True):
            for value, context in page_segments:
                if not isinstance(value, StringSegmentValue):
                    continue
                chinese = spec.chinese.get(value.string.data)
                if chinese is None:
                    raise MissingChineseError(f"No Chinese for {value.string.data!r} of {spec.slug}")
                rows.append(
                    StringTranslation(
                        translation_of=self.source_strings[value.string.data],
                        locale=self.zh,
                        context=context,
                        data=chinese,
                        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                        tool_name=self.tool_name,
                        last_translated_by=None,
                        updated_at=now,
                        has_error=False,
                        field_error="",
                    )
                )
        return StringTranslation.objects.bulk_create(rows)

    # ------------------------------------------------------------------------------ Chinese pages

    def chinese_pages(self, english, segments, chinese_strings, locale=None, index=None):
        """Create the published translation of each English page into ``locale`` (default: the Chinese locale)
        below ``index`` (the English index's translation into it); return them.

        As ``create_or_update_translation`` after ``copy_for_translation``: a copy in Chinese (logged as
        created and copied for translation, with a first revision of English content), the synchronised
        fields copied and the translated segments ingested, a second revision, then its publication.
        """
        locale = locale or self.zh
        chinese_index = index or self.chinese_index
        paths = self.reserve_paths(chinese_index, len(english))
        copies, pages = [], []
        for page, path, page_segments in zip(english, paths, segments, strict=True):
            # Copying takes the child rows away from the copied object (modelcluster's copy_child_relation),
            # so each step works on its own clone of the English page, as upstream's works on a fresh read.
            copy = self.copy_for_translation(clone(page), path, locale, chinese_index)
            original = clone(page)
            translated = self.copy_for_translation(clone(page), path, locale, chinese_index)
            copy_synchronised_fields(original, translated)
            translated_segments = self.translated_segments(page_segments, chinese_strings)
            ingest_segments(original, translated, self.en, locale, translated_segments)
            copies.append(copy)
            pages.append(translated)
        Page.objects.filter(pk=chinese_index.pk).update(numchild=chinese_index.get_children().count() + len(pages))
        # The rows hold the final values; the revisions the values of their moment.
        final_titles = [page.title for page in pages]
        for page, copy in zip(pages, copies, strict=True):
            page.draft_title = copy.draft_title
        self.insert_pages(pages)
        for page, copy in zip(pages, copies, strict=True):
            copy.id = copy.page_ptr_id = page.pk
            copy._state.adding = False
            for relation in self.child_relations(type(page)):
                name = relation.get_accessor_name()
                for copied, final in zip(getattr(copy, name).all(), getattr(page, name).all(), strict=True):
                    copied.pk = final.pk
                    setattr(copied, relation.field.attname, page.pk)
        first_revisions = self.revisions(copies)
        for page, revision in zip(pages, first_revisions, strict=True):
            page.latest_revision = revision
            page.latest_revision_created_at = revision.created_at
        second_revisions = self.revisions(pages)
        for page, revision, title in zip(pages, second_revisions, final_titles, strict=True):
            published = timezone.now()
            page.latest_revision = page.live_revision = revision
            page.latest_revision_created_at = revision.created_at
            page.draft_title = title
            page.live, page.has_unpublished_changes = True, False
            page.first_published_at = page.last_published_at = published
        update_page_rows(
            pages,
            [
                "latest_revision",
                "live_revision",
                "latest_revision_created_at",
                "draft_title",
                "live",
                "has_unpublished_changes",
                "first_published_at",
                "last_published_at",
            ],
        )
        index_title = self.index.get_admin_display_title()
        chinese_index_title = chinese_index.get_admin_display_title()
        entries = []
        for page, copy, english_page in zip(pages, copies, english, strict=True):
            copied = {
                "page": {
                    "id": page.pk,
                    "title": copy.get_admin_display_title(),
                    "locale": {"id": locale.pk, "language_code": locale.language_code},
                },
                "source": {"id": self.index.pk, "title": index_title},
                "destination": {"id": chinese_index.pk, "title": chinese_index_title},
                "keep_live": False,
                "source_locale": {"id": english_page.locale_id, "language_code": self.en.language_code},
            }
            entries.append((page, "wagtail.create", copy.get_admin_display_title(), None, None, True))
            entries.append((page, "wagtail.copy_for_translation", copy.get_admin_display_title(), None, copied, False))
        entries += [(page, "wagtail.publish", page.title, page.latest_revision, None, True) for page in pages]
        self.log(entries)
        return pages

    def copy_for_translation(self, page, path, locale, index):
        """Return an unsaved copy of ``page`` into ``locale`` at ``path`` below ``index`` (its parent), as
        ``CopyPageForTranslationAction`` makes it."""
        exclude = page.default_exclude_fields_in_copy + page.exclude_fields_in_copy
        copy, child_objects = _copy(
            page,
            exclude_fields=exclude,
            update_attrs={
                "live": False,
                "has_unpublished_changes": True,
                "live_revision": None,
                "first_published_at": None,
                "last_published_at": None,
                "alias_of": None,
                "locale": locale,
                "slug": page.slug,
            },
        )
        for child in child_objects.values():
            if isinstance(child, TranslatableMixin):
                child.locale = locale
        copy.path, copy.depth, copy.numchild = path, index.depth + 1, 0
        copy.url_path = f"{index.url_path}{copy.slug}/"
        return copy

    def translated_segments(self, page_segments, chinese_strings):
        """Return the segments ``create_or_update_translation`` ingests: Chinese strings, templates, related objects."""
        translated = []
        for value, context in page_segments:
            if isinstance(value, StringSegmentValue):
                data = chinese_strings[(context.object_id, context.path)]
                translated.append(
                    StringSegmentValue(context.path, StringValue(data), attrs=value.attrs).with_order(value.order)
                )
            elif isinstance(value, TemplateSegmentValue):
                translated.append(
                    TemplateSegmentValue(
                        context.path, value.format, value.template, value.string_count, order=value.order
                    )
                )
            elif isinstance(value, RelatedObjectSegmentValue):
                translated.append(
                    RelatedObjectSegmentValue(
                        context.path, value.content_type, value.translation_key, order=value.order
                    )
                )
        return translated

    # ------------------------------------------------------------------------------ references, search

    @staticmethod
    def index_references(pages):
        """Record the references of ``pages`` (new, so with none recorded) in Wagtail's reference index.

        As ``ReferenceIndex.create_or_update_for_object`` records them (its own extraction), in one insert.
        """
        rows = []
        for page in pages:
            if not ReferenceIndex.is_indexed(type(page)):
                continue
            content_types = [
                ContentType.objects.get_for_model(model, for_concrete_model=False)
                for model in [type(page), *page._meta.get_parent_list()]
            ]
            for to_content_type_id, to_object_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            ):
                rows.append(
                    ReferenceIndex(
                        content_type=content_types[0],
                        base_content_type=content_types[-1],
                        object_id=page.pk,
                        to_content_type_id=to_content_type_id,
                        to_object_id=to_object_id,
                        model_path=model_path,
                        content_path=content_path,
                        content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                    )
                )
        ReferenceIndex.objects.bulk_create(rows)

    @staticmethod
    def index_for_search(model, pks):
        """Add the pages ``pks`` of ``model`` to every search backend that updates itself (``add_bulk``)."""
        objects = list(model.get_indexed_objects().filter(pk__in=pks))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, objects)


def clone(page):
    """Return a copy of ``page`` (saved) with copies of its child rows, as read back from its serialised data."""
    copied = type(page).from_serializable_data(page.serializable_data(), check_fks=False)
    copied._state.adding = False
    return copied


def _template_key(value):
    return (value.format, value.template)
