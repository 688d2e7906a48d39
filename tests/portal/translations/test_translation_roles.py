"""Translator roles: Chinese translators work on Chinese content only; Editors own the English source.

Every check goes through the admin with real requests, as a member of each group made by
``setup_roles`` (run once for the test session, after the content).
"""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation
from wagtail.snippets import models as snippet_models

from components.models import City, CityPairing
from news.models import NewsCategory, NewsPage
from portal.core.models import FooterText
from portal.translations.roles import CHINESE_TRANSLATORS, EDITORS, translatable_snippet_models
from tests.news.factories import NewsPageFactory
from tests.utils import admin_denied, translate_missing_strings


@pytest.fixture
def news(get_page, zh_locale):
    english = get_page(NewsPage, "en")
    return english, english.get_translation(zh_locale)


@pytest.fixture
def cities(en_locale, zh_locale):
    english = City.objects.filter(locale=en_locale).first()
    return english, english.get_translation(zh_locale)


@pytest.mark.django_db
def test_setup_roles_is_idempotent():
    before = {group.name: set(group.permissions.all()) for group in Group.objects.all()}
    call_command("setup_roles", verbosity=0)
    after = {group.name: set(group.permissions.all()) for group in Group.objects.all()}
    assert before == after
    assert {EDITORS, CHINESE_TRANSLATORS} <= set(after)


@pytest.mark.django_db
def test_translator_cannot_edit_or_publish_an_english_page(translator_client, news):
    english, _chinese = news
    assert admin_denied(translator_client.get(f"/admin/pages/{english.pk}/edit/"))
    title = english.title
    response = translator_client.post(f"/admin/pages/{english.pk}/edit/", {"title": "Hacked", "action-publish": "1"})
    assert admin_denied(response)
    english.refresh_from_db()
    assert english.title == title
    assert admin_denied(translator_client.post(f"/admin/pages/{english.pk}/unpublish/"))
    english.refresh_from_db()
    assert english.live


@pytest.mark.django_db
def test_translator_opens_a_chinese_page_in_the_translation_editor(translator_client, news):
    _english, chinese = news
    response = translator_client.get(f"/admin/pages/{chinese.pk}/edit/")
    assert response.status_code == 200
    assert b"w-editor" in response.content or b"translation-editor" in response.content.lower()


@pytest.mark.django_db
def test_translator_publishes_a_chinese_page(translator_client, news, zh_locale, django_capture_on_commit_callbacks):
    english, chinese = news
    english.intro = "A change the translator translates."
    english.save_revision().publish()
    translate_missing_strings(english, zh_locale, lambda text: "译者翻译的改动。")
    with django_capture_on_commit_callbacks(execute=True):
        response = translator_client.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    assert NewsPage.objects.get(pk=chinese.pk).intro == "译者翻译的改动。"


@pytest.mark.django_db
def test_translator_edits_chinese_snippets_not_english_ones(translator_client, cities):
    english, chinese = cities
    assert translator_client.get(f"/admin/snippets/components/city/edit/{chinese.pk}/").status_code == 200
    assert admin_denied(translator_client.get(f"/admin/snippets/components/city/edit/{english.pk}/"))
    name = english.name
    response = translator_client.post(f"/admin/snippets/components/city/edit/{english.pk}/", {"name": "Hacked"})
    assert admin_denied(response)
    english.refresh_from_db()
    assert english.name == name
    assert admin_denied(translator_client.post(f"/admin/snippets/components/city/delete/{chinese.pk}/"))
    assert City.objects.filter(pk=chinese.pk).exists()


@pytest.mark.django_db
def test_translator_cannot_submit_english_content_for_translation(translator_client, news, zh_locale):
    english, _chinese = news
    response = translator_client.get(f"/admin/localize/submit/page/{english.pk}/")
    assert admin_denied(response)


@pytest.mark.django_db
def test_editor_edits_english_pages_and_snippets(editor_client, news, cities):
    english_page, _chinese_page = news
    english_city, _chinese_city = cities
    assert editor_client.get(f"/admin/pages/{english_page.pk}/edit/").status_code == 200
    assert editor_client.get(f"/admin/snippets/components/city/edit/{english_city.pk}/").status_code == 200
    # Translated already: Translate has no language left to offer and sends the Editor back to the page.
    response = editor_client.get(f"/admin/localize/submit/page/{english_page.pk}/")
    assert (response.status_code, response["Location"]) == (302, f"/admin/pages/{english_page.pk}/edit/")
    untranslated = NewsPageFactory()
    assert editor_client.get(f"/admin/localize/submit/page/{untranslated.pk}/").status_code == 200


@pytest.mark.django_db
def test_editor_cannot_edit_chinese_pages_or_snippets(editor_client, news, cities):
    _english_page, chinese_page = news
    _english_city, chinese_city = cities
    assert admin_denied(editor_client.get(f"/admin/pages/{chinese_page.pk}/edit/"))
    assert admin_denied(editor_client.get(f"/admin/snippets/components/city/edit/{chinese_city.pk}/"))


@pytest.mark.django_db
def test_editor_cannot_create_or_copy_a_chinese_snippet(editor_client, cities):
    _english_city, chinese_city = cities
    cities_before = City.objects.count()
    url = "/admin/snippets/news/newscategory/add/?locale=zh-hans"
    assert admin_denied(editor_client.get(url))
    assert admin_denied(editor_client.post(url, {"name": "探针", "slug": "probe", "action-publish": "1"}))
    assert admin_denied(editor_client.get(f"/admin/snippets/components/city/copy/{chinese_city.pk}/"))
    assert not NewsCategory.objects.filter(slug="probe").exists()
    assert City.objects.count() == cities_before
    assert editor_client.get("/admin/snippets/news/newscategory/add/").status_code == 200  # English: allowed


@pytest.mark.django_db
def test_translator_cannot_create_an_english_snippet(translator_client, en_locale):
    url = "/admin/snippets/news/newscategory/add/?locale=en"
    assert admin_denied(translator_client.post(url, {"name": "Probe", "slug": "probe", "action-publish": "1"}))
    assert not NewsCategory.objects.filter(slug="probe").exists()


@pytest.mark.django_db
def test_snippet_listing_shows_each_role_only_what_it_may_edit(translator_client, editor_client, en_locale, zh_locale):
    from portal.translations.permissions import LocalePermissionPolicy

    policy = LocalePermissionPolicy(City)
    translator_cities = policy.instances_user_has_permission_for(translator_client.user, "change")
    editor_cities = policy.instances_user_has_permission_for(editor_client.user, "change")
    assert set(translator_cities.values_list("locale_id", flat=True)) == {zh_locale.pk}
    assert set(editor_cities.values_list("locale_id", flat=True)) == {en_locale.pk}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_translatable_snippets_come_in_one_order_whatever_the_language(language, monkeypatch):
    """Wagtail's snippet registry sorts by translated name; the report and the roles must not follow it."""
    with translation.override(language):
        resorted = sorted(snippet_models.get_snippet_models(), key=lambda model: str(model._meta.verbose_name))
    monkeypatch.setattr(snippet_models, "SNIPPET_MODELS", resorted)
    with translation.override(language):
        assert translatable_snippet_models() == [City, CityPairing, NewsCategory, FooterText]
