"""Extends ``wagtail_localize.fields.TranslatableField.is_synchronized`` (wagtail-localize 1.14.5): empty values follow.

Upstream, a translated field's value reaches the translation only through its segments, and an empty
value has none: a snippet chosen in a ``ForeignKey`` (an event's city, a news page's category) that the
source clears leaves no RelatedObjectSegment, so ``TranslationSource.create_or_update_translation``
kept the translation's old snippet for ever. Upstream already treats a cleared text field as
synchronised (``wagtail_localize.fields.copy_synchronised_fields`` then copies the ``""``, a foreign key
by its ``attname``); this class does the same for any empty (``None``) concrete field, so the translation
is cleared too. Values that are set are translated as before. Models declare it in ``translatable_fields``
instead of upstream's class (the test ``test_every_nullable_translated_field_follows_the_source_when_cleared``
checks they do).
"""

from django.db.models import Model
from wagtail_localize.fields import SynchronizedField
from wagtail_localize.fields import TranslatableField as UpstreamTranslatableField

__all__ = ["SynchronizedField", "TranslatableField"]


class TranslatableField(UpstreamTranslatableField):
    """wagtail-localize's TranslatableField, synchronised (copied to the translation) while its value is empty."""

    def is_synchronized(self, source: Model) -> bool:
        """Return True when ``source``'s value must be copied as is: empty (None), or upstream's cases."""
        field = self.get_field(source.__class__)
        if getattr(field, "concrete", False) and getattr(source, field.attname) is None:
            return True
        return super().is_synchronized(source)
