"""SQLite: integers beyond 64 bits in a query find nothing instead of failing (portal/operations/sqlite.py).

On PostgreSQL the same filters find nothing already; the admin tests below run on both databases.
"""

import sqlite3

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from wagtail.models import Page

from portal.operations.sqlite import bind_huge_integers_as_reals

HUGE = [2**63, 10**20, -(2**63) - 1]


@pytest.mark.django_db
@pytest.mark.parametrize("value", HUGE)
def test_in_and_related_lookups_beyond_64_bits_find_nothing(value):
    assert list(Group.objects.filter(pk__in=[value, 1]).values_list("pk", flat=True)) == [
        *Group.objects.filter(pk=1).values_list("pk", flat=True)
    ]
    assert not Page.objects.filter(owner_id__in=[value]).exists()
    assert not Page.objects.filter(owner=value).exists()


@pytest.mark.django_db
def test_order_comparisons_keep_their_meaning():
    assert Page.objects.filter(pk__in=Page.objects.values("pk")).filter(depth__lt=2**64).exists()
    assert Page.objects.filter(owner_id__lt=2**64).count() == Page.objects.exclude(owner=None).count()


def test_the_wrapper_binds_only_selects_and_only_huge_integers():
    calls = []

    def execute(sql, params, many, context):
        calls.append(params)

    bind_huge_integers_as_reals(execute, "SELECT 1 WHERE x IN (%s, %s, %s)", [2**63, 5, True], False, {})
    bind_huge_integers_as_reals(execute, "INSERT INTO t VALUES (%s)", [2**63], False, {})
    bind_huge_integers_as_reals(execute, "SELECT %(a)s", {"a": -(2**64)}, False, {})
    assert calls == [(float(2**63), 5, True), [2**63], {"a": float(-(2**64))}]
    assert type(calls[0][2]) is bool


@pytest.mark.django_db
def test_sqlite_connections_carry_the_wrapper():
    connection.ensure_connection()
    assert (bind_huge_integers_as_reals in connection.execute_wrappers) == (connection.vendor == "sqlite")


def test_tripwire_sqlite3_still_refuses_integers_beyond_64_bits():
    """When Python's sqlite3 binds such integers itself, the wrapper is no longer needed."""
    db = sqlite3.connect(":memory:")
    with pytest.raises(OverflowError):
        db.execute("SELECT ?", (2**63,))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/?owner={}",
        "/admin/pages/?content_type={}",
        "/admin/pages/?edited_by={}",
        "/admin/pages/?site={}",
        "/admin/users/?group={}",
    ],
)
def test_admin_filters_beyond_64_bits_are_answered(admin_client_user, locales, url):
    response = admin_client_user.get(url.format("99999999999999999999"))
    assert response.status_code == 200
