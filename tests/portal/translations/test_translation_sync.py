"""Keeping up with the source: publishing an English change syncs the Chinese translation.

Before/after states: a change to translated text waits for the translator (the live Chinese page keeps
its last complete version); a change to synchronised fields only is republished at once; a removed
block disappears from the translation; nothing a translator wrote is lost.
"""

import datetime

import pytest
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from components.models import City
from news.models import NewsPage
from portal.translations.rules import DRAFT, FOLLOWS, PUBLISHED, WAITING, missing_strings, sync_translations
from tests.utils import ZH, soup_of, text_of, translate_missing_strings


@pytest.fixture
def news(get_page, zh_locale):
    """``(english, chinese)`` versions of the first news page."""
    english = get_page(NewsPage, "en")
    return english, english.get_translation(zh_locale)


def _translation(english, locale):
    return Translation.objects.get(source=TranslationSource.objects.get_for_instance(english), target_locale=locale)


def _publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def _segment_data(english, path):
    source = TranslationSource.objects.get_for_instance(english)
    return StringSegment.objects.get(source=source, context__path=path).string.data


@pytest.mark.django_db
def test_a_changed_string_updates_the_source_and_waits_for_the_translator(news, zh_locale, client):
    english, chinese = news
    chinese_intro_before = chinese.intro
    english.intro = "A new English introduction."
    _publish(english)

    assert _segment_data(english, "intro") == "A new English introduction."
    translation = _translation(english, zh_locale)
    assert missing_strings(translation) == 1
    chinese.refresh_from_db()
    assert chinese.live
    assert chinese.intro == chinese_intro_before
    response = client.get(chinese.url)
    assert "A new English introduction." not in response.content.decode()


@pytest.mark.django_db
def test_translated_strings_are_kept_through_a_sync(news, zh_locale):
    english, _chinese = news
    title_translation = StringTranslation.objects.get(
        translation_of__data=_segment_data(english, "title"), locale=zh_locale, context__path="title"
    )
    english.intro = "Changed once more."
    _publish(english)
    assert StringTranslation.objects.filter(pk=title_translation.pk, data=title_translation.data).exists()
    assert missing_strings(_translation(english, zh_locale)) == 1


@pytest.mark.django_db
def test_a_change_to_synchronised_fields_only_is_republished_at_once(news, zh_locale):
    english, chinese = news
    title_before = chinese.title
    english.date = datetime.date(2019, 1, 2)
    _publish(english)
    chinese = NewsPage.objects.get(pk=chinese.pk)
    assert chinese.date == datetime.date(2019, 1, 2)
    assert chinese.title == title_before
    assert chinese.live and not chinese.has_unpublished_changes


@pytest.mark.django_db
def test_the_translators_new_string_goes_live_when_they_publish(news, zh_locale, admin_client_user):
    english, chinese = news
    english.intro = "An introduction to translate."
    _publish(english)
    assert translate_missing_strings(english, zh_locale, lambda text: "待翻译的介绍。") == 1

    response = admin_client_user.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    chinese = NewsPage.objects.get(pk=chinese.pk)
    assert chinese.intro == "待翻译的介绍。"
    assert chinese.live


@pytest.mark.django_db
def test_a_block_removed_from_the_source_is_removed_from_the_translation(get_page, zh_locale):
    english = next(page for page in NewsPage.objects.filter(locale__language_code="en") if len(page.body) >= 2)
    chinese = english.get_translation(zh_locale)
    removed = english.body[0].id
    assert removed in [block.id for block in chinese.body]
    del english.body[0]
    _publish(english)
    chinese = NewsPage.objects.get(pk=chinese.pk)
    assert removed not in [block.id for block in chinese.body]
    assert [block.id for block in chinese.body] == [block.id for block in english.body]


@pytest.mark.django_db
def test_reverting_the_source_brings_back_the_earlier_translation(news, zh_locale):
    english, chinese = news
    original_intro, chinese_intro = english.intro, chinese.intro
    english.intro = "A temporary change."
    _publish(english)
    english.intro = original_intro
    outcome_page = _publish(english)
    assert missing_strings(_translation(outcome_page, zh_locale)) == 0
    assert NewsPage.objects.get(pk=chinese.pk).intro == chinese_intro


@pytest.mark.django_db
def test_sync_reports_what_happened_to_each_translation(news, zh_locale, zht_locale):
    english, chinese = news
    assert sync_translations(english) == {zh_locale: PUBLISHED, zht_locale: FOLLOWS}
    english.intro = "Needs a translation."
    english.save()
    assert sync_translations(english) == {zh_locale: WAITING, zht_locale: FOLLOWS}
    chinese.unpublish()
    assert sync_translations(english) == {zh_locale: DRAFT, zht_locale: FOLLOWS}


@pytest.mark.django_db
def test_publishing_an_english_snippet_syncs_its_translation(en_locale, zh_locale):
    english = City.objects.filter(locale=en_locale, population__isnull=False).first()
    chinese = english.get_translation(zh_locale)
    english.population = 123456
    english.save_revision().publish()
    chinese.refresh_from_db()
    assert chinese.population == 123456
    assert chinese.live


@pytest.mark.django_db
def test_the_chinese_page_shows_the_synced_date(news, zh_locale, client):
    english, chinese = news
    english.date = datetime.date(2020, 2, 29)
    _publish(english)
    soup = soup_of(client.get(f"/{ZH}/news/{english.slug}/"))
    assert soup.find("time")["datetime"] == "2020-02-29"
    assert text_of(soup.find("h1")) == chinese.title
