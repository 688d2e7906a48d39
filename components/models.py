"""The programme's two components, the countries they cover, and the cities and city pairings that take part.

Page types, snippets and which of their fields are translated or synchronised: docs/content-model.md.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PublishingPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from components import serializers
from components.blocks import BodyStreamBlock
from components.choices import ComponentNumber, Country, country_time_zone
from portal.api import serializers as api
from portal.core.memo import request_memo
from portal.core.models import BasePage, IndexPage, TranslatableSnippet
from portal.core.time_zones import TimeZoneSelect, validate_time_zone
from portal.edge.language import is_chinese
from portal.maps.render import Place
from portal.search.fields import AnalysedAutocompleteField, AnalysedSearchField

#: Wagtail hook: ``fn(country_page, request)`` returns an HTML section for the country page, or "".
COUNTRY_PAGE_SECTIONS = "country_page_sections"


def coordinate_field(verbose_name, limit, help_text):
    """Return an optional DecimalField of degrees between -``limit`` and ``limit``, to four decimals (about 10 m)."""
    return models.DecimalField(
        verbose_name,
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(-limit), MaxValueValidator(limit)],
        help_text=help_text,
    )


class City(index.Indexed, TranslatableSnippet):
    """A city or region taking part in IUC Asia (a snippet, one copy per locale).

    Like pages, cities have drafts and revisions: a Chinese city made by submitting an English one for
    translation stays a draft, out of public lists, until a translator publishes it.
    """

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("ASCII; the same in every language."))
    country = models.CharField(_("country"), max_length=32, choices=Country.choices)
    member_state = models.CharField(
        _("EU member state"),
        max_length=100,
        blank=True,
        help_text=_("For European cities only, e.g. Germany."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_(
            "Leave empty to use the country’s (or the EU member state’s) time zone. Choose one for a city "
            "where the country has several, such as Denpasar or Makassar in Indonesia (Asia/Makassar)."
        ),
    )
    population = models.PositiveBigIntegerField(
        _("population"), null=True, blank=True, help_text=_("Approximate number of inhabitants.")
    )
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True, help_text=_("In square kilometres.")
    )
    mayor = models.CharField(_("mayor"), max_length=255, blank=True)
    generation = models.PositiveSmallIntegerField(
        _("pilot generation"),
        null=True,
        blank=True,
        help_text=_("The year the city joined IUC's city-to-city cooperation, if it did."),
    )
    latitude = coordinate_field(
        _("latitude"),
        90,
        _("Of the city centre, in decimal degrees (WGS84), north positive, e.g. 29.5630. Places the city on maps."),
    )
    longitude = coordinate_field(
        _("longitude"), 180, _("Of the city centre, in decimal degrees (WGS84), east positive, e.g. 106.5516.")
    )
    profile = models.TextField(_("profile"))
    image = models.ForeignKey(
        "portal_images.CustomImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [
                FieldPanel("country"),
                FieldPanel("member_state"),
                FieldPanel("time_zone", widget=TimeZoneSelect(blank_label=_("The country’s time zone"))),
                FieldPanel("generation"),
            ],
            heading=_("Programme"),
        ),
        MultiFieldPanel([FieldPanel("population"), FieldPanel("area_km2"), FieldPanel("mayor")], heading=_("Facts")),
        MultiFieldPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Location")),
        FieldPanel("profile"),
        FieldPanel("image"),
        PublishingPanel(),
    ]

    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("slug"),
        SynchronizedField("country"),
        TranslatableField("member_state"),
        # A code, not text: the same in every language and not offered to translators to override.
        SynchronizedField("time_zone", overridable=False),
        SynchronizedField("population"),
        SynchronizedField("area_km2"),
        TranslatableField("mayor"),
        SynchronizedField("generation"),
        # Facts of the place, the same in every language: not offered to translators to override.
        SynchronizedField("latitude", overridable=False),
        SynchronizedField("longitude", overridable=False),
        TranslatableField("profile"),
        SynchronizedField("image"),
    ]

    search_fields = [
        AnalysedSearchField("name", boost=3),
        AnalysedSearchField("profile"),
        AnalysedAutocompleteField("name"),
        index.FilterField("locale_id"),
        index.FilterField("live"),
        index.FilterField("country"),
    ]

    class Meta(TranslatableSnippet.Meta):
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_city_slug_per_locale")]

    def __str__(self):
        return self.name

    @classmethod
    def site_search_queryset(cls, locale):
        """Return the cities the site search of ``locale`` looks in: its live ones (``portal.search.results``)."""
        return cls.objects.filter(locale=locale, live=True)

    @classmethod
    def site_search_items(cls, cities, locale):
        """Return ``[(city, profile, URL of its card or "")]`` for site search results in ``locale``."""
        urls = cls.get_country_page_urls(locale.pk)
        return [(city, city.profile, city.get_url(country_page_urls=urls)) for city in cities]

    def get_country_page(self):
        """Return the live CountryPage for this city's country in the city's locale, or None."""
        return CountryPage.objects.live().filter(locale_id=self.locale_id, country=self.country).first()

    @property
    def local_time_zone(self):
        """The IANA name of the city's time zone: its own ``time_zone``, else its country's, else "".

        The country's is ``components.choices.country_time_zone`` (the member state's for an EU city).
        """
        return self.time_zone or country_time_zone(self.country, self.member_state)

    @property
    def anchor(self):
        """The ``id`` of this city's card on the pages listing it (the same in every language)."""
        return f"city-{self.slug}"

    @property
    def place(self):
        """This city as a map ``Place`` (its name in its own language), or None while it has no coordinates."""
        if self.latitude is None or self.longitude is None:
            return None
        return Place(self.name, float(self.longitude), float(self.latitude))

    @staticmethod
    def get_country_page_urls(locale_id, request=None):
        """Return ``{country key: URL}`` of the live, public CountryPages of a locale (by its id)."""
        pages = CountryPage.objects.live().public().filter(locale_id=locale_id)
        return {page.country: page.get_url(request) for page in pages}

    def get_url(self, request=None, country_page_urls=None):
        """Return the URL of this city where it appears: its card on the country page, or None without one.

        The country page is the live, public CountryPage of the city's country in the city's locale;
        the URL is site-relative (``/en/countries/china/#city-chongqing``). To link many cities of one
        locale, pass ``country_page_urls`` (``get_country_page_urls``) to look the pages up once.
        """
        if country_page_urls is None:
            country_page_urls = self.get_country_page_urls(self.locale_id, request)
        url = country_page_urls.get(self.country)
        return f"{url}#{self.anchor}" if url else None


class CityPairing(index.Indexed, TranslatableSnippet):
    """An EU city and a Chinese city cooperating under component I (a snippet, one copy per locale, with drafts)."""

    eu_city = models.ForeignKey(
        City, verbose_name=_("EU city"), on_delete=models.PROTECT, related_name="pairings_as_eu_city"
    )
    cn_city = models.ForeignKey(
        City, verbose_name=_("Chinese city"), on_delete=models.PROTECT, related_name="pairings_as_cn_city"
    )
    generation = models.PositiveSmallIntegerField(_("generation"), help_text=_("The year the pairing started."))
    themes = StreamField(
        [("theme", blocks.CharBlock(label=_("Theme"), max_length=255))],
        verbose_name=_("themes"),
        blank=True,
    )
    summary = models.TextField(_("summary"))
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Tick when the pairing is confirmed by a published programme source."),
    )

    panels = [
        FieldPanel("eu_city"),
        FieldPanel("cn_city"),
        FieldPanel("generation"),
        FieldPanel("themes"),
        FieldPanel("summary"),
        FieldPanel("verified"),
        PublishingPanel(),
    ]

    translatable_fields = [
        TranslatableField("eu_city"),
        TranslatableField("cn_city"),
        SynchronizedField("generation"),
        TranslatableField("themes"),
        TranslatableField("summary"),
        SynchronizedField("verified"),
    ]

    search_fields = [
        AnalysedSearchField("summary"),
        index.RelatedFields("eu_city", [AnalysedSearchField("name")]),
        index.RelatedFields("cn_city", [AnalysedSearchField("name")]),
        AnalysedSearchField("themes"),
        index.FilterField("locale_id"),
        index.FilterField("live"),
    ]

    class Meta(TranslatableSnippet.Meta):
        verbose_name = _("city pairing")
        verbose_name_plural = _("city pairings")
        ordering = ["generation", "cn_city__name"]

    def __str__(self):
        """ "Mannheim – Chongqing"; "曼海姆—重庆" when Chinese is active (Chinese joins two places with a 一字线)."""
        separator = "—" if is_chinese(get_language()) else " – "
        return f"{self.eu_city}{separator}{self.cn_city}"

    @property
    def anchor(self):
        """The ``id`` of this pairing's card on the pages listing it (the same in every language)."""
        return f"pairing-{self.eu_city.slug}-{self.cn_city.slug}"

    @classmethod
    def site_search_queryset(cls, locale):
        """Return the pairings the site search of ``locale`` looks in: its live ones, with both cities."""
        return cls.objects.filter(locale=locale, live=True).select_related("eu_city", "cn_city")

    @classmethod
    def site_search_items(cls, pairings, locale):
        """Return ``[(pairing, summary, URL of its card or "")]`` for site search results in ``locale``."""
        urls = cls.get_component_page_urls(locale.pk)
        return [(pairing, pairing.summary, pairing.get_url(component_page_urls=urls)) for pairing in pairings]

    @staticmethod
    def get_component_page_urls(locale_id, request=None):
        """Return ``{pairing id: URL}`` of the live, public ComponentPage listing each pairing, in a locale (by id).

        A pairing listed on both component pages gets the first in the page tree.
        """
        urls = {}
        pages = ComponentPage.objects.live().public().filter(locale_id=locale_id).order_by("path")
        for page in pages.prefetch_related("related_pairings"):
            url = page.get_url(request)
            for row in page.related_pairings.all():
                urls.setdefault(row.pairing_id, url)
        return urls

    def get_url(self, request=None, component_page_urls=None):
        """Return the URL of this pairing where it appears: its card on the component page listing it, or None.

        That is the live, public ComponentPage (in the pairing's locale) whose related pairings
        include it; the URL is site-relative with the card's anchor (``/en/component-i/#pairing-…``).
        To link many pairings of one locale, pass ``component_page_urls`` (``get_component_page_urls``).
        """
        if component_page_urls is None:
            component_page_urls = self.get_component_page_urls(self.locale_id, request)
        url = component_page_urls.get(self.pk)
        return f"{url}#{self.anchor}" if url else None


class ComponentPage(BasePage):
    """One of the programme's two components, with its countries and city pairings."""

    share_image_kind = "component"

    number = models.CharField(_("number"), max_length=4, choices=ComponentNumber.choices)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences, shown on the home page."))
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("number"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("countries", label=_("Countries covered")),
        InlinePanel("related_pairings", label=_("Related city pairings")),
    ]

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("number"),
        TranslatableField("summary"),
        TranslatableField("body"),
        SynchronizedField("countries"),
        TranslatableField("related_pairings"),
    ]

    search_fields = BasePage.search_fields + [AnalysedSearchField("summary"), AnalysedSearchField("body")]

    api_fields = BasePage.api_fields + [
        APIField("number"),
        APIField("summary"),
        APIField("body"),
        APIField("countries", serializer=serializers.CountryRowsField()),
        APIField(
            "related_pairings",
            serializer=api.SnippetRowsField(
                "pairing", serializers.CityPairingSerializer, select_related=("pairing__eu_city", "pairing__cn_city")
            ),
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    # Its one- or two-sentence summary describes it to search engines (BasePage.get_meta_description).
    description_fields = ("summary",)

    class Meta:
        verbose_name = _("programme component")
        verbose_name_plural = _("programme components")

    def get_related_pairings(self):
        """Return the live CityPairings listed on this page (in this page's locale), in editor order."""
        rows = self.related_pairings.filter(pairing__live=True).select_related("pairing__eu_city", "pairing__cn_city")
        return [row.pairing for row in rows]

    def get_pairings_in_body(self):
        """Return the ids of the CityPairings the body's pairing lists show (deleted ones left out)."""
        return {
            pairing.pk
            for block in self.body
            if block.block_type == "pairing_list"
            for pairing in block.value["pairings"]
            if pairing is not None
        }

    def get_country_pages(self, request=None):
        """Return the live CountryPages this component covers, in this page's locale and declared order.

        The country pages of the locale are read once per ``request`` (``country_pages``).
        """
        pages = country_pages(self.locale_id, request)
        keys = [row.country for row in self.countries.all()]
        return [pages[key] for key in keys if key in pages]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["country_pages"] = self.get_country_pages(request)
        # Each pairing is shown once: those the body already lists are not repeated under "Related city pairings".
        in_body = self.get_pairings_in_body()
        context["related_pairings"] = [pairing for pairing in self.get_related_pairings() if pairing.pk not in in_body]
        context["map_pairings"] = self.get_pairings_shown(context["related_pairings"])
        return context

    def get_pairings_shown(self, related_pairings):
        """Return the live CityPairings this page shows, the body's first, then ``related_pairings``: the pairings
        its map draws. The body's pairings come with their cities (``CityPairingChooserBlock``), so no query."""
        in_body = [
            pairing
            for block in self.body
            if block.block_type == "pairing_list"
            for pairing in block.value["pairings"]
            if pairing is not None and pairing.live
        ]
        shown = {}
        for pairing in in_body + list(related_pairings):
            shown.setdefault(pairing.pk, pairing)
        return list(shown.values())


class ComponentCountry(Orderable):
    """A country covered by a component."""

    page = ParentalKey(ComponentPage, on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(_("country"), max_length=32, choices=Country.choices)

    panels = [FieldPanel("country")]


class ComponentPairing(TranslatableMixin, Orderable):
    """A city pairing shown on a component page."""

    page = ParentalKey(ComponentPage, on_delete=models.CASCADE, related_name="related_pairings")
    pairing = models.ForeignKey(CityPairing, verbose_name=_("city pairing"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("pairing")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        pass


class CountryIndexPage(IndexPage):
    """The list of countries and territories covered (``/countries/``)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["components.CountryPage"]

    class Meta:
        verbose_name = _("country index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        components = list(ComponentPage.objects.live().filter(locale_id=self.locale_id).order_by("number"))
        context["countries"] = [
            (country, [component for component in components if country.is_covered_by(component)])
            for country in self.get_children().live().specific()
        ]
        return context


class CountryPage(BasePage):
    """A country or territory covered by the programme, with its components and cities."""

    share_image_kind = "country"

    country = models.CharField(
        _("country"),
        max_length=32,
        choices=Country.choices,
        help_text=_("Decides which cities and news are listed on this page."),
    )
    covered_by_component_i = models.BooleanField(_("covered by component I"), default=False)
    covered_by_component_ii = models.BooleanField(_("covered by component II"), default=False)
    intro = models.TextField(_("introduction"))
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("country"),
        MultiFieldPanel(
            [FieldPanel("covered_by_component_i"), FieldPanel("covered_by_component_ii")],
            heading=_("Programme components"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("country"),
        SynchronizedField("covered_by_component_i"),
        SynchronizedField("covered_by_component_ii"),
        TranslatableField("intro"),
        TranslatableField("body"),
    ]

    search_fields = BasePage.search_fields + [AnalysedSearchField("intro"), AnalysedSearchField("body")]

    api_fields = BasePage.api_fields + [
        APIField("country", serializer=serializers.CountryField()),
        APIField("covered_by_component_i"),
        APIField("covered_by_component_ii"),
        APIField("intro"),
        APIField("body"),
        APIField("cities", serializer=api.SnippetListField(serializers.CitySerializer, source="get_cities")),
    ]

    parent_page_types = ["components.CountryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("country page")

    def is_covered_by(self, component):
        """Return True if ``component`` (a ComponentPage) covers this country."""
        return {"I": self.covered_by_component_i, "II": self.covered_by_component_ii}.get(component.number, False)

    def get_components(self):
        """Return the live ComponentPages covering this country, in this page's locale."""
        numbers = [n for n, on in (("I", self.covered_by_component_i), ("II", self.covered_by_component_ii)) if on]
        return ComponentPage.objects.live().filter(locale_id=self.locale_id, number__in=numbers).order_by("number")

    def get_cities(self):
        """Return this country's cities in this page's locale, in the same (slug) order in every language."""
        return (
            City.objects.filter(locale_id=self.locale_id, country=self.country, live=True)
            .select_related("image")
            .order_by("slug")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cities"] = list(self.get_cities())  # the list and the map
        context["components"] = self.get_components()
        # Apps above this one (news) add sections without this app knowing them.
        sections = (section(self, request) for section in hooks.get_hooks(COUNTRY_PAGE_SECTIONS))
        context["sections"] = [html for html in sections if html]
        return context


def country_pages(locale_id, request=None):
    """Return ``{country key: live CountryPage}`` of the locale ``locale_id`` (its id), read once per ``request``.

    Shared by the component pages, the city links (``components_tags.country_page_of``) and the news pages.
    """
    return request_memo(
        request,
        ("country_pages", locale_id),
        lambda: {page.country: page for page in CountryPage.objects.live().filter(locale_id=locale_id)},
        per_language=False,
    )
