"""Wagtail's database search backend with the portal's text analysis (``portal.search.analysis``).

Configured in settings as ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search.backend"}}``.
It is Wagtail's own database backend for whichever database is in use (SQLite FTS5, PostgreSQL
full-text search, MySQL), with two additions so that Chinese and English search the same way on
every database:

- at index time every ``SearchField`` and ``AutocompleteField`` value goes through
  ``analysis.index_text``: CJK runs become overlapping bigrams, other words Snowball English stems
  (autocomplete values are not stemmed, so prefixes keep working);
- at query time the query goes through ``analysis.analyse_query`` in the same way, so the two sides
  always agree. On PostgreSQL the text search configuration is ``simple`` (no second stemming, no
  stop words), since the text arrives already analysed.

Everything else (ranking, filters, the ``update_index`` command, the admin's search) is Wagtail's.
After changing the analysis, run ``manage.py update_index`` to re-analyse what is stored.
"""

from django.db import connection
from modelsearch.backends.base import EmptySearchResults
from modelsearch.backends.database import fallback
from wagtail.search import index
from wagtail.search.backends import database

from portal.search import analysis


class AnalysedSearchField(index.SearchField):
    """A ``SearchField`` whose indexed value is ``analysis.index_text`` of the field's value."""

    def get_value(self, obj):
        return analysis.index_text(flatten(super().get_value(obj)))


class AnalysedAutocompleteField(index.AutocompleteField):
    """An ``AutocompleteField`` whose indexed value is analysed like a query, without stemming."""

    def get_value(self, obj):
        return analysis.index_text(flatten(super().get_value(obj)), stemmed=False)


def flatten(value, separator=", "):
    """Return a field value as one str, as Wagtail's indexer does: lists and dicts joined with ``separator``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return separator.join(flatten(item, separator) for item in value)
    if isinstance(value, dict):
        return separator.join(flatten(item, separator) for item in value.values())
    return str(value)


def analysed_fields(search_fields):
    """Return ``search_fields`` (a model's ``get_search_fields()``) with text fields replaced by analysed ones.

    ``SearchField`` → ``AnalysedSearchField`` and ``AutocompleteField`` → ``AnalysedAutocompleteField``
    (same name, boost and options), inside ``RelatedFields`` too; ``FilterField`` is kept as it is.
    """
    result = []
    for field in search_fields:
        if isinstance(field, index.SearchField):
            result.append(AnalysedSearchField(field.field_name, boost=field.boost, **field.kwargs))
        elif isinstance(field, index.AutocompleteField):
            result.append(AnalysedAutocompleteField(field.field_name, **field.kwargs))
        elif isinstance(field, index.RelatedFields):
            result.append(index.RelatedFields(field.field_name, analysed_fields(field.fields)))
        else:
            result.append(field)
    return result


class AnalysedIndexMixin:
    """Index mixin: objects are indexed through ``analysed_fields`` of their model's search fields."""

    def add_items(self, model, objs):
        # Wagtail's indexer reads each object's fields from ``obj.get_search_fields()``; for the length
        # of this call each object answers with the analysed fields (an instance attribute, removed after).
        fields = analysed_fields(model.get_search_fields())
        objs = list(objs)
        for obj in objs:
            obj.get_search_fields = lambda: fields
        try:
            super().add_items(model, objs)
        finally:
            for obj in objs:
                obj.__dict__.pop("get_search_fields", None)


class AnalysedBackendMixin:
    """Backend mixin: queries are analysed (``analysis.analyse_query``) before Wagtail compiles them."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        operator = kwargs.get("operator") or query_compiler_class.DEFAULT_OPERATOR
        stemmed = query_compiler_class is not self.autocomplete_query_compiler_class
        query = analysis.analyse_query(query, operator=operator, stemmed=stemmed)
        if query is None:
            return EmptySearchResults()
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


_classes = {}


def _analysed(backend_class):
    """Return (once per class) ``backend_class`` with the analysing backend and index mixins."""
    if backend_class not in _classes:
        index_class = type(
            f"Analysed{backend_class.index_class.__name__}", (AnalysedIndexMixin, backend_class.index_class), {}
        )
        _classes[backend_class] = type(
            f"Analysed{backend_class.__name__}",
            (AnalysedBackendMixin, backend_class),
            {"index_class": index_class, "__module__": __name__},
        )
    return _classes[backend_class]


def SearchBackend(params):  # Wagtail looks a backend module's ``SearchBackend`` up by this name
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
