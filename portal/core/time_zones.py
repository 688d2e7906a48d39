"""The time zones editors choose from: every IANA zone of the world's regions, grouped by region, and UTC.

Why this list and not another: docs/decisions/0012-time-zones-from-the-iana-regions.md.
"""

import functools
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: The IANA regions offered, in the order shown, with the label of each group. Names outside them
#: ("PRC", "US/Eastern", "Etc/GMT-8", "posixrules"...) are older aliases or technical zones.
REGIONS = {
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}

UTC = "UTC"


def is_time_zone(value):
    """Return True if ``value`` (a str) names a zone that ``zoneinfo`` can load, such as ``Asia/Shanghai``."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return False
    return True


def validate_time_zone(value):
    """Raise ValidationError unless ``value`` is an IANA time zone name such as ``Asia/Shanghai``."""
    if not is_time_zone(value):
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value}, code="invalid")


@functools.cache
def listed_time_zones():
    """Return the names offered to editors: ``UTC`` and every available zone of ``REGIONS``, sorted (a tuple)."""
    names = {name for name in zoneinfo.available_timezones() if name.split("/", 1)[0] in REGIONS and "/" in name}
    return (UTC, *sorted(names))


def time_zone_choices(blank_label=None, extra=()):
    """Return grouped choices for a select: ``[("", blank_label)?, *extra, ("UTC", "UTC"), (region, [...]), ...]``.

    ``extra`` are names to offer first although they are not listed (a value an existing object
    already has, such as ``PRC``), so that showing the form never changes it.
    """
    choices = [("", blank_label)] if blank_label is not None else []
    choices += [(name, name) for name in extra if name not in listed_time_zones()]
    choices.append((UTC, UTC))
    by_region = {}
    for name in listed_time_zones()[1:]:
        by_region.setdefault(name.split("/", 1)[0], []).append((name, name))
    choices += [(REGIONS[region], by_region[region]) for region in REGIONS if region in by_region]
    return choices


class TimeZoneSelect(forms.Select):
    """A select of ``time_zone_choices``; a valid zone that is not listed is added when it is the current value.

    ``blank_label``: the label of the empty choice (None: no empty choice).
    """

    def __init__(self, attrs=None, blank_label=None):
        self.blank_label = blank_label
        super().__init__(attrs, choices=())

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("maxlength", None)  # added by the model's CharField; a select has no length
        return attrs

    def get_context(self, name, value, attrs):
        extra = [value] if isinstance(value, str) and value and is_time_zone(value) else []
        self.choices = time_zone_choices(self.blank_label, extra)
        return super().get_context(name, value, attrs)
