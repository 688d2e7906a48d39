"""What the portal's replacements of wagtail-localize's views keep from upstream (``portal.translations.overrides``).

Through the admin's real views, as a member of "Editors": the translation mode setting, "Include
subtree" through wagtail-localize's job backend, an alias converted into a translation, the ``next``
URL, and the view restrictions that *Sync translated pages* copies even to translations it does not
publish. (docs/upstream-overrides.md)
"""

import pytest
from django.contrib.messages import get_messages
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction
from wagtail_localize import tasks
from wagtail_localize.models import Translation, TranslationSource

from home.models import HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage
from tests.utils import submit_page_for_translation, translate_missing_strings


def _translation(english, locale):
    return Translation.objects.get(source=TranslationSource.objects.get_for_instance(english), target_locale=locale)


@pytest.mark.django_db
def test_a_submitted_page_is_a_synced_translation_by_default(editor_client, new_english_news, zh_locale):
    response = submit_page_for_translation(editor_client, new_english_news, zh_locale)
    assert response.status_code == 302
    assert _translation(new_english_news, zh_locale).enabled
    assert not new_english_news.get_translation(zh_locale).live


@pytest.mark.django_db
@override_settings(WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE="simple")
def test_the_simple_translation_mode_setting_makes_a_manual_translation(editor_client, new_english_news, zh_locale):
    response = submit_page_for_translation(editor_client, new_english_news, zh_locale)
    assert response.status_code == 302
    assert not _translation(new_english_news, zh_locale).enabled  # edited in Wagtail's editor, not wagtail-localize's
    chinese = new_english_news.get_translation(zh_locale)
    assert not chinese.live  # still a draft


@pytest.mark.django_db
def test_a_models_translation_mode_wins_over_the_setting(editor_client, new_english_news, zh_locale, monkeypatch):
    monkeypatch.setattr(NewsPage, "localize_default_translation_mode", "simple", raising=False)
    submit_page_for_translation(editor_client, new_english_news, zh_locale)
    assert not _translation(new_english_news, zh_locale).enabled


@pytest.fixture
def english_section(en_locale):
    """A live English StandardPage with a live child and grandchild, never submitted for translation."""
    home = HomePage.objects.get(locale=en_locale)
    parent = home.add_child(instance=StandardPage(title="Section", slug="section", locale=en_locale))
    child = parent.add_child(instance=StandardPage(title="Child", slug="child", locale=en_locale))
    grandchild = child.add_child(instance=StandardPage(title="Grandchild", slug="grandchild", locale=en_locale))
    for page in (parent, child, grandchild):
        page.save_revision().publish()
    return parent, child, grandchild


class RecordingBackend(tasks.BaseJobBackend):
    """A wagtail-localize job backend that records what is enqueued, then runs it."""

    def __init__(self):
        super().__init__({})
        self.jobs = []

    def enqueue(self, func, args, kwargs):
        self.jobs.append(func)
        func(*args, **kwargs)


@pytest.mark.django_db
def test_include_subtree_makes_drafts_of_every_page_below_through_the_job_backend(
    editor_client, english_section, zh_locale, monkeypatch
):
    backend = RecordingBackend()
    monkeypatch.setattr(tasks, "background", backend)
    parent, child, grandchild = english_section
    response = submit_page_for_translation(editor_client, parent, zh_locale, include_subtree="on")
    assert response.status_code == 302
    assert [job.__qualname__ for job in backend.jobs] == ["translate_subtree_as_drafts"]
    for page in (parent, child, grandchild):
        chinese = page.get_translation(zh_locale)
        assert not chinese.live
        assert _translation(page, zh_locale).enabled
    assert grandchild.get_translation(zh_locale).get_parent().pk == child.get_translation(zh_locale).pk


@pytest.mark.django_db
def test_without_include_subtree_only_the_page_is_translated(editor_client, english_section, zh_locale):
    parent, child, _grandchild = english_section
    submit_page_for_translation(editor_client, parent, zh_locale)
    assert parent.get_translation_or_none(zh_locale) is not None
    assert child.get_translation_or_none(zh_locale) is None


@pytest.mark.django_db
def test_an_alias_in_the_target_locale_is_converted_into_a_draft_translation(
    editor_client, new_english_news, zh_locale
):
    # As wagtail-localize's locale synchronisation (synctree) makes it.
    alias = new_english_news.copy_for_translation(zh_locale, copy_parents=True, alias=True)
    assert alias.alias_of_id == new_english_news.pk
    assert alias.get_parent().pk == NewsIndexPage.objects.get(locale=zh_locale).pk
    response = submit_page_for_translation(editor_client, new_english_news, zh_locale)
    assert response.status_code == 302
    # Upstream lands on the translation's edit view; an editor, who may not open it, stays on the English page.
    assert response.url == f"/admin/pages/{new_english_news.pk}/edit/"
    alias.refresh_from_db()
    assert alias.alias_of_id is None
    # Complete or nothing: the converted page shows the English text until a translator publishes it.
    assert not alias.live
    assert editor_client.get(alias.url).status_code == 404
    assert _translation(new_english_news, zh_locale).enabled


@pytest.mark.django_db
def test_submitting_redirects_to_next_when_given(editor_client, new_english_news, zh_locale):
    next_url = f"/admin/pages/{new_english_news.pk}/"
    response = editor_client.post(
        f"/admin/localize/submit/page/{new_english_news.pk}/?next={next_url}", {"locales": [zh_locale.pk]}
    )
    assert response.status_code == 302
    assert response.url == next_url
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("was submitted for translation into Chinese (Simplified)" in message for message in messages), messages


@pytest.mark.django_db
def test_sync_with_publish_copies_view_restrictions_to_a_translation_it_does_not_publish(
    editor_client, translator_client, new_english_news, zh_locale, client, django_capture_on_commit_callbacks
):
    submit_page_for_translation(editor_client, new_english_news, zh_locale)
    translate_missing_strings(new_english_news, zh_locale)
    chinese = new_english_news.get_translation(zh_locale)
    with django_capture_on_commit_callbacks(execute=True):
        translator_client.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"})
    chinese.refresh_from_db()
    assert chinese.live
    assert "译：" in client.get(chinese.url).content.decode()

    english = Page.objects.get(pk=new_english_news.pk).specific
    english.intro = "A new sentence nobody has translated."
    english.save_revision().publish()
    PageViewRestriction.objects.create(page=english, restriction_type=PageViewRestriction.PASSWORD, password="x")
    source = TranslationSource.objects.get_for_instance(english)

    response = editor_client.post(f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"})
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Not published in" in message for message in messages), messages
    chinese.refresh_from_db()
    assert chinese.view_restrictions.filter(restriction_type=PageViewRestriction.PASSWORD).exists()
    assert "译：" not in client.get(chinese.url).content.decode()  # behind the password now
