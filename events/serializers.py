"""How the API (``/api/v2/``) represents an event's times."""

from rest_framework import serializers


class VenueTimeField(serializers.Field):
    """An event's ``start`` or ``end`` in ISO 8601 with the offset of the event's time zone (the venue's)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return value.astimezone(instance.tzinfo) if value is not None else None

    def to_representation(self, value):
        return value.isoformat()
