"""Frontend cache (CDN) invalidation with Wagtail's ``wagtail.contrib.frontend_cache``, configured from the environment.

Wagtail purges a page's own URLs (``Page.get_cached_paths``: the news index adds its feeds, the
event index its ``calendar.ics``) when the page is published or unpublished. ``purge_listing_pages``
below also purges the pages that show it in a list: its parent (the news index, the event index, a
country index...) and the home page of its language (latest news, this week's events), and for an
event its ``.ics`` file. Filtered archive views (``/en/news/category/...``) are not purged one by one:
give them a short CDN lifetime.
"""

from urllib.parse import urljoin

from django.core.exceptions import ImproperlyConfigured

# Wagtail is imported inside the functions: the settings import this module for frontend_cache_setting.

HTTP_BACKEND = "wagtail.contrib.frontend_cache.backends.HTTPBackend"
CLOUDFLARE_BACKEND = "wagtail.contrib.frontend_cache.backends.CloudflareBackend"
CLOUDFRONT_BACKEND = "wagtail.contrib.frontend_cache.backends.CloudfrontBackend"


def frontend_cache_setting(environ):
    """Return ``WAGTAILFRONTENDCACHE`` (a dict of backends, empty for none) from the environment mapping ``environ``.

    - ``FRONTEND_CACHE_PURGE_URL``: send HTTP ``PURGE`` requests to this cache server (Varnish, Squid,
      nginx with a purge module...), e.g. ``http://varnish.internal:6081``; the page's host name goes
      in the Host header.
    - ``CLOUDFLARE_ZONE_ID`` and ``CLOUDFLARE_API_TOKEN``: purge through Cloudflare's API (a token with
      the "Cache Purge" permission of that zone).
    - ``CLOUDFRONT_DISTRIBUTION_ID``: create CloudFront invalidations (boto3's credentials chain).

    Several may be set: each change is purged from every configured cache. Raises
    ImproperlyConfigured when only one of the two Cloudflare variables is set.
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


def listing_batch(page):
    """Return a PurgeBatch of the full URLs that list ``page`` (a Page): its parent, its language's home page, its .ics.

    Pages without a routable URL contribute nothing.
    """
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    from home.models import HomePage

    batch = PurgeBatch()
    parent = page.get_parent()
    if parent is not None and not parent.is_root():
        batch.add_page(parent)
    home = HomePage.objects.filter(locale_id=page.locale_id).exclude(pk=page.pk).first()
    if home is not None:
        batch.add_page(home)
    get_ics_url = getattr(page.specific_deferred, "get_ics_url", None)
    full_url = page.get_full_url()
    if get_ics_url is not None and full_url:
        ics_url = get_ics_url()
        if ics_url:
            batch.add_url(urljoin(full_url, ics_url))
    return batch


def purge_listing_pages(sender, instance, **kwargs):
    """Purge the pages listing ``instance`` (``page_published``/``page_unpublished``); nothing without a backend."""
    from wagtail.contrib.frontend_cache.utils import get_backends

    if get_backends():
        listing_batch(instance).purge()


def connect():
    """Connect ``purge_listing_pages`` to Wagtail's page signals (called from ``portal.signals.connect``)."""
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(purge_listing_pages, dispatch_uid="portal_purge_listing_pages_published")
    page_unpublished.connect(purge_listing_pages, dispatch_uid="portal_purge_listing_pages_unpublished")
