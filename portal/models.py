"""Cross-cutting page behaviour shared by every page type on the portal."""

from django.conf import settings
from wagtail.models import Locale, Page
from wagtail_localize.fields import SynchronizedField, TranslatableField


class BasePage(Page):
    """Abstract base for all portal pages.

    Declares the Page fields wagtail-localize translates (title, SEO title, search description) and
    synchronises (slug, menu flag): slugs are ASCII and identical in every locale, so
    ``/en/news/x/`` and ``/zh-hans/news/x/`` are the same page.
    """

    translatable_fields = [
        TranslatableField("title"),
        SynchronizedField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        SynchronizedField("show_in_menus"),
    ]

    class Meta:
        abstract = True

    def get_live_translations(self):
        """Return this page and its live translations (Page instances), in ``LANGUAGES`` order."""
        pages = {
            p.locale.language_code: p for p in self.get_translations(inclusive=True).live().select_related("locale")
        }
        return [pages[code] for code, _name in settings.LANGUAGES if code in pages]

    def get_source_language_url(self, request=None):
        """Return the full URL of the page in the default language (for ``x-default``), or None."""
        default = Locale.get_default()
        if self.locale_id == default.id:
            return self.get_full_url(request)
        translation = self.get_translation_or_none(default)
        if translation is not None and translation.live:
            return translation.get_full_url(request)
        return None
