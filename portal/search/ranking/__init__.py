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
query that matches and return only the slice asked for (LIMIT/OFFSET); ``RankedResultsMixin`` is the results
class's side: one query for the shown slice (on PostgreSQL it counts the matches too), then its objects by
primary key (``objects_in_order``), and at most one count query. Why and what was measured: docs/search.md and
docs/decisions/0013-bounded-search-ranking.md; the overrides: docs/upstream-overrides.md, section 25.
"""

from typing import Any

from django.db.models import QuerySet
from modelsearch.backends.base import BaseSearchBackend


class RankedResultsMixin:
    """Results mixin: ``_do_search`` and ``_do_count`` through the compiler's ranked query when it has one.

    The compiler (the vendor module's) decides with ``ranks()``; for the queries it does not rank (a
    negated query, ``MatchAll``, ordering by the queryset's own order...) and with upstream's compilers
    (PostgreSQL's autocomplete) upstream's methods run unchanged. The count of all matches is kept on the
    compiler, which every slice of the same results shares, so a paginated page counts at most once and
    reads only its own slice.
    """

    def _ranked_here(self) -> bool:
        """True when the compiler is one of ``portal.search.ranking``'s and ranks this query."""
        ranks = getattr(self.query_compiler, "ranks", None)
        return ranks is not None and ranks()

    def _do_search(self) -> list[Any]:
        """Return the objects of this slice, best match first (``_score_field`` set on each when asked)."""
        if not self._ranked_here():
            return super()._do_search()
        return self.query_compiler.ranked_results(self.backend, self.start, self.stop, self._score_field)

    def _do_count(self) -> int:
        """Return the number of matches within this slice (``start``/``stop``), from one count of all matches."""
        if not self._ranked_here():
            return super()._do_count()
        total = self.query_compiler.match_count(self.backend)
        stop = total if self.stop is None else min(self.stop, total)
        return max(0, stop - self.start)


#: Objects read per query when a slice is read by primary key (below SQLite's limit on query parameters).
BATCH_SIZE = 500


def objects_in_order(queryset: QuerySet, rows: list[tuple[str, float]], score_field: str | None) -> list[Any]:
    """Return the objects of ``queryset`` whose index ``object_id`` is in ``rows``, in the order of ``rows``.

    ``rows`` are ``(object_id, score)`` pairs, best first; the objects are read by primary key in batches
    of ``BATCH_SIZE`` (so a ``specific()`` queryset gives specific objects). With ``score_field``, each
    object gets its score in that attribute. An object gone since the ranking query is left out.
    """
    pk_field = queryset.model._meta.pk
    keys = [pk_field.to_python(object_id) for object_id, _score in rows]
    found = {}
    for start in range(0, len(keys), BATCH_SIZE):
        found.update((obj.pk, obj) for obj in queryset.filter(pk__in=keys[start : start + BATCH_SIZE]))
    results = []
    for key, (_object_id, score) in zip(keys, rows, strict=True):
        obj = found.get(key)
        if obj is None:
            continue
        if score_field is not None:
            setattr(obj, score_field, score)
        results.append(obj)
    return results


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
