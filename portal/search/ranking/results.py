"""Results-class side of ``portal.search.ranking``: one ranked slice, at most one count, objects by primary key."""

from typing import Any

from django.db.models import QuerySet


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
