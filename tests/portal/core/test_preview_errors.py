"""Previews name the fields in error (portal/core/preview.py), as an Editor through Wagtail's preview URLs.

The preview panel POSTs the editor's form to the preview URL and shows its JSON answer; when there is
nothing valid to show, its frame GETs the same URL. Wagtail said only "validation errors" in both.
"""

from pathlib import Path

import pytest
import wagtail
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

from events.models import EventIndexPage
from tests.events.factories import EventPageFactory
from tests.utils import EN, ZH, soup_of, text_of

WAGTAIL_CORE_JS = Path(wagtail.__file__).parent / "admin" / "static" / "wagtailadmin" / "js" / "core.js"


def event_form(**fields):
    data = {
        "title": "Preview forum",
        "slug": "preview-forum",
        "start_0": "2031-06-02",
        "start_1": "09:00",
        "end_0": "2031-06-02",
        "end_1": "17:00",
        "all_day": "",
        "time_zone": "Asia/Shanghai",
        "description": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.fixture
def preview_on_add(get_page):
    return f"/admin/pages/add/events/eventpage/{get_page(EventIndexPage, EN, '/events/').pk}/preview/"


@pytest.mark.django_db
def test_the_preview_answer_names_the_fields_in_error(editor_client, preview_on_add):
    response = editor_client.post(preview_on_add, event_form(end_0="2031-06-01", time_zone="Mars/Olympus_Mons"))
    data = response.json()
    assert (data["is_valid"], data["is_available"]) == (False, False)
    errors = {error["label"]: error["messages"] for error in data["errors"]}
    assert errors == {
        "Time zone": ["“Mars/Olympus_Mons” is not a known time zone."],
        "End": ["The end must not be before the start."],
    }
    assert data["errors_intro"] == "Correct these fields to resume preview:"

    response = editor_client.post(preview_on_add, event_form(end_0="2031-06-01"))
    errors = {error["field"]: (error["label"], error["messages"]) for error in response.json()["errors"]}
    assert errors == {"end": ("End", ["The end must not be before the start."])}


@pytest.mark.django_db
def test_the_preview_page_lists_the_fields_when_nothing_valid_can_be_shown(editor_client, preview_on_add):
    editor_client.post(preview_on_add, event_form(end_1=""))
    response = editor_client.get(preview_on_add)
    assert response.status_code == 200
    soup = soup_of(response)
    assert text_of(soup.select_one(".preview-error__title")) == "Preview not available"
    items = [text_of(item) for item in soup.select(".preview-error li")]
    assert items == ["End: Enter a time, or tick “all day”."]


@pytest.mark.django_db
def test_a_valid_preview_clears_the_errors_and_is_shown(editor_client, preview_on_add):
    editor_client.post(preview_on_add, event_form(end_1=""))
    data = editor_client.post(preview_on_add, event_form()).json()
    assert (data["is_valid"], data.get("errors")) == (True, None)
    response = editor_client.get(preview_on_add)
    assert response.status_code == 200
    assert text_of(soup_of(response).find("h1")) == "Preview forum"
    # A later invalid change keeps the last valid preview available, and says what is wrong.
    data = editor_client.post(preview_on_add, event_form(end_0="2031-06-01")).json()
    assert (data["is_valid"], data["is_available"]) == (False, True)
    assert [error["label"] for error in data["errors"]] == ["End"]


@pytest.mark.django_db
def test_the_preview_of_a_page_being_edited_names_the_fields_in_chinese(editor_client):
    profile = UserProfile.get_for_user(editor_client.user)
    profile.preferred_language = ZH
    profile.save()
    event = EventPageFactory()
    url = f"/admin/pages/{event.pk}/edit/preview/"
    data = event_form(title=event.title, slug=event.slug, end_0="2031-06-01")
    answer = editor_client.post(url, data).json()
    message = "结束时间不得早于开始时间。"
    expected = {"field": "end", "label": "结束时间", "messages": [message], "text": f"结束时间：{message}"}
    assert answer["errors"] == [expected]
    assert answer["errors_intro"] == "请更正以下字段以恢复预览："
    page = soup_of(editor_client.get(url))
    assert [text_of(item) for item in page.select(".preview-error li")] == ["结束时间：结束时间不得早于开始时间。"]


@pytest.mark.django_db
def test_the_editor_loads_the_script_that_shows_the_fields_in_the_preview_panel(editor_client):
    """The script reads Wagtail's "w-preview:json" event and writes into the panel's banner: both must exist."""
    event = EventPageFactory()
    soup = soup_of(editor_client.get(f"/admin/pages/{event.pk}/edit/"))
    assert soup.select_one('script[src*="portal_admin/preview-errors.js"]') is not None
    assert soup.select_one("#w-preview-error-banner .w-preview__error-details") is not None
    assert 'this.dispatch("json",{cancelable:!1,detail:{data:t}})' in WAGTAIL_CORE_JS.read_text()


@pytest.mark.django_db
def test_previews_stay_closed_to_people_outside_the_admin(client, preview_on_add, translator_client):
    response = client.post(preview_on_add, event_form())
    assert response.status_code == 302 and "/admin/login/" in response.url
    # A translator may not add English events: Wagtail's own permission check still applies.
    assert translator_client.post(preview_on_add, event_form()).status_code in (302, 403)
