"""Wraps ``wagtail_localize.models.String._get_data_hash`` (wagtail-localize 1.14.5), a private classmethod.

wagtail-localize finds a source ``String`` by the hash of its text (``String.data_hash``), a UUID5 of the text;
its own PO import (``Translation.import_po``) calls ``_get_data_hash`` to look strings up, and so does the portal's
bulk PO exchange (``portal.translations.exchange``), through ``source_string_hash`` only.
"""

import uuid

from wagtail_localize.models import String


def source_string_hash(text: str) -> uuid.UUID:
    """Return the ``String.data_hash`` wagtail-localize stores for the string ``text`` (a UUID)."""
    return String._get_data_hash(text)
