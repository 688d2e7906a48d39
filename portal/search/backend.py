"""Overrides ``modelsearch.backends.base.BaseSearchBackend._search`` (modelsearch 1.3.2, as shipped with Wagtail 7.4.4)
in Wagtail's database search backend, to analyse every query the way the index is analysed.

Configured in settings as ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search.backend"}}``.
It is Wagtail's own database backend for whichever database is in use (SQLite FTS5, PostgreSQL
full-text search, MySQL), so that Chinese and English search the same way on every database:

- the index stores analysed text because the models declare analysed search fields
  (``portal.search.fields``; Wagtail's image, document and page models: ``portal.search.upstream_models``):
  CJK runs become overlapping bigrams, other words Snowball English stems (autocomplete values are not
  stemmed, so prefixes keep working);
- ``_search``, the private method behind both ``modelsearch.backends.base.BaseSearchBackend.search`` and
  ``modelsearch.backends.base.BaseSearchBackend.autocomplete``, is overridden here to pass
  the query through ``analysis.analyse_query`` first, so the two sides always agree (an override of
  ``search()`` alone would miss ``autocomplete()``). On PostgreSQL the text search configuration is ``simple``
  (no second stemming, no stop words), since the text arrives already analysed.

The ranking of the SQLite and PostgreSQL backends is replaced too, so that a common word stays fast at any
size (``portal.search.ranking``). Everything else (filters, the ``update_index`` command, the admin's search) is
Wagtail's.
After changing the analysis, run ``manage.py update_index`` to re-analyse what is stored.
"""

from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet
from modelsearch.backends.base import BaseSearchBackend, BaseSearchQueryCompiler, BaseSearchResults, EmptySearchResults
from modelsearch.backends.database import fallback
from wagtail.search.backends import database
from wagtail.search.query import SearchQuery

from portal.search import analysis, ranking


class AnalysedBackendMixin:
    """Backend mixin: queries are analysed (``analysis.analyse_query``) before Wagtail compiles them."""

    def _search(
        self,
        query_compiler_class: type[BaseSearchQueryCompiler],
        query: str | SearchQuery,
        model_or_queryset: type[Model] | QuerySet,
        **kwargs: Any,
    ) -> BaseSearchResults:
        """Return upstream's ``_search`` of the analysed ``query``; EmptySearchResults when no word is left."""
        operator = kwargs.get("operator") or query_compiler_class.DEFAULT_OPERATOR
        stemmed = query_compiler_class is not self.autocomplete_query_compiler_class
        query = analysis.analyse_query(query, operator=operator, stemmed=stemmed)
        if query is None:
            return EmptySearchResults()
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


_classes: dict[type[BaseSearchBackend], type[BaseSearchBackend]] = {}


def _analysed(backend_class: type[BaseSearchBackend]) -> type[BaseSearchBackend]:
    """Return (once per class) ``backend_class`` with the query-analysing mixin and the bounded ranking.

    The ranking (``portal.search.ranking``) replaces the compilers and the results class of Wagtail's SQLite
    and PostgreSQL backends.
    """
    if backend_class not in _classes:
        attributes = {"__module__": __name__, **ranking.ranked_classes(backend_class)}
        _classes[backend_class] = type(
            f"Analysed{backend_class.__name__}", (AnalysedBackendMixin, backend_class), attributes
        )
    return _classes[backend_class]


def SearchBackend(params: dict[str, Any]) -> BaseSearchBackend:  # Wagtail looks a backend module up by this name
    """Return the analysing database search backend for the default database, built from ``params``.

    ``params`` is the ``WAGTAILSEARCH_BACKENDS`` entry (a dict). Wagtail's fallback backend (SQLite
    without FTS5), which searches the tables directly with ``LIKE``, is returned as it is: it needs
    no analysis and finds Chinese substrings already.
    """
    params = dict(params)
    if connection.vendor == "postgresql":
        params.setdefault("SEARCH_CONFIG", "simple")
    backend = database.SearchBackend(params)
    if isinstance(backend, fallback.DatabaseSearchBackend):
        return backend
    return _analysed(type(backend))(params)
