"""How the API (``/api/v2/``) represents news categories."""

from rest_framework import serializers


class NewsCategorySerializer(serializers.Serializer):
    """A news category: ``{id, name, slug}``."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
