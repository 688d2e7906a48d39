"""An English change published by a member of "Editors" reaches the Chinese translation by the same rule as any other.

Editors may not edit or publish anything Chinese. Keeping the Chinese translation in step with their
English change is the system following that change, so it needs no permission of theirs: a change
that leaves the translation complete republishes the Chinese page or snippet at once, the editor
lands where Wagtail sends anyone after publishing, with Wagtail's message in their admin language,
and the log records the editor as the cause. A revision scheduled for later reaches the translation
when Wagtail's ``publish_scheduled`` command publishes it.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail_localize.models import StringSegment, TranslationSource

from components.models import City
from events.models import EventPage
from news.models import NewsCategory
from portal.translations import signals
from tests.admin_forms import shown_messages, submit_edit_form
from tests.components.factories import CityFactory
from tests.events.factories import EventPageFactory
from tests.factories import translated_pair
from tests.news.factories import NewsCategoryFactory
from tests.utils import in_language, soup_of, translate_missing_strings

DENIED = "Sorry, you do not have permission to access this area."


@pytest.fixture
def event(en_locale):
    """``(english, chinese)``: a translated event in a translated city, 10:00-11:00 UTC on 7 January 2031."""
    city, _chinese_city = translated_pair(CityFactory)
    return translated_pair(EventPageFactory, city=city, venue="Conference hall", organiser="EU Delegation")


@pytest.mark.django_db
def test_one_english_publish_republishes_the_chinese_page_once(editor, event):
    english, chinese = event
    revisions = chinese.revisions.count()
    publishes = PageLogEntry.objects.filter(page=chinese, action="wagtail.publish")
    before = publishes.count()

    submit_edit_form(editor, f"/admin/pages/{english.pk}/edit/", EventPage, end_0="2031-01-07", end_1="18:00")

    assert EventPage.objects.get(pk=chinese.pk).end == datetime.datetime(2031, 1, 7, 18, tzinfo=datetime.UTC)
    assert (chinese.revisions.count(), publishes.count()) == (revisions + 1, before + 1)


@pytest.mark.django_db
def test_one_english_snippet_publish_republishes_the_chinese_snippet_once(editor, en_locale):
    english, chinese = translated_pair(CityFactory)
    chinese_revisions = chinese.revisions.count()

    submit_edit_form(editor, f"/admin/snippets/components/city/edit/{english.pk}/", City, population="4321")

    assert City.objects.get(pk=chinese.pk).population == 4321
    assert chinese.revisions.count() == chinese_revisions + 1


def _latest_publish(log_model, **lookup):
    return log_model.objects.filter(action="wagtail.publish", **lookup).order_by("-timestamp", "-pk").first()


@pytest.mark.django_db
def test_an_editors_new_end_time_republishes_the_chinese_event_at_once(editor, event, client):
    english, chinese = event
    url = f"/admin/pages/{english.pk}/edit/"
    response = submit_edit_form(editor, url, EventPage, end_0="2031-01-07", end_1="18:00")

    # The editor lands on the events index's explorer, as after any publish, with Wagtail's message.
    assert response.status_code == 200
    assert response.redirect_chain == [(f"/admin/pages/{english.get_parent().pk}/", 302)]
    messages = shown_messages(response)
    expected = in_language(editor, f"Page '{english.title}' has been published.", f"页面 '{english.title}' 已经发布。")
    assert any(message.startswith(expected) for message in messages), messages
    assert not any(DENIED in message for message in messages)

    chinese = EventPage.objects.get(pk=chinese.pk)
    assert chinese.end == datetime.datetime(2031, 1, 7, 18, tzinfo=datetime.UTC)
    assert chinese.live and not chinese.has_unpublished_changes
    assert "18:00" in soup_of(client.get(chinese.url)).select_one("main").get_text()
    # The log says who caused the Chinese publish.
    assert _latest_publish(PageLogEntry, page=chinese).user == editor.user


@pytest.mark.django_db
def test_an_editors_new_city_snippet_republishes_the_chinese_city(editor, event, zh_locale):
    english, chinese = event
    city = english.city
    response = submit_edit_form(editor, f"/admin/snippets/components/city/edit/{city.pk}/", City, population="4321")

    assert response.status_code == 200
    assert response.redirect_chain == [("/admin/snippets/components/city/", 302)]
    messages = shown_messages(response)
    expected = in_language(editor, f"City '{city.name}' updated and published.", f"城市“{city.name}”已更新并发布。")
    assert any(message.startswith(expected) for message in messages), messages
    assert not any(DENIED in message for message in messages)

    chinese_city = City.objects.get(pk=city.get_translation(zh_locale).pk)
    assert chinese_city.population == 4321
    assert chinese_city.live and not chinese_city.has_unpublished_changes
    assert _latest_publish(ModelLogEntry, object_id=str(chinese_city.pk)).user == editor.user
    # The Chinese event still points at the Chinese city.
    assert EventPage.objects.get(pk=chinese.pk).city_id == chinese_city.pk


@pytest.mark.django_db
def test_an_editors_news_category_change_reaches_the_chinese_category(editor_client, zh_locale):
    english, chinese = translated_pair(NewsCategoryFactory)
    url = f"/admin/snippets/news/newscategory/edit/{english.pk}/"
    response = submit_edit_form(editor_client, url, NewsCategory, slug="renamed-category")

    assert response.redirect_chain == [("/admin/snippets/news/newscategory/", 302)]
    assert not any(DENIED in message for message in shown_messages(response))
    chinese = NewsCategory.objects.get(pk=chinese.pk)
    assert chinese.slug == "renamed-category"
    assert chinese.name == "译：" + english.name
    assert chinese.live and not chinese.has_unpublished_changes


@pytest.mark.django_db
def test_an_editors_text_change_leaves_the_chinese_page_live_and_waiting(editor_client, event):
    english, chinese = event
    response = submit_edit_form(editor_client, f"/admin/pages/{english.pk}/edit/", EventPage, venue="New hall")

    assert response.redirect_chain == [(f"/admin/pages/{english.get_parent().pk}/", 302)]
    assert not any(DENIED in message for message in shown_messages(response))
    chinese = EventPage.objects.get(pk=chinese.pk)
    assert chinese.live
    assert chinese.venue == "译：Conference hall"


@pytest.mark.django_db
def test_an_editor_syncs_and_publishes_a_translation_the_translator_completed(editor_client, event, zh_locale):
    """*Sync translated pages* with "Publish immediately", by an editor, publishes the completed Chinese page."""
    english, chinese = event
    submit_edit_form(editor_client, f"/admin/pages/{english.pk}/edit/", EventPage, venue="New hall")
    assert translate_missing_strings(english, zh_locale, lambda text: "新会场") == 1
    source = TranslationSource.objects.get_for_instance(english)
    url = f"/admin/localize/update/{source.pk}/?next=/admin/pages/{english.pk}/edit/"
    response = editor_client.post(url, {"publish_translations": "on"}, follow=True)

    assert response.redirect_chain == [(f"/admin/pages/{english.pk}/edit/", 302)]
    assert not any(DENIED in message for message in shown_messages(response))
    chinese = EventPage.objects.get(pk=chinese.pk)
    assert chinese.venue == "新会场"
    assert chinese.live and not chinese.has_unpublished_changes
    assert _latest_publish(PageLogEntry, page=chinese).user == editor_client.user


# ---------------------------------------------------------------------------- scheduled publication


@pytest.mark.django_db
def test_a_scheduled_change_reaches_the_translation_when_publish_scheduled_runs(editor_client, event):
    english, chinese = event
    go_live = (timezone.now() + datetime.timedelta(hours=1)).replace(microsecond=0)
    response = submit_edit_form(
        editor_client,
        f"/admin/pages/{english.pk}/edit/",
        EventPage,
        end_0="2031-01-07",
        end_1="19:30",
        go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
    )
    assert response.redirect_chain == [(f"/admin/pages/{english.get_parent().pk}/", 302)]
    scheduled = f"Page '{english.title}' is live and this version has been scheduled for publishing."
    assert any(message.startswith(scheduled) for message in shown_messages(response)), shown_messages(response)

    # Before the go-live time nothing changes, in either language, even when the command runs.
    call_command("publish_scheduled", verbosity=0)
    for page in (english, chinese):
        assert EventPage.objects.get(pk=page.pk).end == datetime.datetime(2031, 1, 7, 11, tzinfo=datetime.UTC)

    # An hour later, the command publishes the English revision, and the Chinese page follows.
    later = timezone.now() + datetime.timedelta(hours=1, minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        call_command("publish_scheduled", verbosity=0)
    english = EventPage.objects.get(pk=english.pk)
    chinese = EventPage.objects.get(pk=chinese.pk)
    assert english.end == chinese.end == datetime.datetime(2031, 1, 7, 19, 30, tzinfo=datetime.UTC)
    assert english.live and chinese.live and not chinese.has_unpublished_changes
    assert chinese.go_live_at is None


@pytest.mark.django_db
def test_a_scheduled_snippet_change_reaches_the_translation_when_publish_scheduled_runs(editor):
    """An Editor schedules a City change in the snippet editor (its go-live field): the Chinese city follows when
    ``publish_scheduled`` publishes it."""
    english, chinese = translated_pair(CityFactory, population=1000)
    go_live = (timezone.now() + datetime.timedelta(hours=1)).replace(second=0, microsecond=0)  # the form has minutes
    response = submit_edit_form(
        editor,
        f"/admin/snippets/components/city/edit/{english.pk}/",
        City,
        population="2468",  # a synchronised field: the translation stays complete
        go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
    )
    assert response.status_code == 200
    assert not any(DENIED in message for message in shown_messages(response))
    assert english.revisions.order_by("-pk").first().approved_go_live_at == go_live

    # Before the go-live time nothing changes, in either language, even when the command runs.
    call_command("publish_scheduled", verbosity=0)
    assert [City.objects.get(pk=city.pk).population for city in (english, chinese)] == [1000, 1000]

    # An hour later, the command publishes the English revision, and the Chinese city follows.
    later = timezone.now() + datetime.timedelta(hours=1, minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        call_command("publish_scheduled", verbosity=0)
    english = City.objects.get(pk=english.pk)
    chinese = City.objects.get(pk=chinese.pk)
    assert english.population == chinese.population == 2468
    assert english.live and chinese.live and not chinese.has_unpublished_changes
    assert chinese.name == "译：" + english.name
    assert chinese.go_live_at is None


@pytest.mark.django_db
def test_translators_get_a_scheduled_pages_strings_when_it_goes_live(editor_client, event, monkeypatch):
    """A page not yet live, scheduled for later: its translation source changes only when it goes live."""
    english, chinese = event
    editor_client.post(f"/admin/pages/{english.pk}/unpublish/")
    go_live = timezone.now() + datetime.timedelta(hours=1)
    submit_edit_form(
        editor_client,
        f"/admin/pages/{english.pk}/edit/",
        EventPage,
        venue="Scheduled hall",
        go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
    )
    source = TranslationSource.objects.get_for_instance(english)
    venues = StringSegment.objects.filter(source=source, context__path="venue")
    assert [segment.string.data for segment in venues] == ["Conference hall"]

    later = timezone.now() + datetime.timedelta(hours=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", verbosity=0)
    assert EventPage.objects.get(pk=english.pk).live
    assert [segment.string.data for segment in venues.all()] == ["Scheduled hall"]
    assert not EventPage.objects.get(pk=chinese.pk).live  # unpublished with the English page: left to its translator


@pytest.mark.django_db
def test_a_sync_that_fails_does_not_stop_publish_scheduled(event, monkeypatch, caplog):
    """One revision whose sync raises: it and the other scheduled revisions still go live, the failure is logged."""
    english, chinese = event
    other, other_chinese = translated_pair(EventPageFactory, title="Another event")
    go_live = timezone.now() - datetime.timedelta(minutes=1)
    for page in (english, other):
        page.end = datetime.datetime(2031, 1, 7, 20, tzinfo=datetime.UTC)
        page.save_revision(approved_go_live_at=go_live)
    real_sync = signals.sync_translations

    def sync_failing_for_the_first(instance, user=None):
        if instance.pk == english.pk:
            raise RuntimeError("extraction failed")
        return real_sync(instance, user=user)

    monkeypatch.setattr(signals, "sync_translations", sync_failing_for_the_first)

    call_command("publish_scheduled", verbosity=0)

    ends = {page.pk: EventPage.objects.get(pk=page.pk).end for page in (english, chinese, other, other_chinese)}
    new_end, old_end = datetime.datetime(2031, 1, 7, 20, tzinfo=datetime.UTC), chinese.end
    assert ends == {english.pk: new_end, chinese.pk: old_end, other.pk: new_end, other_chinese.pk: new_end}
    assert "extraction failed" in caplog.text
