"""The Content-Security-Policy (django-csp 4) and where it is relaxed.

One policy for every environment, built by ``content_security_policy`` and set in ``portal/settings/base.py``;
production passes the origin its media is served from. ``ContentSecurityPolicyMiddleware`` (django-csp's
middleware) sends it on every response, enforced, and adjusts it per response in exactly two places:

- **Previews may be framed by the admin.** Wagtail marks the views it shows in a same-origin iframe (the live
  preview panel of pages and snippets, StreamField block previews, wagtail-localize's translation preview) with
  ``X-Frame-Options: SAMEORIGIN`` (``wagtail.utils.decorators.xframe_options_sameorigin_override``). Those
  responses, and only those, get ``frame-ancestors 'self'``; every other response is ``frame-ancestors 'none'``,
  matching ``X_FRAME_OPTIONS = "DENY"``. Previews render the public templates, so they keep the strict
  script and style rules.
- **The admin interface of a logged-in user allows inline scripts and styles, and frames the site.** Wagtail
  7.4's admin still writes inline ``<script>`` elements (date and time widgets, ``InlinePanel``, search
  promotions, wagtail-localize's translation editor), jQuery runs again those of the forms it inserts, and
  the admin's JavaScript libraries insert ``<style>`` elements (wagtail/wagtail#1288 tracks this upstream).
  django-csp nonces cannot cover them: form widgets are rendered without the request, and what Wagtail's
  JavaScript creates carries no nonce; a nonce in the policy would also make browsers ignore
  ``'unsafe-inline'``. So ``'unsafe-inline'`` is added to ``script-src`` and ``style-src`` for pages under
  the admin's URL served to a logged-in user, and nowhere else: the public site, the API, the admin's login
  and password reset pages and the previews have neither. Scripts from other origins and ``eval`` stay
  blocked there too. ``frame-src 'self'`` is added there as well, for the preview iframes; public pages frame
  nothing of the site's own.

The rest of the admin needed no exception: Gravatar avatars and Wagtail's release check, the two requests it
makes to other origins, are turned off in the settings.
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

#: Added to the policy of the admin interface for logged-in users (see the module's docstring).
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
    """django-csp's middleware with the portal's two per-response adjustments (see the module's docstring)."""

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
