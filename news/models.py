"""News: a paginated index and dated news pages tagged with a category, cities and countries."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from components.models import Country
from portal import api
from portal.blocks import BodyStreamBlock
from portal.models import BasePage


class NewsCategory(DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """A news category such as "IUC Asia" or "Global Covenant of Mayors" (a snippet with drafts, one per locale)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("ASCII; the same in every language."))

    # Revisions are deleted with the snippet (Wagtail's recommended setup for RevisionMixin).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="news_category")

    @property
    def revisions(self):
        """This snippet's revisions (Wagtail's RevisionMixin reads them here)."""
        return self._revisions

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_news_category_slug_per_locale")]

    def __str__(self):
        return self.name


class NewsIndexPage(RoutablePageMixin, BasePage):
    """The news archive (``/news/``): the news pages below it, newest first, 12 a page.

    A routable page: ``feed/`` is its RSS 2.0 feed and ``feed/atom/`` its Atom feed (``news.feeds``).
    """

    intro = models.TextField(_("introduction"), blank=True)
    per_page = 12

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    translatable_fields = BasePage.translatable_fields + [TranslatableField("intro")]
    api_fields = BasePage.api_fields + [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_news(self):
        """Return the live NewsPages below this index, newest first."""
        return NewsPage.objects.child_of(self).live().select_related("category", "hero_image").order_by("-date", "-pk")

    def paginate(self, request, queryset):
        """Return the Paginator page named by ``?page=``; raise Http404 when it is not a number or out of range."""
        paginator = Paginator(queryset, self.per_page)
        try:
            return paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404(str(error)) from error

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_pages"] = self.paginate(request, self.get_news())
        return context

    @path("feed/", name="rss_feed")
    def rss_feed(self, request):
        """RSS 2.0 feed of this index's newest live news (this locale only)."""
        from news.feeds import NewsFeed

        return NewsFeed()(request, index=self)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        """Atom 1.0 feed of this index's newest live news (this locale only)."""
        from news.feeds import NewsAtomFeed

        return NewsAtomFeed()(request, index=self)


class NewsPage(BasePage):
    """A dated news item with a hero image, a StreamField body and related cities and countries."""

    date = models.DateField(_("date"), help_text=_("The day the news happened or was published."))
    category = models.ForeignKey(
        NewsCategory, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    intro = models.TextField(_("introduction"), help_text=_("One or two sentences shown in lists."))
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("hero image alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("category")], heading=_("Publication")),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Hero image")),
        FieldPanel("body"),
        InlinePanel("related_cities", label=_("Related cities")),
        InlinePanel("related_countries", label=_("Related countries")),
    ]

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("date"),
        TranslatableField("category"),
        TranslatableField("intro"),
        SynchronizedField("hero_image"),
        TranslatableField("hero_image_alt"),
        TranslatableField("body"),
        TranslatableField("related_cities"),
        SynchronizedField("related_countries"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    api_fields = BasePage.api_fields + [
        APIField("date"),
        APIField("category", serializer=api.SnippetField(api.NewsCategorySerializer)),
        APIField("intro"),
        APIField("hero_image", serializer=api.RenditionField(alt_source="hero_image_alt")),
        APIField("body"),
        APIField("related_cities", serializer=api.SnippetRowsField("city", api.CitySerializer)),
        APIField("related_countries", serializer=api.CountryRowsField()),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news page")
        ordering = ["-date"]

    def get_related_cities(self):
        """Return the live City snippets this page relates to (in this page's locale), in editor order."""
        return [row.city for row in self.related_cities.filter(city__live=True).select_related("city")]

    def get_country_pages(self):
        """Return the live CountryPages of this page's related countries, in this page's locale."""
        from components.models import CountryPage

        keys = [row.country for row in self.related_countries.all()]
        return CountryPage.objects.live().filter(locale_id=self.locale_id, country__in=keys)


class NewsPageRelatedCity(TranslatableMixin, Orderable):
    """A city a news page is about; translated so the Chinese page points at the Chinese city."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_cities")
    city = models.ForeignKey("components.City", verbose_name=_("city"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("city")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        pass


class NewsPageRelatedCountry(Orderable):
    """A country a news page is about."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_countries")
    country = models.CharField(_("country"), max_length=32, choices=Country.choices)

    panels = [FieldPanel("country")]
