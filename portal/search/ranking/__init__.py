"""Search results ranked and counted in the database in one bounded query each, on SQLite and PostgreSQL.

Replaces, in Wagtail's database search backend (modelsearch 1.3.2, as shipped with Wagtail 7.4.4), for searches
ordered by relevance:

- on SQLite (``portal.search.ranking.sqlite``): the ranking of
  ``modelsearch.backends.database.sqlite.sqlite.SQLiteSearchQueryCompiler.search``, and
  ``modelsearch.backends.database.sqlite.sqlite.SQLiteSearchResults._do_search`` and ``._do_count``
  (``modelsearch.backends.database.sqlite.sqlite.SQLiteSearchResults._do_count``), keeping upstream's
  ``modelsearch.backends.database.sqlite.query.MatchExpression``;
- on PostgreSQL (``portal.search.ranking.postgres``): the match and the ranking of
  ``modelsearch.backends.database.postgres.postgres.PostgresSearchQueryCompiler.search`` (upstream's rank,
  ``modelsearch.backends.database.postgres.postgres.PostgresSearchQueryCompiler._build_rank_expression`` over
  ``modelsearch.backends.database.postgres.postgres.PostgresSearchQueryCompiler.get_index_vectors``, written in
  SQL), and ``modelsearch.backends.database.postgres.postgres.PostgresSearchResults._do_search`` and
  ``modelsearch.backends.database.postgres.postgres.PostgresSearchResults._do_count``.

Upstream ranks every match of a query before it can show ten: on SQLite with a correlated subquery that runs the
full-text match again for each candidate (85 s for "city" at 10,000 news items per language), on PostgreSQL with
``ts_rank`` over every match after a scan that no index serves (0.8 to 1.4 s). The vendor modules rank in the
query that matches and return only the slice asked for (LIMIT/OFFSET); ``results.RankedResultsMixin`` is the
results class's side: one query for the shown slice (on PostgreSQL it counts the matches too), then its objects
by primary key (``results.objects_in_order``), and at most one count query. Why and what was measured:
docs/search.md and docs/decisions/0015-bounded-search-ranking.md; the overrides: docs/upstream-overrides.md,
section 26.
"""

from modelsearch.backends.base import BaseSearchBackend


def ranked_classes(backend_class: type[BaseSearchBackend]) -> dict[str, type]:
    """Return the class attributes that give ``backend_class`` the bounded ranking, or ``{}`` when it has none.

    Keys: ``query_compiler_class``, ``autocomplete_query_compiler_class``, ``results_class``, as
    ``BaseSearchBackend`` names them. Only Wagtail's SQLite (FTS5) and PostgreSQL backends have one; the
    vendor module is imported here because each needs its database's index models.
    """
    module = backend_class.__module__
    if module == "modelsearch.backends.database.sqlite.sqlite":
        from portal.search.ranking import sqlite  # noqa: PLC0415 - needs the SQLite index models

        return sqlite.CLASSES
    if module == "modelsearch.backends.database.postgres.postgres":
        from portal.search.ranking import postgres  # noqa: PLC0415 - needs the PostgreSQL index models

        return postgres.CLASSES
    return {}
