"""The landing page (one per locale) and standard content pages such as "About IUC Asia"."""

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail_localize.fields import SynchronizedField, TranslatableField

from components.blocks import BodyStreamBlock
from components.models import ComponentPage
from events import calendar
from events.models import EventIndexPage
from news.models import NewsIndexPage, NewsPage
from portal.core.models import BasePage
from portal.images.prefetch import with_renditions
from portal.search.fields import AnalysedSearchField


class HomePage(BasePage):
    """The landing page: introduction, key figure, the two components, latest news, this week's events."""

    share_image_kind = "home"

    #: Seconds the page cache keeps this page at most: what it shows changes with the date (upcoming, today).
    page_cache_timeout = 300

    intro = models.TextField(_("introduction"))
    key_figure_value = models.CharField(_("key figure"), max_length=20, help_text=_('For example "54%".'))
    key_figure_label = models.TextField(_("key figure explanation"))

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("key_figure_value"), FieldPanel("key_figure_label")], heading=_("Key figure")),
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("intro"),
        SynchronizedField("key_figure_value"),
        TranslatableField("key_figure_label"),
    ]

    search_fields = BasePage.search_fields + [AnalysedSearchField("intro")]

    api_fields = BasePage.api_fields + [APIField("intro"), APIField("key_figure_value"), APIField("key_figure_label")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "components.ComponentPage",
        "components.CountryIndexPage",
        "news.NewsIndexPage",
        "events.EventIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_components(self):
        """Return the live ComponentPages under this home page, ordered by component number."""
        return ComponentPage.objects.child_of(self).live().order_by("number")

    def get_section_indexes(self):
        """Return ``(news index, events index)``: the first live NewsIndexPage and EventIndexPage below this page.

        Either is None when there is none. One query; the pages are specific with their own fields deferred
        (``specific_deferred``: reading ``intro`` would cost a query).
        """
        first = {}
        for child in self.get_children().live().type(NewsIndexPage, EventIndexPage).order_by("path"):
            first.setdefault(child.specific_class, child.specific_deferred)
        return first.get(NewsIndexPage), first.get(EventIndexPage)

    def get_latest_news(self, limit=3):
        """Return the ``limit`` most recent live, public NewsPages in this page's locale."""
        return (
            NewsPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .select_related("category")
            .prefetch_related(with_renditions("hero_image"))
            .order_by("-date", "-pk")[:limit]
        )

    def get_calendar(self, request, event_index):
        """Return the landing page's calendar (``EventIndexPage.get_calendar``) and its route suffix.

        By default the week of the next event (this week while one is on), else of the most recent one, with a
        ``heading`` and a ``note`` saying which; the original site's query form picks another view and date
        (``?date=2018-7-9&t=week``, ``?date=2019-9&t=list``, ``?date=2019-3-15&t=full``), with links
        that keep to that form. Returns ``(calendar dict, suffix)``, the suffix being the normalised
        query string ("" by default). Raises ``BadQuery`` (a 400) for a malformed query.
        """
        query = calendar.parse_calendar_query(request.GET, timezone.localdate())

        def url_for(name, date):  # the original site's query form
            return calendar.query_string(date, name)

        if query is not None:
            view_calendar = event_index.get_calendar(query.view, query.day, url_for=url_for)
            return view_calendar, calendar.query_string(query.day, query.view)
        today, now = timezone.localdate(), timezone.now()
        focus = event_index.get_calendar_focus(now)
        if focus is None:
            day = today
        elif focus.end < now:  # nothing to come: the last event
            day = focus.last_day
        else:
            day = max(today, focus.first_day)
        view_calendar = event_index.get_calendar(calendar.WEEK, day, url_for=url_for)
        week_of = {"date": date_format(view_calendar["period"].first, "DATE_FORMAT")}
        view_calendar["note"] = ""
        if view_calendar["period"].contains(today):
            view_calendar["heading"] = _("This week's events")
        elif day > today:
            view_calendar["heading"] = _("Coming up: the week of %(date)s") % week_of
        else:
            view_calendar["heading"] = _("The most recent events: the week of %(date)s") % week_of
            view_calendar["note"] = _("No events are planned; this is the most recent week with events.")
        return view_calendar, ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        components = self.get_components().prefetch_related("countries")
        context["components"] = [(component, component.get_country_pages(request)) for component in components]
        context["latest_news"] = self.get_latest_news()
        context["news_index"], context["event_index"] = self.get_section_indexes()
        event_index = context["event_index"]
        if event_index is not None:
            context["calendar"], context["route_suffix"] = self.get_calendar(request, event_index)
        return context


class StandardPage(BasePage):
    """A plain content page: "About IUC Asia", the cities overviews and similar."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    translatable_fields = BasePage.translatable_fields + [TranslatableField("intro"), TranslatableField("body")]

    search_fields = BasePage.search_fields + [AnalysedSearchField("intro"), AnalysedSearchField("body")]

    api_fields = BasePage.api_fields + [APIField("intro"), APIField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = self.get_children().live().specific()
        return context
