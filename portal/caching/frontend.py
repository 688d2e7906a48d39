"""The ``WAGTAILFRONTENDCACHE`` setting (Wagtail's frontend cache backends) from environment variables.

Imported by the settings, so it imports nothing of Wagtail; the purging is in ``portal.caching.signals``.
"""

from django.core.exceptions import ImproperlyConfigured

HTTP_BACKEND = "wagtail.contrib.frontend_cache.backends.HTTPBackend"
CLOUDFLARE_BACKEND = "wagtail.contrib.frontend_cache.backends.CloudflareBackend"
CLOUDFRONT_BACKEND = "wagtail.contrib.frontend_cache.backends.CloudfrontBackend"


def frontend_cache_setting(environ):
    """Return ``WAGTAILFRONTENDCACHE`` (a dict of backends, empty for none) from the environment mapping ``environ``.

    One backend per configured cache (HTTP purge, Cloudflare, CloudFront); the variables and what they
    mean: docs/operations.md, "Environment variables" and "Frontend cache". Raises ImproperlyConfigured
    when only one of the two Cloudflare variables is set.
    """
    backends = {}
    purge_url = environ.get("FRONTEND_CACHE_PURGE_URL", "").strip()
    if purge_url:
        backends["http"] = {"BACKEND": HTTP_BACKEND, "LOCATION": purge_url}
    zone, token = environ.get("CLOUDFLARE_ZONE_ID", "").strip(), environ.get("CLOUDFLARE_API_TOKEN", "").strip()
    if bool(zone) != bool(token):
        raise ImproperlyConfigured("Set both CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN, or neither.")
    if zone:
        backends["cloudflare"] = {"BACKEND": CLOUDFLARE_BACKEND, "ZONEID": zone, "BEARER_TOKEN": token}
    distribution = environ.get("CLOUDFRONT_DISTRIBUTION_ID", "").strip()
    if distribution:
        backends["cloudfront"] = {"BACKEND": CLOUDFRONT_BACKEND, "DISTRIBUTION_ID": distribution}
    return backends
