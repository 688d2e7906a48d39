"""Replaces the match and the ranking of
``modelsearch.backends.database.postgres.postgres.PostgresSearchQueryCompiler.search``, and
``modelsearch.backends.database.postgres.postgres.PostgresSearchResults._do_search`` and ``._do_count``
(modelsearch 1.3.2, as shipped with Wagtail 7.4.4), for searches of the whole index ordered by relevance.

Upstream filters with ``(title || body) @@ query``, which no index serves (upstream creates GIN indexes on
``title``, ``body`` and ``autocomplete`` only), so PostgreSQL concatenates and un-TOASTs every entry's vectors
(600 ms for a common word at 10,000 news items per language), joins each match to its object, and orders them
all by ``ts_rank`` of title and body (another 100 ms per 10,000 matches, reading every body vector).

Here the match is the same expression, served by a GIN index on ``(title || body)`` through the SQL function
``portal_search_matches(tsquery, content types)`` (migration ``portal_search.0001``). It returns the matching
entries of the searched model and its subclasses (id, content type, object id, title vector, ``title_norm``):
through the GIN index, with the planner's sequential scans off for that one query (a function-level ``SET``:
for a common word PostgreSQL's estimates prefer a sequential scan, whose real cost, un-TOASTing every vector,
they do not count), or, for a model with few entries (cities), by checking each of its entries. One query
ranks the matches that belong to the searched queryset (its filters kept, as a subquery of its primary keys),
counts them (``COUNT(*) OVER ()``, kept for ``match_count``) and returns the slice asked for (LIMIT/OFFSET);
then the slice's objects are read by primary key. A count asked before any slice is one ``COUNT(*)``::

    WITH search AS (SELECT query, query && <language word> AS matched FROM (SELECT <upstream's tsquery> AS query) q)
    SELECT m.object_id, <rank> AS score, COUNT(*) OVER () AS total
    FROM search, portal_search_matches(search.matched, <content types>) AS m
    WHERE m.object_id IN (<the queryset's pks>)
    ORDER BY score DESC, m.entry_id DESC LIMIT <stop - start> OFFSET <start>

The language word (``portal.search.fields.LANGUAGE_FIELD``, read from the Locale table in the same query) is
and-ed to what the index is asked when the queryset keeps one Locale of page types (``filtered_locale``): the
Simplified and Traditional entries hold the same folded words, and without it the GIN index returned both
languages' entries before the locale filter (twice the rows for a word in every Chinese page). The rank reads
``search.query``, the words alone, so the order is the same. Otherwise ``matched`` is the query.

The rank, with upstream's weights (``get_sql_weights``: Wagtail's boosts, title against body):

- up to ``EXACT_RANK_LIMIT`` matches, ``ts_rank`` of the title times ``title_norm`` plus ``ts_rank`` of the
  body, as upstream, but of the whole query at once (upstream composes one ``ts_rank`` per part of an
  ``And``/``Or``);
- beyond, the title's part alone: pages with the word in their title first, best first, then the others
  newest first (ties: the index entry, newest first; upstream: the object's pk). No body vector is read.

A search of some fields only (``fields=``), ``MatchAll``, ``Fuzzy``, ``Boost``, a negated query or a search not
ordered by relevance is left to upstream, as is autocomplete. Scores keep upstream's sense: higher is better.
"""

from typing import Any

from django.db import connections
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.db.models.lookups import Exact
from django.db.models.sql.where import AND, WhereNode
from modelsearch.backends.base import BaseSearchBackend
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.backends.database.postgres.weights import get_sql_weights
from modelsearch.query import And, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Locale, Page

from portal.search.fields import LANGUAGE_TOKEN_SQL, LanguageField
from portal.search.ranking.results import RankedResultsMixin, objects_in_order

#: Matches ranked by title and body; more are ranked by their title alone.
EXACT_RANK_LIMIT = 1000
#: The SQL function (migration ``portal_search.0001``) giving the index entries that match a tsquery.
MATCH_FUNCTION = "portal_search_matches"
#: The query types ranked here (any tree of them); others go to upstream.
RANKED_QUERY_TYPES = (PlainText, Phrase, And, Or)


def ranked_query(query: object) -> bool:
    """True when ``query`` is a tree of ``RANKED_QUERY_TYPES`` only (no ``Not``, ``Boost``, ``Fuzzy``...)."""
    if isinstance(query, (And, Or)):
        return all(ranked_query(part) for part in query.subqueries)
    return isinstance(query, (PlainText, Phrase))


def filtered_locale(queryset: QuerySet) -> int | None:
    """Return the Locale id a search of ``queryset`` may keep to in the index, else None.

    That is when every model the search reads (``queryset.model`` and its subclasses) indexes ``LANGUAGE_FIELD``
    and ``queryset`` keeps one Locale (``locale=`` or ``locale_id=``, in its filters joined by AND, not negated).
    """
    if not issubclass(queryset.model, Page) or not any(
        isinstance(field, LanguageField) for field in queryset.model.get_search_fields()
    ):
        return None
    nodes = [queryset.query.where]
    while nodes:
        node = nodes.pop()
        if isinstance(node, WhereNode):
            if node.connector == AND and not node.negated:
                nodes.extend(node.children)
        elif (
            isinstance(node, Exact)
            and getattr(node.lhs, "target", None) is queryset.model._meta.get_field("locale")
            and isinstance(node.rhs, int)
        ):
            return node.rhs
    return None


class RankedPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    """Upstream's search compiler, matching through the GIN index and ranking at most ``EXACT_RANK_LIMIT`` fully."""

    def ranks(self) -> bool:
        """True when this search is ranked here: the whole index, by relevance, a query of ``RANKED_QUERY_TYPES``."""
        return self.order_by_relevance and self.fields is None and ranked_query(self.query)

    def _matches_sql(self, backend: BaseSearchBackend) -> tuple[str, list, str, list]:
        """Return ``(WITH clause, its parameters, FROM and WHERE clauses, their parameters)`` of this search's matches.

        ``search.query`` is upstream's tsquery (the rank's), ``search.matched`` what the index is asked: the same
        and, for a search of one Locale (``filtered_locale``), that language's word (``LANGUAGE_FIELD``). ``m``:
        the matching index entries (``portal_search_matches``) of the searched model and its subclasses that belong
        to the searched queryset.
        """
        queryset = self.queryset
        tsquery = self.build_tsquery(self.query, config=self.get_config(backend))
        compiler = queryset.query.get_compiler(using=queryset.db)
        tsquery_sql, tsquery_params = compiler.compile(tsquery.resolve_expression(compiler.query))
        object_ids = queryset.order_by().values(_search_object_id=Cast("pk", output_field=TextField()))
        objects_sql, objects_params = object_ids.query.get_compiler(using=queryset.db).as_sql()
        locale_id = filtered_locale(queryset)
        if locale_id is None:
            matched, matched_params = "query", []
        else:
            locales = connections[queryset.db].ops.quote_name(Locale._meta.db_table)
            word = f"SELECT to_tsquery('simple', {LANGUAGE_TOKEN_SQL}) FROM {locales} AS l WHERE l.id = %s"  # noqa: S608
            matched = f"query && ({word})"
            matched_params = [locale_id]
        return (
            f"WITH search AS (SELECT query, {matched} AS matched FROM (SELECT {tsquery_sql} AS query) AS q)",  # noqa: S608
            [*matched_params, *tsquery_params],  # in the order of their placeholders
            f"FROM search, {MATCH_FUNCTION}(search.matched, %s::integer[]) AS m WHERE m.object_id IN ({objects_sql})",
            [list(get_descendants_content_types_pks(queryset.model)), *objects_params],
        )

    def match_count(self, backend: BaseSearchBackend) -> int:
        """Return how many objects match: known from a ranked slice already read, else one ``COUNT(*)``."""
        if getattr(self, "_match_count", None) is None:
            with_sql, with_params, from_sql, from_params = self._matches_sql(backend)
            with connections[self.queryset.db].cursor() as cursor:
                cursor.execute(f"{with_sql} SELECT COUNT(*) {from_sql}", [*with_params, *from_params])
                self._match_count = cursor.fetchone()[0]
        return self._match_count

    def ranked_results(
        self, backend: BaseSearchBackend, start: int, stop: int | None, score_field: str | None
    ) -> list[Any]:
        """Return the matching objects ``start`` to ``stop`` (None: to the end), best first.

        One query counts the matches (kept for ``match_count``), ranks them (by title and body up to
        ``EXACT_RANK_LIMIT`` matches, by title beyond: the body's rank is read only then) and returns the
        slice; the objects are then read by primary key from the searched queryset. With ``score_field``,
        each object gets its rank in that attribute (higher is better).
        """
        with_sql, with_params, from_sql, from_params = self._matches_sql(backend)
        table = connections[self.queryset.db].ops.quote_name(IndexEntry._meta.db_table)
        body = f"(SELECT e.body FROM {table} AS e WHERE e.id = m.entry_id)"  # noqa: S608 - a model's table
        rank = (
            "ts_rank(%s::float4[], m.title, search.query) * m.title_norm + CASE WHEN COUNT(*) OVER () <= %s "
            f"THEN ts_rank(%s::float4[], {body}, search.query) ELSE 0 END"
        )
        limit = "" if stop is None else f" LIMIT {int(stop) - int(start)}"
        sql = (
            f"{with_sql} SELECT m.object_id, {rank} AS score, COUNT(*) OVER () AS total {from_sql} "
            f"ORDER BY score DESC, m.entry_id DESC{limit} OFFSET {int(start)}"
        )
        weights = get_sql_weights()
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, [*with_params, weights, EXACT_RANK_LIMIT, weights, *from_params])
            rows = cursor.fetchall()
        if rows:
            self._match_count = rows[0][2]
        return objects_in_order(self.queryset, [(object_id, score) for object_id, score, _total in rows], score_field)


class RankedPostgresSearchResults(RankedResultsMixin, PostgresSearchResults):
    """Upstream's results: one count, one ranked slice (``RankedResultsMixin``); ``facet`` is upstream's."""


#: The backend's class attributes (``portal.search.ranking.ranked_classes``); autocomplete stays upstream's.
CLASSES = {
    "query_compiler_class": RankedPostgresSearchQueryCompiler,
    "results_class": RankedPostgresSearchResults,
}
