"""The Content-Security-Policy (django-csp 4) and the two places where a response relaxes it.

The headers: docs/operations.md, "Security headers"; why the admin allows inline code:
docs/decisions/0005-admin-csp-unsafe-inline.md.
"""

import os
from urllib.parse import urlsplit

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

#: Environment variable: comma-separated origins (or URL prefixes) images are also loaded from.
MEDIA_ORIGINS_ENV = "CSP_MEDIA_ORIGINS"

#: The players the embed block may show (``WAGTAILEMBEDS_FINDERS`` accepts these providers only).
EMBED_FRAME_ORIGINS = (
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
)

#: Added to the policy of the admin interface for logged-in users (docs/decisions/0005-admin-csp-unsafe-inline.md).
ADMIN_INTERFACE_RELAXATION = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE], "frame-src": [SELF]}

# Characters that would end a source expression or a directive inside the header.
_FORBIDDEN = set(" \t\r\n;,'\"")


def content_security_policy(media_origins=(), environ=None):
    """Return the portal's ``CONTENT_SECURITY_POLICY`` setting (django-csp 4's ``{"DIRECTIVES": {...}}``).

    ``media_origins``: origins or URL prefixes uploaded images are served from besides the site itself, such as
    ``"https://media.example.org"`` or an S3 bucket's URL ``"https://bucket.s3.eu-west-1.amazonaws.com/media/"``
    (a prefix ending in ``/`` allows everything below it). The comma-separated ``CSP_MEDIA_ORIGINS`` of
    ``environ`` (default ``os.environ``) adds more. They are added to ``img-src``.

    Raises ``ImproperlyConfigured`` for a value that is not an http(s) URL without query or fragment, or that
    holds characters a policy cannot (spaces, commas, semicolons, quotes).

    The policy: everything from the site's own origin only (``default-src 'self'``, so scripts, styles, fonts,
    ``fetch`` and forms too); no plugins (``object-src 'none'``); no ``<base>`` from elsewhere; forms submit to
    the site only; nothing may frame the site; images also as ``data:`` URLs (icons in Wagtail's and the
    portal's CSS) and ``blob:`` URLs (the admin's previews of images being uploaded) and from the media
    origins; frames from the embed providers' players only.
    """
    environ = os.environ if environ is None else environ
    extra = [item.strip() for item in environ.get(MEDIA_ORIGINS_ENV, "").split(",") if item.strip()]
    media = [_source(origin) for origin in [*media_origins, *extra]]
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": list(dict.fromkeys([SELF, "data:", "blob:", *media])),
            "frame-src": list(EMBED_FRAME_ORIGINS),
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }


def _source(url):
    """Return ``url`` stripped as a policy source expression, or raise ``ImproperlyConfigured``."""
    url = str(url).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"Content-Security-Policy media origin {url!r} is not an http(s) URL.")
    if _FORBIDDEN & set(url):
        raise ImproperlyConfigured(f"Content-Security-Policy media origin {url!r} holds a space, comma or quote.")
    return url


def is_framable_preview(response):
    """Whether Wagtail marked ``response`` as one to show in the admin's same-origin iframes."""
    return response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"


def is_admin_interface(request):
    """Whether ``request`` is for Wagtail's admin, by a logged-in user."""
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and request.path_info.startswith(reverse("wagtailadmin_home")))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the portal's two per-response adjustments.

    A response Wagtail marks ``X-Frame-Options: SAMEORIGIN`` (a preview) gets ``frame-ancestors 'self'``; a page
    of the admin served to a logged-in user gets ``ADMIN_INTERFACE_RELAXATION``; every other response the policy
    as it is. Wagtail's internal preview requests (``request.is_dummy``) get none: their real response does.
    """

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            # Wagtail renders a preview by sending a dummy request for the page through the middleware
            # (``PreviewableMixin.make_preview_request``); the policy goes on the real response, which is framable.
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if is_framable_preview(response):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        elif is_admin_interface(request):
            update = dict(parts.update or {})
            for directive, sources in ADMIN_INTERFACE_RELAXATION.items():
                update[directive] = [*update.get(directive, ()), *sources]
            parts.update = update
        return parts
