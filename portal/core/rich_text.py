"""Rich text page links resolved in one query: replaces
``wagtail.rich_text.pages.PageLinkHandler.expand_db_attributes_many`` (Wagtail 7.4.4).

Upstream reads the linked pages in their specific classes (a query, then one per page type) and, for each link,
``page.localized``: the active Locale (a query) and, for a page in another language, its translation (a query). Here
one query reads the linked pages (those of upstream's ``wagtail.rich_text.pages.PageLinkHandler.get_many``) and
their translations in the active language, as plain Pages (their URLs are
``Page``'s: ``portal.core.links.has_page_urls``; a batch linking a page type with URLs of its own goes to upstream).
What a link becomes is upstream's: ``<a href="URL">`` of the translation in the active language when it is live, else
of the page itself; ``<a>`` for a page that does not exist (or an id that is not a number).

``PortalPageLinkHandler`` is registered for the ``page`` link type after Wagtail's own (``wagtail_hooks``).
"""

from django.conf import settings
from django.db.models import Q
from django.utils.html import escape
from wagtail.models import Locale, Page
from wagtail.rich_text.pages import PageLinkHandler

from portal.core.links import has_page_urls

UPSTREAM_EXPAND_DB_ATTRIBUTES_MANY = PageLinkHandler.expand_db_attributes_many


def _page_id(attrs):
    try:
        return int(attrs.get("id"))
    except (TypeError, ValueError):
        return None


class PortalPageLinkHandler(PageLinkHandler):
    """Wagtail's ``page`` link type, expanding a rich text's page links in one query."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        """Return the opening ``<a>`` tag of each link of ``attrs_list`` (dicts with the page ``id``), in order."""
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return UPSTREAM_EXPAND_DB_ATTRIBUTES_MANY.__func__(cls, attrs_list)
        ids = [_page_id(attrs) for attrs in attrs_list]
        wanted = {pk for pk in ids if pk is not None}
        if not wanted:
            return ["<a>" for _pk in ids]
        try:
            locale = Locale.get_active()
        except (LookupError, Locale.DoesNotExist):
            locale = None
        condition = Q(pk__in=wanted)
        if locale is not None:
            keys = Page.objects.filter(pk__in=wanted).values("translation_key")
            condition |= Q(locale_id=locale.pk, translation_key__in=keys)
        pages = list(Page.objects.filter(condition))
        if not all(has_page_urls(page.specific_class) for page in pages):
            return UPSTREAM_EXPAND_DB_ATTRIBUTES_MANY.__func__(cls, attrs_list)
        by_id = {page.pk: page for page in pages}
        in_language = {
            page.translation_key: page for page in pages if locale is not None and page.locale_id == locale.pk
        }
        tags = []
        for pk in ids:
            page = by_id.get(pk)
            if page is None:
                tags.append("<a>")
                continue
            translated = in_language.get(page.translation_key)
            target = translated if translated is not None and translated.live else page
            tags.append(f'<a href="{escape(target.url)}">')
        return tags
