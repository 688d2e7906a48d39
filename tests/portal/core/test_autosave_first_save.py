"""Autosave and the first save (portal/core/autosave.py), as an Editor through Wagtail's real views.

Wagtail 7.4's editor autosaves a new page by POSTing the create form in the background (``Accept:
application/json``), which creates the page as a draft. These tests replay what the browser sends:
the autosave, then the explicit save that still goes to the create view (it raced the autosave, or
the editor left and started again). Before the fix that second POST was refused with "The slug ... is
already in use within the parent page".
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

from components.models import City
from events.models import EventIndexPage, EventPage
from news.models import NewsIndexPage, NewsPage
from portal.core.autosave import SESSION_KEY
from tests.utils import EN, ZH, news_form, soup_of, text_of

AUTOSAVE = {"Accept": "application/json"}


def event_form(**fields):
    data = {
        "title": "Mayors' summit",
        "slug": "mayors-summit",
        "start_0": "2031-06-01",
        "start_1": "",
        "end_0": "2031-06-02",
        "end_1": "",
        "all_day": "on",
        "time_zone": "",
        "country": "china",
        "description": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.fixture
def add_url(get_page):
    return f"/admin/pages/add/events/eventpage/{get_page(EventIndexPage, EN, '/events/').pk}/"


def pages(slug="mayors-summit"):
    return list(EventPage.objects.filter(locale__language_code=EN, slug=slug))


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def autosave(client, url, **fields):
    response = client.post(url, event_form(**fields), headers=AUTOSAVE)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["success"]
    return data


@pytest.mark.django_db
def test_an_explicit_save_after_the_first_autosave_saves_into_the_autosaved_draft(editor_client, add_url):
    data = autosave(editor_client, add_url)
    [page] = pages()
    assert data["pk"] == page.pk and not page.live

    # The editor's "Save draft" reaches the create view (the form had not switched yet).
    response = editor_client.post(add_url, event_form(title="Mayors' summit 2031"))
    assert response.status_code == 302
    assert response.url == f"/admin/pages/{page.pk}/edit/"
    [saved] = pages()
    assert saved.pk == page.pk
    assert saved.get_latest_revision_as_object().title == "Mayors' summit 2031"
    messages = messages_of(response)
    assert (
        "This page had already been saved automatically as a draft: your changes were saved into that draft "
        "instead of creating the page a second time." in messages
    ), messages
    assert not any("already in use" in message for message in messages)
    # The page the editor lands on is its edit view, which they may open.
    assert editor_client.get(response.url).status_code == 200


@pytest.mark.django_db
def test_abandoning_an_autosaved_draft_does_not_block_the_retry(editor_client, add_url):
    first = autosave(editor_client, add_url)
    # The editor leaves, then starts the same event again in a new form: its first autosave...
    assert editor_client.get(add_url).status_code == 200
    retry = autosave(editor_client, add_url, venue="Beijing")
    # ...continues the draft the first one made, and sends the browser to its edit view.
    assert retry["pk"] == first["pk"]
    assert retry["url"] == f"/admin/pages/{first['pk']}/edit/"
    assert retry["hydrate_url"] == f"/admin/pages/{first['pk']}/edit/?_w_hydrate_create_view=1"
    assert len(pages()) == 1
    assert pages()[0].get_latest_revision_as_object().venue == "Beijing"
    # The hydration the browser then asks for works.
    assert editor_client.get(retry["hydrate_url"]).status_code == 200
    # And its explicit publication publishes that page.
    response = editor_client.post(add_url, event_form(venue="Beijing", **{"action-publish": "publish"}))
    assert response.status_code == 302
    [page] = pages()
    assert page.live and page.pk == first["pk"] and page.venue == "Beijing"


@pytest.mark.django_db
def test_a_draft_saved_by_hand_is_not_taken_over(editor_client, add_url):
    """A page the editor saved themselves is a real page: a new page with its slug is still refused."""
    autosave(editor_client, add_url)
    [page] = pages()
    response = editor_client.post(f"/admin/pages/{page.pk}/edit/", event_form())
    assert response.status_code == 302
    assert page.pk not in editor_client.session.get(SESSION_KEY, [])
    response = editor_client.post(add_url, event_form(title="Another summit"))
    assert response.status_code == 200
    assert "The slug 'mayors-summit' is already in use within the parent page." in text_of(soup_of(response))
    assert [p.pk for p in pages()] == [page.pk]
    assert pages()[0].get_latest_revision_as_object().title == "Mayors' summit"


@pytest.mark.django_db
def test_another_editors_autosaved_draft_is_not_taken_over(editor_client, add_url, django_user_model):
    autosave(editor_client, add_url)
    colleague = django_user_model.objects.create_user("colleague", "c@example.org", "pw")
    colleague.groups.add(Group.objects.get(name="Editors"))
    other = Client()
    other.force_login(colleague)
    response = other.post(add_url, event_form(title="Colleague's summit"))
    assert response.status_code == 200
    assert "already in use" in text_of(soup_of(response))
    assert pages()[0].get_latest_revision_as_object().title == "Mayors' summit"


@pytest.mark.django_db
def test_a_published_page_is_not_taken_over(editor_client, add_url):
    autosave(editor_client, add_url)
    [page] = pages()
    page.get_latest_revision().publish()
    response = editor_client.post(add_url, event_form(title="Another summit"))
    assert response.status_code == 200
    assert "already in use" in text_of(soup_of(response))


@pytest.mark.django_db
def test_the_message_is_in_the_editors_admin_language(editor_client, add_url):
    profile = UserProfile.get_for_user(editor_client.user)
    profile.preferred_language = ZH
    profile.save()
    autosave(editor_client, add_url)
    response = editor_client.post(add_url, event_form())
    assert response.status_code == 302
    assert "此页面已自动保存为草稿：您的修改已保存到该草稿中，没有再次创建页面。" in messages_of(response)


@pytest.mark.django_db
def test_the_preview_of_the_new_page_does_not_clash_with_its_own_autosaved_draft(editor_client, add_url):
    """The preview may still POST to the new page's preview URL after the first autosave made the page."""
    autosave(editor_client, add_url)
    preview_url = add_url + "preview/"
    data = editor_client.post(preview_url, event_form(title="Mayors' summit, previewed")).json()
    assert (data["is_valid"], data.get("errors")) == (True, None)
    response = editor_client.get(preview_url)
    assert text_of(soup_of(response).find("h1")) == "Mayors' summit, previewed"
    assert len(pages()) == 1


@pytest.mark.django_db
def test_the_preview_of_a_new_page_still_names_a_real_slug_clash(editor_client, add_url, django_user_model):
    colleague = django_user_model.objects.create_user("colleague", "c@example.org", "pw")
    colleague.groups.add(Group.objects.get(name="Editors"))
    other = Client()
    other.force_login(colleague)
    autosave(other, add_url)  # the colleague's draft, not this editor's
    data = editor_client.post(add_url + "preview/", event_form()).json()
    assert data["is_valid"] is False
    assert [error["text"] for error in data["errors"]] == [
        "Slug: The slug 'mayors-summit' is already in use within the parent page."
    ]


# ---------------------------------------------------------------------------------------- inline rows


@pytest.fixture
def news_add_url(get_page):
    return f"/admin/pages/add/news/newspage/{get_page(NewsIndexPage, EN, '/news/').pk}/"


@pytest.fixture
def two_cities(en_locale):
    return list(City.objects.filter(locale=en_locale, live=True).order_by("slug")[:2])


def rows_form(countries=(), cities=(), comments=(), **fields):
    """The news page create form with these related countries (keys), cities (City) and comments (texts)."""
    return news_form(
        related_countries=inline_formset([{"country": key} for key in countries]),
        related_cities=inline_formset([{"city": str(city.pk)} for city in cities]),
        comments=inline_formset(
            [{"text": text, "contentpath": "title", "position": "", "replies": inline_formset([])} for text in comments]
        ),
        **fields,
    )


def saved_rows():
    """``(countries, city pks, comment texts)`` of the latest revision of the news page the form made."""
    [page] = NewsPage.objects.filter(locale__language_code=EN, slug="a-roles-news")
    draft = page.get_latest_revision_as_object()
    return (
        [row.country for row in draft.related_countries.all()],
        [row.city_id for row in draft.related_cities.all()],
        [comment.text for comment in page.wagtail_admin_comments.all()],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 2])
def test_the_explicit_save_keeps_the_autosaved_inline_rows_once(editor_client, news_add_url, two_cities, count):
    countries, cities = ["china", "indonesia"][:count], two_cities[:count]
    response = editor_client.post(news_add_url, rows_form(countries, cities), headers=AUTOSAVE)
    assert response.status_code == 200 and response.json()["success"], response.content
    assert saved_rows()[:2] == (countries, [city.pk for city in cities])

    response = editor_client.post(news_add_url, rows_form(countries, cities))
    assert response.status_code == 302, response.content
    assert saved_rows()[:2] == (countries, [city.pk for city in cities])


@pytest.mark.django_db
@pytest.mark.parametrize("kept", [["indonesia"], []])
def test_rows_removed_after_the_autosave_are_removed_by_the_explicit_save(
    editor_client, news_add_url, two_cities, kept
):
    response = editor_client.post(news_add_url, rows_form(["china", "indonesia"], two_cities), headers=AUTOSAVE)
    assert response.json()["success"], response.content
    cities = two_cities[1:] if kept else []

    response = editor_client.post(news_add_url, rows_form(kept, cities))
    assert response.status_code == 302, response.content
    assert saved_rows()[:2] == (kept, [city.pk for city in cities])


@pytest.mark.django_db
def test_a_second_autosave_and_the_explicit_save_keep_each_row_and_comment_once(
    editor_client, news_add_url, two_cities
):
    """The autosave repeats (the form had not switched), then the explicit save adds a row and a comment."""
    for _autosave in range(2):
        form = rows_form(["china"], two_cities[:1], comments=["Check the date"])
        assert editor_client.post(news_add_url, form, headers=AUTOSAVE).json()["success"]
    assert saved_rows() == (["china"], [two_cities[0].pk], ["Check the date"])

    form = rows_form(["china", "indonesia"], two_cities, comments=["Check the date", "And the intro"])
    response = editor_client.post(news_add_url, form)
    assert response.status_code == 302, response.content
    assert saved_rows() == (
        ["china", "indonesia"],
        [city.pk for city in two_cities],
        ["Check the date", "And the intro"],
    )
