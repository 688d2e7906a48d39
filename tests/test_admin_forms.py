"""The test helper that posts an admin edit form back: it refuses a field the form does not have."""

import pytest

from news.models import NewsPage
from tests.admin_forms import submit_edit_form
from tests.news.factories import NewsPageFactory


def test_a_misspelt_field_is_an_error_not_a_silent_no_op(editor_client, en_locale):
    page = NewsPageFactory(title="Unchanged title")
    url = f"/admin/pages/{page.pk}/edit/"

    with pytest.raises(KeyError, match="titel"):
        submit_edit_form(editor_client, url, NewsPage, titel="Changed title")

    submit_edit_form(editor_client, url, NewsPage, title="Changed title")
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Changed title"
