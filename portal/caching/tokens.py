"""Scope tokens: what makes a stored page valid, and how content changes invalidate stored pages.

Every stored page is stamped with two tokens read *before* its view ran: the global token and the
token of its scope (``scope_of``). Invalidating a scope gives it a new random token, so every page
stored under the old one stops matching; nothing is deleted (old entries age out of the cache). A
token missing from the cache (never set, or evicted) is created afresh, which also invalidates:
a page can be served too rarely from the cache, never too old. So tokens expire when stored pages do
(``PAGE_CACHE_TIMEOUT``): the token of a scope nobody asks for any more (a mistyped URL) does not stay in Redis.
"""

import hashlib
import logging
import secrets
import threading

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from portal.caching import backends, local, shared

#: The scope whose token every stored page carries: invalidating it empties the whole page cache.
EVERYTHING = local.EVERYTHING
#: The scope of every path outside a language prefix (sitemaps, the API, robots.txt).
UNPREFIXED = "/"
logger = logging.getLogger(__name__)

TOKEN_PREFIX = "pagecache:token:"  # noqa: S105 - a cache key prefix, not a secret
#: The longest scope kept as it is in its token's key (memcached takes keys of up to 250 characters in all).
MAX_PLAIN_SCOPE = 120
#: Scopes whose new tokens this process could not write (the cache was unreachable); written by ``write_pending`` as
#: soon as the cache answers again.
_pending = set()
_pending_lock = threading.Lock()


def page_cache():
    """Return the Django cache that holds stored pages and tokens (``PAGE_CACHE_ALIAS``)."""
    return caches[settings.PAGE_CACHE_ALIAS]


def scope_of(path):
    """Return the scope of the URL path ``path`` (a str starting with "/").

    ``/en/`` for a language's home page, ``/en/news/`` for everything under ``/en/news/``, and
    ``UNPREFIXED`` for paths outside a language prefix.
    """
    parts = path.split("/", 3)
    languages = {code for code, _name in settings.LANGUAGES}
    if len(parts) < 3 or parts[1] not in languages:
        return UNPREFIXED
    if not parts[2]:
        return f"/{parts[1]}/"
    return f"/{parts[1]}/{parts[2]}/"


def token_key(scope):
    """Return the cache key of ``scope``'s token.

    A scope is a path's first segment as requested: one with a space or control character, or a long one, is
    hashed (SHA-256), so that every cache backend takes the key (no ``CacheKeyWarning``).
    """
    if len(scope) > MAX_PLAIN_SCOPE or any(ord(char) < 33 or ord(char) == 127 for char in scope):
        return f"{TOKEN_PREFIX}sha256:{hashlib.sha256(scope.encode('utf-8', 'surrogatepass')).hexdigest()}"
    return TOKEN_PREFIX + scope


def new_token():
    """Return a fresh random token (16 hex digits)."""
    return secrets.token_hex(8)


def current_tokens(cache, scope, extra_keys=()):
    """Return ``(tokens, values)``: the tokens of EVERYTHING and ``scope`` (a pair) and the values of ``extra_keys``.

    One round trip to the cache when both tokens exist; missing tokens are created (``add``, so two app
    servers agree). ``values`` maps each of ``extra_keys`` present in the cache to its value.
    """
    keys = [token_key(EVERYTHING), token_key(scope)]
    found = cache.get_many([*keys, *extra_keys])
    tokens = []
    for key in keys:
        token = found.pop(key, None)
        if token is None:
            token = new_token()
            if not cache.add(key, token, timeout=settings.PAGE_CACHE_TIMEOUT):
                token = cache.get(key) or token
        tokens.append(token)
    return tuple(tokens), found


def scoped_value(path, name, compute):
    """Return ``compute()``'s value, kept until the stored pages of ``path``'s scope are invalidated.

    ``path``: a URL path whose scope's pages change when the value does (a listing's own URL); ``name``: a str
    unique to the value. The value is stored with the tokens of EVERYTHING and the scope (read with it, one round
    trip) and computed again once either changes; while the cache is unreachable (it answers as an empty one,
    ``backends.DegradingRedisCache``) it is computed every time.
    Tokens are kept whether or not the page cache is on, so this holds without it too.
    """
    cache = page_cache()
    key = f"pagecache:value:{shared.release()}:{name}"
    stamp, found = current_tokens(cache, scope_of(path), extra_keys=[key])
    stored = found.get(key)
    if stored is not None and stored[0] == stamp:
        return stored[1]
    value = compute()
    cache.set(key, (stamp, value), timeout=settings.PAGE_CACHE_TIMEOUT)
    return value


def invalidate(scopes):
    """Give each of ``scopes`` (an iterable of scope strings) a new token, now and again after the commit.

    Now, so that the rest of this transaction's request sees fresh pages; after the commit, so that a
    page rendered from the old data by another request while the transaction ran is not kept. Each time, every
    process is told on the invalidation channel (``local.publish``).
    """
    scopes = sorted(set(scopes))
    if not scopes:
        return

    def bump():
        write_tokens(scopes)

    bump()
    transaction.on_commit(bump)


def defer(scopes):
    """Keep ``scopes`` (an iterable of str) to be given new tokens by ``write_pending``."""
    with _pending_lock:
        _pending.update(scopes)


def write_pending():
    """Write the invalidations this process kept (``defer``), and the shared values' generation it owes: called when
    a ``backends.DegradingRedisCache`` of this process reaches Redis again. What still fails stays kept."""
    with _pending_lock:
        missed = set(_pending)
        _pending.clear()
    if missed and not write_tokens(missed, log_failure=False):
        return
    shared.write_pending()


backends.on_recovery(write_pending)


def write_tokens(scopes, log_failure=True):
    """Give each of ``scopes`` a new token and tell every process; return True when the tokens were written.

    When the cache cannot be reached the scopes are kept (``defer``) to be written when it answers again, an error is
    logged (unless ``log_failure`` is False), and False is returned: a content change is never refused because the
    cache is down.
    """
    cache = page_cache()
    try:
        if backends.stepping_aside(cache):  # known unreachable: no need to wait for another timeout
            raise backends.UNREACHABLE_ERRORS[0]("the cache is unreachable")
        with backends.strict(cache):
            cache.set_many({token_key(scope): new_token() for scope in scopes}, timeout=settings.PAGE_CACHE_TIMEOUT)
    except Exception:
        defer(scopes)
        if log_failure:
            logger.exception("Could not invalidate the stored pages of %s; they will be when the cache answers", scopes)
        return False
    try:
        local.publish(cache, scopes)
    except Exception:  # the other processes still see the new tokens within PAGE_CACHE_LOCAL_TRUST seconds
        logger.warning("Could not publish the invalidation of %s on the channel", scopes, exc_info=True)
    return True


def invalidate_everything():
    """Invalidate every stored page (a new EVERYTHING token) and every shared value (``shared.invalidate``)."""
    shared.invalidate()
    invalidate([EVERYTHING])
