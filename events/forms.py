"""Admin form for EventPage: start and end are typed and shown in the venue's time zone."""

import zoneinfo

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm


class EventPageForm(WagtailAdminPageForm):
    """Reads ``start`` and ``end`` as wall-clock times in the event's ``time_zone``, not the editor's.

    Django's form fields interpret a typed datetime in the editor's current time zone. An event's
    times are those of its venue, so the form shows stored values in the venue's zone and, on
    submit, re-reads the typed wall-clock time in the chosen ``time_zone``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance and instance.pk and instance.start and instance.end:
            zone = instance.tzinfo
            for name in ("start", "end"):
                # A naive value is displayed as it is: the venue's wall-clock time.
                self.initial[name] = timezone.make_naive(getattr(instance, name), zone)

    def clean(self):
        cleaned_data = super().clean()
        try:
            zone = zoneinfo.ZoneInfo(cleaned_data.get("time_zone") or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return cleaned_data  # the time_zone field reports its own error
        for name in ("start", "end"):
            value = cleaned_data.get(name)
            if value is not None:
                wall_clock = timezone.make_naive(value) if timezone.is_aware(value) else value
                cleaned_data[name] = timezone.make_aware(wall_clock, zone)
        return cleaned_data
