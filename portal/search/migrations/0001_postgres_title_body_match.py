"""On PostgreSQL: a GIN index on the search index's ``title || body`` and the function that matches through it.

``portal.search.ranking.postgres`` calls ``portal_search_matches(query tsquery, content_types integer[])``: the
index entries of those content types whose ``title || body`` match (id, content type, object id, title vector,
title norm). For content types with many entries (pages) it finds them through the GIN index, with sequential
scans off for that one query (a function-level setting: for a common word PostgreSQL's estimates prefer a
sequential scan, not counting its real cost); for content types with at most ``FEW`` entries (cities) it checks
each of those entries, which costs less than a phrase's check of every page that has its words. Nothing on
other databases. Why: docs/decisions/0015-bounded-search-ranking.md.
"""

from django.db import migrations

INDEX = "portal_search_title_body_gin"
FUNCTION = "portal_search_matches"
#: Up to this many entries of the searched content types, each is checked instead of using the GIN index.
FEW = 500

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION {function}(query tsquery, content_types integer[])
RETURNS TABLE (entry_id integer, content_type_id integer, object_id varchar, title tsvector, title_norm double precision)
LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 1000 SET enable_seqscan = off AS $body$
#variable_conflict use_column
BEGIN
    IF (SELECT count(*) FROM (SELECT 1 FROM {table} AS e WHERE e.content_type_id = ANY(content_types) LIMIT {few} + 1)
        AS few) <= {few} THEN
        -- "IS TRUE": not a condition the GIN index can serve, so the content types' own index is used.
        RETURN QUERY SELECT e.id, e.content_type_id, e.object_id, e.title, e.title_norm FROM {table} AS e
            WHERE e.content_type_id = ANY(content_types) AND ((e.title || e.body) @@ query) IS TRUE;
    ELSE
        RETURN QUERY SELECT e.id, e.content_type_id, e.object_id, e.title, e.title_norm FROM {table} AS e
            WHERE e.content_type_id = ANY(content_types) AND (e.title || e.body) @@ query;
    END IF;
END
$body$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ((title || body))")
    schema_editor.execute(FUNCTION_SQL.format(function=FUNCTION, table=table, few=FEW))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(tsquery, integer[])")
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
