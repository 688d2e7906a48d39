"""On PostgreSQL: ``portal_search_matches`` finds the entries of many content types through the GIN index only.

In 0001 the many-entries branch also let the planner use the content type's B-tree index: once the table has
statistics (``ANALYZE``, autovacuum) PostgreSQL took it for a common word and evaluated ``title || body @@ query``
on every entry (160 ms for "city" at 10,000 news per language, against 35 ms through the GIN index). The content
type condition is now written so that no index serves it ("IS TRUE"), as the few-entries branch does for the match.
Nothing on other databases. Why: docs/decisions/0015-bounded-search-ranking.md.
"""

import importlib

from django.db import migrations

INITIAL = importlib.import_module("portal.search.migrations.0001_postgres_title_body_match")

FUNCTION_SQL = INITIAL.FUNCTION_SQL.replace(
    """        RETURN QUERY SELECT e.id, e.content_type_id, e.object_id, e.title, e.title_norm FROM {table} AS e
            WHERE e.content_type_id = ANY(content_types) AND (e.title || e.body) @@ query;""",
    """        -- "IS TRUE": not a condition the content types' index can serve, so the GIN index is used.
        RETURN QUERY SELECT e.id, e.content_type_id, e.object_id, e.title, e.title_norm FROM {table} AS e
            WHERE (e.content_type_id = ANY(content_types)) IS TRUE AND (e.title || e.body) @@ query;""",
)
assert FUNCTION_SQL != INITIAL.FUNCTION_SQL, "0001's function text changed: rewrite this migration's SQL in full"


def replace(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
        schema_editor.execute(sql.format(function=INITIAL.FUNCTION, table=table, few=INITIAL.FEW))

    return operation


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_postgres_title_body_match")]

    operations = [migrations.RunPython(replace(FUNCTION_SQL), replace(INITIAL.FUNCTION_SQL), elidable=False)]
