"""Page previews that name the fields in error, instead of saying only "validation errors".

Extends ``wagtail.admin.views.pages.preview.PreviewOnEdit`` and ``PreviewOnCreate`` of Wagtail 7.4.4, served at
Wagtail's own paths by ``urlpatterns`` below, which ``portal.urls`` lists before Wagtail's admin. Upstream's
behaviour is kept; the invalid form is remembered so that:

- the JSON answer to the preview panel's POST gains ``errors`` (``field_errors``) and
  ``errors_intro``, which ``portal_admin/preview-errors.js`` writes into the panel's banner;
- the preview page shown when there is nothing valid to preview lists the same fields (those of the
  last POST to that preview URL, kept in the editor's session until the next one);
- the preview of a new page does not report its own autosaved draft's slug as a clash
  (``PreviewOnCreateWithErrors.get_form``).

Overridden (through ``super()``): ``wagtail.admin.views.generic.preview.PreviewOnEdit.post``,
``wagtail.admin.views.generic.preview.PreviewOnEdit.get``,
``wagtail.admin.views.generic.preview.PreviewOnEdit.validate_form`` and
``wagtail.admin.views.generic.preview.PreviewOnEdit.error_response`` (the pages' views inherit them),
``wagtail.admin.views.pages.preview.PreviewOnEdit.get_form`` (an empty slug becomes a random one) and
``wagtail.admin.views.pages.preview.PreviewOnCreate.get_form``.

docs/upstream-overrides.md, "Page previews"; docs/editors-and-translators.md, "Previews".
"""

import json
import uuid

from django.forms.forms import NON_FIELD_ERRORS
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages import preview
from wagtail.models import Page

from portal.core import autosave

#: The session key of the fields in error of each preview URL's last POST (a few URLs at most).
SESSION_KEY = "portal_preview_errors"


def _messages(errors):
    """Return the text of each error in ``errors`` (an ErrorList, or a list of them for formset rows)."""
    texts = []
    for error in errors:
        if hasattr(error, "messages"):
            texts.extend(str(message) for message in error.messages)
        else:
            texts.append(str(error))
    return texts


def _error(field, label, messages):
    joined = " ".join(messages)
    text = gettext("%(field)s: %(errors)s") % {"field": label, "errors": joined} if label else joined
    return {"field": field, "label": label, "messages": messages, "text": text}


def field_errors(form):
    """Return ``[{"field", "label", "messages", "text"}]``: what makes ``form`` (a bound, validated page form) invalid.

    ``label`` is the field's label in the active language ("" for errors of the whole form), ``text``
    the line shown ("End: The end must not be before the start."); inline panels (formsets) are named
    after their model's plural name.
    """
    errors = []
    for name, error_list in form.errors.items():
        if name == NON_FIELD_ERRORS:
            label = ""
        else:
            field = form.fields.get(name)
            label = str(capfirst(field.label)) if field is not None and field.label else name
        errors.append(_error(name, label, _messages(error_list)))
    for name, formset in getattr(form, "formsets", {}).items():
        messages = _messages(formset.non_form_errors())
        for row in formset.forms:
            for field_name, error_list in row.errors.items():
                field = row.fields.get(field_name)
                row_label = str(capfirst(field.label)) if field is not None and field.label else ""
                messages.append(_error(field_name, row_label, _messages(error_list))["text"])
        if messages:
            label = str(capfirst(formset.model._meta.verbose_name_plural))
            errors.append(_error(name, label, messages))
    return errors


class FieldErrorsMixin:
    """Remembers the first invalid form a preview view validates, and names its fields in the answer."""

    error_template_name = "portal_admin/preview_error.html"
    invalid_form = None

    def validate_form(self, form):
        is_valid = super().validate_form(form)
        if not is_valid and self.invalid_form is None:
            self.invalid_form = form
        return is_valid

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        stored = request.session.get(SESSION_KEY, {})
        stored.pop(request.path, None)
        if self.invalid_form is None:
            request.session[SESSION_KEY] = stored
            return response
        data = json.loads(response.content)
        data["errors"] = field_errors(self.invalid_form)
        data["errors_intro"] = gettext("Correct these fields to resume preview:")
        if not data.get("is_valid"):
            # The preview page (GET) has only the last valid data, if any: keep what is wrong for it.
            request.session[SESSION_KEY] = {**dict(list(stored.items())[-9:]), request.path: data["errors"]}
        return JsonResponse(data, status=response.status_code)

    def error_response(self):
        """Wagtail's "Preview not available" page, listing the fields in error of the last POST of this preview."""
        errors = self.request.session.get(SESSION_KEY, {}).get(self.request.path, [])
        if not errors and self.invalid_form is not None:
            errors = field_errors(self.invalid_form)
        return TemplateResponse(self.request, self.error_template_name, {"object": self.object, "errors": errors})


class PreviewOnEditWithErrors(FieldErrorsMixin, preview.PreviewOnEdit):
    """Wagtail's preview of a page being edited, naming the fields in error."""


class PreviewOnCreateWithErrors(FieldErrorsMixin, preview.PreviewOnCreate):
    """Wagtail's preview of a page being created, naming the fields in error.

    A preview does not save, so the slug of the page's own autosaved draft (``portal.core.autosave``)
    is no clash: until the browser switches to that page's preview, the form is previewed with a
    random slug, as Wagtail does when the slug is empty.
    """

    def get_form(self, query_dict):
        slug = query_dict.get("slug", "") if query_dict else ""
        if slug:
            parent_page = Page.objects.get(pk=self.parent_object_id).specific
            if autosave.autosaved_draft(self.request, parent_page, self.content_type.model_class(), slug):
                query_dict = query_dict.copy()
                query_dict["slug"] = str(uuid.uuid4())
        return super().get_form(query_dict)


def _admin_view(view_class):
    # Wagtail decorates its own admin URLs with these (wagtail.admin.urls).
    view = require_admin_access(never_cache(view_class.as_view()))
    view.view_class = view_class
    return view


#: Wagtail's paths of the two views (``wagtailadmin_pages:preview_on_edit`` and ``:preview_on_add``,
#: below ``admin/``), which ``reverse`` keeps giving; ``portal.urls`` lists these first.
urlpatterns = [
    path(
        "pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/",
        _admin_view(PreviewOnCreateWithErrors),
        name="portal_preview_on_add",
    ),
    path(
        "pages/<int:page_id>/edit/preview/",
        _admin_view(PreviewOnEditWithErrors),
        name="portal_preview_on_edit",
    ),
]
