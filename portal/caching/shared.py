"""Values read from the database once and shared by every request and app server until content changes.

Each value is kept in the page cache's store (``PAGE_CACHE_ALIAS``: Redis in production) with the *generation* it
was computed in; ``invalidate`` gives the site a new generation (``signals``: a snippet, setting, site, locale, view
restriction or top-level page changed; ``tokens.invalidate_everything``), so every value is computed again when next
asked for. Unlike stored pages, these values are kept whether or not the page cache is on. While the cache is
unreachable (``backends.DegradingRedisCache`` answers as an empty cache), values are computed every time. What is
shared this way: docs/performance.md, "Query budgets".
"""

import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.db import transaction

from portal.caching import backends

logger = logging.getLogger(__name__)

#: Holds GENERATION_KEY while this process owes the site a new generation (one could not be stored).
_pending = set()

GENERATION_KEY = "portal:shared:generation"
KEY_PREFIX = "portal:shared:"
#: Seconds a value is kept at most (a safety net: changes invalidate it sooner).
TIMEOUT = 3600


def release():
    """Return the key part that tells this release's stored pages and values from another's (a str).

    ``PAGE_CACHE_RELEASE`` (``RELEASE_ID``), the manifest hash of the static files (production's storage has
    one) and the Content-Security-Policy (``policy_hash``): during a rolling deployment old and new app servers
    keep apart, and a page stored by the old release, which links the old release's static file names, is never
    served by the new one.
    """
    return f"{settings.PAGE_CACHE_RELEASE}:{getattr(staticfiles_storage, 'manifest_hash', '')}:{policy_hash()}"


_policy = [object(), ""]  # the CONTENT_SECURITY_POLICY setting last hashed, and its hash


def policy_hash():
    """Return a short hash of the ``CONTENT_SECURITY_POLICY`` setting, which stored pages carry in a header: a new
    policy (``CSP_MEDIA_ORIGINS``, say) is never served with pages stored under the old one."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
    if _policy[0] is not policy:
        _policy[:] = [policy, hashlib.sha256(repr(policy).encode()).hexdigest()[:12]]
    return _policy[1]


def store():
    """Return the Django cache that holds the shared values (the page cache's, ``PAGE_CACHE_ALIAS``)."""
    return caches[settings.PAGE_CACHE_ALIAS]


def get(key, compute, timeout=TIMEOUT):
    """Return the value stored under ``key`` (a str) in the current generation, else ``compute()``, stored.

    One round trip to the cache when the value is there. ``compute`` takes no argument; its answer must pickle.
    """
    cache = store()
    full_key = f"{KEY_PREFIX}{release()}:{key}"
    found = cache.get_many([GENERATION_KEY, full_key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = secrets.token_hex(8)
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY) or generation
    stored = found.get(full_key)
    if stored is not None and stored[0] == generation:
        return stored[1]
    value = compute()
    cache.set(full_key, (generation, value), timeout=timeout)
    return value


def invalidate():
    """Start a new generation, now and again after the commit (so no value read mid-transaction outlives it)."""
    new_generation()
    transaction.on_commit(new_generation)


def new_generation(log_failure=True):
    """Store a new generation; when the cache cannot be reached, log an error (unless ``log_failure`` is False) and
    owe one (``write_pending``)."""
    try:
        if backends.stepping_aside(store()):  # known unreachable: no need to wait for another timeout
            raise backends.UNREACHABLE_ERRORS[0]("the cache is unreachable")
        with backends.strict(store()):
            store().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:
        _pending.add(GENERATION_KEY)
        if log_failure:
            logger.exception("Could not invalidate the shared values; they will be when the cache answers")


def write_pending():
    """Store the generation this process owes, if any (``tokens.write_pending`` calls it when the cache answers)."""
    if _pending:
        _pending.clear()
        new_generation(log_failure=False)
