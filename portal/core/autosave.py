"""A first save never collides with the draft that autosave made of the same page.

Wagtail 7.4's page editor autosaves (``WAGTAIL_AUTOSAVE_INTERVAL``): the first autosave of a new page
posts the create form in the background, which creates the page as a draft, and the browser then
switches the form to that page's edit view. When the editor's explicit save still goes to the create
view (it raced the autosave, or the autosave's answer was lost), or when the editor left the page
and starts it again, the create view would make a second page and refuse it: "The slug ... is
already in use within the parent page".

Through Wagtail's hooks (no upstream code replaced):

- ``remember_autosaved_page`` (``after_create_page``): a page created by an autosave (a request
  that asks for JSON) is noted in the editor's session as "autosaved, never saved by hand";
- ``forget_saved_page`` (``after_edit_page``, ``after_publish_page``): a save by hand, or a
  publication, removes the note;
- ``continue_autosaved_draft`` (``before_create_page``): a create POST whose slug is that of such a
  page of the same user, type and parent, never published, saves into that page through Wagtail's
  edit view instead, and says so. Its inline rows replace the draft's (``posted_over_the_drafts_rows``):
  the create form posts them without ids, which would add them next to the rows the autosave stored,
  so each posted row is given the id of the draft's row at its place and the draft's extra rows are
  posted as deleted (the formsets' own ``INITIAL_FORMS``/id/``DELETE`` protocol, read from the edit
  form Wagtail builds for the page; no upstream internals).

The preview of a new page does not collide with it either (``portal.core.preview``).

It relies on Wagtail 7.4.4's ``wagtail.admin.views.pages.create.CreateView.dispatch`` (where
``before_create_page`` runs), on ``wagtail.admin.views.pages.create.CreateView.save_action`` and
``wagtail.admin.views.pages.edit.EditView.save_action`` (the JSON answer the browser expects), and on
``wagtail.admin.views.pages.edit.EditView.post`` building its form, from ``request.POST``, as the edit form
the rows are read from, which tests/portal/test_upstream_overrides.py watches. Design and limits:
docs/editors-and-translators.md, "Autosave".
"""

import json

from django.contrib import messages
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.admin.utils import set_query_params
from wagtail.admin.views.pages.edit import EditView

#: The session key holding the ids of the pages this session's autosave created and nobody saved by hand.
SESSION_KEY = "portal_autosaved_pages"


def _asks_for_json(request):
    # As Wagtail's JsonPostResponseMixin.expects_json_response (the autosave's requests).
    return not request.accepts("text/html")


def _autosaved_ids(request):
    return list(request.session.get(SESSION_KEY, []))


def remember_autosaved_page(request, page):
    """``after_create_page``: note ``page`` in the session when an autosave created it."""
    if _asks_for_json(request):
        request.session[SESSION_KEY] = [*_autosaved_ids(request), page.pk][-50:]


def forget_saved_page(request, page):
    """``after_edit_page`` and ``after_publish_page``: a page saved by hand or published is the editor's own."""
    if page.live or not _asks_for_json(request):
        ids = _autosaved_ids(request)
        if page.pk in ids:
            request.session[SESSION_KEY] = [pk for pk in ids if pk != page.pk]


def autosaved_draft(request, parent_page, page_class, slug=None):
    """Return the draft a create POST should save into, or None.

    It is a child of ``parent_page`` with ``slug`` (default: the POSTed slug), of type
    ``page_class``, created by this session's autosave for this user and never saved by hand or
    published, with no workflow in progress and not locked by someone else.
    """
    slug = (request.POST.get("slug", "") if slug is None else slug).strip()
    ids = _autosaved_ids(request)
    if not slug or not ids:
        return None
    page = parent_page.get_children().filter(slug=slug, pk__in=ids).first()
    if page is None:
        return None
    page = page.specific
    lock = page.get_lock()
    if (
        type(page) is not page_class
        or page.owner_id != request.user.pk
        or page.live
        or page.first_published_at is not None
        or page.workflow_in_progress
        or (lock is not None and lock.for_user(request.user))
    ):
        return None
    return page


def posted_over_the_drafts_rows(request, page):
    """Return a copy of the create form's POST whose inline rows replace the rows of the draft ``page``.

    The create form's inline formsets (related cities, comments and their replies...) post new rows
    only (``INITIAL_FORMS`` 0, no row ids), and a formset only adds and removes the rows it names, so
    the rows the autosave stored would stay next to the posted ones. Here the draft's rows, as the
    edit view's form holds them, are named in the posted rows, in order: posted row *i* gets the id
    of the draft's row *i* (the edit view saves the posted values into that row), the draft's rows
    beyond the posted ones are posted as deleted, and ``INITIAL_FORMS`` counts the draft's rows. A
    formset whose POST already names rows (``INITIAL_FORMS`` not 0) is left as posted, as are rows
    of somebody else (another user's comment).
    """
    data = request.POST.copy()
    form_class = type(page).get_edit_handler().get_form_class()
    form = form_class(
        instance=page.get_latest_revision_as_object(), parent_page=page.get_parent(), for_user=request.user
    )
    for formset in form.formsets.values():
        _name_the_drafts_rows(data, formset, formset.prefix, request.user)
    return data


def _name_the_drafts_rows(data, formset, prefix, user):
    # ``formset`` is unbound (the draft's rows); ``prefix`` is the one its rows were posted under.
    try:
        posted = int(data.get(f"{prefix}-TOTAL_FORMS", ""))
        if int(data.get(f"{prefix}-INITIAL_FORMS", "")) != 0:
            return
    except ValueError:
        return  # no management form: the formset's own validation says so
    rows = [row for row in formset.initial_forms if getattr(row.instance, "user_id", user.pk) == user.pk]
    pk_name = formset.model._meta.pk.name
    for index, row in enumerate(rows):
        row_prefix = f"{prefix}-{index}"
        data[f"{row_prefix}-{pk_name}"] = str(row.instance.pk)
        if index >= posted:
            data[f"{row_prefix}-DELETE"] = "on"
            continue
        for child in getattr(row, "formsets", {}).values():  # the row's own rows (a comment's replies)
            _name_the_drafts_rows(data, child, row_prefix + child.prefix[len(row.prefix) :], user)
    data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
    data[f"{prefix}-TOTAL_FORMS"] = str(max(posted, len(rows)))


def continue_autosaved_draft(request, parent_page, page_class):
    """``before_create_page``: save a create POST into the page its own autosave made, through Wagtail's edit view.

    A JSON answer (an autosave) gets the ``url`` and ``hydrate_url`` of the create view's, so that
    the browser switches the form to the edit view. Returns None when there is no such draft.
    """
    if request.method != "POST":
        return None
    page = autosaved_draft(request, parent_page, page_class)
    if page is None:
        return None
    request.POST = posted_over_the_drafts_rows(request, page)
    response = EditView.as_view()(request, page_id=page.pk)
    if not _asks_for_json(request):
        if response.status_code == 302:
            messages.info(
                request,
                gettext(
                    "This page had already been saved automatically as a draft: your changes were saved "
                    "into that draft instead of creating the page a second time."
                ),
            )
        return response
    if response.get("Content-Type") != "application/json" or response.status_code != 200:
        return response
    data = json.loads(response.content)
    if data.get("success"):
        edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        data.pop("html", None)  # the browser fetches the edit view's partials from hydrate_url instead
        data["url"] = edit_url
        data["hydrate_url"] = set_query_params(edit_url, {"_w_hydrate_create_view": "1"})
    return JsonResponse(data, status=response.status_code)
