"""The admin's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``), which every document upload view builds on.

It states the limit in a translated help text and shows only the size error for a refused file (docs/operations.md).
For the second it overrides ``django.forms.models.BaseModelForm._post_clean`` (Django 5.2.19), a private method,
because of ``wagtail.documents.models.AbstractDocument.clean`` (Wagtail 7.4.4); guarded by
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
        """Validate the model as Django does, keeping only the field's own errors for a refused file.

        For a refused file ``Document.clean`` would also check the extension of the empty file and add
        "File extension “” is not allowed"; that misleading second error is dropped.
        """
        refused_file_errors = self.errors["file"].copy() if self.has_error("file") else None
        super()._post_clean()
        if refused_file_errors is not None:
            self.errors["file"] = refused_file_errors
