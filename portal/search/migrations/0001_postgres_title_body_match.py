"""On PostgreSQL: a GIN index on the search index's ``title || body`` and the function that matches through it.

``portal.search.ranking.postgres`` calls ``portal_search_matches(tsquery)``: the index entries whose ``title || body``
match (id, content type, object id, title vector, title norm), found through the index with sequential scans off for that one query (a function-level
setting; PostgreSQL's estimates prefer a sequential scan for a common word, not counting its real cost). Nothing
on other databases. Why: docs/decisions/0013-bounded-search-ranking.md.
"""

from django.db import migrations

INDEX = "portal_search_title_body_gin"
FUNCTION = "portal_search_matches"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ((title || body))")
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(query tsquery) RETURNS TABLE "
        "(entry_id integer, content_type_id integer, object_id varchar, title tsvector, title_norm double precision) "
        "LANGUAGE sql STABLE PARALLEL SAFE ROWS 1000 SET enable_seqscan = off "
        f"AS $$ SELECT id, content_type_id, object_id, title, title_norm FROM {table} WHERE (title || body) @@ query $$"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(tsquery)")
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
