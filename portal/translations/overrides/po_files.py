"""Replaces ``wagtail_localize.views.edit_translation.download_pofile`` and
``wagtail_localize.views.edit_translation.upload_pofile`` (wagtail-localize 1.14.5): the translation editor's
*Download PO* and *Upload PO*.

Upstream exports with ``wagtail_localize.models.Translation.export_po``, which writes a row with an error as a
plain ``msgstr``, so the translation memory's suggestions (``portal.translations.memory.offer_suggestions``) looked
like translations; and ``wagtail_localize.models.Translation.import_po`` changes a row only when the file's text
differs, so a translator who kept a suggestion as it was got "Successfully imported" while the string stayed
untranslated. Here, as in the bulk exchange (``portal.translations.exchange``):

- the download marks the memory's suggestions ``fuzzy`` (a suggestion row, or an exact match for an empty
  string), with the earlier English as ``#| msgid`` for a previous translation and a comment in the admin's
  language;
- the upload skips fuzzy entries (upstream imports them) and says how many it skipped; an entry that is imported
  for a string holding a suggestion row replaces the row, even when the text is the same.

Kept from upstream: the permission check (``user_can_edit_instance``, with the portal's locale rule for snippets:
``edit_permission``), the file name, ``export_po`` and
``import_po`` themselves (tool name "PO File"), the messages, the check of ``X-WagtailLocalize-TranslationID`` and
the ``next`` URL. Deliberately different: a file without that header is refused with upstream's "different
translation" message, and a request without a file with "Please upload a valid PO file." (upstream: a ``KeyError``,
a server error, for both). Served at upstream's URLs by ``overrides/urls.py``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile

import polib
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from portal.translations.memory import PREVIOUS, SUGGESTION_TOOL_NAME, Suggestion, find_suggestions, po_comment
from portal.translations.overrides.edit_permission import user_can_edit_instance
from portal.translations.overrides.strings import source_string_hash

#: ``tool_name`` of the strings imported by the editor's *Upload PO* (upstream's).
UPLOAD_TOOL_NAME = "PO File"
TRANSLATION_ID_HEADER = "X-WagtailLocalize-TranslationID"


def _editable_translation(request: HttpRequest, translation_id: int) -> Translation:
    """The Translation ``translation_id``; 404 when missing, PermissionDenied unless the user may edit its target."""
    translation = get_object_or_404(Translation, id=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    return translation


def _suggestion_rows(translation: Translation) -> dict[tuple[str, str], StringTranslation]:
    """``{(String.data_hash hex, context path): row}`` of the memory's suggestion rows of ``translation``."""
    rows = StringTranslation.objects.filter(
        locale=translation.target_locale,
        has_error=True,
        tool_name=SUGGESTION_TOOL_NAME,
        context__object_id=translation.source.object_id,
    ).select_related("translation_of", "context")
    return {(row.translation_of.data_hash.hex, row.context.path): row for row in rows}


def export_with_suggestions(translation: Translation) -> polib.POFile:
    """Return upstream's ``Translation.export_po()`` of ``translation`` with the memory's suggestions marked fuzzy.

    An entry whose string holds a suggestion row, or has no translation but an exact match in the memory, gets
    the suggestion as ``msgstr``, the ``fuzzy`` flag, the earlier English as ``previous_msgid`` for a previous
    translation, and a translator comment in the active language. Other entries are upstream's.
    """
    po = translation.export_po()
    rows = _suggestion_rows(translation)
    suggestions = {}
    segments = StringSegment.objects.filter(source=translation.source).select_related("string", "context")
    found = find_suggestions(translation.target_locale, [translation])
    for segment in segments:
        suggestion = found.get((segment.string_id, segment.context_id))
        if suggestion is not None:
            suggestions[(segment.string.data_hash.hex, segment.context.path)] = suggestion
    for entry in po:
        if entry.obsolete:
            continue
        key = (source_string_hash(entry.msgid).hex, entry.msgctxt)
        suggestion = suggestions.get(key)
        if key in rows:  # a previous translation shown in the editor
            entry.msgstr = rows[key].data
            if suggestion is None or suggestion.kind != PREVIOUS or suggestion.data != entry.msgstr:
                suggestion = Suggestion(PREVIOUS, entry.msgstr, "")
        elif entry.msgstr or suggestion is None:
            continue
        else:
            entry.msgstr = suggestion.data
        entry.flags.append("fuzzy")
        if suggestion.english and suggestion.kind == PREVIOUS:
            entry.previous_msgid = suggestion.english
        entry.comment = po_comment(suggestion)
    return po


def import_without_fuzzy(translation: Translation, po: polib.POFile, user: AbstractBaseUser | None) -> int:
    """Import ``po`` into ``translation`` with upstream's ``Translation.import_po``; return how many were fuzzy.

    Fuzzy entries are left out. Before the import, the suggestion rows of the strings the file translates are
    deleted, so upstream stores the file's text as a new translation (``tool_name`` "PO File", by ``user``,
    ``has_error`` checked again by ``StringTranslation.save``) even when it equals the suggestion. One
    transaction.
    """
    kept = polib.POFile(wrapwidth=po.wrapwidth)
    kept.metadata = po.metadata
    fuzzy = 0
    for entry in po:
        if entry.fuzzy and not entry.obsolete and entry.msgstr.strip():
            fuzzy += 1
        else:
            kept.append(entry)
    rows = _suggestion_rows(translation)
    replaced = [
        rows[key].pk
        for key in ((source_string_hash(entry.msgid).hex, entry.msgctxt) for entry in kept if entry.msgstr)
        if key in rows
    ]
    with transaction.atomic():
        StringTranslation.objects.filter(pk__in=replaced).delete()
        translation.import_po(kept, user=user, tool_name=UPLOAD_TOOL_NAME)
    return fuzzy


class DownloadPOFileView(View):
    """GET: the translation's PO file (upstream's), the memory's suggestions as fuzzy entries."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, translation_id: int) -> HttpResponse:
        """404 without the translation; PermissionDenied unless the user may edit its target."""
        translation = _editable_translation(request, translation_id)
        response = HttpResponse(str(export_with_suggestions(translation)), content_type="text/x-gettext-translation")
        response["Content-Disposition"] = (
            f"attachment; filename={slugify(translation.source.object_repr)}-"
            f"{translation.target_locale.language_code}.po"
        )
        return response


class UploadPOFileView(View):
    """POST ``file``: import a PO file downloaded from the translation editor; back to ``next`` with a message."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, translation_id: int) -> HttpResponseRedirect:
        """404 without the translation; PermissionDenied unless the user may edit its target."""
        translation = _editable_translation(request, translation_id)
        po = self._read(request)
        if po is not None:
            if po.metadata.get(TRANSLATION_ID_HEADER) != str(translation.uuid):
                messages.error(request, _("Cannot import PO file that was created for a different translation."))
            else:
                fuzzy = import_without_fuzzy(translation, po, request.user)
                messages.success(request, _("Successfully imported translations from PO File."))
                if fuzzy:
                    messages.warning(
                        request,
                        ngettext(
                            "%(count)d entry marked fuzzy was not imported: remove the fuzzy flag to accept it.",
                            "%(count)d entries marked fuzzy were not imported: remove the fuzzy flag to accept them.",
                            fuzzy,
                        )
                        % {"count": fuzzy},
                    )
        return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))

    def _read(self, request: HttpRequest) -> polib.POFile | None:
        """The uploaded PO file, or None after an error message (upstream's: polib reads it from a file)."""
        # polib.pofile takes a file name or PO text: never pass it the upload's contents (upstream's reasoning).
        upload = request.FILES.get("file")
        if upload is None:  # upstream: a KeyError
            messages.error(request, _("Please upload a valid PO file."))
            return None
        with tempfile.NamedTemporaryFile(delete=False) as file:
            file.write(upload.read())
        try:
            return polib.pofile(file.name)
        except (OSError, UnicodeDecodeError):  # polib raises OSError for syntax errors
            messages.error(request, _("Please upload a valid PO file."))
            return None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(file.name)
