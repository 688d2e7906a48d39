"""Cross-cutting models: the base page, site-wide settings and the translatable footer text."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Page, RevisionMixin, TranslatableMixin
from wagtail.rich_text import get_text_for_indexing
from wagtail_localize.fields import SynchronizedField, TranslatableField

from portal.core import rich_text
from portal.core.block_ids import StableBlockIdsMixin
from portal.core.seo import DESCRIPTION_LENGTH, truncate_text
from portal.edge.language import html_lang
from portal.search.fields import LANGUAGE_FIELD, analysed_fields
from portal.translations.clashes import validate_no_clashes

#: The slug no page may have: ``/<locale>/search/`` is the site search (``portal/search/views.py``).
SEARCH_SLUG = "search"


class BasePage(StableBlockIdsMixin, Page):
    """Abstract base for all portal pages.

    Declares the Page fields wagtail-localize translates (title, SEO title, search description) and
    synchronises (slug, menu flag): slugs are ASCII and identical in every locale, so
    ``/en/news/x/`` and ``/zh-hans/news/x/`` are the same page. StreamField blocks stored without ids get
    stable ones (``portal.core.block_ids``), so their translations survive the next sync.
    """

    menu_title = models.CharField(
        _("menu title"),
        max_length=60,
        blank=True,
        help_text=_("A short title for the main menu; leave empty to use the page title."),
    )

    promote_panels = Page.promote_panels + [FieldPanel("menu_title")]

    # Wagtail's page search fields (title...), with the text analysed for the site search (portal.search.fields);
    # each type adds its own as AnalysedSearchField.
    search_fields = [*analysed_fields(Page.search_fields), LANGUAGE_FIELD]

    # Fields of every page type in the API (/api/v2/pages/); each type adds its own.
    api_fields = [APIField("menu_title")]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("menu_title"),
        SynchronizedField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        SynchronizedField("show_in_menus"),
    ]

    #: Plain-text fields that describe a page of this type, tried in order when its search description
    #: is empty (``get_meta_description``); a type without them says ``()``.
    description_fields = ("intro",)
    #: The StreamField whose first paragraph is the last description fallback and whose first image
    #: is the page's share image (``get_share_image``); None for a type without one.
    body_field = "body"
    #: Open Graph's ``og:type`` of this page type: "website", or "article" for news.
    open_graph_type = "website"
    #: Which of the site's share images (``portal.core.seo.SHARE_IMAGE_LABELS``) a page of this type shows in
    #: link previews when it has no image of its own.
    share_image_kind = "other"

    class Meta:
        abstract = True

    def clean(self):
        """Refuse the slug ``search`` (``/<locale>/search/`` is the site search, which would hide the page) and a
        slug that a sibling of one of the page's translations has (``portal.translations.clashes``).
        """
        super().clean()
        if self.slug == SEARCH_SLUG:
            raise ValidationError({"slug": _("“search” is the address of the site search; choose another slug.")})
        validate_no_clashes(self)

    #: What a search result's date means for this page type (see ``get_search_result_date``).
    search_result_date_label = _("Updated")

    def get_search_result_date(self):
        """Return ``(label, date)`` for this page's search result: by default when it was last updated.

        ``date`` is a timezone-aware datetime (or a date, for page types that override this), or None: for a page
        not published again on a later day than it was first published, whose publication day (the day the
        programme's archive was loaded, for most pages) would pass for a date of its content. ``label`` says what
        the date is, translated lazily.
        """
        first, last = self.first_published_at, self.last_published_at
        if first is None or last is None or timezone.localdate(last) <= timezone.localdate(first):
            return self.search_result_date_label, None
        return self.search_result_date_label, last

    def get_linked_page_ids(self):
        """Return the ids of the pages this page links to or chooses in ``body_field`` (its stored form; no query)."""
        value = getattr(self, self.body_field, None) if self.body_field else None
        if not value:
            return set()
        return set(rich_text.linked_page_ids(value.stream_block, list(value.raw_data)))

    def get_context(self, request, *args, **kwargs):
        """Wagtail's context; the pages the body links to are read together when the first is needed (``rich_text``)."""
        rich_text.page_links(request).want(self.get_linked_page_ids())
        return super().get_context(request, *args, **kwargs)

    def _body_blocks(self, block_type):
        """Yield the values of the blocks of type ``block_type`` in ``body_field``, in order (none without one)."""
        blocks = getattr(self, self.body_field, None) if self.body_field else None
        for block in blocks or []:
            if block.block_type == block_type:
                yield block.value

    def get_meta_description(self, length=DESCRIPTION_LENGTH):
        """Return the text of this page's ``<meta name="description">`` (a str, "" when there is none).

        The first non-empty of: the editor's *search description* (Promote tab); the fields named by
        ``description_fields`` (the intro, or a component's summary); the text of the first paragraph
        of ``body_field`` (an event's description). All are the page's own, in its language. The
        text is made plain (tags removed, whitespace collapsed) and cut at a word boundary to at most
        ``length`` characters (``portal.core.seo.truncate_text``: characters in Chinese).
        """
        candidates = [self.search_description]
        candidates += [getattr(self, name, "") for name in self.description_fields]
        for text in candidates:
            text = get_text_for_indexing(str(text or ""))
            if text.strip():
                return truncate_text(text, length)
        return truncate_text(self.get_first_paragraph_text(), length)

    def get_first_paragraph_text(self):
        """Return the plain text of the first non-empty paragraph of ``body_field``, or "" when there is none.

        Tags are removed and whitespace collapsed; a page type without ``body_field`` has none.
        """
        for paragraph in self._body_blocks("paragraph"):
            text = " ".join(get_text_for_indexing(paragraph.source).split())
            if text:
                return text
        return ""

    def get_share_image(self):
        """Return ``(image, alternative text)`` for this page's link previews, or None.

        By default the first image block (``CaptionedImageBlock``) of ``body_field`` with its
        alternative text; page types with an image field of their own override this (``NewsPage``).
        None means the site's default share image (``portal.core.seo.share_image``).
        """
        for value in self._body_blocks("image"):
            if value.get("image") is not None:
                return value["image"], value.get("alt_text", "")
        return None

    @property
    def language_tag(self):
        """The BCP 47 tag of this page's language, as ``<html lang>``, schema.org and iCalendar write it: ``en``,
        ``zh-Hans``, ``zh-Hant-HK`` (``portal.edge.language.html_lang``)."""
        return html_lang(self.locale.language_code)


class IndexPage(BasePage):
    """Abstract base of a section's index page: an optional introduction above the pages it lists."""

    share_image_kind = "index"

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    translatable_fields = BasePage.translatable_fields + [TranslatableField("intro")]
    api_fields = BasePage.api_fields + [APIField("intro")]

    max_count_per_parent = 1

    class Meta:
        abstract = True


class TranslatableSnippet(StableBlockIdsMixin, DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """Abstract base of the portal's snippets: one copy per locale (wagtail-localize), with drafts and revisions.

    StreamField blocks stored without ids get stable ones (``portal.core.block_ids``), as on pages.
    """

    # Revisions are deleted with the snippet (Wagtail's recommended setup for RevisionMixin).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="%(app_label)s_%(class)s")

    @property
    def revisions(self):
        """This snippet's revisions (Wagtail's RevisionMixin reads them here)."""
        return self._revisions

    def clean(self):
        """Refuse a unique value (a slug) that another object of this locale, or of a translation's, has.

        Raises ValidationError under the field (``portal.translations.clashes``): the admin's forms leave
        ``locale`` out, so Django would not check the per-locale constraints and the database would refuse.
        """
        super().clean()
        validate_no_clashes(self)

    class Meta(TranslatableMixin.Meta):
        abstract = True


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Site-wide values that are the same in every language (Settings → Site settings in the admin)."""

    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Shown in the footer of every page when set.")
    )
    programme_website = models.URLField(
        _("programme website"),
        blank=True,
        help_text=_("The programme's original public website, linked from the footer."),
    )

    panels = [FieldPanel("contact_email"), FieldPanel("programme_website")]

    class Meta:
        verbose_name = _("site settings")


class FooterText(TranslatableSnippet):
    """The text at the foot of every page: one snippet, translated into each language through wagtail-localize."""

    body = RichTextField(_("text"), features=["bold", "italic", "link"])

    panels = [FieldPanel("body"), PublishingPanel()]
    translatable_fields = [TranslatableField("body")]

    class Meta(TranslatableSnippet.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer text")

    def __str__(self):
        return str(_("Footer text"))

    @classmethod
    def for_locale(cls, locale):
        """Return the live FooterText in ``locale`` (a Locale), or None when there is none (or only a draft) yet."""
        return cls.objects.filter(locale=locale, live=True).first()
