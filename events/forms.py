"""Admin form for EventPage: dates and times typed in the venue's time zone, dates only for all-day events.

What editors see and why: docs/editors-and-translators.md, "Events".
"""

import datetime
import zoneinfo
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from portal.core.time_zones import is_time_zone, validate_time_zone

#: The last moment of an all-day event's last day (``EventPage.save`` stores the same).
END_OF_DAY = datetime.time(23, 59, 59)


class DateAndTime(NamedTuple):
    """What an editor typed in a date-and-time field: a date, and a time or None."""

    date: datetime.date
    time: datetime.time | None


class DateAndTimeWidget(forms.MultiWidget):
    """A date input and a time input; the time is hidden while the form's "all day" box is ticked.

    Hiding uses Wagtail's ``w-rules`` controller (on the "When" panel): without JavaScript both
    inputs show and the form ignores the time of an all-day event.
    """

    template_name = "events/admin/date_and_time_widget.html"

    def __init__(self, attrs=None):
        super().__init__([AdminDateInput(), AdminTimeInput(attrs={"aria-label": _("time")})], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.datetime):
            return [value.date(), value.time()]
        return [None, None]


class DateAndTimeField(forms.MultiValueField):
    """A required date and an optional time; cleans to a ``DateAndTime`` (the form makes it a datetime)."""

    widget = DateAndTimeWidget

    def __init__(self, **kwargs):
        error_messages = {"incomplete": _("Enter a date.")}
        fields = (forms.DateField(), forms.TimeField(required=False))
        super().__init__(fields, require_all_fields=False, error_messages=error_messages, **kwargs)

    def compress(self, data_list):
        if not data_list or data_list[0] is None:
            return None
        return DateAndTime(data_list[0], data_list[1] if len(data_list) > 1 else None)


class EventPageForm(WagtailAdminPageForm):
    """Reads ``start`` and ``end`` as wall-clock times in the event's ``time_zone``, not the editor's.

    - The time zone is chosen from a list; the empty choice, "Automatic", takes the city's zone,
      else the country's, else the site's (``EventPage.derive_time_zone``), whenever the form is
      saved: a new event starts on it, and an event saved on it opens on it again
      (``EventPage.time_zone_automatic``), so that changing the city changes the zone.
    - ``start`` and ``end`` are a date and a time each, read in that zone. For an all-day event the
      times are ignored (the event covers its days from 00:00 to 23:59:59); otherwise they are required.
    - An existing event shows its stored times in its own zone again.
    """

    start = DateAndTimeField(help_text=_("For an all-day event, the date only: its time is ignored."))
    end = DateAndTimeField(help_text=_("For an all-day event, the last day: its time is ignored."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        for name in ("start", "end"):
            self.fields[name].label = capfirst(model._meta.get_field(name).verbose_name)
        instance = self.instance
        if "time_zone" in self.fields:
            # Empty means "Automatic" (resolved in clean), so the field is never required here.
            self.fields["time_zone"].required = False
            if not instance.pk or instance.follows_the_city_time_zone:
                # A new event, one saved on "Automatic" (or from before that was recorded and whose
                # zone is the derived one), or one whose stored zone is not a known name.
                self.initial["time_zone"] = ""
                if instance.pk and is_time_zone(instance.time_zone):
                    # The times below are shown in the zone "Automatic" took when the event was saved.
                    self.fields["time_zone"].widget.blank_label = gettext(
                        "Automatic (now %(time_zone)s): the city’s time zone, else the country’s"
                    ) % {"time_zone": instance.time_zone}
        if instance.pk and instance.start and instance.end:
            zone = instance.tzinfo
            for name in ("start", "end"):
                local = timezone.make_naive(getattr(instance, name), zone)
                self.initial[name] = [local.date(), None if instance.all_day else local.time()]

    def resolved_time_zone(self):
        """Return the zone the times are read in: the chosen one, else the derived one.

        Raises ValidationError when the chosen name is not a time zone; returns None when the field
        already has an error.
        """
        if "time_zone" not in self.fields:
            return self.instance.time_zone if is_time_zone(self.instance.time_zone) else None
        chosen = self.cleaned_data.get("time_zone")
        if chosen is None:
            return None
        if not chosen:
            chosen = self.instance.derive_time_zone(self.cleaned_data.get("city"), self.cleaned_data.get("country", ""))
        validate_time_zone(chosen)
        return chosen

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("time_zone") is not None and "time_zone" in self.fields:
            # Remembered, so that the next edit opens on "Automatic" again and derives the zone anew.
            self.instance.time_zone_automatic = not cleaned_data["time_zone"]
        try:
            name = self.resolved_time_zone()
        except ValidationError as error:
            self.add_error("time_zone", error)
            name = None
        if name is None:
            # The time zone has an error and nothing is saved: the times are still checked (read in
            # UTC), so that every error shows at once.
            zone = datetime.UTC
        else:
            cleaned_data["time_zone"] = name
            zone = zoneinfo.ZoneInfo(name)
        all_day = cleaned_data.get("all_day", False)
        for field, all_day_time in (("start", datetime.time.min), ("end", END_OF_DAY)):
            typed = cleaned_data.get(field)
            if typed is None:
                continue
            if all_day:
                moment = datetime.datetime.combine(typed.date, all_day_time)
            elif typed.time is None:
                self.add_error(field, _("Enter a time, or tick “all day”."))
                continue
            else:
                moment = datetime.datetime.combine(typed.date, typed.time)
            cleaned_data[field] = timezone.make_aware(moment, zone)
        return cleaned_data
