"""``PageCacheMiddleware``: stores and serves whole responses for anonymous visitors, and sets Cache-Control.

Place it after ``ConditionalGetMiddleware`` (so stored pages answer 304s) and before ``GZipMiddleware``
(so compressed bodies are stored, one entry per encoding) and everything that reads the session.
"""

import hashlib
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_cache_control
from django.utils.http import http_date

from portal.caching import backends, local, shared, tokens

#: Response header saying what the page cache did: "hit", "miss" (stored now) or "skip" (not cacheable).
STATUS_HEADER = "X-Page-Cache"
#: Headers a stored response may vary on: the encoding is part of the key; a request with a cookie Django reads is
#: never served from the cache.
ALLOWED_VARY = {"accept-encoding", "cookie"}
#: Request headers also in the key outside a language prefix, where the language comes from Accept-Language and the
#: API chooses its format by Accept: responses there may vary on them too.
UNPREFIXED_KEY_HEADERS = ("Accept", "Accept-Language")


def django_cookie_names():
    """Return the names of the cookies Django reads (session, CSRF, language): requests with one bypass the cache."""
    return {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def is_cacheable_request(request):
    """Return True when ``request`` may be answered from, or stored in, the page cache.

    GET or HEAD, outside the admin, and without a cookie Django reads (signed-in users, previews and
    anyone with a session or CSRF token are served fresh).
    """
    if request.method not in ("GET", "HEAD"):
        return False
    if any(request.path_info.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDED_PATHS):
        return False
    return not django_cookie_names() & request.COOKIES.keys()


def is_cacheable_response(response, scope=None):
    """Return True when ``response`` may be stored: a 200 with a body, no cookie, no private Cache-Control, and a Vary
    naming only headers of the key in ``scope`` (a scope of ``portal.caching.tokens``)."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()}
    allowed = set(ALLOWED_VARY)
    if scope == tokens.UNPREFIXED:
        allowed |= {name.lower() for name in UNPREFIXED_KEY_HEADERS}
    return vary <= allowed


def entry_key(request, scope):
    """Return the cache key of ``request``'s stored page in ``scope``.

    Made of the release (``shared.release``), scheme, host, full path with query and accepted encoding; outside a
    language prefix the ``UNPREFIXED_KEY_HEADERS`` too.
    """
    encoding = "gzip" if "gzip" in request.headers.get("Accept-Encoding", "").lower() else "identity"
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    if scope == tokens.UNPREFIXED:
        headers = (request.headers.get(name, "").replace(" ", "").lower() for name in UNPREFIXED_KEY_HEADERS)
        url += "".join("\n" + value for value in headers)
    return f"pagecache:page:{shared.release()}:{encoding}:{hashlib.sha256(url.encode()).hexdigest()}"


def public_cache_control(response):
    """Mark ``response`` cacheable by browsers and shared caches for a short time (``PAGE_CACHE_*`` settings)."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_BROWSER_MAX_AGE,
        s_maxage=settings.PAGE_CACHE_SHARED_MAX_AGE,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    )


def private_cache_control(response):
    """Mark ``response`` ``private, no-store`` unless its view chose a Cache-Control of its own."""
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_store=True)


def stored_response(entry):
    """Return an HttpResponse rebuilt from a stored ``(status, headers, content)`` entry."""
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response[STATUS_HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Serve anonymous GET/HEAD requests from the page cache; store cacheable responses stamped with scope tokens.

    A stored page is served only while the tokens it was stored with are current (``portal.caching.tokens``);
    each process keeps the pages it served last and the tokens it read (``portal.caching.local``).
    While the cache is unreachable (``backends.DegradingRedisCache``), pages are rendered uncached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable_request = is_cacheable_request(request)
        if not settings.PAGE_CACHE or not cacheable_request:
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and not cacheable_request:
                private_cache_control(response)
            return response
        scope = tokens.scope_of(request.path_info)
        key = entry_key(request, scope)
        cache = tokens.page_cache()
        tier = local.tier(cache, settings.PAGE_CACHE_ALIAS)
        if tier is not None and not tier.refresh():
            tier = None  # no invalidation channel: Redis alone answers
        held = tier.lookup(scope, key) if tier is not None else None
        if held is not None:
            return stored_response(held)
        epoch = tier.epoch if tier is not None else None
        stamp, entry, expires = read_stored(cache, scope, key)
        if entry is not None:
            if tier is not None:
                tier.keep(key, scope, stamp, entry, expires, epoch)
            return stored_response(entry)
        response = self.get_response(request)
        return store(request, response, cache, scope, key, stamp, tier, epoch)


def read_stored(cache, scope, key):
    """Return ``(stamp, entry, expires)``: the current tokens of ``scope`` and, when valid under them, the stored
    page under ``key`` and its expiry (a Unix time); ``(stamp, None, None)`` when there is none, ``(None, None,
    None)`` when the cache cannot be reached."""
    stamp, found = tokens.current_tokens(cache, scope, extra_keys=[key])
    if backends.unreachable(cache):
        return None, None, None
    value = found.get(key)
    if isinstance(value, tuple) and len(value) == 3 and value[0] == stamp:
        return value
    return stamp, None, None


def store(request, response, cache, scope, key, stamp, tier, epoch):
    """Store ``response`` under ``key`` stamped ``stamp`` (in Redis, and in ``tier``, a ``LocalTier`` or None, as read
    at ``epoch``) when it may be; set its Cache-Control, validators and ``STATUS_HEADER``; return it."""
    cacheable = is_cacheable_response(response, scope)
    if stamp is None or request.method != "GET" or not cacheable:
        if not cacheable and response.status_code == 200:
            private_cache_control(response)
        response[STATUS_HEADER] = "skip"
        return response
    public_cache_control(response)
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    timeout = getattr(request, "page_cache_timeout", None) or settings.PAGE_CACHE_TIMEOUT
    headers = [(name, value) for name, value in response.items() if name != STATUS_HEADER]
    entry = (response.status_code, headers, response.content)
    expires = time.time() + timeout
    cache.set(key, (stamp, entry, expires), timeout)
    if tier is not None:
        tier.keep(key, scope, stamp, entry, expires, epoch)
    response[STATUS_HEADER] = "miss"
    return response
