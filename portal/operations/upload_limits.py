"""The admin's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): clear, translated upload-limit messages.

Wagtail refuses a document larger than ``WAGTAILDOCS_MAX_UPLOAD_SIZE`` (bytes) in its document
field, in the "Add a document" view, the multiple uploader (``documents/multiple/add/``) and the
edit view (replacing the file), all of which build their form on this class. Two things are mended
here:

- the field's help text ("Maximum filesize: ...") has no Chinese translation in Wagtail's catalog,
  so it is replaced by the portal's own, translated one;
- when the field refuses the upload, Wagtail's ``Document.clean`` still checks the extension of the
  document's (empty) file and adds "File extension “” is not allowed": that second, misleading
  message is dropped, leaving the one that says why the file was refused.

The second one overrides ``django.forms.models.BaseModelForm._post_clean`` (Django 5.2.19), a private method
(it calls Django's, then puts back the file field's own errors), because of
``wagtail.documents.models.AbstractDocument.clean`` (Wagtail 7.4.4). Guarded by
``tests/portal/test_upstream_overrides.py`` (docs/upstream-overrides.md).
"""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with the upload limit in the help text and one error per refused file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and field.max_upload_size is not None:
            field.help_text = _("Maximum file size: %(max_upload_size)s.") % {
                "max_upload_size": filesizeformat(field.max_upload_size)
            }

    def _post_clean(self):
        """Validate the model as Django does, keeping only the field's own errors for a refused file."""
        refused_file_errors = self.errors["file"].copy() if self.has_error("file") else None
        super()._post_clean()
        if refused_file_errors is not None:
            self.errors["file"] = refused_file_errors
