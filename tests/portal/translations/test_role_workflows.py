"""Every admin workflow as each role does it: Editors and Moderators in English, Chinese translators in Chinese.

Each test logs in as a new member of the group (never a superuser) whose admin language is English or
Chinese (Wagtail's ``UserProfile.preferred_language``), posts the admin's real forms, follows the
redirects and checks where the user lands (a page they may see), the message in their language and
the database. What a role may not do is refused with Wagtail's own refusal, in their language, and
changes nothing. The roles: docs/editors-and-translators.md, "Roles".
"""

import datetime
import json

import pytest
from django.utils import timezone
from wagtail.models import Locale, Page, WorkflowState
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage
from portal.translations.roles import CHINESE_TRANSLATORS, EDITORS, MODERATION_WORKFLOW, MODERATORS
from tests.components.factories import CityFactory
from tests.factories import translated_pair
from tests.home.factories import StandardPageFactory
from tests.news.factories import NewsPageFactory
from tests.utils import (
    EN,
    PERMISSION_DENIED,
    ZH,
    ZHT,
    admin_datetime,
    admin_messages,
    assert_lands_on_a_page_the_user_may_see,
    assert_refused,
    news_form,
    said,
    soup_of,
    submit_for_moderation,
    submit_page_for_translation,
    text_of,
    translate_missing_strings,
    workflow_action,
    workflow_state,
)
from tests.utils import edit_news as edit

#: The roles that work on the English tree, each with an English and a Chinese admin.
ENGLISH_ROLES = [(EDITORS, EN), (EDITORS, ZH), (MODERATORS, EN), (MODERATORS, ZH)]


@pytest.fixture(params=ENGLISH_ROLES, ids=lambda param: f"{param[0]}-{param[1]}")
def english_role(request, role_client):
    """A member of Editors or Moderators, with the admin in English or Chinese."""
    return role_client(*request.param)


@pytest.fixture(params=[EN, ZH])
def translator(request, role_client):
    """A member of Chinese translators, with the admin in English or Chinese."""
    return role_client(CHINESE_TRANSLATORS, request.param)


@pytest.fixture
def editor(role_client):
    return role_client(EDITORS)


@pytest.fixture
def moderator(role_client):
    return role_client(MODERATORS)


def explore_path(page):
    return f"/admin/pages/{page.pk}/"


# ---------------------------------------------------------------------------- Editors and Moderators: English pages


@pytest.mark.django_db
def test_create_a_page(english_role, get_page):
    index = get_page(NewsIndexPage, EN, "/news/")
    assert english_role.get(f"/admin/pages/add/news/newspage/{index.pk}/").status_code == 200
    response = english_role.post(f"/admin/pages/add/news/newspage/{index.pk}/", news_form(), follow=True)
    page = NewsPage.objects.get(slug="a-roles-news")
    final, shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == f"/admin/pages/{page.pk}/edit/"
    assert shown == [said(english_role, "Page '%(page_title)s' created.", page_title="A role's news")]
    assert not page.live and page.locale.language_code == EN


@pytest.mark.django_db
def test_edit_a_page_and_save_a_draft(english_role):
    page = NewsPageFactory(title="Before the edit")
    response = edit(english_role, page, title="After the edit")
    final, shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == f"/admin/pages/{page.pk}/edit/"
    assert shown == [said(english_role, "Page '%(page_title)s' has been updated.", page_title="After the edit")]
    page.refresh_from_db()
    assert page.title == "Before the edit"  # live: the change waits in a draft
    assert page.get_latest_revision_as_object().title == "After the edit"


@pytest.mark.django_db
def test_preview_a_page(english_role):
    page = NewsPageFactory(title="Not previewed")
    url = f"/admin/pages/{page.pk}/edit/preview/"
    assert english_role.post(url, news_form(page, title="Previewed by a role")).json()["is_valid"]
    response = english_role.get(url)
    assert response.status_code == 200
    assert text_of(soup_of(response).h1) == "Previewed by a role"


@pytest.mark.django_db
def test_submit_a_page_for_moderation(english_role, get_page):
    page = NewsPageFactory(title="Live title")
    response = submit_for_moderation(english_role, page, title="Title for approval")
    final, shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == explore_path(get_page(NewsIndexPage, EN, "/news/"))
    assert (
        said(english_role, "Page '%(page_title)s' has been submitted for moderation.", page_title="Title for approval")
        in shown
    )
    state = workflow_state(page)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == MODERATION_WORKFLOW
    page.refresh_from_db()
    assert page.title == "Live title"  # nothing published until a moderator approves


@pytest.mark.django_db
def test_publish_a_page(english_role, get_page):
    page = NewsPageFactory(title="Old title")
    response = edit(english_role, page, title="Published title", **{"action-publish": "1"})
    final, shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == explore_path(get_page(NewsIndexPage, EN, "/news/"))
    assert shown == [said(english_role, "Page '%(page_title)s' has been published.", page_title="Published title")]
    page.refresh_from_db()
    assert page.live and page.title == "Published title"


@pytest.mark.django_db
def test_schedule_a_page(english_role, get_page):
    page = NewsPageFactory(title="Live now")
    go_live = admin_datetime(timezone.now() + datetime.timedelta(days=3))
    response = edit(english_role, page, title="Live in three days", go_live_at=go_live, **{"action-publish": "1"})
    final, shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == explore_path(get_page(NewsIndexPage, EN, "/news/"))
    assert shown == [
        said(
            english_role,
            "Page '%(page_title)s' is live and this version has been scheduled for publishing.",
            page_title="Live in three days",
        )
    ]
    page.refresh_from_db()
    assert page.title == "Live now"
    assert page.revisions.filter(approved_go_live_at__isnull=False).count() == 1


@pytest.mark.django_db
def test_unpublish_a_page(english_role, get_page):
    page = NewsPageFactory(title="To unpublish")
    response = english_role.post(f"/admin/pages/{page.pk}/unpublish/", follow=True)
    final, shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == explore_path(get_page(NewsIndexPage, EN, "/news/"))
    assert shown == [said(english_role, "Page '%(page_title)s' unpublished.", page_title="To unpublish")]
    page.refresh_from_db()
    assert not page.live


@pytest.mark.django_db
def test_unpublish_a_translated_page_and_its_translation_follows(english_role, get_page, client):
    english, chinese = translated_pair(NewsPageFactory, title="Translated, to unpublish")
    traditional = chinese.get_translation(Locale.objects.get(language_code=ZHT))  # converted when zh-hans published
    assert client.get(chinese.url).status_code == 200 and client.get(traditional.url).status_code == 200
    confirm = english_role.get(f"/admin/pages/{english.pk}/unpublish/")
    assert confirm.status_code == 200 and confirm.context["translation_count"] == 2
    response = english_role.post(f"/admin/pages/{english.pk}/unpublish/", follow=True)
    final, shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == explore_path(get_page(NewsIndexPage, EN, "/news/"))
    assert shown == [said(english_role, "Page '%(page_title)s' unpublished.", page_title="Translated, to unpublish")]
    assert not Page.objects.get(pk=english.pk).live
    assert not Page.objects.get(pk=chinese.pk).live and not Page.objects.get(pk=traditional.pk).live
    assert client.get(chinese.url).status_code == 404 and client.get(traditional.url).status_code == 404


@pytest.mark.django_db
def test_move_a_page(english_role):
    page = StandardPageFactory(title="To move")
    destination = StandardPageFactory(title="New parent")
    assert english_role.get(f"/admin/pages/{page.pk}/move/").status_code == 200
    response = english_role.post(f"/admin/pages/{page.pk}/move/{destination.pk}/confirm/", follow=True)
    final, shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == explore_path(destination)
    assert shown == [said(english_role, "Page '%(page_title)s' moved.", page_title="To move")]
    assert Page.objects.get(pk=page.pk).get_parent().pk == destination.pk


@pytest.mark.django_db
def test_move_a_translated_page_and_its_translation_follows(english_role, zh_locale):
    english, chinese = translated_pair(StandardPageFactory, title="Translated, to move")
    destination, chinese_destination = translated_pair(StandardPageFactory, title="Translated new parent")
    response = english_role.post(f"/admin/pages/{english.pk}/move/{destination.pk}/confirm/", follow=True)
    final, shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == explore_path(destination)
    assert shown == [said(english_role, "Page '%(page_title)s' moved.", page_title="Translated, to move")]
    assert Page.objects.get(pk=english.pk).get_parent().pk == destination.pk
    assert Page.objects.get(pk=chinese.pk).get_parent().pk == chinese_destination.pk
    assert Page.objects.get(pk=chinese.pk).url_path.startswith(chinese_destination.url_path)


@pytest.mark.django_db
def test_moving_a_translated_page_under_an_untranslated_one_is_refused(english_role, zh_locale):
    english, chinese = translated_pair(StandardPageFactory, title="Translated, not to move")
    chinese_parent = chinese.get_parent().pk
    destination = StandardPageFactory(title="Only in English")
    response = english_role.post(f"/admin/pages/{english.pk}/move/{destination.pk}/confirm/", follow=True)
    final, shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == f"/admin/pages/{english.pk}/move/"
    assert shown == [
        said(
            english_role,
            "“%(destination)s” has no translation in %(locales)s to move the translations of this page under.",
            destination="Only in English",
            locales="Chinese (Simplified)" if english_role.language == EN else "简体中文",
        )
    ]
    assert Page.objects.get(pk=english.pk).get_parent().pk != destination.pk
    assert Page.objects.get(pk=chinese.pk).get_parent().pk == chinese_parent


@pytest.mark.django_db
def test_delete_a_page(english_role, get_page):
    page = NewsPageFactory(title="To delete")
    assert english_role.get(f"/admin/pages/{page.pk}/delete/").status_code == 200
    response = english_role.post(f"/admin/pages/{page.pk}/delete/", follow=True)
    final, shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == explore_path(get_page(NewsIndexPage, EN, "/news/"))
    assert shown == [said(english_role, "Page '%(page_title)s' deleted.", page_title="To delete")]
    assert not Page.objects.filter(pk=page.pk).exists()


# ---------------------------------------------------------------------------- approving and rejecting


@pytest.fixture
def submitted(editor):
    """A live English news page whose new title an Editor submitted to the Moderators."""
    page = NewsPageFactory(title="Live title")
    submit_for_moderation(editor, page, title="Submitted title")
    assert workflow_state(page).status == WorkflowState.STATUS_IN_PROGRESS
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("language", [EN, ZH])
def test_a_moderator_sees_the_submission_and_approves_it(role_client, submitted, get_page, language):
    moderator = role_client(MODERATORS, language)
    dashboard = moderator.get("/admin/")
    assert "Submitted title" in dashboard.content.decode()
    assert moderator.get(f"/admin/pages/{submitted.pk}/edit/").status_code == 200
    response = workflow_action(moderator, submitted, "approve")
    final, shown = assert_lands_on_a_page_the_user_may_see(response, moderator)
    assert final == explore_path(get_page(NewsIndexPage, EN, "/news/"))
    assert shown == [said(moderator, "Page '%(page_title)s' has been updated.", page_title="Submitted title")]
    submitted.refresh_from_db()
    assert submitted.live and submitted.title == "Submitted title"
    assert workflow_state(submitted).status == WorkflowState.STATUS_APPROVED


@pytest.mark.django_db
def test_a_moderator_approves_from_the_dashboard(moderator, submitted):
    """The dashboard's *Approve* button: Wagtail's workflow action view, answered as JSON to its dialog."""
    task_state = workflow_state(submitted).current_task_state
    response = moderator.post(
        f"/admin/pages/workflow/action/{submitted.pk}/approve/{task_state.pk}/?next=/admin/",
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert json.loads(response.content) == {"step": "success", "redirect": "/admin/"}
    submitted.refresh_from_db()
    assert submitted.live and submitted.title == "Submitted title"


@pytest.mark.django_db
@pytest.mark.parametrize("language", [EN, ZH])
def test_a_moderator_asks_for_changes_and_the_editor_reads_the_comment(role_client, editor, submitted, language):
    moderator = role_client(MODERATORS, language)
    response = workflow_action(moderator, submitted, "reject", comment="Please name the Chinese partner city.")
    final, shown = assert_lands_on_a_page_the_user_may_see(response, moderator)
    assert final == explore_path(submitted.get_parent())
    assert shown == [said(moderator, "Page '%(page_title)s' has been updated.", page_title="Submitted title")]
    state = workflow_state(submitted)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    submitted.refresh_from_db()
    assert submitted.title == "Live title"

    # The submitter reads the comment on the page's editor, in its history and in the workflow's history...
    for url in (
        f"/admin/pages/{submitted.pk}/edit/",
        f"/admin/pages/{submitted.pk}/history/",
        f"/admin/pages/{submitted.pk}/workflow_history/detail/{state.pk}/",
    ):
        response = editor.get(url)
        assert response.status_code == 200, url
        assert "Please name the Chinese partner city." in response.content.decode(), url
    # ... may edit the page again, and submits it anew.
    response = submit_for_moderation(editor, submitted, title="Submitted again")
    assert_lands_on_a_page_the_user_may_see(response, editor)
    assert workflow_state(submitted).status == WorkflowState.STATUS_IN_PROGRESS


@pytest.mark.django_db
@pytest.mark.parametrize("language", [EN, ZH])
def test_an_editor_may_not_approve_or_reject(role_client, submitted, language):
    editor = role_client(EDITORS, language)
    edit_page = editor.get(f"/admin/pages/{submitted.pk}/edit/")
    assert edit_page.status_code == 200
    assert 'name="workflow-action-name"' not in edit_page.content.decode()
    task_state = workflow_state(submitted).current_task_state
    response = editor.post(
        f"/admin/pages/workflow/action/{submitted.pk}/approve/{task_state.pk}/", {"comment": ""}, follow=True
    )
    assert_refused(response, editor)
    assert workflow_state(submitted).status == WorkflowState.STATUS_IN_PROGRESS
    submitted.refresh_from_db()
    assert submitted.title == "Live title"


@pytest.mark.django_db
@pytest.mark.parametrize("language", [EN, ZH])
def test_a_page_awaiting_approval_is_locked_for_editors(role_client, submitted, language):
    editor = role_client(EDITORS, language)
    response = edit(editor, submitted, title="Changed during moderation", **{"action-publish": "1"})
    assert response.status_code == 200 and not response.redirect_chain
    assert said(editor, "The page could not be saved as it is locked.") in admin_messages(response)
    submitted.refresh_from_db()
    assert submitted.title == "Live title"
    assert submitted.get_latest_revision_as_object().title == "Submitted title"


@pytest.mark.django_db
def test_an_approved_submission_with_a_go_live_date_is_scheduled(editor, moderator):
    page = NewsPageFactory(title="Live title")
    go_live = admin_datetime(timezone.now() + datetime.timedelta(days=2))
    submit_for_moderation(editor, page, title="Scheduled title", go_live_at=go_live)
    response = workflow_action(moderator, page, "approve")
    assert_lands_on_a_page_the_user_may_see(response, moderator)
    page.refresh_from_db()
    assert page.title == "Live title"
    assert page.revisions.get(approved_go_live_at__isnull=False).as_object().title == "Scheduled title"


# ---------------------------------------------------------------------------- Translate, translate, sync (English side)


@pytest.mark.django_db
def test_the_translate_form_offers_the_only_language_preselected_in_the_users_language(english_role):
    page = NewsPageFactory(title="To translate")
    response = english_role.get(f"/admin/localize/submit/page/{page.pk}/")
    assert response.status_code == 200
    boxes = soup_of(response).select('input[name="locales"]')
    assert len(boxes) == 1
    assert boxes[0].has_attr("checked")
    label = text_of(soup_of(response).find("label", attrs={"for": boxes[0]["id"]}))
    assert label == ("Chinese (Simplified)" if english_role.language == EN else "简体中文")


@pytest.mark.django_db
def test_after_translate_the_user_stays_on_the_english_page(english_role, zh_locale):
    page = NewsPageFactory(title="Sent to the translators")
    response = english_role.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [zh_locale.pk]}, follow=True)
    final, shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == f"/admin/pages/{page.pk}/edit/"
    language = "Chinese (Simplified)" if english_role.language == EN else "简体中文"
    assert shown == [
        said(
            english_role,
            "“%(object)s” was submitted for translation into %(languages)s. The translation stays a draft "
            "until every string is translated and a translator publishes it.",
            object="Sent to the translators",
            languages=language,
        )
    ]
    chinese = page.get_translation(zh_locale)
    assert not chinese.live


@pytest.mark.django_db
def test_after_translating_a_snippet_the_user_stays_on_the_english_snippet(english_role, zh_locale):
    city = CityFactory(name="Newtown")
    response = english_role.post(
        f"/admin/localize/submit/snippet/components/city/{city.pk}/", {"locales": [zh_locale.pk]}, follow=True
    )
    final, _shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == f"/admin/snippets/components/city/edit/{city.pk}/"
    assert city.get_translation_or_none(zh_locale) is not None


@pytest.mark.django_db
def test_someone_who_also_translates_goes_on_to_the_translation(django_user_model, zh_locale):
    """A member of both groups may open the Chinese draft, so they land there, as wagtail-localize intends."""
    from django.contrib.auth.models import Group
    from django.test import Client

    user = django_user_model.objects.create_user("both-roles", "both@example.org", "pw")
    user.groups.add(*Group.objects.filter(name__in=[EDITORS, CHINESE_TRANSLATORS]))
    client = Client()
    client.force_login(user)
    client.language = EN
    page = NewsPageFactory(title="Translated by its editor")
    response = client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [zh_locale.pk]}, follow=True)
    final, _shown = assert_lands_on_a_page_the_user_may_see(response, client)
    assert final == f"/admin/pages/{page.get_translation(zh_locale).pk}/edit/"


@pytest.mark.django_db
def test_english_roles_may_not_translate(english_role, zh_locale):
    _english, chinese = translated_pair(NewsPageFactory)
    response = english_role.get(f"/admin/pages/{chinese.pk}/edit/", follow=True)
    assert_refused(response, english_role)
    translation = Translation.objects.get(source__object_id=chinese.translation_key, target_locale=zh_locale)
    segment = StringSegment.objects.filter(source=translation.source).first()
    response = english_role.put(
        f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
        "value=Hacked",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_sync_translated_pages(english_role, get_page):
    english, _chinese = translated_pair(NewsPageFactory, title="Synced news")
    source = TranslationSource.objects.get_for_instance(english)
    assert english_role.get(f"/admin/localize/update/{source.pk}/").status_code == 200
    response = english_role.post(f"/admin/localize/update/{source.pk}/", {}, follow=True)
    final, shown = assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert final == explore_path(get_page(NewsIndexPage, EN, "/news/"))
    assert shown == [said(english_role, "Successfully updated translations for '{object}'", object="Synced news")]


@pytest.mark.django_db
def test_sync_translated_pages_and_publish(english_role, zh_locale):
    english, chinese = translated_pair(NewsPageFactory, title="Synced news")
    NewsPage.objects.filter(pk=english.pk).update(date=datetime.date(2021, 1, 2))  # a synchronised field
    source = TranslationSource.objects.get_for_instance(english)
    response = english_role.post(f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"}, follow=True)
    assert_lands_on_a_page_the_user_may_see(response, english_role)
    assert NewsPage.objects.get(pk=chinese.pk).date == datetime.date(2021, 1, 2)


# ---------------------------------------------------------------------------- Chinese translators


@pytest.fixture
def chinese_news(zh_locale):
    """(English, Chinese) news pages; the English intro changed and published, its Chinese string untranslated."""
    english, chinese = translated_pair(NewsPageFactory, title="Translated news", intro="First intro.")
    english.intro = "A new intro to translate."
    english.save_revision().publish()
    return english, NewsPage.objects.get(pk=chinese.pk)


def put_translation(client, translation, segment, value):
    """PUT one string's translation, as the translation editor does."""
    return client.put(
        f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
        f"value={value}",
        content_type="application/x-www-form-urlencoded",
    )


@pytest.mark.django_db
def test_a_translator_translates_and_publishes(translator, chinese_news, zh_locale):
    english, chinese = chinese_news
    editor_page = translator.get(f"/admin/pages/{chinese.pk}/edit/")
    assert editor_page.status_code == 200
    translation = Translation.objects.get(source__object_id=english.translation_key, target_locale=zh_locale)
    segment = StringSegment.objects.get(source=translation.source, context__path="intro")
    assert put_translation(translator, translation, segment, "需要翻译的新简介。").status_code in (200, 201)

    preview = translator.get(f"/admin/localize/translate/{translation.pk}/preview/")
    assert preview.status_code == 200 and "需要翻译的新简介。" in preview.content.decode()

    response = translator.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"}, follow=True)
    final, shown = assert_lands_on_a_page_the_user_may_see(response, translator)
    assert final == f"/admin/pages/{chinese.pk}/edit/"
    assert shown == [
        said(translator, "Published '{object}' in {locale}.", object=chinese.title, locale=zh_locale.get_display_name())
    ]
    assert NewsPage.objects.get(pk=chinese.pk).intro == "需要翻译的新简介。"


@pytest.mark.django_db
def test_a_translator_cannot_publish_an_incomplete_translation(translator, chinese_news):
    _english, chinese = chinese_news
    response = translator.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"}, follow=True)
    final, shown = assert_lands_on_a_page_the_user_may_see(response, translator)
    assert final == f"/admin/pages/{chinese.pk}/edit/"
    assert shown == [said(translator, "Not published: %(count)d string still needs a translation.", count=1)]
    assert NewsPage.objects.get(pk=chinese.pk).intro == "译：First intro."


@pytest.mark.django_db
def test_a_translator_unpublishes_a_chinese_page(translator, zh_locale):
    english, chinese = translated_pair(NewsPageFactory, title="Chinese to unpublish")
    response = translator.post(f"/admin/pages/{chinese.pk}/unpublish/", follow=True)
    final, shown = assert_lands_on_a_page_the_user_may_see(response, translator)
    assert final == explore_path(NewsIndexPage.objects.get(locale=zh_locale))
    assert shown == [said(translator, "Page '%(page_title)s' unpublished.", page_title=chinese.title)]
    assert not Page.objects.get(pk=chinese.pk).live
    assert Page.objects.get(pk=english.pk).live


@pytest.mark.django_db
def test_a_translator_may_not_delete_a_chinese_page_on_its_own(translator, zh_locale):
    """wagtail-localize would discard the translated strings with the page: it goes with its English page."""
    english, chinese = translated_pair(NewsPageFactory, title="Chinese not to delete")
    index = NewsIndexPage.objects.get(locale=zh_locale)
    for response in (
        translator.get(f"/admin/pages/{chinese.pk}/delete/", follow=True),
        translator.post(f"/admin/pages/{chinese.pk}/delete/", follow=True),
    ):
        final, shown = assert_lands_on_a_page_the_user_may_see(response, translator)
        assert final == explore_path(index)
        assert shown == [
            said(
                translator,
                "Not deleted: “%(title)s” is a translation, deleted together with its %(language)s page. "
                "To take it offline, unpublish it.",
                title=chinese.title,
                language="English" if translator.language == EN else "英语",
            )
        ]
    assert Page.objects.filter(pk=chinese.pk, live=True).exists()
    assert Translation.objects.filter(source__object_id=english.translation_key, target_locale=zh_locale).exists()


@pytest.mark.django_db
def test_a_translator_may_not_bulk_delete_chinese_pages(translator, zh_locale):
    _english, chinese = translated_pair(NewsPageFactory, title="Chinese not to bulk delete")
    index = NewsIndexPage.objects.get(locale=zh_locale)
    url = f"/admin/bulk/wagtailcore/page/delete/?next=/admin/pages/{index.pk}/&childOf={index.pk}&id={chinese.pk}"
    response = translator.post(url, follow=True)
    _final, shown = assert_lands_on_a_page_the_user_may_see(response, translator)
    assert any(chinese.title in message for message in shown), shown
    assert Page.objects.filter(pk=chinese.pk).exists()


def bulk_publish(client, parent, *pages, include_descendants=False):
    ids = "".join(f"&id={page.pk}" for page in pages)
    url = f"/admin/bulk/wagtailcore/page/publish/?next=/admin/pages/{parent.pk}/&childOf={parent.pk}{ids}"
    return client.post(url, {"include_descendants": "on"} if include_descendants else {}, follow=True)


@pytest.mark.django_db
def test_a_translator_may_not_bulk_publish_an_incomplete_translation(translator, editor, zh_locale):
    english = NewsPageFactory(title="Not yet translated", intro="An intro nobody translated.")
    assert submit_page_for_translation(editor, english, zh_locale).status_code == 302
    chinese = english.get_translation(zh_locale)
    translate_missing_strings(english, zh_locale, lambda text: "译：" + text if text == english.title else None)
    index = NewsIndexPage.objects.get(locale=zh_locale)

    response = bulk_publish(translator, index, chinese)

    _final, shown = assert_lands_on_a_page_the_user_may_see(response, translator)
    chinese.refresh_from_db()
    refusal = said(translator, "Not published: %(count)d string still needs a translation.", count=1)
    title = chinese.get_admin_display_title()
    assert said(translator, "“%(title)s”: %(reason)s", title=title, reason=refusal) in shown, shown
    assert not chinese.live


@pytest.mark.django_db
def test_a_translator_may_not_bulk_publish_a_translation_below_an_english_page_not_live_yet(
    translator, editor, zh_locale
):
    english = NewsPageFactory(title="English awaiting approval")
    assert submit_page_for_translation(editor, english, zh_locale).status_code == 302
    translate_missing_strings(english, zh_locale)
    english.unpublish()
    chinese = english.get_translation(zh_locale)
    index = NewsIndexPage.objects.get(locale=zh_locale)

    response = bulk_publish(translator, index, chinese)

    _final, shown = assert_lands_on_a_page_the_user_may_see(response, translator)
    assert any(chinese.title in message for message in shown), shown
    chinese.refresh_from_db()
    assert not chinese.live


@pytest.mark.django_db
def test_a_translator_bulk_publishes_complete_translations_with_their_latest_strings(
    translator, editor, zh_locale, client
):
    pages = [NewsPageFactory(title=f"Bulk {number}", intro=f"Intro {number}.") for number in (1, 2)]
    for english in pages:
        assert submit_page_for_translation(editor, english, zh_locale).status_code == 302
        translate_missing_strings(english, zh_locale)
    chinese = [english.get_translation(zh_locale) for english in pages]
    index = NewsIndexPage.objects.get(locale=zh_locale)

    response = bulk_publish(translator, index, *chinese)

    _final, shown = assert_lands_on_a_page_the_user_may_see(response, translator)
    published = {EN: "2 pages have been published", ZH: "已发布 2 个页面"}[translator.language]
    assert published in shown, shown
    for page, english in zip(chinese, pages, strict=True):
        page.refresh_from_db()
        assert page.live
        html = client.get(page.url).content.decode()
        assert f"译：{english.intro}" in html, (page.specific.intro, page.get_latest_revision().content.get("intro"))


@pytest.mark.django_db
def test_a_translator_may_not_create_move_or_submit_chinese_pages(translator, zh_locale):
    index = NewsIndexPage.objects.get(locale=zh_locale)
    assert_refused(translator.get(f"/admin/pages/add/news/newspage/{index.pk}/", follow=True), translator)
    _english, chinese = translated_pair(StandardPageFactory, title="Chinese page not to move")
    destination = StandardPage.objects.filter(locale=zh_locale).exclude(pk=chinese.pk).first()
    response = translator.post(f"/admin/pages/{chinese.pk}/move/{destination.pk}/confirm/", follow=True)
    assert_refused(response, translator)
    assert Page.objects.get(pk=chinese.pk).get_parent().pk != destination.pk
    # No workflow on the Chinese tree: nothing to submit to, and the translation editor offers no such action.
    assert Page.objects.get(pk=chinese.pk).get_workflow() is None
    assert not WorkflowState.objects.for_instance(chinese).exists()


@pytest.mark.django_db
def test_a_translator_may_not_approve_submit_for_translation_or_sync(translator, submitted):
    task_state = workflow_state(submitted).current_task_state
    response = translator.post(
        f"/admin/pages/workflow/action/{submitted.pk}/approve/{task_state.pk}/", {"comment": ""}, follow=True
    )
    assert_refused(response, translator)
    assert workflow_state(submitted).status == WorkflowState.STATUS_IN_PROGRESS
    assert_refused(translator.get(f"/admin/localize/submit/page/{submitted.pk}/", follow=True), translator)
    english, _chinese = translated_pair(NewsPageFactory)
    source = TranslationSource.objects.get_for_instance(english)
    assert_refused(translator.post(f"/admin/localize/update/{source.pk}/", {}, follow=True), translator)


@pytest.mark.django_db
def test_moderators_have_no_rights_on_the_chinese_tree(moderator, zh_locale):
    english, chinese = translated_pair(NewsPageFactory, title="Moderated in English only")
    assert_refused(moderator.get(f"/admin/pages/{chinese.pk}/edit/", follow=True), moderator)
    assert_refused(moderator.post(f"/admin/pages/{chinese.pk}/unpublish/", follow=True), moderator)
    assert Page.objects.get(pk=chinese.pk).live
    assert moderator.get(f"/admin/pages/{english.pk}/edit/").status_code == 200


def test_the_permission_message_is_wagtails():
    """The refusals above are recognised by Wagtail's own message (a changed msgid would make them pass vacuously)."""
    import inspect

    from wagtail.admin import auth

    assert PERMISSION_DENIED in inspect.getsource(auth.permission_denied)
