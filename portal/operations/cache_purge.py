"""Purging the pages that list a page from the frontend cache (CDN) when it is published or unpublished.

Wagtail purges the page itself; this adds its parent listing, its language's home page and an event's ``.ics``.
"""

from urllib.parse import urljoin

from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.signals import page_published, page_unpublished

#: The depth of a language's home page in the page tree (the root is 1).
HOME_PAGE_DEPTH = 2


def listing_batch(page):
    """Return a PurgeBatch of the full URLs that list ``page`` (a Page): its parent, its language's home page, its .ics.

    Pages without a routable URL contribute nothing.
    """
    batch = PurgeBatch()
    parent = page.get_parent()
    if parent is not None and not parent.is_root():
        batch.add_page(parent)
    home = page.get_ancestors().filter(depth=HOME_PAGE_DEPTH).first()
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
    if get_backends():
        listing_batch(instance).purge()


def connect():
    """Connect ``purge_listing_pages`` to Wagtail's page signals (called from ``OperationsConfig.ready``)."""
    page_published.connect(purge_listing_pages, dispatch_uid="portal_purge_listing_pages_published")
    page_unpublished.connect(purge_listing_pages, dispatch_uid="portal_purge_listing_pages_unpublished")
