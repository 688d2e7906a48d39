"""News: a paginated index and dated news pages tagged with a category, cities and countries."""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PublishingPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.images.models import SourceImageIOError
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from components.blocks import BodyStreamBlock
from components.choices import Country
from components.models import City, country_pages
from components.serializers import CitySerializer, CountryRowsField
from news import archive
from news.feeds import NewsAtomFeed, NewsFeed
from news.serializers import NewsCategorySerializer
from portal.api import serializers as api
from portal.caching import tokens
from portal.core.links import absolute_page_url
from portal.core.memo import request_memo
from portal.core.models import BasePage, IndexPage, TranslatableSnippet
from portal.core.views import BadQuery
from portal.images.prefetch import with_renditions
from portal.search.fields import AnalysedSearchField
from portal.translations.overrides.fields import SynchronizedField, TranslatableField

#: Related news are ranked among this many news items of the page's language on each side of its date
#: (docs/public-site.md, "News"): a bounded ranking, the same cost at any size of the archive.
RELATED_NEWS_WINDOW = 500


class KeysFirstPaginator(Paginator):
    """A Paginator of a QuerySet whose page reads the primary keys of its slice first, in the same query.

    ``object_list.filter(pk__in=<the slice's pks, ordered and sliced>)``: the database orders and skips narrow
    rows (the ordering columns and the pk, an index of the news archive) and reads whole rows only for the page
    shown, so a deep page (``?page=800``) costs what the first one does instead of sorting every matching row
    whole. Same pages, counts and errors as Django's ``Paginator``.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


class NewsCategory(TranslatableSnippet):
    """A news category such as "IUC Asia" or "Global Covenant of Mayors" (a snippet with drafts, one per locale)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("ASCII; the same in every language."))

    panels = [FieldPanel("name"), FieldPanel("slug"), PublishingPanel()]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TranslatableSnippet.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_news_category_slug_per_locale")]

    def __str__(self):
        return self.name


class NewsIndexPage(RoutablePageMixin, IndexPage):
    """The news archive (``/news/``): the news pages below it, newest first, 12 a page.

    A routable page (routes in ``news.archive``):

    - ``""``: every news item; a submitted filter form (``?category=iuc-asia&year=2018``) redirects
      to the clean URL of its filters;
    - ``category/<slug>/``, ``country/<key>/``, ``city/<slug>/``, ``<year>/`` and their combinations,
      in that order (``category/iuc-asia/country/china/2018/``): the news matching every filter;
    - ``feed/`` (RSS 2.0) and ``feed/atom/`` (Atom): the newest news (``news.feeds``).
    """

    per_page = 12

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]

    def get_cached_paths(self):
        """The paths a frontend cache holds for this page (Wagtail purges them on publish): the index and its feeds."""
        return ["/", self.reverse_subpage("rss_feed"), self.reverse_subpage("atom_feed")]

    class Meta:
        verbose_name = _("news index")

    def get_news(self, filters=None):
        """Return the live, public NewsPages below this index, newest first (by date, then pk), bodies deferred.

        ``filters`` (a ``news.archive.NewsFilters``) keeps only the news in that category, about that
        country (a related country) or city (a related city), or dated in that year. Pages in a
        private section (any view restriction) are left out, as are drafts.
        """
        news = (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .select_related("category")
            .prefetch_related(with_renditions("hero_image"))
            .defer_streamfields()
            .order_by("-date", "-pk")
        )
        if not filters:
            return news
        if filters.category is not None:
            news = news.filter(category=filters.category)
        if filters.country is not None:
            countries = NewsPageRelatedCountry.objects.filter(page=OuterRef("pk"), country=filters.country)
            news = news.filter(Exists(countries))
        if filters.city is not None:
            news = news.filter(Exists(NewsPageRelatedCity.objects.filter(page=OuterRef("pk"), city=filters.city)))
        if filters.year is not None:
            news = news.filter(date__year=filters.year)
        return news

    def paginate(self, request, queryset):
        """Return the Paginator page named by ``?page=``; raise Http404 when it is not a number or out of range."""
        paginator = KeysFirstPaginator(queryset, self.per_page)
        try:
            return paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404(str(error)) from error

    # ------------------------------------------------------------------------ filters

    def find_filter_value(self, name, raw):
        """Return the value of the filter ``name`` written ``raw`` in a URL, or None when there is none.

        ``category``: the live NewsCategory with that slug in this index's locale; ``country``: a
        ``components.models.Country`` value; ``city``: the live City with that slug in this locale;
        ``year``: an int between ``FIRST_YEAR`` and ``LAST_YEAR``.
        """
        if name == "category":
            return NewsCategory.objects.filter(locale_id=self.locale_id, live=True, slug=raw).first()
        if name == "country":
            return raw if raw in Country.values else None
        if name == "city":
            return City.objects.filter(locale_id=self.locale_id, live=True, slug=raw).first()
        return archive.parse_year(raw)

    def resolve_filters(self, pairs):
        """Return the NewsFilters named by ``pairs`` (``[(name, raw value), ...]`` from ``parse_filter_path``).

        Raises Http404 when a filter is given twice or a value is unknown in this locale (see
        ``find_filter_value``).
        """
        values = {}
        for name, raw in pairs:
            if name in values:
                raise Http404(f"the {name} filter is given twice")
            value = self.find_filter_value(name, raw)
            if value is None:
                raise Http404(f"unknown {name}: {raw}")
            values[name] = value
        return archive.NewsFilters(**values)

    def filters_from_query(self, query):
        """Return the NewsFilters a submitted filter form asks for, or None when ``query`` has no filter field.

        ``query`` is ``request.GET``, e.g. ``?category=iuc-asia&country=&year=2018``; an empty field
        means "all". Raises ``portal.core.views.BadQuery`` (a 400 page, message in the active language)
        when a field is given twice or names a value unknown in this locale.
        """
        if not any(name in query for name in archive.FILTER_NAMES):
            return None
        values = {}
        for name in archive.FILTER_NAMES:
            given = [raw.strip() for raw in query.getlist(name) if raw.strip()]
            if len(given) > 1:
                raise BadQuery(gettext("Choose one value at most for each filter."))
            if not given:
                continue
            value = self.find_filter_value(name, given[0])
            if value is None:
                raise BadQuery(self.unknown_filter_message(name, given[0]))
            values[name] = value
        return archive.NewsFilters(**values)

    @staticmethod
    def unknown_filter_message(name, raw):
        """Return the message, in the active language, saying ``raw`` is not a known value of filter ``name``."""
        messages = {
            "category": gettext("“%(value)s” is not a news category."),
            "country": gettext("“%(value)s” is not a country of the programme."),
            "city": gettext("“%(value)s” is not a city of the programme."),
            "year": gettext("“%(value)s” is not a year between %(first)s and %(last)s."),
        }
        return messages[name] % {"value": raw, "first": archive.FIRST_YEAR, "last": archive.LAST_YEAR}

    def filter_url(self, filters, request=None):
        """Return the URL of the view of this index for ``filters`` (a NewsFilters), e.g. ``/en/news/2018/``."""
        return self.get_url(request) + filters.route_suffix()

    def get_filter_options(self, filters=None):
        """Return the values the filter form offers: those that have live, public news below this index.

        A dict: ``categories`` (live NewsCategory snippets of this locale, by name), ``countries``
        (``[(key, name)]`` in ``Country`` order, names in the active language), ``cities``
        (``[(country name, [City, ...])]``: live City snippets of this locale grouped by country, in
        slug order, which is the same in every language) and ``years`` (``[(year, label)]``, newest first). The
        values of ``filters`` (a NewsFilters) are offered too, so that the form shows them chosen.
        Categories and cities are unsaved snippets holding ``pk``, ``name``, ``slug`` (and a city's ``country``).
        At most one query, whatever the number of news (``get_facet_rows``).
        """
        filters = filters or archive.NewsFilters()
        categories, cities, keys, years = {}, {}, set(), set()
        for kind, key, name, slug, country in self.get_facet_rows():
            if kind == "category":
                categories[int(key)] = NewsCategory(pk=int(key), locale_id=self.locale_id, name=name, slug=slug)
            elif kind == "city":
                cities[int(key)] = City(pk=int(key), locale_id=self.locale_id, name=name, slug=slug, country=country)
            elif kind == "country":
                keys.add(key)
            else:
                years.add(int(key))
        if filters.category is not None:
            categories.setdefault(filters.category.pk, filters.category)
        if filters.city is not None:
            cities.setdefault(filters.city.pk, filters.city)
        keys |= {filters.country} - {None}
        years |= {filters.year} - {None}
        cities_by_country = {}
        for city in sorted(cities.values(), key=lambda city: city.slug):
            cities_by_country.setdefault(city.country, []).append(city)
        return {
            "categories": sorted(categories.values(), key=lambda category: (category.name, category.pk)),
            "countries": [(country.value, str(country.label)) for country in Country if country.value in keys],
            "cities": [
                (str(country.label), cities_by_country[country.value])
                for country in Country
                if country.value in cities_by_country
            ],
            "years": [(year, archive.year_label(year)) for year in sorted(years, reverse=True)],
        }

    def get_facet_rows(self):
        """Return ``facet_rows()``, kept until the stored pages of this index are invalidated.

        Publishing, unpublishing, moving or deleting a news page invalidates its index's scope (``/en/news/``),
        saving a snippet (a category, a city) everything (``portal.caching.tokens.scoped_value``).
        """
        url_parts = self.get_url_parts()
        if url_parts is None:
            return self.facet_rows()
        return tokens.scoped_value(url_parts[2], f"news:facets:{self.pk}", self.facet_rows)

    def facet_rows(self):
        """Return the filter values that have live, public news below this index, read in one query.

        A list of ``(kind, key, name, slug, country)`` str tuples (None where a kind has no such value):
        ``("category", pk, name, slug, None)`` for each live category of this locale, ``("city", pk,
        name, slug, country key)`` for each live city of this locale, ``("country", key, None, None,
        None)`` and ``("year", "2018", None, None, None)``; each once, in no particular order.
        """
        news = self.get_news().order_by()
        pages = news.values("pk")
        text = models.CharField()
        none = Value(None, output_field=text)

        def columns(kind, key, name=none, slug=none, country=none):
            return {"kind": Value(kind, output_field=text), "key": Cast(key, text), "n": name, "s": slug, "c": country}

        fields = ("kind", "key", "n", "s", "c")
        years = news.annotate(**columns("year", ExtractYear("date"))).values_list(*fields).distinct()
        categories = (
            NewsCategory.objects.filter(locale_id=self.locale_id, live=True, pk__in=news.values("category_id"))
            .annotate(**columns("category", "pk", F("name"), F("slug")))
            .values_list(*fields)
        )
        countries = (
            NewsPageRelatedCountry.objects.filter(page__in=pages)
            .annotate(**columns("country", "country"))
            .values_list(*fields)
            .distinct()
        )
        city_ids = NewsPageRelatedCity.objects.filter(page__in=pages).values("city_id")
        cities = (
            City.objects.filter(locale_id=self.locale_id, live=True, pk__in=city_ids)
            .annotate(**columns("city", "pk", F("name"), F("slug"), F("country")))
            .values_list(*fields)
        )
        return list(years.order_by().union(categories.order_by(), countries.order_by(), cities.order_by(), all=True))

    def get_archive_context(self, request, filters):
        """Return the template context of one view of the archive: ``filters`` (a NewsFilters, maybe empty).

        ``news_pages`` is the Paginator page of the matching news (Http404 for a bad ``?page=``);
        ``route_suffix`` is what ``canonical_url``, ``alternate_links`` and the language switcher
        append to this page's URL (the filters' path, then ``?page=N`` beyond the first page);
        ``archive_heading`` names the filters; ``active_filters`` lists each filter in use with
        the URL of this view without it; ``filter_options`` feeds the filter form.
        """
        news_pages = self.paginate(request, self.get_news(filters))
        route_suffix = filters.route_suffix()
        if news_pages.number > 1:
            route_suffix += f"?page={news_pages.number}"
        active_filters = [
            {
                "name": name,
                "name_label": archive.filter_name_label(name),
                "label": label,
                "remove_url": self.filter_url(filters.without(name), request),
            }
            for name, label in filters.labels()
        ]
        return {
            "filters": filters,
            "news_pages": news_pages,
            "route_suffix": route_suffix,
            "archive_heading": filters.heading(self.title),
            "active_filters": active_filters,
            "filter_options": self.get_filter_options(filters),
        }

    # ------------------------------------------------------------------------ routes

    @path("", name="index")
    def index_route(self, request):
        """Every news item, 12 a page; or, for a submitted filter form, a 302 to the clean URL of its filters.

        Raises Http404 for a bad ``?page=`` and ``BadQuery`` (400) for a bad filter field.
        """
        filters = self.filters_from_query(request.GET)
        if filters is not None:
            return redirect(self.filter_url(filters, request))
        return self.render(request, context_overrides=self.get_archive_context(request, archive.NewsFilters()))

    @path("feed/", name="rss_feed")
    def rss_feed(self, request):
        """RSS 2.0 feed of this index's newest live, public news (this locale only)."""
        return NewsFeed()(request, index=self)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        """Atom 1.0 feed of this index's newest live, public news (this locale only)."""
        return NewsAtomFeed()(request, index=self)

    @re_path(archive.FILTER_PATH_PATTERN, name="filtered")
    def filtered_route(self, request, filter_path):
        """The news matching the filters in the path (``category/iuc-asia/2018/``), 12 a page.

        Filters written in another order answer a 301 to the canonical order (query string kept).
        Raises Http404 for a repeated filter, an unknown value, a year out of range or a bad ``?page=``.
        """
        filters = self.resolve_filters(archive.parse_filter_path(filter_path))
        if filters.route_suffix() != filter_path:
            url = self.filter_url(filters, request)
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
        return self.render(request, context_overrides=self.get_archive_context(request, filters))


class NewsPage(BasePage):
    """A dated news item with a hero image, a StreamField body and related cities and countries."""

    share_image_kind = "news"

    date = models.DateField(_("date"), help_text=_("The day the news happened or was published."))
    category = models.ForeignKey(
        NewsCategory, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    intro = models.TextField(_("introduction"), help_text=_("One or two sentences shown in lists."))
    hero_image = models.ForeignKey(
        "portal_images.CustomImage",
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
        AnalysedSearchField("intro"),
        AnalysedSearchField("body"),
        index.FilterField("date"),
    ]

    api_fields = BasePage.api_fields + [
        APIField("date"),
        APIField("category", serializer=api.SnippetField(NewsCategorySerializer)),
        APIField("intro"),
        APIField("hero_image", serializer=api.RenditionField(alt_source="hero_image_alt")),
        APIField("body"),
        APIField("related_cities", serializer=api.SnippetRowsField("city", CitySerializer)),
        APIField("related_countries", serializer=CountryRowsField()),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    open_graph_type = "article"

    class Meta:
        verbose_name = _("news page")
        ordering = ["-date"]
        # The archive's order (newest first, then the highest pk): pages of the archive, its year views and a news
        # item's neighbours walk these instead of sorting (docs/performance.md, "Query budgets: news, search, API
        # and feeds").
        indexes = [
            models.Index(fields=["date", "page_ptr"], name="news_date_pk_idx"),
            models.Index(fields=["category", "date", "page_ptr"], name="news_category_date_pk_idx"),
        ]

    def clean(self):
        """Refuse a slug that a route of the news index would hide: ``feed`` or digits only (a year filter)."""
        super().clean()
        if self.slug == "feed" or (self.slug or "").isdigit():
            raise ValidationError(
                {
                    "slug": _("“%(slug)s” is the address of a view of the news archive; choose another slug.")
                    % {"slug": self.slug}
                }
            )

    def get_share_image(self):
        """Return ``(hero image, its alternative text)`` for link previews, else the body's first image, else None."""
        if self.hero_image is not None:
            return self.hero_image, self.hero_image_alt
        return super().get_share_image()

    def get_related_cities(self):
        """Return the live City snippets this page relates to (in this page's locale), in editor order."""
        return [row.city for row in self.related_cities.filter(city__live=True).select_related("city")]

    def get_country_keys(self):
        """Return the ``Country`` values of this page's related countries, in editor order."""
        return [row.country for row in self.related_countries.all()]

    def get_country_pages(self, keys=None, request=None):
        """Return the live CountryPages of ``keys`` (default: this page's related countries) in this page's locale.

        In tree order. With ``request``, the country pages of the locale are read once per request
        (``components.models.country_pages``, shared with the city links of ``components``).
        """
        keys = set(self.get_country_keys() if keys is None else keys)
        pages = country_pages(self.locale_id, request).values()
        return sorted((page for page in pages if page.country in keys), key=lambda page: page.path)

    def get_news_index(self, request=None):
        """Return the NewsIndexPage this page is in (its parent, specific), read once per request or instance."""
        if request is None:
            if not hasattr(self, "_news_index"):
                self._news_index = news_index_at(None, self.path[: -self.steplen])
            return self._news_index
        return news_index_at(request, self.path[: -self.steplen])

    @classmethod
    def about_country(cls, country, locale_id, limit=6):
        """Return up to ``limit`` live, public news pages of ``locale_id`` tagged with ``country``, newest first."""
        return (
            cls.objects.live()
            .public()
            .filter(locale_id=locale_id, related_countries__country=country)
            .select_related("category")
            .distinct()
            .order_by("-date")[:limit]
        )

    def get_siblings_news(self):
        """Return the live, public NewsPages of the same index (so the same locale) other than this one."""
        return NewsPage.objects.sibling_of(self, inclusive=False).live().public()

    def _older_news(self):
        """Return a queryset of the news before this one in the same index (by date, then pk), closest first.

        A page not saved yet (an editor's preview of a new page) comes after the others of its day. The
        condition starts with ``date <= this date`` so that the database walks the ordering index from here.
        """
        older = Q(date__lt=self.date) | (Q(pk__lt=self.pk) if self.pk else Q(date=self.date))
        return self.get_siblings_news().filter(older, date__lte=self.date).order_by("-date", "-pk")

    def _newer_news(self):
        """Return a queryset of the news after this one in the same index (by date, then pk), closest first."""
        newer = Q(date__gt=self.date) | Q(pk__gt=self.pk) if self.pk else Q(date__gt=self.date)
        return self.get_siblings_news().filter(newer, date__gte=self.date).order_by("date", "pk")

    def get_older_news(self):
        """Return the news item just before this one (by date, then pk) in the same index, or None."""
        return self._older_news().first()

    def get_newer_news(self):
        """Return the news item just after this one (by date, then pk) in the same index, or None."""
        return self._newer_news().first()

    def _sharing(self, city_ids, keys):
        """Return ``(overlap, candidates)`` for ranking related news, or ``(None, None)`` when this page shares nothing.

        ``overlap`` is an expression of the points a news page shares with this one: one per shared city (of
        ``city_ids``), per shared country (of ``keys``) and for the same category when it is live, each an
        indexed ``EXISTS`` on the page's own rows. ``candidates`` is a Q of the pages with at least one point
        (indexed ``EXISTS`` too: only the news nearest in date are asked, ``_nearest_in_date``).
        """
        points, candidates = [], Q()
        for city_id in sorted(set(city_ids)):
            shares = Exists(NewsPageRelatedCity.objects.filter(page=OuterRef("pk"), city_id=city_id))
            points.append(Case(When(shares, then=1), default=0))
        if city_ids:
            candidates |= Q(Exists(NewsPageRelatedCity.objects.filter(page=OuterRef("pk"), city_id__in=city_ids)))
        for key in keys:
            shares = Exists(NewsPageRelatedCountry.objects.filter(page=OuterRef("pk"), country=key))
            points.append(Case(When(shares, then=1), default=0))
        if keys:
            candidates |= Q(Exists(NewsPageRelatedCountry.objects.filter(page=OuterRef("pk"), country__in=keys)))
        if self.category_id is not None:
            same = Q(category_id=self.category_id) & Exists(NewsCategory.objects.filter(pk=self.category_id, live=True))
            points.append(Case(When(same, then=1), default=0))
            candidates |= same
        if not points:
            return None, None
        overlap = points[0]
        for point in points[1:]:
            overlap = overlap + point
        return ExpressionWrapper(overlap, output_field=IntegerField()), candidates

    def _nearest_in_date(self):
        """Return a Q of the news dated between the ``RELATED_NEWS_WINDOW``-th news of this locale before this one's
        date and the as many-th after it (all of them on a side with fewer).

        The two bounds are scalar subqueries (walks of the date index from this page's date), so the database reads
        the rows of that date range only.
        """
        same = NewsPage.objects.filter(locale_id=self.locale_id)
        nth = slice(RELATED_NEWS_WINDOW - 1, RELATED_NEWS_WINDOW)
        first = same.filter(date__lte=self.date).order_by("-date").values("date")[nth]
        last = same.filter(date__gte=self.date).order_by("date").values("date")[nth]
        return Q(
            date__gte=Coalesce(Subquery(first), Value(datetime.date.min)),
            date__lte=Coalesce(Subquery(last), Value(datetime.date.max)),
        )

    def _related_news(self, overlap, candidates):
        """Return a queryset of the live, public news of this locale sharing something with this one, best first.

        Only the news nearest in date are ranked (``_nearest_in_date``), so that ranking costs the same at any size.
        """
        return (
            NewsPage.objects.live()
            .public()
            .filter(self._nearest_in_date())
            .filter(candidates, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .annotate(overlap=overlap)
            .order_by("-overlap", "-date", "-pk")
        )

    def get_related_news(self, limit=3, cities=None, keys=None):
        """Return up to ``limit`` live, public NewsPages of this locale that share something with this one.

        Sharing means a related city, a related country or the (live) category; the news sharing the
        most come first (one point per shared city, country or category), then the newest. This
        page itself is never included; an empty list when it shares nothing with any other.
        ``cities`` and ``keys`` are ``get_related_cities()`` and ``get_country_keys()`` when known.
        """
        return self.get_news_around(limit, cities, keys)["related_news"]

    def get_news_around(self, limit=3, cities=None, keys=None):
        """Return ``{"older_news", "newer_news", "related_news"}`` (``get_older_news``, ``get_newer_news``,
        ``get_related_news``) in two queries, the second of which also loads this page's category and hero image.

        The first ranks the related news (their pks, best first); the second reads this page, its older and
        newer neighbours (two index lookups in subqueries) and those related news. The neighbours are told
        apart by their place: the older one is the latest of this index's news before this page among the
        rows read (any related news of the index before this page comes no later than it), the newer one the
        earliest after it. ``cities`` and ``keys`` as in ``get_related_news``.
        """
        cities = self.get_related_cities() if cities is None else cities
        keys = sorted(set(self.get_country_keys() if keys is None else keys))
        overlap, candidates = self._sharing([city.pk for city in cities], keys)
        related = []
        if overlap is not None:
            related = list(self._related_news(overlap, candidates).values_list("pk", flat=True)[:limit])
        # Scalar subqueries (not IN): the database looks each neighbour up once, then reads the rows by key.
        older, newer = self._older_news().values("pk")[:1], self._newer_news().values("pk")[:1]
        wanted = Q(pk=Subquery(older)) | Q(pk=Subquery(newer))
        wanted |= Q(pk__in=[*related, *([self.pk] if self.pk else [])])
        rows = {row.pk: row for row in NewsPage.objects.filter(wanted).select_related("category", "hero_image")}
        if self.pk in rows:
            self._load_relations_from(rows.pop(self.pk))
        siblings = [row for row in rows.values() if row.path[: -row.steplen] == self.path[: -self.steplen]]
        here = (self.date, self.pk if self.pk else float("inf"))
        older = [row for row in siblings if (row.date, row.pk) < here]
        newer = [row for row in siblings if (row.date, row.pk) > here]
        return {
            "older_news": max(older, key=lambda row: (row.date, row.pk), default=None),
            "newer_news": min(newer, key=lambda row: (row.date, row.pk), default=None),
            "related_news": [rows[pk] for pk in related if pk in rows],
        }

    def _load_relations_from(self, row):
        """Keep ``row``'s category and hero image (this page read again) as this page's, when they are the same ids."""
        if row.category_id == self.category_id and not NewsPage.category.is_cached(self):
            NewsPage.category.field.set_cached_value(self, row.category)
        if row.hero_image_id == self.hero_image_id and not NewsPage.hero_image.is_cached(self):
            NewsPage.hero_image.field.set_cached_value(self, row.hero_image)

    search_result_date_label = _("Published")

    def get_search_result_date(self):
        """Return ``(label, date)`` for this page's search result: the news date (a date)."""
        return self.search_result_date_label, self.date

    def get_structured_data(self, request=None, cities=None, keys=None):
        """Return this news item as a schema.org ``NewsArticle`` (a dict for the ``json_ld`` template filter).

        Texts are the page's own, in its language (``inLanguage`` is its BCP 47 tag: ``en``,
        ``zh-Hans``), as are the publisher's name and the country names; URLs are absolute, on the
        host of ``request`` when given. ``image`` (a JPEG rendition of the hero image),
        ``articleSection`` (the live category) and ``about`` (related cities and countries as
        places) are left out when the page has none.
        """
        url = absolute_page_url(self, request)
        language = self.locale.language_code
        with translation.override(language):
            publisher = gettext("IUC Asia")
            keys = self.get_country_keys() if keys is None else keys
            countries = [str(Country(key).label) for key in keys]
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.intro,
            "datePublished": self.date,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "inLanguage": self.language_tag,
            "publisher": {"@type": "Organization", "name": publisher},
        }
        if self.last_published_at is not None:
            data["dateModified"] = self.last_published_at
        rendition = None
        if self.hero_image is not None:
            with contextlib.suppress(SourceImageIOError):  # its file is missing, or the media storage is unreachable
                rendition = self.hero_image.get_rendition(HERO_RENDITION)
        if rendition is not None:
            data["image"] = request.build_absolute_uri(rendition.url) if request is not None else rendition.full_url
        if self.category is not None and self.category.live:
            data["articleSection"] = self.category.name
        cities = self.get_related_cities() if cities is None else cities
        places = [{"@type": "City", "name": city.name} for city in cities]
        places += [{"@type": "Country", "name": name} for name in countries]
        if places:
            data["about"] = places
        return data

    def get_context(self, request, *args, **kwargs):
        """Add ``news_index``, ``related_cities``, ``country_pages``, ``older_news``, ``newer_news``,
        ``related_news`` and ``structured_data``: six queries, whatever the number of news (``get_news_around``: two).
        """
        context = super().get_context(request, *args, **kwargs)
        cities = self.get_related_cities()
        keys = self.get_country_keys()
        context["news_index"] = self.get_news_index(request)
        context["related_cities"] = cities
        context["country_pages"] = self.get_country_pages(keys, request)
        context.update(self.get_news_around(cities=cities, keys=keys))
        context["structured_data"] = self.get_structured_data(request, cities=cities, keys=keys)
        return context


#: The hero image rendition named in a news page's JSON-LD: the largest JPEG of the page's ``<picture>``.
HERO_RENDITION = "format-jpeg|width-1200"


def news_index_at(request, path):
    """Return the NewsIndexPage at the tree ``path`` (a news page's parent), or None; read once per ``request``."""
    return request_memo(
        request,
        ("news_index", path),
        lambda: NewsIndexPage.objects.filter(path=path).first(),
        per_language=False,
    )


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

    class Meta(Orderable.Meta):
        # The news about a country (the archive's filter, related news): read by country, not every row.
        indexes = [models.Index(fields=["country", "page"], name="news_related_country_idx")]
