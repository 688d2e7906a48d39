"""Replaces the ranking of ``modelsearch.backends.database.sqlite.sqlite.SQLiteSearchQueryCompiler.search`` and
``modelsearch.backends.database.sqlite.sqlite.SQLiteSearchResults._do_search`` / ``._do_count`` (modelsearch 1.3.2,
as shipped with Wagtail 7.4.4), for searches ordered by relevance on SQLite with FTS5.

Upstream annotates every candidate object with a correlated subquery that runs the FTS5 match again to find its
score (``bm25()`` of all columns, times ``1 + title_norm``) and orders by it: each search costs one full-text
match per candidate, 85 s for "city" with 10,000 news items per language. Here one query on the FTS5 table does
the match, the filter and the ranking, and returns only the slice asked for::

    SELECT object_id, bm25(fts, <weights>) AS score FROM fts JOIN indexentry ON fts.rowid = indexentry.id
    WHERE fts MATCH <upstream's match expression> AND content_type IN <the model and its subclasses>
      AND object_id IN (SELECT CAST(pk AS text) FROM <the searched queryset>)
    ORDER BY score, fts.rowid DESC LIMIT <stop - start> OFFSET <start>

then the objects of the slice are read by primary key (their queryset: ``specific()`` and the rest are kept),
and the count is the same query's ``COUNT(*)``, without ``bm25()``. FTS5 computes ``bm25()`` once per match from
the match's own data (about 1.5 µs each), so a common word costs milliseconds. The match expression, the
columns searched (``fields``, ``FTS_TABLE_FIELDS``), the content types and the queryset's filters are
upstream's; ties are broken by the index entry, newest first (upstream: the object's pk, newest first).

Relevance: ``bm25()`` with column weights, ``COLUMN_WEIGHTS``: a word in the title counts ``TITLE_WEIGHT`` times
one in the body. FTS5's bm25 saturates term frequency (k1 = 1.2), so a title match ranks above a page that has
the word only in its body unless that body repeats it more than about ``TITLE_WEIGHT`` times; PostgreSQL's
upstream weights (Wagtail's ``boost=2`` on titles, weight C against D for the body) give titles about 30 times
the weight of body text. The per-field boosts of the body's fields cannot be told apart on SQLite: upstream
stores every non-title field in the one ``body`` column. A negated query, ``MatchAll`` and a search not ordered
by relevance are left to upstream. Scores keep upstream's sign: lower (more negative) is better.
"""

from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Func, QuerySet, TextField
from django.db.models.fields import FloatField
from django.db.models.functions import Cast
from django.db.models.sql.compiler import SQLCompiler
from modelsearch.backends.base import BaseSearchBackend
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from portal.search.ranking.results import RankedResultsMixin, objects_in_order

#: Weight of a word in the title against one in the body (``bm25()`` column weights, body 1).
TITLE_WEIGHT = 10.0
#: ``bm25()`` weight of each column of upstream's FTS5 table, by name (any other column: 0).
COLUMN_WEIGHTS = {"title": TITLE_WEIGHT, "body": 1.0, "autocomplete": 1.0}
_fts_columns: dict[str, tuple[str, ...]] = {}


def fts_columns(alias: str) -> tuple[str, ...]:
    """Return the column names of upstream's FTS5 table, in table order, on the database ``alias`` (read once)."""
    if alias not in _fts_columns:
        table = SQLiteFTSIndexEntry._meta.db_table
        with connections[alias].cursor() as cursor:
            cursor.execute(f"SELECT * FROM {connections[alias].ops.quote_name(table)} LIMIT 0")  # noqa: S608 - a model's table
            _fts_columns[alias] = tuple(column[0] for column in cursor.description)
    return _fts_columns[alias]


class WeightedBM25(Func):
    """``bm25(<FTS5 table>, w1, w2, ...)``: FTS5's rank of the current match, ``COLUMN_WEIGHTS``; lower is better."""

    output_field = FloatField()

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any) -> tuple[str, list]:
        """Return the SQL (the weights are numbers of this module, written in the SQL) and no parameters."""
        table = SQLiteFTSIndexEntry._meta.db_table
        weights = ", ".join(repr(float(COLUMN_WEIGHTS.get(name, 0.0))) for name in fts_columns(connection.alias))
        return f"bm25({connection.ops.quote_name(table)}, {weights})", []


class RankedSQLiteCompilerMixin:
    """Query compiler mixin: the match, filter, rank and slice of a search in one query on the FTS5 table."""

    def ranks(self) -> bool:
        """True when this search is ranked here: ordered by relevance, neither negated nor ``MatchAll``."""
        query = normalize(self.query)
        return self.order_by_relevance and not isinstance(query, (MatchAll, Not))

    def matching_entries(self) -> QuerySet:
        """Return the FTS5 index entries (a QuerySet) that match the query and belong to the searched queryset."""
        query = self.build_search_query(normalize(self.query), config=None)
        object_ids = self.queryset.order_by().values(_search_object_id=Cast("pk", output_field=TextField()))
        return (
            SQLiteFTSIndexEntry.objects.using(self.queryset.db)
            .filter(MatchExpression(self.fields or self.FTS_TABLE_FIELDS, query))
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model),
                index_entry__object_id__in=object_ids,
            )
        )

    def match_count(self, backend: BaseSearchBackend) -> int:
        """Return how many objects match (one ``COUNT(*)``, kept for the compiler's other slices)."""
        if getattr(self, "_match_count", None) is None:
            self._match_count = self.matching_entries().count()
        return self._match_count

    def ranked_results(
        self, backend: BaseSearchBackend, start: int, stop: int | None, score_field: str | None
    ) -> list[Any]:
        """Return the matching objects ``start`` to ``stop`` (None: to the end), best first.

        One query ranks and slices the matches; the objects are then read by primary key from the
        searched queryset (so a ``specific()`` queryset gives specific objects). With ``score_field``,
        each object gets its ``bm25()`` score in that attribute (lower is better).
        """
        entries = self.matching_entries().annotate(_search_score=WeightedBM25()).order_by("_search_score", "-pk")
        rows = list(entries.values_list("index_entry__object_id", "_search_score")[start:stop])
        return objects_in_order(self.queryset, rows, score_field)


class RankedSQLiteSearchQueryCompiler(RankedSQLiteCompilerMixin, SQLiteSearchQueryCompiler):
    """Upstream's search compiler (title and body columns) with the ranked query."""


class RankedSQLiteAutocompleteQueryCompiler(RankedSQLiteCompilerMixin, SQLiteAutocompleteQueryCompiler):
    """Upstream's autocomplete compiler (the autocomplete column, last word a prefix) with the ranked query."""


class RankedSQLiteSearchResults(RankedResultsMixin, SQLiteSearchResults):
    """Upstream's results: one count, one ranked slice (``RankedResultsMixin``); ``facet`` is upstream's."""


#: The backend's class attributes (``portal.search.ranking.ranked_classes``).
CLASSES = {
    "query_compiler_class": RankedSQLiteSearchQueryCompiler,
    "autocomplete_query_compiler_class": RankedSQLiteAutocompleteQueryCompiler,
    "results_class": RankedSQLiteSearchResults,
}
