"""Replaces ``wagtail_localize.models.StringTranslation.get_comment`` (wagtail-localize 1.14.5): the editor's note.

Upstream writes "Translated with {tool_name} on {date}" with the stored ``StringTranslation.tool_name`` as it is
and the date in English (``strftime``), so a Chinese translator read "由 Translation memory 翻译于 5 March 2025".
The portal stores English tool names on purpose (``memory.TOOL_NAME`` and ``memory.SUGGESTION_TOOL_NAME`` are
also looked up in queries; ``exchange.TOOL_NAME``; upstream's "PO File" and dummy translator), so
``translated_comment`` translates the known names when it shows them, and writes the date with the active
language's ``DATE_FORMAT`` in the site's time zone. Rows already in the database show the same way. The three
sentences are upstream's msgids; other tool names (DeepL, LibreTranslate) are shown as stored.

``install`` puts ``translated_comment`` in place of the method (called by ``TranslationsConfig.ready``). The
replacement's ``__wrapped__`` is upstream's method, so ``inspect.getsource`` (and the tripwire) still read
upstream's source. The editor reads the note through ``StringTranslationSerializer.comment``
(``source="get_comment"``): in the page's props and in the answer to saving a string.
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail_localize.models import StringTranslation

from portal.translations import exchange, memory
from portal.translations.overrides import po_files

#: Stored ``tool_name`` → the name shown in the admin's language.
TOOL_LABELS: dict[str, Promise] = {
    memory.TOOL_NAME: gettext_lazy("Translation memory"),
    memory.SUGGESTION_TOOL_NAME: gettext_lazy("Translation memory suggestion"),
    exchange.TOOL_NAME: gettext_lazy("PO import"),
    po_files.UPLOAD_TOOL_NAME: gettext_lazy("PO File"),
    # wagtail-localize's dummy translator (make run, tests) stores its name in the language of the moment.
    "Dummy translator": gettext_lazy("Dummy translator"),
}

UPSTREAM_GET_COMMENT = StringTranslation.get_comment


def tool_label(tool_name: str) -> str:
    """The name of the tool ``tool_name`` (as stored) in the active language; unknown names as they are."""
    label = TOOL_LABELS.get(tool_name)
    return str(label) if label is not None else tool_name


def translated_comment(string_translation: StringTranslation) -> str | None:
    """How and when ``string_translation`` was translated, in the active language; None as upstream.

    Upstream's sentences: "Translated with {tool_name} on {date}", "Translated manually on {date}" or
    "Machine translated on {date}"; ``date`` is ``updated_at`` in the site's time zone, with the active
    language's ``DATE_FORMAT``.
    """
    date = formats.date_format(timezone.localtime(string_translation.updated_at), "DATE_FORMAT")
    if string_translation.tool_name:
        return _("Translated with {tool_name} on {date}").format(
            tool_name=tool_label(string_translation.tool_name), date=date
        )
    if string_translation.translation_type == StringTranslation.TRANSLATION_TYPE_MANUAL:
        return _("Translated manually on {date}").format(date=date)
    if string_translation.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE:
        return _("Machine translated on {date}").format(date=date)
    return None


translated_comment.__wrapped__ = UPSTREAM_GET_COMMENT


def install() -> None:
    """Make ``StringTranslation.get_comment`` the portal's ``translated_comment`` (idempotent)."""
    StringTranslation.get_comment = translated_comment
