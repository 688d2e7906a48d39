"""iCalendar (RFC 5545) files of the events, one index (so one language) at a time, built with ``icalendar``.

What the files hold (UIDs, time zones, all-day dates) and their URLs: docs/public-site.md, "Events".
"""

import datetime
import uuid

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration

from portal.core.links import absolute_page_url

CONTENT_TYPE = "text/calendar; charset=utf-8"

#: The product identifier of the software that made the files (RFC 5545, 3.7.3).
PRODID = "-//IUC Asia//Events portal//EN"

#: How often a subscribed calendar application should fetch the calendar again (RFC 7986 REFRESH-INTERVAL).
REFRESH_INTERVAL = datetime.timedelta(hours=12)

ONE_DAY = datetime.timedelta(days=1)

#: The most events ``calendar.ics`` holds: the upcoming ones, then the most recent past ones (``calendar_events``).
CALENDAR_SIZE = 200


def stable_uid(page):
    """Return the iCalendar UID of ``page`` (an EventPage or EventIndexPage), a UUID string.

    It is the name-based UUID (version 5) of the page's language code in the namespace of its
    ``translation_key``: the same for every request, edit and publication of the page, and
    different for each language of it.
    """
    return str(uuid.uuid5(page.translation_key, page.locale.language_code))


def _published_at(page):
    """Return when ``page`` was last published (aware, UTC), or now when Wagtail has no date for it."""
    return page.last_published_at or page.first_published_at or timezone.now()


def _with_language(component, language, *names):
    """Mark the text properties ``names`` of ``component`` with the LANGUAGE parameter (a BCP 47 tag)."""
    for name in names:
        if name in component:
            component[name].params["LANGUAGE"] = language


def event_description(event):
    """Return the DESCRIPTION of ``event`` (an EventPage) in its language: its summary, organiser and registration link.

    The summary is ``EventPage.get_summary_text`` (the intro, else the first paragraph of the
    description). Paragraphs are separated by a blank line; returns "" when the page has none of them.
    """
    with translation.override(event.locale.language_code):
        summary = event.get_summary_text()
        parts = [summary] if summary else []
        if event.organiser:
            parts.append(_("Organiser: %(organiser)s") % {"organiser": event.organiser})
        if event.registration_url:
            parts.append(_("Registration: %(url)s") % {"url": event.registration_url})
    return "\n\n".join(parts)


def event_component(event, request):
    """Return the VEVENT (an ``icalendar.Event``) of ``event``, a live EventPage, for the HttpRequest ``request``.

    SUMMARY is the title, DESCRIPTION the summary, organiser and registration link, LOCATION the
    venue and city, URL the page's absolute URL (on the host of ``request``). DTSTAMP
    and LAST-MODIFIED are the page's last publication. Timed events have DTSTART/DTEND in the
    event's time zone (``TZID``); all-day events have DATE values, DTEND the day after the last day.
    """
    if event.all_day:
        start, end = event.local_start.date(), event.local_end.date() + ONE_DAY
    else:
        start, end = event.local_start, event.local_end
    published = _published_at(event)
    component = Event.new(
        uid=stable_uid(event),
        stamp=published,
        last_modified=published,
        summary=event.title,
        description=event_description(event) or None,
        location=event.get_location_text() or None,
        url=absolute_page_url(event, request),
        start=start,
        end=end,
    )
    _with_language(component, event.language_tag, "SUMMARY", "DESCRIPTION", "LOCATION")
    return component


def build_calendar(index, events, request, subscription=True):
    """Return the VCALENDAR (an ``icalendar.Calendar``) of ``events`` (EventPages of ``index``, an EventIndexPage).

    ``request`` is the HttpRequest answered: URLs are absolute, on the host it was sent to.
    The calendar carries PRODID, VERSION 2.0, CALSCALE GREGORIAN, METHOD PUBLISH, the index's title
    as its name (NAME and X-WR-CALNAME) and intro as its description, a stable UID and the index's
    URL. With ``subscription`` (the whole calendar) it also suggests a refresh interval
    (REFRESH-INTERVAL and X-PUBLISHED-TTL) and names its own URL (SOURCE). A VTIMEZONE is added for
    each time zone a timed event uses, covering every event.
    """
    calendar = Calendar.new(
        prodid=PRODID,
        version="2.0",
        calscale="GREGORIAN",
        method="PUBLISH",
        name=index.title,
        description=index.intro or None,
        uid=stable_uid(index),
        url=absolute_page_url(index, request),
        refresh_interval=REFRESH_INTERVAL if subscription else None,
        source=request.build_absolute_uri(index.get_ical_url(request)) if subscription else None,
    )
    if subscription:
        calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986, 5.7
        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))  # the same, for Outlook
    # LANGUAGE on the RFC 7986 properties only: older clients read the X-WR-* ones as plain text.
    _with_language(calendar, index.language_tag, "NAME", "DESCRIPTION")
    events = list(events)
    for event in events:
        calendar.add_component(event_component(event, request))
    if events:
        first = min(event.local_start.date() for event in events) - ONE_DAY
        last = max(event.local_end.date() for event in events) + ONE_DAY * 2
        calendar.add_missing_timezones(
            first_date=min(first, Timezone.DEFAULT_FIRST_DATE), last_date=max(last, Timezone.DEFAULT_LAST_DATE)
        )
    return calendar


def calendar_events(events, now=None, size=None):
    """Return the events ``calendar.ics`` holds, in start order: at most ``size`` (default ``CALENDAR_SIZE``).

    ``events`` is a queryset of EventPages (an index's live, public events). Every event that has not
    ended at ``now`` (aware; default: now) comes first, the soonest first if there are more than ``size``;
    the rest of the room goes to the most recently started past events. Two queries, each of ``size`` rows
    at most, whatever the number of events. (A fixed period such as the last twelve months would empty the
    calendar of a programme whose events are all in the past.)
    """
    now = now or timezone.now()
    size = CALENDAR_SIZE if size is None else size
    upcoming = list(events.filter(end__gte=now).order_by("start", "pk")[:size])
    past = (
        list(events.filter(end__lt=now).order_by("-start", "-pk")[: size - len(upcoming)])
        if size > len(upcoming)
        else []
    )
    return sorted(past + upcoming, key=lambda event: (event.start, event.pk))


def calendar_response(index, events, request):
    """Return the HttpResponse of ``calendar.ics``: ``events`` (public EventPages of ``index``) as one calendar.

    Events keep the order given. The body is UTF-8 (``text/calendar; charset=utf-8``).
    """
    calendar = build_calendar(index, events, request, subscription=True)
    return HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)


def event_response(index, event, request):
    """Return the HttpResponse of ``<slug>.ics``: ``event`` (a public EventPage of ``index``) as a file download.

    ``Content-Disposition: attachment; filename="<slug>.ics"``; the body is UTF-8 (``text/calendar``).
    """
    calendar = build_calendar(index, [event], request, subscription=False)
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{event.slug}.ics")
    return response
