"""SQLite: a query comparing with an integer beyond 64 bits finds nothing, as on PostgreSQL, instead of failing.

Django 5.2 turns such an integer into an empty result for ``exact`` and ordering lookups on integer fields, but not
for ``in`` or related-field lookups (the admin's filters by owner, group, site, content type): those pass it to
Python's ``sqlite3``, which raises ``OverflowError`` (a 500; PostgreSQL compares it as a numeric and finds no row).
``bind_huge_integers_as_reals`` is an execute wrapper (Django's database instrumentation) that
``connect_wrapper`` adds to every new SQLite connection: in a SELECT, it binds an integer beyond 64 bits as a
float, which SQLite compares numerically, so no stored integer equals it and ``<`` and ``>`` keep their meaning.
Writes are left alone (a value beyond 64 bits still fails, as form validation refuses it first).
docs/upstream-overrides.md, section 41.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _bindable(value: object) -> object:
    """Return ``value``, or a float for an int outside SQLite's 64-bit integers (bools are ints and pass)."""
    if type(value) is int and not INT64_MIN <= value <= INT64_MAX:
        return float(value)
    return value


def bind_huge_integers_as_reals(
    execute: Callable[..., Any], sql: str, params: Sequence[object] | None, many: bool, context: dict[str, Any]
) -> Any:
    """Execute wrapper: run ``sql`` with ``params``, integers beyond 64 bits bound as floats in a SELECT."""
    if params and not many and sql.lstrip()[:6].upper() == "SELECT":
        if isinstance(params, dict):
            params = {key: _bindable(value) for key, value in params.items()}
        else:
            params = tuple(_bindable(value) for value in params)
    return execute(sql, params, many, context)


def connect_wrapper(sender: object, connection: Any, **kwargs: object) -> None:
    """``connection_created``: add ``bind_huge_integers_as_reals`` to a new SQLite connection (once)."""
    if connection.vendor == "sqlite" and bind_huge_integers_as_reals not in connection.execute_wrappers:
        connection.execute_wrappers.append(bind_huge_integers_as_reals)
