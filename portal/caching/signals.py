"""Invalidating the page cache and purging the frontend cache (CDN) when content changes.

- a page published or unpublished (a translation sync's publish included): the scopes of every URL that
  shows it (``dependents.urls_showing``), and the same URLs purged from the CDN; everything when it is a home
  page or a child of one (the main menu) or a snippet refers to it;
- a page moved, its slug changed, or a page deleted; a snippet, setting, image, document, site, locale or
  page view restriction saved or deleted: everything (URLs of whole subtrees change, or the object shows on
  every page), and the CDN purge of the page's URLs where there is a page.

"Everything" includes the values shared between requests (``shared``: the menu, footer, sites, private sections).
"""

import logging
from urllib.parse import urlsplit

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from portal.caching import dependents, shared, tokens

logger = logging.getLogger(__name__)


def invalidate_page(page):
    """Invalidate the stored pages that show ``page`` (a Page) and purge the same URLs from the CDN."""
    urls, everywhere = dependents.urls_showing(page)
    scopes = {tokens.scope_of(urlsplit(url).path) for url in urls} | {tokens.UNPREFIXED}
    if everywhere:
        scopes.add(tokens.EVERYTHING)
        shared.invalidate()  # the menu, home links and footer of every page
    tokens.invalidate(scopes)  # never raises: an unreachable cache is written when it answers again
    if get_backends():
        batch = PurgeBatch()
        batch.add_urls(urls)
        batch.purge()


def invalidate_everything(**kwargs):
    """Invalidate every stored page (a receiver: any sender, any arguments)."""
    tokens.invalidate_everything()


def on_page_changed(sender, instance, **kwargs):
    """``page_published`` / ``page_unpublished``: invalidate what shows the page."""
    invalidate_page(instance)


def on_page_moved_or_renamed(sender, instance, **kwargs):
    """``post_page_move`` / ``page_slug_changed``: every URL below the page changed, so everything."""
    invalidate_everything()
    if get_backends():
        urls, _everywhere = dependents.urls_showing(instance)
        batch = PurgeBatch()
        batch.add_urls(urls)
        batch.purge()


def everywhere_models():
    """Return the models whose objects may show on any page: snippets, settings, images, documents, sites, locales,
    and page view restrictions (which make pages private, and are listed in ``shared`` values)."""
    models = set(get_snippet_models()) | {get_image_model(), get_document_model(), Site, Locale, PageViewRestriction}
    models |= {model for model in apps.get_models() if issubclass(model, (BaseSiteSetting, BaseGenericSetting))}
    return tuple(models)


_everywhere_models = []


def on_object_changed(sender, instance, **kwargs):
    """``post_save`` / ``post_delete`` of any model: invalidate everything when ``sender`` is an ``everywhere_models``.

    The models are looked up at the first save, once snippets are registered (Wagtail registers them after ``ready``).
    """
    if not _everywhere_models:
        _everywhere_models.append(everywhere_models())
    if issubclass(sender, _everywhere_models[0]):
        invalidate_everything()


def connect():
    """Connect the receivers (called from ``CachingConfig.ready``)."""
    page_published.connect(on_page_changed, dispatch_uid="portal_caching_page_published")
    page_unpublished.connect(on_page_changed, dispatch_uid="portal_caching_page_unpublished")
    post_page_move.connect(on_page_moved_or_renamed, dispatch_uid="portal_caching_page_moved")
    page_slug_changed.connect(on_page_moved_or_renamed, dispatch_uid="portal_caching_slug_changed")
    post_delete.connect(invalidate_everything, sender=Page, dispatch_uid="portal_caching_page_deleted")
    post_save.connect(on_object_changed, dispatch_uid="portal_caching_object_saved")
    post_delete.connect(on_object_changed, dispatch_uid="portal_caching_object_deleted")
