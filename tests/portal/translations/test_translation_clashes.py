"""Unique values (slugs) that clash are form errors naming the field, never a 500, and change nothing.

Through the admin's real views, as a member of "Editors" (English source) or "Chinese translators", each with the
admin in English and in Chinese (``UserProfile.preferred_language``): creating, editing and copying snippets and
pages; submitting a snippet or page for translation whose Chinese copy would clash; publishing a translation from
the translation editor whose synchronised slug another Chinese object has. Rules: ``portal.translations.clashes``.
"""

import pytest
from django.contrib.messages import get_messages
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation, TranslationSource

from components.models import City
from news.models import NewsCategory, NewsIndexPage, NewsPage
from portal.translations.clashes import locale_unique_fields, synchronised_field_names
from portal.translations.roles import translatable_snippet_models
from portal.translations.rules import publish_if_complete
from tests.components.factories import CityFactory
from tests.factories import translated_pair
from tests.news.factories import NewsCategoryFactory, NewsPageFactory
from tests.utils import EN, ZH, has_cjk, page_text, submit_page_for_translation, translate_missing_strings

#: The clash message as each admin language words it (the rule's own wording, written out here).
CLASH = {
    EN: "{field} “{value}” is already used by the {model} “{object}” in {locale}.",
    ZH: "{model}“{object}”（{locale}）已在使用{field}“{value}”。",
}
SLUG = {EN: "Slug", ZH: "网址标识"}
MODEL = {
    EN: {"news category": "news category", "city": "city", "news page": "news page"},
    ZH: {"news category": "新闻类别", "city": "城市", "news page": "新闻页面"},
}
#: Each content language as each admin language names it.
LOCALE_NAME = {EN: {EN: "English", ZH: "Chinese (Simplified)"}, ZH: {EN: "英语", ZH: "简体中文"}}
NOT_TRANSLATED = {
    EN: "“{object}” cannot be translated into Chinese (Simplified): {reason} Nothing was changed.",
    ZH: "“{object}”无法翻译为简体中文：{reason}未作任何更改。",
}
NOT_PUBLISHED = {EN: "Not published: {reason}", ZH: "未发布：{reason}"}
NOT_PUBLISHED_IN = {EN: "Not published in {locale}: {reason}", ZH: "未在{locale}发布：{reason}"}
STRINGS_MISSING = {EN: "some strings still need a translation", ZH: "仍有字符串需要翻译"}
#: Wagtail's own error for a page's slug that a sibling has (translated in the portal's catalog).
SIBLING_SLUG = {
    EN: "The slug '{slug}' is already in use within the parent page.",
    ZH: "网址标识“{slug}”已被同一父页面下的另一页面使用。",
}


def clash_message(language, model, other, value, locale):
    return CLASH[language].format(
        field=SLUG[language],
        value=value,
        model=MODEL[language][model],
        object=other,
        locale=LOCALE_NAME[language][locale],
    )


def in_language(client, language):
    profile = UserProfile.get_for_user(client.user)
    profile.preferred_language = language
    profile.save()
    return client


@pytest.fixture(params=[EN, ZH])
def language(request):
    return request.param


@pytest.fixture
def editor(editor_client, language):
    """The Editors' client, with the admin in ``language``."""
    return in_language(editor_client, language)


@pytest.fixture
def translator(translator_client, language):
    """The Chinese translators' client, with the admin in ``language``."""
    return in_language(translator_client, language)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def field_errors(response, field):
    assert response.status_code == 200, response.status_code
    return [str(error) for error in response.context["form"].errors.get(field, [])]


def assert_shown(response, message):
    """The message is on the page the user sees (under its field, or as an error message)."""
    assert message in page_text(response)


# ---------------------------------------------------------------------------- snippets: form data


def category_form(category=None, **fields):
    return {"name": getattr(category, "name", "A new category"), "slug": getattr(category, "slug", ""), **fields}


def city_form(city=None, **fields):
    data = {
        "name": getattr(city, "name", "A new city"),
        "slug": getattr(city, "slug", ""),
        "country": getattr(city, "country", "china"),
        "member_state": "",
        "generation": "",
        "population": "",
        "area_km2": "",
        "mayor": "",
        "profile": getattr(city, "profile", "A city of the programme."),
        "image": "",
    }
    return {**data, **fields}


SNIPPETS = {
    "news category": (NewsCategory, NewsCategoryFactory, category_form, "news/newscategory"),
    "city": (City, CityFactory, city_form, "components/city"),
}


@pytest.fixture(params=sorted(SNIPPETS))
def snippet(request):
    """``(verbose name, model, factory, form data builder, admin URL prefix)`` of a snippet with a unique slug."""
    return (request.param, *SNIPPETS[request.param])


# ---------------------------------------------------------------------------- snippets: create, edit, copy


@pytest.mark.django_db
def test_creating_a_snippet_with_a_slug_in_use_is_a_form_error(editor, language, snippet, en_locale):
    name, model, factory, form, url = snippet
    existing = factory()
    count = model.objects.count()
    response = editor.post(f"/admin/snippets/{url}/add/?locale=en", form(slug=existing.slug, **{"action-publish": "1"}))
    message = clash_message(language, name, existing, existing.slug, EN)
    assert field_errors(response, "slug") == [message]
    assert_shown(response, message)
    assert model.objects.count() == count


@pytest.mark.django_db
def test_editing_a_snippet_to_a_slug_in_use_is_a_form_error(editor, language, snippet):
    name, _model, factory, form, url = snippet
    existing, edited = factory(), factory()
    revisions = edited.revisions.count()
    response = editor.post(
        f"/admin/snippets/{url}/edit/{edited.pk}/", form(edited, slug=existing.slug, **{"action-publish": "1"})
    )
    message = clash_message(language, name, existing, existing.slug, EN)
    assert field_errors(response, "slug") == [message]
    assert_shown(response, message)
    edited.refresh_from_db()
    assert edited.slug != existing.slug
    assert edited.revisions.count() == revisions


@pytest.mark.django_db
def test_copying_a_snippet_without_changing_its_slug_is_a_form_error(editor, language, snippet):
    name, model, factory, form, url = snippet
    original = factory()
    count = model.objects.count()
    copy_view = editor.get(f"/admin/snippets/{url}/copy/{original.pk}/")
    assert copy_view.status_code == 200
    assert copy_view.context["form"].initial["slug"] == original.slug
    response = editor.post(copy_view.context["action_url"], form(original))  # the copy form posts to the add view
    message = clash_message(language, name, original, original.slug, EN)
    assert field_errors(response, "slug") == [message]
    assert model.objects.count() == count


@pytest.mark.django_db
def test_a_new_snippet_may_have_the_slug_of_a_snippet_in_the_other_language(editor, snippet, zh_locale):
    _name, model, factory, form, url = snippet
    chinese_only = factory(locale=zh_locale)
    response = editor.post(f"/admin/snippets/{url}/add/?locale=en", form(slug=chinese_only.slug))
    assert response.status_code == 302
    assert model.objects.filter(slug=chinese_only.slug).count() == 2


@pytest.mark.django_db
def test_an_english_slug_another_chinese_snippet_has_is_refused_when_the_snippet_is_translated(
    editor, language, snippet, zh_locale
):
    name, _model, factory, form, url = snippet
    english, chinese = translated_pair(factory)
    chinese_only = factory(locale=zh_locale)
    response = editor.post(
        f"/admin/snippets/{url}/edit/{english.pk}/", form(english, slug=chinese_only.slug, **{"action-publish": "1"})
    )
    message = clash_message(language, name, chinese_only, chinese_only.slug, ZH)
    assert field_errors(response, "slug") == [message]
    assert_shown(response, message)
    english.refresh_from_db()
    chinese.refresh_from_db()
    assert english.slug == chinese.slug != chinese_only.slug


@pytest.mark.django_db
def test_a_translator_editing_a_manual_chinese_snippet_gets_the_error_in_their_language(
    translator, language, snippet, zh_locale
):
    name, _model, factory, form, url = snippet
    english, chinese = translated_pair(factory)
    Translation.objects.filter(source__object_id=english.translation_key).update(enabled=False)  # manual editing
    other = factory(locale=zh_locale, name="另一个")
    response = translator.post(f"/admin/snippets/{url}/edit/{chinese.pk}/", form(chinese, slug=other.slug))
    message = clash_message(language, name, other, other.slug, ZH)
    assert field_errors(response, "slug") == [message]
    chinese.refresh_from_db()
    assert chinese.slug == english.slug


# ---------------------------------------------------------------------------- snippets: translate


@pytest.mark.django_db
def test_submitting_a_snippet_whose_chinese_copy_would_clash_is_a_form_error(editor, language, snippet, zh_locale):
    name, model, factory, _form, url = snippet
    english = factory()
    chinese_only = factory(locale=zh_locale, slug=english.slug, name="孤儿")
    counts = (model.objects.count(), Translation.objects.count(), TranslationSource.objects.count())
    response = editor.post(f"/admin/localize/submit/snippet/{url}/{english.pk}/", {"locales": [zh_locale.pk]})
    reason = clash_message(language, name, chinese_only, english.slug, ZH)
    message = NOT_TRANSLATED[language].format(object=english, reason=reason)
    assert field_errors(response, "locales") == [message]
    assert message in messages_of(response)
    assert_shown(response, message)
    assert (model.objects.count(), Translation.objects.count(), TranslationSource.objects.count()) == counts
    assert english.get_translation_or_none(zh_locale) is None


@pytest.mark.django_db
def test_submitting_a_page_whose_category_would_clash_in_chinese_changes_nothing(editor, language, zh_locale):
    category = NewsCategoryFactory()
    chinese_only = NewsCategoryFactory(locale=zh_locale, slug=category.slug, name="孤儿")
    page = NewsPageFactory(category=category)
    pages, translations = Page.objects.count(), Translation.objects.count()
    response = submit_page_for_translation(editor, page, zh_locale)
    reason = clash_message(language, "news category", chinese_only, category.slug, ZH)
    assert field_errors(response, "locales") == [NOT_TRANSLATED[language].format(object=category, reason=reason)]
    assert (Page.objects.count(), Translation.objects.count()) == (pages, translations)
    assert category.get_translation_or_none(zh_locale) is None


@pytest.mark.django_db
def test_publishing_a_snippet_translation_whose_slug_another_chinese_snippet_took_is_refused(
    editor_client, translator, language, snippet, zh_locale, django_capture_on_commit_callbacks
):
    name, _model, factory, form, url = snippet
    english = factory()
    submitted = editor_client.post(f"/admin/localize/submit/snippet/{url}/{english.pk}/", {"locales": [zh_locale.pk]})
    assert submitted.status_code == 302
    chinese = english.get_translation(zh_locale)
    translate_missing_strings(english, zh_locale)
    # The editor renames the English slug while the Chinese copy is a draft; then a Chinese snippet takes it.
    response = editor_client.post(
        f"/admin/snippets/{url}/edit/{english.pk}/", form(english, slug="renamed-in-english", **{"action-publish": "1"})
    )
    assert response.status_code == 302
    taker = factory(locale=zh_locale, slug="renamed-in-english", name="抢先")
    with django_capture_on_commit_callbacks(execute=True):
        response = translator.post(f"/admin/snippets/{url}/edit/{chinese.pk}/", {"action": "publish"})
    assert response.status_code == 302
    reason = clash_message(language, name, taker, "renamed-in-english", ZH)
    assert NOT_PUBLISHED[language].format(reason=reason) in messages_of(response)
    chinese.refresh_from_db()
    assert (chinese.live, chinese.slug) == (False, english.slug)


@pytest.mark.django_db
def test_publish_if_complete_leaves_a_clashing_translation_alone(zh_locale):
    english, chinese = translated_pair(NewsCategoryFactory)
    taker = NewsCategoryFactory(locale=zh_locale, name="抢先")
    NewsCategory.objects.filter(pk=english.pk).update(slug=taker.slug)  # written past the admin's validation
    source = TranslationSource.objects.get_for_instance(english)
    source.update_from_db()
    translation = Translation.objects.get(source=source, target_locale=zh_locale)
    revisions = Revision.objects.filter(object_id=str(chinese.pk), base_content_type__model="newscategory").count()
    assert publish_if_complete(translation) is None
    chinese.refresh_from_db()
    assert chinese.slug == english.slug != taker.slug
    assert Revision.objects.filter(object_id=str(chinese.pk), base_content_type__model="newscategory").count() == (
        revisions
    )


@pytest.mark.django_db
def test_sync_names_the_clash_that_holds_a_translation_back_not_missing_strings(editor, language, zh_locale):
    english, chinese = translated_pair(NewsCategoryFactory)
    taker = NewsCategoryFactory(locale=zh_locale, name="抢先")
    NewsCategory.objects.filter(pk=english.pk).update(slug=taker.slug)  # written past the admin's validation
    source = TranslationSource.objects.get_for_instance(english)

    response = editor.post(f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"})

    assert response.status_code == 302
    reason = clash_message(language, "news category", taker, taker.slug, ZH)
    warning = NOT_PUBLISHED_IN[language].format(locale=LOCALE_NAME[language][ZH], reason=reason)
    assert warning in messages_of(response)
    assert not any(STRINGS_MISSING[language] in message for message in messages_of(response))
    chinese.refresh_from_db()
    assert chinese.slug == english.slug != taker.slug


# ---------------------------------------------------------------------------- pages


def news_form(page=None, **fields):
    """The admin form data of a news page without body, category, image or related rows."""
    data = {
        "title": getattr(page, "title", "A new mission"),
        "slug": getattr(page, "slug", "a-new-mission"),
        "date": str(getattr(page, "date", "2020-05-04")),
        "category": "",
        "intro": getattr(page, "intro", "Delegates met."),
        "hero_image": "",
        "hero_image_alt": "",
        "body": streamfield([]),
        "related_cities": inline_formset([]),
        "related_countries": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "menu_title": "",
    }
    return nested_form_data({**data, **fields})


@pytest.mark.django_db
def test_creating_a_page_with_a_sibling_slug_is_a_form_error(editor, language, en_locale):
    existing = NewsPageFactory()
    index = NewsIndexPage.objects.get(locale=en_locale)
    count = Page.objects.count()
    response = editor.post(
        f"/admin/pages/add/news/newspage/{index.pk}/", news_form(slug=existing.slug, **{"action-publish": "1"})
    )
    message = SIBLING_SLUG[language].format(slug=existing.slug)
    assert field_errors(response, "slug") == [message]
    assert_shown(response, message)
    assert Page.objects.count() == count


@pytest.mark.django_db
def test_editing_a_page_to_a_sibling_slug_is_a_form_error(editor, language):
    existing, edited = NewsPageFactory(), NewsPageFactory()
    revisions = edited.revisions.count()
    response = editor.post(
        f"/admin/pages/{edited.pk}/edit/", news_form(edited, slug=existing.slug, **{"action-publish": "1"})
    )
    message = SIBLING_SLUG[language].format(slug=existing.slug)
    assert field_errors(response, "slug") == [message]
    assert_shown(response, message)
    edited.refresh_from_db()
    assert edited.slug != existing.slug
    assert edited.revisions.count() == revisions


@pytest.mark.django_db
def test_copying_a_page_to_a_sibling_slug_is_a_form_error(editor, language):
    existing, original = NewsPageFactory(), NewsPageFactory()
    count = Page.objects.count()
    response = editor.post(
        f"/admin/pages/{original.pk}/copy/",
        {"new_title": "Copy", "new_slug": existing.slug, "new_parent_page": original.get_parent().pk},
    )
    errors = field_errors(response, "new_slug")
    assert len(errors) == 1
    assert ("This slug is already in use" in errors[0]) == (language == EN)
    assert has_cjk(errors[0]) == (language == ZH)
    assert Page.objects.count() == count


@pytest.mark.django_db
def test_an_english_slug_a_sibling_of_the_chinese_page_has_is_a_form_error(editor, language, zh_locale):
    english, chinese = translated_pair(NewsPageFactory)
    chinese_only = NewsPageFactory(locale=zh_locale, title="只有中文")
    response = editor.post(
        f"/admin/pages/{english.pk}/edit/", news_form(english, slug=chinese_only.slug, **{"action-publish": "1"})
    )
    message = clash_message(language, "news page", "只有中文", chinese_only.slug, ZH)
    assert field_errors(response, "slug") == [message]
    assert_shown(response, message)
    english.refresh_from_db()
    chinese.refresh_from_db()
    assert english.slug == chinese.slug != chinese_only.slug


@pytest.mark.django_db
def test_submitting_a_page_whose_chinese_slug_is_taken_is_a_form_error(editor, language, zh_locale):
    english = NewsPageFactory(title="Clashing mission")
    NewsPageFactory(locale=zh_locale, slug=english.slug, title="只有中文")
    pages, translations = Page.objects.count(), Translation.objects.count()
    response = submit_page_for_translation(editor, english, zh_locale)
    reason = clash_message(language, "news page", "只有中文", english.slug, ZH)
    message = NOT_TRANSLATED[language].format(object="Clashing mission", reason=reason)
    assert field_errors(response, "locales") == [message]
    assert_shown(response, message)
    assert (Page.objects.count(), Translation.objects.count()) == (pages, translations)
    assert english.get_translation_or_none(zh_locale) is None
    assert not NewsPage.objects.filter(locale=zh_locale, slug__startswith=f"{english.slug}-").exists()


@pytest.mark.django_db
def test_publishing_a_page_translation_whose_slug_a_chinese_sibling_took_is_refused(
    editor_client, translator, language, zh_locale, django_capture_on_commit_callbacks
):
    english = NewsPageFactory()
    assert submit_page_for_translation(editor_client, english, zh_locale).status_code == 302
    chinese = english.get_translation(zh_locale)
    response = editor_client.post(
        f"/admin/pages/{english.pk}/edit/", news_form(english, slug="renamed-in-english", **{"action-publish": "1"})
    )
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.slug == "renamed-in-english"
    translate_missing_strings(english, zh_locale)
    NewsPageFactory(locale=zh_locale, slug="renamed-in-english", title="抢先")
    with django_capture_on_commit_callbacks(execute=True):
        response = translator.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    reason = clash_message(language, "news page", "抢先", "renamed-in-english", ZH)
    assert NOT_PUBLISHED[language].format(reason=reason) in messages_of(response)
    chinese.refresh_from_db()
    assert not chinese.live
    assert chinese.slug != "renamed-in-english"


# ---------------------------------------------------------------------------- every unique value is covered


@pytest.mark.django_db
def test_every_per_locale_unique_value_of_a_translatable_snippet_is_synchronised_or_the_translation_key():
    """The clash checks cover synchronised fields (copied into translations) and the translation key only."""
    for model in translatable_snippet_models():
        for fields in locale_unique_fields(model):
            assert set(fields) <= synchronised_field_names(model) | {"translation_key"}, (model, fields)
    assert locale_unique_fields(NewsCategory) == [("slug",), ("translation_key",)]
    assert locale_unique_fields(City) == [("slug",), ("translation_key",)]
