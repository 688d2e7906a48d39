"""Events: an index with upcoming and past events, and event pages with time-zone-aware dates."""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from components.models import Country
from events.forms import EventPageForm
from portal import api
from portal.blocks import BodyStreamBlock
from portal.models import BasePage


def validate_time_zone(value):
    """Raise ValidationError unless ``value`` is an IANA time zone name such as ``Asia/Shanghai``."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value}) from error


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


class EventIndexPage(BasePage):
    """The events listing (``/events/``): upcoming events first, then past events, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    translatable_fields = BasePage.translatable_fields + [TranslatableField("intro")]
    api_fields = BasePage.api_fields + [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index")

    def get_events(self):
        """Return the live EventPages below this index."""
        return EventPage.objects.child_of(self).live().select_related("city")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        events = self.get_events()
        context["upcoming_events"] = events.filter(end__gte=now).order_by("start")
        context["past_events"] = events.filter(end__lt=now).order_by("-start")
        return context


class EventPage(BasePage):
    """An event with a start and end (timezone-aware), shown in the time zone of its venue.

    For an all-day event ``start`` is midnight at the start of the first day and ``end`` is the last
    second of the last day, both in the event's ``time_zone``; ``save()`` normalises them.
    """

    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(_("all day"), default=True, help_text=_("Show dates only, without times."))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("The venue's time zone, e.g. Asia/Shanghai. Start and end are typed in this time zone."),
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
                FieldRowPanel([FieldPanel("all_day"), FieldPanel("time_zone")]),
            ],
            heading=_("When"),
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
        SynchronizedField("time_zone"),
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
        index.SearchField("intro"),
        index.SearchField("venue"),
        index.SearchField("description"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]

    api_fields = BasePage.api_fields + [
        APIField("start", serializer=api.VenueTimeField()),
        APIField("end", serializer=api.VenueTimeField()),
        APIField("all_day"),
        APIField("time_zone"),
        APIField("venue"),
        APIField("city", serializer=api.SnippetField(api.CitySerializer)),
        APIField("country", serializer=api.CountryField()),
        APIField("organiser"),
        APIField("registration_url"),
        APIField("intro"),
        APIField("description"),
        APIField("related_news", serializer=api.LocalizedPageField()),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("event page")

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
    def is_multi_day(self):
        """True when the event covers more than one calendar day in its own time zone."""
        return self.local_start.date() != self.local_end.date()

    def get_country_page(self):
        """Return the live CountryPage for ``country`` in this page's locale, or None."""
        from components.models import CountryPage

        if not self.country:
            return None
        return CountryPage.objects.live().filter(locale_id=self.locale_id, country=self.country).first()

    def occurs_on(self, day):
        """Return True if the event covers the calendar ``day`` (a date) in its own time zone."""
        return self.local_start.date() <= day <= self.local_end.date()

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

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end must not be before the start.")})

    def save(self, *args, **kwargs):
        if self.all_day and self.start and self.end:
            tz = self.tzinfo
            first, last = self.start.astimezone(tz).date(), self.end.astimezone(tz).date()
            self.start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
            self.end = datetime.datetime.combine(last, datetime.time(23, 59, 59), tzinfo=tz)
        super().save(*args, **kwargs)

    @classmethod
    def days_with_events(cls, days, locale):
        """Return ``[(date, [EventPage, ...]), ...]`` for each date in ``days``, live events in ``locale`` only.

        Events are matched in their own time zone, so an event that crosses midnight there appears
        on both days. ``days`` is a list of consecutive dates.
        """
        if not days:
            return []
        window_start = datetime.datetime.combine(days[0], datetime.time.min, tzinfo=datetime.UTC)
        window_end = datetime.datetime.combine(days[-1], datetime.time.max, tzinfo=datetime.UTC)
        # Widen by a day each side: an event's local day can differ from its UTC day.
        candidates = (
            cls.objects.live()
            .filter(
                locale=locale,
                start__lte=window_end + datetime.timedelta(days=1),
                end__gte=window_start - datetime.timedelta(days=1),
            )
            .order_by("start")
        )
        return [(day, [event for event in candidates if event.occurs_on(day)]) for day in days]
