"""Private sections from a shared value: replaces ``wagtail.query.PageQuerySet.private_q`` (Wagtail 7.4.4).

Upstream reads every ``PageViewRestriction`` (one query) each time a queryset is filtered with ``public()`` or
``not_public()``, several times a page. Here the pages that carry a restriction (id, tree path and depth) are a
shared value (``portal.caching.shared``), read again after a restriction or a page's place in the tree changed
(``portal.caching.signals``); the condition is upstream's, one ``descendant_of_q(page, inclusive=True)`` per
restricted page. ``install`` (called by ``CoreConfig.ready``) puts ``private_q`` in place; its ``__wrapped__`` is
upstream's.
"""

from types import SimpleNamespace

from django.db.models import Q
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

from portal.caching import shared

UPSTREAM_PRIVATE_Q = PageQuerySet.private_q


def restricted_pages():
    """Return ``[(id, path, depth), ...]`` of the pages with a view restriction, in tree order."""
    return shared.get(
        "restricted-pages",
        lambda: list(
            PageViewRestriction.objects.order_by("page__path")
            .values_list("page_id", "page__path", "page__depth")
            .distinct()
        ),
    )


def private_q(self):
    """``PageQuerySet.private_q``: the Q of the pages in a private section (matching none when there is none)."""
    q = Q()
    for pk, path, depth in restricted_pages():
        q |= self.descendant_of_q(SimpleNamespace(pk=pk, path=path, depth=depth), inclusive=True)
    return q if q else Q(pk__in=[])


private_q.__wrapped__ = UPSTREAM_PRIVATE_Q


def install():
    """Put ``private_q`` in place (idempotent)."""
    PageQuerySet.private_q = private_q
