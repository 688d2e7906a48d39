"""Moderation: Wagtail's approval workflow on the English tree (``setup_roles``), and how it meets the translations.

The remit: docs/editors-and-translators.md, "Roles" and "Moderation"; why: ADR 0010. The per-role admin
workflows (submit, approve, reject...) are in ``test_role_workflows.py``.
"""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail_localize.models import StringSegment, TranslationSource

from components.models import City
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
from portal.translations.roles import (
    CHINESE_TRANSLATORS,
    EDITORS,
    MODERATION_WORKFLOW,
    MODERATORS,
    setup_roles,
)
from portal.translations.rules import FOLLOWS, IN_MODERATION, sync_translations
from tests.components.factories import CityFactory
from tests.factories import translate, translated_pair
from tests.news.factories import NewsPageFactory
from tests.utils import (
    EN,
    ZH,
    assert_lands_on_a_page_the_user_may_see,
    news_form,
    said,
    submit_for_moderation,
    translate_missing_strings,
    workflow_action,
    workflow_state,
)

# ---------------------------------------------------------------------------- the remit, as setup_roles leaves it


@pytest.mark.django_db
def test_moderators_work_on_the_english_tree_as_editors_do(en_locale):
    home = HomePage.objects.get(locale=en_locale)
    for name in (EDITORS, MODERATORS):
        rows = GroupPagePermission.objects.filter(group__name=name)
        assert {row.page_id for row in rows} == {home.pk}, name
    codenames = {
        name: set(GroupPagePermission.objects.filter(group__name=name).values_list("permission__codename", flat=True))
        for name in (EDITORS, MODERATORS)
    }
    assert codenames[EDITORS] == codenames[MODERATORS]
    editors, moderators = Group.objects.get(name=EDITORS), Group.objects.get(name=MODERATORS)
    assert set(editors.permissions.all()) <= set(moderators.permissions.all())


@pytest.mark.django_db
def test_the_approval_workflow_covers_the_english_tree_only(en_locale, zh_locale):
    english_home, chinese_home = HomePage.objects.get(locale=en_locale), HomePage.objects.get(locale=zh_locale)
    workflow = Workflow.objects.get(name=MODERATION_WORKFLOW)
    assert workflow.active
    assert list(WorkflowPage.objects.filter(workflow=workflow).values_list("page_id", flat=True)) == [english_home.pk]
    task = GroupApprovalTask.objects.get(name=MODERATION_WORKFLOW)
    assert [t.specific for t in workflow.tasks] == [task]
    assert MODERATORS in set(task.groups.values_list("name", flat=True))
    assert NewsIndexPage.objects.get(locale=en_locale).get_workflow() == workflow
    assert chinese_home.get_workflow() is None
    assert NewsPage.objects.filter(locale=zh_locale).first().get_workflow() is None


@pytest.mark.django_db
def test_setup_roles_restores_the_remit_and_keeps_an_english_homes_own_workflow(en_locale):
    """Wagtail's defaults (the workflow on the root, for every language) are narrowed again; an admin's choice stays."""
    root = Page.get_first_root_node()
    english_home = HomePage.objects.get(locale=en_locale)
    workflow = Workflow.objects.get(name=MODERATION_WORKFLOW)
    WorkflowPage.objects.filter(workflow=workflow).delete()
    WorkflowPage.objects.create(page=root, workflow=workflow)
    Workflow.objects.filter(pk=workflow.pk).update(active=False)
    GroupApprovalTask.objects.get(name=MODERATION_WORKFLOW).groups.clear()
    setup_roles()
    assert list(WorkflowPage.objects.values_list("page_id", "workflow_id")) == [(english_home.pk, workflow.pk)]
    assert Workflow.objects.get(pk=workflow.pk).active
    assert list(GroupApprovalTask.objects.get(name=MODERATION_WORKFLOW).groups.values_list("name", flat=True)) == [
        MODERATORS
    ]

    own = Workflow.objects.create(name="Two approvals")
    WorkflowPage.objects.filter(page=english_home).update(workflow=own)
    call_command("setup_roles", verbosity=0)
    assert english_home.get_workflow() == own


# ---------------------------------------------------------------------------- the workflow and the translations


@pytest.mark.django_db
def test_translate_on_a_page_awaiting_approval_translates_its_live_version(editor_client, zh_locale):
    page = NewsPageFactory(title="Approved title")
    editor_client.language = EN
    submit_for_moderation(editor_client, page, title="Title awaiting approval")
    response = editor_client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [zh_locale.pk]}, follow=True)
    assert_lands_on_a_page_the_user_may_see(response, editor_client)
    source = TranslationSource.objects.get_for_instance(page)
    assert StringSegment.objects.get(source=source, context__path="title").string.data == "Approved title"


@pytest.fixture(params=[EN, ZH])
def translator(request, role_client):
    return role_client(CHINESE_TRANSLATORS, request.param)


@pytest.mark.django_db
def test_a_translation_waits_for_its_english_page_to_be_approved(
    translator, editor_client, moderator_client, get_page, zh_locale, django_capture_on_commit_callbacks
):
    editor_client.language = moderator_client.language = EN
    index = get_page(NewsIndexPage, EN, "/news/")
    form = {"title": "Awaiting approval", "slug": "awaiting-approval", "action-submit": "1"}
    editor_client.post(f"/admin/pages/add/news/newspage/{index.pk}/", news_form(**form))
    english = NewsPage.objects.get(slug="awaiting-approval", locale__language_code=EN)
    assert workflow_state(english).status == WorkflowState.STATUS_IN_PROGRESS
    editor_client.post(f"/admin/localize/submit/page/{english.pk}/", {"locales": [zh_locale.pk]})
    translate_missing_strings(english, zh_locale)
    chinese = english.get_translation(zh_locale)

    response = translator.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"}, follow=True)
    final, shown = assert_lands_on_a_page_the_user_may_see(response, translator)
    assert final == f"/admin/pages/{chinese.pk}/edit/"
    assert shown == [
        said(
            translator,
            "Not published: the %(language)s version is not live yet (it may be awaiting approval). "
            "Publish this translation once it is.",
            language="English" if translator.language == EN else "英语",
        )
    ]
    assert not Page.objects.get(pk=chinese.pk).live

    with django_capture_on_commit_callbacks(execute=True):
        workflow_action(moderator_client, english, "approve")
    assert Page.objects.get(pk=english.pk).live
    assert not Page.objects.get(pk=chinese.pk).live  # a draft stays with its translator
    with django_capture_on_commit_callbacks(execute=True):
        response = translator.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"}, follow=True)
    assert_lands_on_a_page_the_user_may_see(response, translator)
    assert NewsPage.objects.get(pk=chinese.pk).live
    assert NewsPage.objects.get(pk=chinese.pk).title == "译：Awaiting approval"


@pytest.mark.django_db
def test_a_snippet_translation_waits_for_its_english_snippet(translator_client):
    translator_client.language = EN
    english = CityFactory(name="Draft town", live=False)
    chinese = translate(english, publish=False)
    response = translator_client.post(
        f"/admin/snippets/components/city/edit/{chinese.pk}/", {"action": "publish"}, follow=True
    )
    _final, shown = assert_lands_on_a_page_the_user_may_see(response, translator_client)
    assert shown == [
        said(
            translator_client,
            "Not published: the %(language)s version is not live yet (it may be awaiting approval). "
            "Publish this translation once it is.",
            language="English",
        )
    ]
    assert not City.objects.get(pk=chinese.pk).live


@pytest.mark.django_db
def test_approving_an_english_change_republishes_the_complete_chinese_page(
    editor_client, moderator_client, django_capture_on_commit_callbacks
):
    editor_client.language = moderator_client.language = EN
    english, chinese = translated_pair(NewsPageFactory, title="Approved change")
    submit_for_moderation(editor_client, english, date="2021-03-04")
    with django_capture_on_commit_callbacks(execute=True):
        response = workflow_action(moderator_client, english, "approve")
    assert_lands_on_a_page_the_user_may_see(response, moderator_client)
    assert NewsPage.objects.get(pk=chinese.pk).date == datetime.date(2021, 3, 4)


@pytest.fixture
def chinese_review(zh_locale):
    """A workflow on the Chinese tree, approved by Chinese translators (not the portal's setup: someone added it)."""
    task = GroupApprovalTask.objects.create(name="Chinese review")
    task.groups.add(Group.objects.get(name=CHINESE_TRANSLATORS))
    workflow = Workflow.objects.create(name="Chinese review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=HomePage.objects.get(locale=zh_locale), workflow=workflow)
    return workflow


@pytest.mark.django_db
def test_the_sync_leaves_a_chinese_page_in_moderation_to_its_reviewer_then_catches_up(
    chinese_review, translator_client, zh_locale, zht_locale, django_capture_on_commit_callbacks
):
    english, chinese = translated_pair(NewsPageFactory, title="Reviewed in Chinese")
    chinese.save_revision(user=translator_client.user)
    chinese_review.start(chinese, translator_client.user)
    assert workflow_state(chinese).status == WorkflowState.STATUS_IN_PROGRESS

    english.date = datetime.date(2022, 2, 2)  # a synchronised field: the translation stays complete
    with django_capture_on_commit_callbacks(execute=True):
        english.save_revision().publish()
    assert NewsPage.objects.get(pk=chinese.pk).date == datetime.date(2020, 5, 4)  # not published over the review
    assert workflow_state(chinese).status == WorkflowState.STATUS_IN_PROGRESS  # nor its review cancelled
    assert sync_translations(english) == {zh_locale: IN_MODERATION, zht_locale: FOLLOWS}

    task_state = workflow_state(chinese).current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        response = translator_client.post(
            f"/admin/pages/workflow/action/{chinese.pk}/approve/{task_state.pk}/",
            headers={"x-requested-with": "XMLHttpRequest"},
        )
    assert json.loads(response.content)["step"] == "success"
    assert workflow_state(chinese).status == WorkflowState.STATUS_APPROVED
    published = NewsPage.objects.get(pk=chinese.pk)
    assert published.live and published.date == datetime.date(2022, 2, 2)  # brought up to date on approval
