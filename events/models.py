"""Events: a routable index (calendar views, iCalendar files) and event pages with time-zone-aware dates.

URLs and views: docs/public-site.md, "Events"; fields: docs/content-model.md.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, Window
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.search import index

from components.blocks import BodyStreamBlock
from components.choices import Country, country_time_zone
from components.models import country_pages
from components.serializers import CitySerializer, CountryField
from events import calendar, ical
from events.forms import EventPageForm
from events.serializers import VenueTimeField
from portal.api import serializers as api
from portal.caching import tokens
from portal.core.links import absolute_page_url
from portal.core.models import BasePage, IndexPage
from portal.core.time_zones import TimeZoneSelect, is_time_zone, validate_time_zone
from portal.search.fields import AnalysedSearchField
from portal.translations.overrides.fields import SynchronizedField, TranslatableField


def site_time_zone():
    """The default time zone of an event made in code: the site's ``TIME_ZONE``."""
    return settings.TIME_ZONE


def time_zone_abbreviation(moment):
    """Return the abbreviation of the time zone of ``moment`` (an aware datetime) at that moment, for display.

    Zones with an abbreviation in the IANA database keep it ("CST" for Asia/Shanghai, "CEST" for
    Europe/Berlin in summer). Zones without one, which zoneinfo names by their offset ("+08" for
    Asia/Kuala_Lumpur, "+0530" for Asia/Colombo), are shown as the offset from UTC: "UTC+8",
    "UTC+5:30", "UTC-3"; a zero offset is "UTC".
    """
    name = moment.tzname() or ""
    if name and name[0] not in "+-":
        return name
    minutes = round(moment.utcoffset().total_seconds() / 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


#: The empty choice of an event's time zone: ``EventPage.derive_time_zone`` decides when the form is saved.
AUTOMATIC_TIME_ZONE = _("Automatic: the city’s time zone, else the country’s")

#: The slug an event may not have: ``calendar.ics`` is the URL of the whole calendar of its index.
RESERVED_EVENT_SLUG = "calendar"

#: ISO 3166-1 codes of the programme's countries (``components.models.Country``); the EU is not one country.
COUNTRY_CODES = {
    Country.CHINA: "CN",
    Country.HONG_KONG: "HK",
    Country.INDONESIA: "ID",
    Country.MALAYSIA: "MY",
    Country.SINGAPORE: "SG",
    Country.REPUBLIC_OF_KOREA: "KR",
    Country.VIETNAM: "VN",
}


class CountedPaginator(Paginator):
    """A Paginator whose page is read with the count in the same query (``COUNT(*) OVER ()`` on its rows).

    Same pages, counts and errors as Django's ``Paginator``, but that a page past the last one cannot tell how many
    objects there are: it raises ``EmptyPage`` without the count (without a query for a page no database could
    skip to). ``object_list`` is a QuerySet.
    """

    def page(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        if bottom + self.per_page + self.orphans > models.BigIntegerField.MAX_BIGINT:  # no database skips that far
            raise EmptyPage(self.error_messages["no_results"])
        counted = self.object_list.annotate(paginator_count=Window(Count("pk")))
        rows = list(counted[bottom : bottom + self.per_page + self.orphans])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        self.count = rows[0].paginator_count if rows else 0
        number = self.validate_number(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows[: top - bottom], number, self)


class EventIndexPage(RoutablePageMixin, IndexPage):
    """The events calendar (``/events/``), a routable page whose views are all in this page's locale.

    Routes (``reverse_subpage`` names in brackets): the upcoming events, newest last, and the most
    recent past ones (``upcoming``, the index); the events of a year (``year``, ``2018/``); of a month
    as a list (``month``, ``2019/09/``) and as a grid (``month_grid``, ``calendar/2019/03/``); a week,
    Monday to Sunday (``week``, ``week/2018-07-09/``). The original site's query form
    ``?date=2018-7-9&t=week|list|full`` on the index redirects to the matching route (a 400 when
    malformed). Only live, public events are shown. ``calendar.ics`` is the iCalendar file of
    those events (a calendar to subscribe to) and ``<slug>.ics`` that of one of them (``events.ical``).
    """

    #: Seconds the page cache keeps this page at most: what it shows changes with the date (upcoming, today).
    page_cache_timeout = 300

    per_page = 12
    recent_past_count = 5

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]

    def get_cached_paths(self):
        """The paths a frontend cache holds for this page (Wagtail purges them on publish): index, calendar.ics."""
        return ["/", self.reverse_subpage("ical_calendar").rstrip("/")]

    class Meta:
        verbose_name = _("event index")

    # ------------------------------------------------------------------------------------ content

    def get_events(self):
        """Return the live, public EventPages below this index (so in this page's locale), by start."""
        return EventPage.objects.child_of(self).live().public().select_related("city", "locale").order_by("start", "pk")

    def get_upcoming_events(self, now=None):
        """Return the events that have not ended at ``now`` (an aware datetime; default: now), soonest first."""
        return self.get_events().filter(end__gte=now or timezone.now())

    def get_recent_past_events(self, now=None):
        """Return the ``recent_past_count`` events that ended before ``now`` (aware; default: now), latest first."""
        return (
            self.get_events().filter(end__lt=now or timezone.now()).order_by("-start", "-pk")[: self.recent_past_count]
        )

    def get_calendar_focus(self, now=None):
        """Return the event a calendar opening on its own should show: the next one that has not ended at ``now``
        (aware; default: now), else the one that started last; None without events. One query."""
        now = now or timezone.now()
        upcoming_start = models.Case(models.When(end__gte=now, then="start"), default=None)
        return (
            self.get_events()
            .annotate(upcoming_start=upcoming_start)
            .order_by(models.F("upcoming_start").asc(nulls_last=True), "-start", "-pk")
            .first()
        )

    def get_years(self):
        """Return the years (ints, newest first) in which at least one event takes place, in its own time zone.

        Kept until the stored pages of this index are invalidated (``portal.caching.tokens.scoped_value``).
        """
        url_parts = self.get_url_parts()
        if url_parts is None:
            return self.read_years()
        return tokens.scoped_value(url_parts[2], f"events:years:{self.pk}", self.read_years)

    def read_years(self):
        """Return the years (ints, newest first) in which at least one event takes place, read from the database."""
        years, event = set(), EventPage()
        # Rows as tuples, not pages (2,000 events cost 250 ms as model instances); the days as EventPage counts them.
        for event.start, event.end, event.time_zone in self.get_events().values_list("start", "end", "time_zone"):
            years.update(range(event.first_day.year, event.last_day.year + 1))
        return sorted(years, reverse=True)

    def get_events_between(self, first, last):
        """Return the events that take place on any day from ``first`` to ``last`` (dates, inclusive), by start.

        Days are the events' own: an event is matched in its own time zone (``EventPage.occurs_on``).
        """
        candidates = EventPage.overlapping(self.get_events(), first, last)
        return [event for event in candidates if event.first_day <= last and event.last_day >= first]

    def get_days(self, days):
        """Return ``[(date, [EventPage, ...]), ...]`` for ``days`` (consecutive dates): the events of each day."""
        return EventPage.days_with_events(days, locale=self.locale, queryset=self.get_events())

    # ----------------------------------------------------------------------------------- calendar

    def get_view_url(self, view, day):
        """Return the URL (path) of calendar ``view`` (``week``, ``list`` or ``full``) around ``day`` (a date)."""
        return self.url + self.calendar_suffix(view, day)

    def calendar_suffix(self, view, day):
        """Return the route, relative to this page, of calendar ``view`` around ``day`` (see get_view_url)."""
        if view == calendar.WEEK:
            monday = calendar.monday_of(day)
            return self.reverse_subpage(
                "week",
                kwargs={"year": f"{monday.year:04d}", "month": f"{monday.month:02d}", "day": f"{monday.day:02d}"},
            )
        name = "month" if view == calendar.LIST else "month_grid"
        return self.reverse_subpage(name, kwargs={"year": f"{day.year:04d}", "month": f"{day.month:02d}"})

    def get_calendar(self, view, day, url_for):
        """Return what a calendar ``view`` around ``day`` shows, for the calendar templates.

        ``view`` is ``week``, ``list`` or ``full``; ``url_for(view, day)`` gives the link to another
        view, so the same calendar serves the events index (clean URLs) and the home page (the
        original query form). The dict holds ``view``, ``period`` (a ``calendar.Period``),
        ``heading``, ``days`` (week: ``[(date, events)]``), ``weeks`` (full: a list of weeks of
        ``(date, events, in_month)``), ``events`` (list), ``previous_url``/``next_url`` (None at
        the calendar's ends), ``previous_label``/``next_label``, ``today_url`` and ``view_links``.
        """
        today = timezone.localdate()
        if view == calendar.WEEK:
            period = calendar.Period.week(day)
            heading = _("Week of %(date)s") % {"date": date_format(period.first, "DATE_FORMAT")}
            labels = (_("Previous week"), _("Next week"), _("This week"))
        else:
            period = calendar.Period.month(day.year, day.month)
            heading = date_format(period.first, "YEAR_MONTH_FORMAT")
            labels = (_("Previous month"), _("Next month"), _("This month"))
        result = {
            "view": view,
            "period": period,
            "today": today,
            "heading": heading,
            "previous_url": url_for(view, period.previous.first) if period.previous else None,
            "next_url": url_for(view, period.next.first) if period.next else None,
            "previous_label": labels[0],
            "next_label": labels[1],
            "today_label": labels[2],
            "today_url": None if period.contains(today) else url_for(view, today),
            "view_links": [
                {"view": name, "label": label, "url": url_for(name, period.first), "current": name == view}
                for name, label in ((calendar.WEEK, _("Week")), (calendar.LIST, _("List")), (calendar.FULL, _("Month")))
            ],
        }
        if view == calendar.WEEK:
            result["days"] = self.get_days(period.days)
        elif view == calendar.LIST:
            result["events"] = self.get_events_between(period.first, period.last)
        else:
            weeks = calendar.month_weeks(day.year, day.month)
            by_day = dict(self.get_days([d for week in weeks for d in week]))
            result["weeks"] = [[(d, by_day[d], d.month == day.month) for d in week] for week in weeks]
            result["has_events"] = any(
                events for d, events, in_month in (cell for week in result["weeks"] for cell in week) if in_month
            )
        return result

    # -------------------------------------------------------------------------------------- views

    def render_view(self, request, template, suffix, **context):
        """Render ``template`` for this page with ``context``; ``suffix`` is the route for canonical links."""
        return self.render(request, template=template, context_overrides={"route_suffix": suffix, **context})

    @path("", name="upcoming")
    def upcoming(self, request):
        """The index: upcoming events (paginated, 12 a page; ``?page=`` bad or out of range → 404) and recent past ones.

        The original site's query form (``?date=2018-7-9&t=week``) answers a 301 redirect to the
        matching calendar route; a malformed one raises BadQuery (400).
        """
        query = calendar.parse_calendar_query(request.GET, timezone.localdate())
        if query is not None:
            return redirect(self.get_view_url(query.view, query.day), permanent=True)
        paginator = CountedPaginator(self.get_upcoming_events(), self.per_page)
        try:
            upcoming = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404(str(error)) from error
        suffix = f"?page={upcoming.number}" if upcoming.number > 1 else ""
        return self.render_view(
            request,
            "events/event_index_page.html",
            suffix,
            upcoming_events=upcoming,
            past_events=self.get_recent_past_events(),
            years=self.get_years(),
            calendar_links=self.get_calendar_links(current_url=self.url),
        )

    @re_path(r"^(?P<year>\d{4})/$", name="year")
    def year(self, request, year):
        """The events of ``year`` (four digits), grouped by month; 404 outside the calendar's years."""
        year = int(year)
        if not calendar.MIN_YEAR <= year <= calendar.MAX_YEAR:
            raise Http404("year out of range")
        years = self.get_years()
        events = self.get_events_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        older = [candidate for candidate in years if candidate < year]
        newer = [candidate for candidate in years if candidate > year]
        return self.render_view(
            request,
            "events/event_index_year.html",
            self.reverse_subpage("year", kwargs={"year": f"{year:04d}"}),
            year=year,
            heading=_("Events in %(year)s") % {"year": year},
            events=events,
            years=years,
            previous_year=older[0] if older else None,
            next_year=newer[-1] if newer else None,
            calendar_links=self.get_calendar_links(),
        )

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{2})/$", name="month")
    def month(self, request, year, month):
        """The events of a month as a list (the original site's ``t=list``); 404 for a month that does not exist."""
        return self._calendar_view(request, calendar.LIST, self._month_start(year, month))

    @re_path(r"^calendar/(?P<year>\d{4})/(?P<month>\d{2})/$", name="month_grid")
    def month_grid(self, request, year, month):
        """A month as a grid of weeks, Monday first (the original site's ``t=full``); 404 for a bad month."""
        return self._calendar_view(request, calendar.FULL, self._month_start(year, month))

    @re_path(r"^week/(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})/$", name="week")
    def week(self, request, year, month, day):
        """The week, Monday to Sunday, that starts on the date in the URL; any other day redirects (301) to its Monday.

        A date that does not exist or lies outside the calendar's years is a 404.
        """
        try:
            day = datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise Http404(str(error)) from error
        if not calendar.in_range(day):
            raise Http404("date out of range")
        if day.weekday() != 0:
            return redirect(self.get_view_url(calendar.WEEK, day), permanent=True)
        return self._calendar_view(request, calendar.WEEK, day)

    def _month_start(self, year, month):
        try:
            day = datetime.date(int(year), int(month), 1)
        except ValueError as error:
            raise Http404(str(error)) from error
        if not calendar.in_range(day):
            raise Http404("date out of range")
        return day

    def _calendar_view(self, request, view, day):
        cal = self.get_calendar(view, day, self.get_view_url)
        return self.render_view(
            request,
            "events/event_index_calendar.html",
            self.calendar_suffix(view, day),
            calendar=cal,
            heading=cal["heading"],
            calendar_links=self.get_calendar_links(current_url=self.get_view_url(view, day)),
        )

    def get_calendar_links(self, current_url=None):
        """Return the calendar's section navigation: ``[{"label", "url", "current"}]``.

        Links: the upcoming events (the index) and this month's calendar; ``current_url`` (a
        path) marks the one shown. Each calendar view has its own previous/next navigation.
        """
        links = [
            (_("Upcoming events"), self.url),
            (_("Calendar"), self.get_view_url(calendar.FULL, timezone.localdate())),
        ]
        return [{"label": label, "url": url, "current": url == current_url} for label, url in links]

    def _route_url(self, request, name, **kwargs):
        """Return this page's URL (as ``get_url``) followed by the route ``name``, without the trailing slash.

        Routes served as files (``calendar.ics/``) are written with a slash because Wagtail's
        routing adds one; their public URL has none (``portal.urls``, ``wagtail_serve_file``).
        """
        url = self.get_url(request)
        if url is None:
            return None
        return url + self.reverse_subpage(name, kwargs=kwargs).rstrip("/")

    def get_ical_url(self, request=None):
        """Return the URL of this index's iCalendar file (``/en/events/calendar.ics``), or None if not routable.

        Relative to the site when there is one Site (as Wagtail's ``get_url``); ``request`` (optional)
        lets Wagtail reuse what it already knows about the request's Site.
        """
        return self._route_url(request, "ical_calendar")

    def get_ics_url(self, event, request=None):
        """Return the URL of the iCalendar file of ``event`` (an EventPage below this index): ``/en/events/x.ics``."""
        return self._route_url(request, "ical_event", slug=event.slug)

    @path("calendar.ics/", name="ical_calendar")
    def ical_calendar(self, request):
        """Serve ``<index URL>calendar.ics``: the live, public events below this index (this locale) as one VCALENDAR.

        The upcoming events and the most recent past ones, ``events.ical.CALENDAR_SIZE`` at most
        (``events.ical.calendar_events``). Returns a ``text/calendar; charset=utf-8`` HttpResponse built by
        ``events.ical.calendar_response``.
        """
        return ical.calendar_response(self, ical.calendar_events(self.get_events()), request)

    @re_path(r"^(?P<slug>[-\w]+)\.ics/$", name="ical_event")
    def ical_event(self, request, slug):
        """Serve ``<index URL><slug>.ics``: one live, public event below this index, as a file to download.

        Raises Http404 when no such event exists, or it is a draft, unpublished or under a view
        restriction (Wagtail checks restrictions on this index only, not on the event).
        """
        event = get_object_or_404(self.get_events(), slug=slug)
        return ical.event_response(self, event, request)


class EventPage(BasePage):
    """An event with a start and end (timezone-aware), shown in the time zone of its venue.

    For an all-day event ``start`` is midnight at the start of the first day and ``end`` is the last
    second of the last day, both in the event's ``time_zone``; ``save()`` normalises them.
    """

    share_image_kind = "event"

    #: Seconds the page cache keeps this page at most: what it shows changes with the date (upcoming, today).
    page_cache_timeout = 300

    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(_("all day"), default=True, help_text=_("Show dates only, without times."))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=site_time_zone,
        validators=[validate_time_zone],
        help_text=_(
            "The venue’s time zone: start and end are typed in it. “Automatic” takes the city’s time zone, "
            "else the country’s, else the site’s."
        ),
    )
    time_zone_automatic = models.BooleanField(
        _("automatic time zone"),
        null=True,
        default=None,
        editable=False,
        help_text=_("Whether the time zone follows the city and country (“Automatic”) or was chosen."),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    city = models.ForeignKey(
        "components.City", verbose_name=_("city"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    country = models.CharField(_("country"), max_length=32, choices=Country.choices, blank=True)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("One or two sentences shown in lists."))
    description = StreamField(BodyStreamBlock(), verbose_name=_("description"), blank=True)
    related_news = models.ForeignKey(
        "news.NewsPage",
        verbose_name=_("related news"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel(
                    [
                        FieldPanel("all_day"),
                        FieldPanel("time_zone", widget=TimeZoneSelect(blank_label=AUTOMATIC_TIME_ZONE)),
                    ]
                ),
            ],
            heading=_("When"),
            # Wagtail's w-rules controller hides the times while "all day" is ticked (events.forms).
            attrs={"data-controller": "w-rules", "data-action": "change->w-rules#resolve"},
        ),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldRowPanel([FieldPanel("city"), FieldPanel("country")])], heading=_("Where")
        ),
        FieldPanel("organiser"),
        FieldPanel("registration_url"),
        FieldPanel("intro"),
        FieldPanel("description"),
        FieldPanel("related_news"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("start"),
        SynchronizedField("end"),
        SynchronizedField("all_day"),
        # A code, not text: the same in every language and not offered to translators to override.
        SynchronizedField("time_zone", overridable=False),
        SynchronizedField("time_zone_automatic", overridable=False),
        TranslatableField("venue"),
        TranslatableField("city"),
        SynchronizedField("country"),
        TranslatableField("organiser"),
        SynchronizedField("registration_url"),
        TranslatableField("intro"),
        TranslatableField("description"),
        SynchronizedField("related_news"),
    ]

    search_fields = BasePage.search_fields + [
        AnalysedSearchField("intro"),
        AnalysedSearchField("venue"),
        AnalysedSearchField("description"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]

    api_fields = BasePage.api_fields + [
        APIField("start", serializer=VenueTimeField()),
        APIField("end", serializer=VenueTimeField()),
        APIField("all_day"),
        APIField("time_zone"),
        APIField("venue"),
        APIField("city", serializer=api.SnippetField(CitySerializer)),
        APIField("country", serializer=CountryField()),
        APIField("organiser"),
        APIField("registration_url"),
        APIField("intro"),
        APIField("description"),
        APIField("related_news", serializer=api.LocalizedPageField()),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    # The first paragraph (and image) of the description stands in for a body (BasePage.get_meta_description).
    body_field = "description"
    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("event page")

    @staticmethod
    def derive_time_zone(city=None, country=""):
        """Return the time zone of an event in ``city`` (a City or None) and ``country`` (a Country value or "").

        The city's own zone (``City.local_time_zone``), else the country's (``country_time_zone``; none
        for "EU Member States"), else the site's ``TIME_ZONE``.
        """
        return (city.local_time_zone if city is not None else "") or country_time_zone(country) or site_time_zone()

    @property
    def follows_the_city_time_zone(self):
        """True when the time zone is "Automatic": the editor form derives it again from the city and country.

        ``time_zone_automatic`` says so; an event saved before it was recorded (None, also in older
        revisions) is automatic when its stored zone is the one ``derive_time_zone`` gives for its
        city and country, or is no time zone at all.
        """
        if self.time_zone_automatic is not None:
            return self.time_zone_automatic
        if not is_time_zone(self.time_zone):
            return True
        try:
            city = self.city
        except ObjectDoesNotExist:  # an older revision's city, deleted since
            city = None
        return self.time_zone == self.derive_time_zone(city, self.country)

    @property
    def tzinfo(self):
        """The event's ZoneInfo (UTC when the stored name is unknown)."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return datetime.UTC

    @property
    def local_start(self):
        """``start`` as an aware datetime in the event's time zone."""
        return self.start.astimezone(self.tzinfo)

    @property
    def local_end(self):
        """``end`` as an aware datetime in the event's time zone."""
        return self.end.astimezone(self.tzinfo)

    @property
    def first_day(self):
        """The calendar date the event starts on, in its own time zone."""
        return self.local_start.date()

    @property
    def last_day(self):
        """The last calendar date the event covers, in its own time zone.

        An event that ends at midnight exactly (a 22:00 to 00:00 party) ends on the day before.
        """
        end = self.local_end
        if end > self.local_start and end.time() == datetime.time.min:
            return end.date() - datetime.timedelta(days=1)
        return end.date()

    @property
    def is_multi_day(self):
        """True when the event covers more than one calendar day in its own time zone."""
        return self.first_day != self.last_day

    def get_linked_page_ids(self):
        """The pages the description links to or chooses, and the related news item."""
        ids = super().get_linked_page_ids()
        return ids | {self.related_news_id} if self.related_news_id else ids

    def get_country_page(self, request=None):
        """Return the live CountryPage for ``country`` in this page's locale, or None.

        The country pages of the locale are read once per ``request`` (``components.models.country_pages``).
        """
        if not self.country:
            return None
        return country_pages(self.locale_id, request).get(self.country)

    def occurs_on(self, day):
        """Return True if the event covers the calendar ``day`` (a date) in its own time zone."""
        return self.first_day <= day <= self.last_day

    @property
    def dates_only(self):
        """True when the event is shown with dates only: an all-day event, or a timed one lasting 24 hours or more.

        A shorter timed event is shown with its times, and with both dates when it crosses midnight
        in its own time zone (``is_multi_day``).
        """
        return self.all_day or self.end - self.start >= datetime.timedelta(hours=24)

    @property
    def time_zone_abbreviation(self):
        """The abbreviation of the event's time zone at its start, for display: "CST", "CEST", "UTC+8", "UTC+5:30".

        See ``time_zone_abbreviation``; the zone's IANA name (``time_zone``) goes in the ``<abbr title>``.
        """
        return time_zone_abbreviation(self.local_start)

    @property
    def live_city(self):
        """The event's City snippet when it is published, else None (a draft city is not shown to visitors)."""
        city = self.city
        return city if city is not None and city.live else None

    def get_location_text(self):
        """Return the venue and the city's name as one line ("Palais des Congrès, Brussels"); "" when neither is set.

        The city's name is left out when the venue already names it. The separator is the page
        language's comma ("," in English, "，" in Chinese).
        """
        parts = [self.venue.strip()] if self.venue.strip() else []
        city = self.live_city
        if city is not None and city.name and city.name not in self.venue:
            parts.append(city.name)
        with translation.override(self.locale.language_code):
            separator = pgettext("between a venue and its city", ", ")
        return separator.join(parts)

    def get_summary_text(self):
        """Return a plain-text summary of the event: its intro, else its search description, else the
        text of the first paragraph of its description (links and formatting removed); "" if none.
        """
        for text in (self.intro, self.search_description):
            if text.strip():
                return text.strip()
        return self.get_first_paragraph_text()

    def get_ics_url(self, request=None):
        """Return the URL of this event's iCalendar file (``/en/events/<slug>.ics``), a route of its index page.

        Relative to the site when there is one Site (as Wagtail's ``get_url``); None when the page is
        not routable.
        """
        return self.get_parent().specific_deferred.get_ics_url(self, request)

    def get_other_cached_urls(self):
        """The URLs outside this page's own that show only it, for the page cache and the CDN: its ``.ics`` file."""
        return [self.get_ics_url()]

    search_result_date_label = _("Event date")

    def get_search_result_date(self):
        """Return ``(label, date)`` for this page's search result: the day it starts in its own time zone (a date)."""
        return self.search_result_date_label, self.first_day

    def get_structured_data(self, request=None):
        """Return the schema.org ``Event`` describing this page, as a dict for the ``json_ld`` template filter.

        Dates are in the event's own time zone: plain dates (``2017-03-15``, the last day inclusive) for
        an all-day event, ISO 8601 date-times with the zone's offset (``2031-01-07T22:00:00+08:00``)
        for a timed one. The location is a ``Place`` named after the venue, with the city's name and
        the country (ISO 3166 code, or the EU member state of the city) as its address, and the event
        is attended in person (``OfflineEventAttendanceMode``) when it has a city or a country.
        Organiser, registration link (``offers``) and description (``get_summary_text``) are added when
        set. ``url`` is absolute, on the host of ``request`` when given. Text is the page's own language.
        """
        if self.all_day:
            start, end = self.local_start.date().isoformat(), self.local_end.date().isoformat()
        else:
            start, end = self.local_start.isoformat(), self.local_end.isoformat()
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "startDate": start,
            "endDate": end,
            "eventStatus": "https://schema.org/EventScheduled",
            "url": absolute_page_url(self, request),
            "inLanguage": self.language_tag,
        }
        description = self.get_summary_text()
        if description:
            data["description"] = description
        address = {}
        city = self.live_city
        if city is not None:
            address["addressLocality"] = city.name
        country = COUNTRY_CODES.get(self.country) or (city.member_state if city is not None else "")
        if country:
            address["addressCountry"] = country
        if self.venue or address:
            name = self.venue or (city.name if city is not None else self.get_country_display())
            place = {"@type": "Place", "name": name}
            if address:
                place["address"] = {"@type": "PostalAddress", **address}
            data["location"] = place
        if city is not None or self.country:
            # In a known city or country: attended in person. (Nothing says whether an event
            # without either, such as one whose venue is "Online", is online.)
            data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        if self.organiser:
            data["organizer"] = {"@type": "Organization", "name": self.organiser}
        if self.registration_url:
            data["offers"] = {"@type": "Offer", "url": self.registration_url}
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The parent's own fields are not read: its methods and URL need the Page's (``specific_deferred``).
        index = self.get_parent().specific_deferred
        context["country_page"] = self.get_country_page(request)
        context["structured_data"] = self.get_structured_data(request)
        # A page never published (an editor's preview) has no file yet.
        context["ics_url"] = index.get_ics_url(self, request) if self.pk and self.live else None
        context["calendar_url"] = index.get_ical_url(request)
        context["event_index"] = index
        return context

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end must not be before the start.")})
        if self.slug == RESERVED_EVENT_SLUG:
            # ``<slug>.ics`` would be the whole calendar's URL (``EventIndexPage.ical_calendar``).
            raise ValidationError({"slug": _("“calendar” is the address of the events calendar; choose another slug.")})
        if self.slug and self.slug.isdigit() and len(self.slug) == 4:
            # ``/events/2018/`` is the events index's year view, which would hide the page.
            raise ValidationError(
                {"slug": _("A four-digit slug is the address of a year of events; choose another slug.")}
            )

    def save(self, *args, **kwargs):
        if self.all_day and self.start and self.end:
            tz = self.tzinfo
            first, last = self.start.astimezone(tz).date(), self.end.astimezone(tz).date()
            self.start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
            self.end = datetime.datetime.combine(last, datetime.time(23, 59, 59), tzinfo=tz)
        super().save(*args, **kwargs)

    @classmethod
    def overlapping(cls, queryset, first, last):
        """Narrow ``queryset`` (EventPages) to those that may cover a day from ``first`` to ``last`` (dates).

        The database compares UTC instants, so the window is widened by a day each side (an event's
        local day can differ from its UTC day); callers then check ``occurs_on`` in each event's zone.
        """
        window_start = datetime.datetime.combine(first, datetime.time.min, tzinfo=datetime.UTC)
        window_end = datetime.datetime.combine(last, datetime.time.max, tzinfo=datetime.UTC)
        return queryset.filter(
            start__lte=window_end + datetime.timedelta(days=1), end__gte=window_start - datetime.timedelta(days=1)
        ).order_by("start", "pk")

    @classmethod
    def days_with_events(cls, days, locale, queryset=None):
        """Return ``[(date, [EventPage, ...]), ...]`` for each date in ``days``, live events in ``locale`` only.

        Events are matched in their own time zone, so an event that crosses midnight there appears
        on both days. ``days`` is a list of consecutive dates; ``queryset`` (default: every live
        EventPage) narrows the events considered, e.g. to one events index's public pages.
        """
        if not days:
            return []
        events = cls.objects.live() if queryset is None else queryset
        candidates = list(cls.overlapping(events.filter(locale=locale), days[0], days[-1]))
        return [(day, [event for event in candidates if event.occurs_on(day)]) for day in days]
