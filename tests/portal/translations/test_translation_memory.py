"""The translation memory (``portal/translations/memory.py``): lookup across pages and snippets, the translation
editor's suggestions and button (as a member of "Chinese translators"), the ``fill_from_memory`` command, near
matches, the sync rule, the PO export's fuzzy entries and the editor's own PO download and upload.

Every test makes its own English strings (``UNIQUE`` prefixes), so the programme's content never matches them.
"""

import json
import re

import polib
import pytest
import requests
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page
from wagtail.users.models import UserProfile
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.models import (
    String,
    StringSegment,
    StringTranslation,
    TranslatableObject,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from news.models import NewsPage
from portal.translations.exchange import TOOL_NAME as EXCHANGE_TOOL_NAME
from portal.translations.machine_translation import DUMMY_TRANSLATOR, with_translation_memory
from portal.translations.memory import (
    EXACT,
    PREVIOUS,
    SUGGESTION_TOOL_NAME,
    TOOL_NAME,
    MemoryTranslator,
    fill_from_memory,
    find_suggestions,
    offer_suggestions,
)
from portal.translations.roles import CHINESE_TRANSLATORS
from portal.translations.rules import FOLLOWS, WAITING, missing_strings, sync_translations
from tests.components.factories import CityFactory
from tests.factories import translated_pair
from tests.news.factories import NewsPageFactory
from tests.utils import ZH, soup_of, submit_page_for_translation, text_of

INTRO = "Memory test: the mayors signed the climate pledge in Wuhan."
INTRO_ZH = "记忆测试：市长们在武汉签署了气候承诺。"
PROFILE = "Memory test: a port city on the Yellow Sea."
PROFILE_ZH = "记忆测试：黄海之滨的港口城市。"
TIME = "Memory test: the forum closes at 17:30 on Friday."
TIME_ZH = "记忆测试：论坛于周五17:30闭幕。"
NEW_TIME = "Memory test: the forum closes at 18:00 on Friday."
NEW_TIME_ZH = "记忆测试：论坛于周五18:00闭幕。"

CHINESE = {INTRO: INTRO_ZH, PROFILE: PROFILE_ZH, TIME: TIME_ZH}


def chinese_of(text):
    """The Chinese a translator wrote for the test strings (and a stand-in for the others, like titles)."""
    return CHINESE.get(text, "译：" + text)


def source_of(instance):
    return TranslationSource.objects.get_for_instance(instance)


def translation_of(instance, zh_locale):
    return source_of(instance).translations.get(target_locale=zh_locale)


def row(instance, path, zh_locale):
    """The zh-hans StringTranslation of the string at ``path`` of ``instance``'s source, or None."""
    segment = StringSegment.objects.get(source=source_of(instance), context__path=path)
    return StringTranslation.objects.filter(
        translation_of_id=segment.string_id, context_id=segment.context_id, locale=zh_locale
    ).first()


def key_of(instance, path):
    segment = StringSegment.objects.get(source=source_of(instance), context__path=path)
    return (segment.string_id, segment.context_id)


def submit_snippet(client, snippet, zh_locale):
    """POST wagtail-localize's *Translate* form for a city as ``client``; return the Chinese draft."""
    response = client.post(f"/admin/localize/submit/snippet/components/city/{snippet.pk}/", {"locales": [zh_locale.pk]})
    assert response.status_code == 302
    return snippet.get_translation(zh_locale)


def messages_of(response):
    """The messages the admin shows after ``response`` (Wagtail appends blank lines to some)."""
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


@pytest.fixture
def translated(db):
    """A translated English news page whose intro is INTRO and a translated city whose profile is PROFILE."""
    page, _chinese_page = translated_pair(NewsPageFactory, intro=INTRO, text=chinese_of)
    city, _chinese_city = translated_pair(CityFactory, profile=PROFILE, text=chinese_of)
    return page, city


@pytest.fixture
def waiting(translated, editor_client, zh_locale):
    """An English page using PROFILE and a city using INTRO, submitted for translation by an Editor (drafts)."""
    page = NewsPageFactory(intro=PROFILE)
    assert submit_page_for_translation(editor_client, page, zh_locale).status_code == 302
    city = CityFactory(profile=INTRO)
    submit_snippet(editor_client, city, zh_locale)
    return page, city


def editor_props(response):
    editor = soup_of(response).select_one(".js-translation-editor")
    assert editor is not None, "no translation editor on the page"
    return json.loads(editor["data-props"])


def edit_url(instance):
    if isinstance(instance, Page):
        return reverse("wagtailadmin_pages:edit", args=[instance.pk])
    return reverse("wagtailsnippets_components_city:edit", args=[instance.pk])


# ---------------------------------------------------------------------------- lookup


@pytest.mark.django_db
def test_the_memory_offers_a_snippets_translation_to_a_page_and_a_pages_to_a_snippet(waiting, zh_locale):
    page, city = waiting
    translations = [translation_of(page, zh_locale), translation_of(city, zh_locale)]

    suggestions = find_suggestions(zh_locale, translations)

    assert suggestions[key_of(page, "intro")].data == PROFILE_ZH  # translated in a city's profile
    assert suggestions[key_of(city, "profile")].data == INTRO_ZH  # translated in a news page's intro
    assert {s.kind for s in suggestions.values()} == {EXACT}
    # Strings never translated anywhere (the new titles and names) have no suggestion.
    assert key_of(page, "title") not in suggestions
    assert key_of(city, "name") not in suggestions


@pytest.mark.django_db
def test_the_memory_takes_only_translations_made_by_people(waiting, translated, zh_locale):
    page, _city = waiting
    english_page, _english_city = translated
    machine = row(english_page, "intro", zh_locale)
    machine.translation_type = StringTranslation.TRANSLATION_TYPE_MACHINE
    machine.save()
    city_row = row(_english_city, "profile", zh_locale)
    city_row.translation_type = StringTranslation.TRANSLATION_TYPE_MACHINE
    city_row.save()

    assert key_of(page, "intro") not in find_suggestions(zh_locale, [translation_of(page, zh_locale)])


@pytest.mark.django_db
def test_the_most_recent_of_several_translations_wins(waiting, zh_locale):
    page, _city = waiting
    translated_pair(CityFactory, profile=PROFILE, text=lambda text: "新译：" + text)

    suggestion = find_suggestions(zh_locale, [translation_of(page, zh_locale)])[key_of(page, "intro")]
    assert suggestion.data == "新译：" + PROFILE


def bulk_strings(source, memory_object, zh_locale, en_locale, count):
    """Give ``source`` ``count`` new English strings, each translated by a person in another object's field."""
    texts = [f"Memory size test string number {n}." for n in range(count)]
    strings = String.objects.bulk_create(
        [String(locale=en_locale, data=text, data_hash=String._get_data_hash(text)) for text in texts]
    )
    contexts = TranslationContext.objects.bulk_create(
        [
            TranslationContext(object_id=object_id, path=path, path_id=TranslationContext._get_path_id(path))
            for n in range(count)
            for object_id, path in ((source.object_id, f"bulk.{n}"), (memory_object.pk, f"memory.{n}"))
        ]
    )
    StringSegment.objects.bulk_create(
        [
            StringSegment(source=source, string=string, context=contexts[2 * n], order=10_000 + n, attrs="{}")
            for n, string in enumerate(strings)
        ]
    )
    StringTranslation.objects.bulk_create(
        [
            StringTranslation(
                translation_of=string,
                context=contexts[2 * n + 1],
                locale=zh_locale,
                data=f"规模测试{n}。",
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
            for n, string in enumerate(strings)
        ]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [20, 2000])
def test_lookup_and_fill_stay_a_few_queries_at_size(count, translated, editor_client, zh_locale, en_locale):
    english_page, _city = translated
    page = NewsPageFactory(intro="Memory size test page.")
    submit_page_for_translation(editor_client, page, zh_locale)
    bulk_strings(
        source_of(page), TranslatableObject.objects.get(pk=english_page.translation_key), zh_locale, en_locale, count
    )
    translation = translation_of(page, zh_locale)

    with CaptureQueriesContext(connection) as lookup:
        suggestions = find_suggestions(zh_locale, [translation])
    with CaptureQueriesContext(connection) as site_wide:
        find_suggestions(zh_locale)
    with CaptureQueriesContext(connection) as fill:
        result = fill_from_memory(zh_locale, [translation])

    assert len(suggestions) == count
    assert result.filled == count
    assert len(lookup.captured_queries) == 3, [q["sql"][:120] for q in lookup.captured_queries]
    assert len(site_wide.captured_queries) == 3
    # Fill: the lookup, the rows to keep and the per-object summary, plus the batched inserts (their batch size
    # depends on the database's limit on query parameters).
    other = [q["sql"][:120] for q in fill.captured_queries if not q["sql"].startswith("INSERT")]
    assert len(other) <= 10, other


# ---------------------------------------------------------------------------- the translation editor


@pytest.mark.django_db
def test_the_editor_offers_the_memory_and_its_button_fills_and_labels_the_strings(
    waiting, translator_client, zh_locale
):
    page, _city = waiting
    chinese = page.get_translation(zh_locale)

    response = translator_client.get(edit_url(chinese))

    assert response.status_code == 200
    props = editor_props(response)
    assert props["machineTranslator"]["name"] == "the translation memory, then Dummy translator"
    notice = text_of(soup_of(response).select_one(".messages"))
    assert "The translation memory has a translation for 1 missing string" in notice
    button_url = props["machineTranslator"]["url"]
    assert button_url == reverse("wagtail_localize:machine_translate", args=[translation_of(page, zh_locale).pk])

    response = translator_client.post(button_url, {"next": edit_url(chinese)})

    assert response.status_code == 302 and response.url == edit_url(chinese)
    assert messages_of(response) == [
        "1 string filled from the translation memory: check it before publishing.",
        "1 string translated with Dummy translator: check it before publishing.",
    ]
    intro, title = row(page, "intro", zh_locale), row(page, "title", zh_locale)
    assert (intro.data, intro.translation_type, intro.tool_name) == (PROFILE_ZH, "machine", TOOL_NAME)
    assert intro.last_translated_by == translator_client.user
    assert (title.translation_type, title.tool_name) == ("machine", "Dummy translator")
    # The editor shows where each string came from; nothing is published.
    comments = {
        t["data"]: t["comment"]
        for t in editor_props(translator_client.get(edit_url(chinese)))["initialStringTranslations"]
    }
    assert comments[PROFILE_ZH].startswith("Translated with Translation memory on ")
    chinese.refresh_from_db()
    assert not chinese.live


@pytest.mark.django_db
def test_the_editor_speaks_chinese_to_a_chinese_translator(waiting, translator_client, zh_locale):
    profile = UserProfile.get_for_user(translator_client.user)
    profile.preferred_language = ZH
    profile.save()
    _page, city = waiting
    chinese = city.get_translation(zh_locale)

    response = translator_client.get(edit_url(chinese))

    assert editor_props(response)["machineTranslator"]["name"] == "（先用翻译记忆，再用虚拟译者）"
    assert "翻译记忆中有 1 个缺失字符串的译文" in text_of(soup_of(response).select_one(".messages"))
    response = translator_client.post(
        reverse("wagtail_localize:machine_translate", args=[translation_of(city, zh_locale).pk]),
        {"next": edit_url(chinese)},
    )
    assert messages_of(response)[0] == "已用翻译记忆填入 1 个字符串：发布前请检查。"
    assert row(city, "profile", zh_locale).data == INTRO_ZH


class FailingTranslator(BaseMachineTranslator):
    display_name = "Broken service"

    def can_translate(self, source_locale, target_locale):
        return True

    def translate(self, source_locale, target_locale, strings):
        raise requests.ConnectionError("no route to host")


@pytest.mark.django_db
@override_settings(
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR=with_translation_memory(
        {"CLASS": f"{__name__}.FailingTranslator", "OPTIONS": {}}
    )
)
def test_a_failing_service_is_a_message_and_the_memorys_strings_are_kept(waiting, translator_client, zh_locale):
    page, _city = waiting
    chinese = page.get_translation(zh_locale)

    response = translator_client.post(
        reverse("wagtail_localize:machine_translate", args=[translation_of(page, zh_locale).pk]),
        {"next": edit_url(chinese)},
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        "Broken service could not translate the other strings (ConnectionError). Try again later.",
        "1 string filled from the translation memory: check it before publishing.",
    ]
    assert row(page, "intro", zh_locale).tool_name == TOOL_NAME
    assert row(page, "title", zh_locale) is None


@pytest.mark.django_db
def test_an_editor_cannot_fill_a_chinese_translation(waiting, editor_client, zh_locale):
    page, _city = waiting
    response = editor_client.post(
        reverse("wagtail_localize:machine_translate", args=[translation_of(page, zh_locale).pk])
    )
    assert response.status_code in (302, 403)
    assert row(page, "intro", zh_locale) is None


@pytest.mark.django_db
def test_the_memory_translator_answers_from_memory_then_from_its_fallback(translated, en_locale, zh_locale):
    translator = get_machine_translator()
    assert isinstance(translator, MemoryTranslator)
    strings = [StringValue(INTRO), StringValue("Memory test: never translated.")]

    answers = translator.translate(en_locale, zh_locale, strings)

    assert answers[strings[0]].data == INTRO_ZH
    assert answers[strings[1]].data == "translated. never test: Memory"  # the dummy translator's reversal
    assert MemoryTranslator({}).translate(en_locale, zh_locale, strings) == {strings[0]: StringValue(INTRO_ZH)}
    assert MemoryTranslator({"FALLBACK": DUMMY_TRANSLATOR}).display_name == translator.display_name


# ---------------------------------------------------------------------------- near matches


@pytest.fixture
def changed_time(zh_locale):
    """A translated news page whose intro was TIME, changed in English to NEW_TIME and published."""
    english, chinese = translated_pair(NewsPageFactory, intro=TIME, text=chinese_of)
    english.intro = NEW_TIME
    english.save_revision().publish()  # syncs: the Chinese page waits for the new string
    return english, chinese


@pytest.mark.django_db
def test_a_changed_string_shows_its_previous_translation_beside_the_new_english(
    changed_time, translator_client, zh_locale, client, django_capture_on_commit_callbacks
):
    english, chinese = changed_time
    translation = translation_of(english, zh_locale)
    assert missing_strings(translation) == 1

    props = editor_props(translator_client.get(edit_url(chinese)))

    segment = next(s for s in props["segments"] if s.get("contentPath") == "intro")
    assert segment["source"] == NEW_TIME
    (shown,) = [t for t in props["initialStringTranslations"] if t["segment_id"] == segment["id"]]
    assert shown["data"] == TIME_ZH
    assert shown["error"] == (
        f"Previous translation, of the earlier English “{TIME}”: update it to the new English, then save it."
    )
    suggestion = row(english, "intro", zh_locale)
    assert (suggestion.tool_name, suggestion.has_error) == (SUGGESTION_TOOL_NAME, True)
    assert find_suggestions(zh_locale, [translation])[key_of(english, "intro")].kind == PREVIOUS
    # Still untranslated: the page cannot be published with it.
    assert missing_strings(translation) == 1
    response = translator_client.post(edit_url(chinese), {"action": "publish"})
    assert "Not published: 1 string still needs a translation." in messages_of(response)

    # The translator updates it in the editor (wagtail-localize's own string view) and publishes.
    response = translator_client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment["id"]]),
        f"value={NEW_TIME_ZH}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert missing_strings(translation) == 0
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translator_client.post(edit_url(chinese), {"action": "publish"})
    chinese.refresh_from_db()
    assert chinese.live and chinese.specific.intro == NEW_TIME_ZH
    assert NEW_TIME_ZH in client.get(chinese.url).content.decode()
    # Accepted: a translation by a person now, and part of the memory.
    accepted = row(english, "intro", zh_locale)
    assert (accepted.translation_type, accepted.has_error, accepted.tool_name) == ("manual", False, "")


@pytest.mark.django_db
def test_a_previous_translation_is_offered_only_for_a_similar_string(zh_locale):
    english, _chinese = translated_pair(NewsPageFactory, intro=TIME, text=chinese_of)
    english.intro = "Tram lines open in Hangzhou next spring."
    english.save_revision().publish()
    assert key_of(english, "intro") not in find_suggestions(zh_locale, [translation_of(english, zh_locale)])


@pytest.mark.django_db
def test_an_exact_match_wins_over_a_previous_translation(zh_locale):
    english, _chinese = translated_pair(NewsPageFactory, intro=TIME, text=chinese_of)
    translated_pair(CityFactory, profile=NEW_TIME, text=lambda text: NEW_TIME_ZH)
    english.intro = NEW_TIME  # its previous translation (TIME_ZH) is a near match too
    english.save_revision().publish()
    suggestion = find_suggestions(zh_locale, [translation_of(english, zh_locale)])[key_of(english, "intro")]
    assert (suggestion.kind, suggestion.data) == (EXACT, NEW_TIME_ZH)


@pytest.mark.django_db
def test_offering_twice_changes_nothing_and_a_translators_row_is_never_touched(changed_time, zh_locale):
    english, _chinese = changed_time
    translation = translation_of(english, zh_locale)
    assert offer_suggestions(translation) == (0, 1)
    first = row(english, "intro", zh_locale)
    assert offer_suggestions(translation) == (0, 1)
    assert row(english, "intro", zh_locale).pk == first.pk
    # A translator's own translation with an error is left as it is.
    first.tool_name, first.field_error, first.data = "", "", '<a id="a9">坏链接</a>'
    first.save(update_fields=["tool_name", "field_error", "data"])
    offer_suggestions(translation)
    fill_from_memory(zh_locale, [translation])
    assert row(english, "intro", zh_locale).data == '<a id="a9">坏链接</a>'


# ---------------------------------------------------------------------------- the command


@pytest.mark.django_db
def test_the_command_fills_site_wide_marked_idempotent_and_never_overwriting(waiting, zh_locale, capsys):
    page, city = waiting
    # A translator already translated the page's intro their own way.
    translator_row = StringTranslation.objects.create(
        translation_of_id=key_of(page, "intro")[0],
        context_id=key_of(page, "intro")[1],
        locale=zh_locale,
        data="译者自己的译文。",
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
    )

    call_command("fill_from_memory", "--locale", ZH)

    output = capsys.readouterr().out
    assert "Filled 1 strings into zh-hans from the translation memory" in output
    assert f"city “{city.name}”: 1 filled, 1 to go" in output
    filled = row(city, "profile", zh_locale)
    assert (filled.data, filled.translation_type, filled.tool_name) == (INTRO_ZH, "machine", TOOL_NAME)
    translator_row.refresh_from_db()
    assert translator_row.data == "译者自己的译文。"
    count = StringTranslation.objects.count()

    call_command("fill_from_memory", "--locale", ZH)

    assert "Nothing to fill" in capsys.readouterr().out
    assert StringTranslation.objects.count() == count


@pytest.mark.django_db
def test_the_command_fills_one_page_and_completes_it_without_publishing(waiting, zh_locale, capsys):
    page, city = waiting
    chinese = page.get_translation(zh_locale)
    title = key_of(page, "title")
    StringTranslation.objects.create(
        translation_of_id=title[0], context_id=title[1], locale=zh_locale, data="记忆测试页", translation_type="manual"
    )

    call_command("fill_from_memory", "--locale", ZH, "--page", str(chinese.pk))

    output = capsys.readouterr().out
    assert f"news page “{page.title}”: 1 filled, all strings translated: check and publish it" in output
    assert row(city, "profile", zh_locale) is None  # only that page
    assert missing_strings(translation_of(page, zh_locale)) == 0
    chinese.refresh_from_db()
    assert not chinese.live


@pytest.mark.django_db
def test_the_command_dry_run_changes_nothing(waiting, zh_locale, capsys):
    _page, city = waiting
    call_command("fill_from_memory", "--locale", ZH, "--snippet", f"components.city:{city.pk}", "--dry-run")
    output = capsys.readouterr().out
    assert "Filled 1 strings" in output and "Dry run: nothing was changed." in output
    assert row(city, "profile", zh_locale) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--locale", "fr"], "Unknown locale 'fr'"),
        (["--locale", "en"], "is the source language"),
        (["--locale", ZH, "--page", "999999"], "No page with id 999999."),
        (["--locale", ZH, "--snippet", "components.city"], "no components.city with pk ''"),
        (["--locale", ZH, "--snippet", "components.city:abc"], "no components.city with pk 'abc'"),
        (["--locale", ZH, "--snippet", "nowhere.thing:1"], "expected app_label.model_name:pk"),
        (["--locale", ZH, "--snippet", "news.newspage:1"], "is not a translatable snippet"),
    ],
)
def test_the_command_refuses_bad_input_and_changes_nothing(waiting, options, message):
    count = StringTranslation.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("fill_from_memory", *options)
    assert StringTranslation.objects.count() == count


@pytest.mark.django_db
def test_the_command_refuses_a_page_that_was_never_submitted(zh_locale):
    page = NewsPageFactory(intro=INTRO)
    with pytest.raises(CommandError, match="has no translation into zh-hans"):
        call_command("fill_from_memory", "--locale", ZH, "--page", str(page.pk))


# ---------------------------------------------------------------------------- the sync rule


@pytest.mark.django_db
def test_a_filled_translation_waits_for_its_translator_before_going_live(
    translated, translator_client, zh_locale, zht_locale, django_capture_on_commit_callbacks
):
    english, chinese = translated_pair(NewsPageFactory, intro="Memory test: an intro to replace.", text=chinese_of)
    english.intro = PROFILE  # translated in a city's profile
    english.save_revision().publish()
    live_revision = chinese.live_revision_id
    translation = translation_of(english, zh_locale)
    fill_from_memory(zh_locale, [translation])
    assert missing_strings(translation) == 0  # complete, but nobody checked the filled string

    english.date = english.date.replace(day=5)  # a synchronised field: would republish a complete translation
    english.save_revision().publish()

    assert sync_translations(english) == {zh_locale: WAITING, zht_locale: FOLLOWS}
    chinese.refresh_from_db()
    assert chinese.live_revision_id == live_revision
    # The translator checks it and publishes; from then on the English republishes it again.
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        response = translator_client.post(edit_url(chinese), {"action": "publish"})
    assert messages_of(response)[0].startswith("Published ")
    chinese.refresh_from_db()
    assert chinese.specific.intro == PROFILE_ZH and chinese.live_revision_id != live_revision
    english.save_revision().publish()
    assert NewsPage.objects.get(pk=chinese.pk).live_revision_id != chinese.live_revision_id


# ---------------------------------------------------------------------------- PO export and import


def export(tmp_path, *options):
    path = tmp_path / "memory.po"
    call_command("export_translations", "--locale", ZH, *options, "--output", str(path), verbosity=0)
    return path, polib.pofile(str(path))


def entry_of(po, instance, path):
    (entry,) = [e for e in po if e.msgctxt == f"{instance.translation_key}:{path}"]
    return entry


@pytest.mark.django_db
def test_the_po_export_carries_memory_suggestions_as_fuzzy_entries(waiting, changed_time, tmp_path):
    page, _city = waiting
    english, _chinese = changed_time

    _path, po = export(tmp_path)

    exact = entry_of(po, page, "intro")
    assert (exact.msgid, exact.msgstr, exact.fuzzy, exact.previous_msgid) == (PROFILE, PROFILE_ZH, True, None)
    assert "Translation memory: this English is translated this way elsewhere on the site." in exact.comment
    previous = entry_of(po, english, "intro")
    assert (previous.msgid, previous.msgstr, previous.fuzzy) == (NEW_TIME, TIME_ZH, True)
    assert previous.previous_msgid == TIME
    assert "the previous translation of this field" in previous.comment
    untranslated = entry_of(po, page, "title")
    assert (untranslated.msgstr, untranslated.fuzzy) == ("", False)


@pytest.mark.django_db
def test_importing_leaves_fuzzy_entries_untranslated_unless_the_flag_was_cleared(
    waiting, changed_time, translator_client, tmp_path, zh_locale, capsys
):
    page, _city = waiting
    english, chinese = changed_time
    translator_client.get(edit_url(chinese))  # the editor shows the previous translation (a suggestion row)
    path, po = export(tmp_path)
    call_command("import_translations", str(path))
    assert "fuzzy (not imported): " in capsys.readouterr().out
    assert row(page, "intro", zh_locale) is None
    assert row(english, "intro", zh_locale).tool_name == SUGGESTION_TOOL_NAME

    entry_of(po, page, "intro").flags.remove("fuzzy")
    accepted = entry_of(po, english, "intro")
    accepted.flags.remove("fuzzy")
    accepted.msgstr = NEW_TIME_ZH
    po.save(str(path))
    call_command("import_translations", str(path))

    assert "imported (new): 2" in capsys.readouterr().out
    for instance, data in ((page, PROFILE_ZH), (english, NEW_TIME_ZH)):
        imported = row(instance, "intro", zh_locale)
        assert (imported.data, imported.translation_type, imported.has_error) == (data, "manual", False)


# ---------------------------------------------------------------------------- the editor's own PO download and upload


def download_po(client, translation):
    """GET the translation editor's *Download PO* as ``client``; return the polib.POFile."""
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200, response.status_code
    return polib.pofile(response.content.decode())


def upload_po(client, translation, po, next_url):
    """POST ``po`` to the translation editor's *Upload PO* as ``client``; return the response."""
    upload = SimpleUploadedFile("translation.po", str(po).encode(), content_type="text/x-gettext-translation")
    return client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload, "next": next_url}
    )


def editor_entry(po, path):
    (entry,) = [e for e in po if e.msgctxt == path and not e.obsolete]
    return entry


@pytest.mark.django_db
def test_the_editors_po_download_carries_memory_suggestions_as_fuzzy_entries(
    waiting, changed_time, translator_client, zh_locale
):
    page, _city = waiting
    english, chinese = changed_time
    translator_client.get(edit_url(chinese))  # the editor shows the previous translation (a suggestion row)

    previous = editor_entry(download_po(translator_client, translation_of(english, zh_locale)), "intro")
    exact = editor_entry(download_po(translator_client, translation_of(page, zh_locale)), "intro")

    assert (previous.msgid, previous.msgstr, previous.fuzzy, previous.previous_msgid) == (NEW_TIME, TIME_ZH, True, TIME)
    assert (exact.msgid, exact.msgstr, exact.fuzzy, exact.previous_msgid) == (PROFILE, PROFILE_ZH, True, None)
    # A translated string is exported as upstream does: its translation, not fuzzy.
    title = editor_entry(download_po(translator_client, translation_of(english, zh_locale)), "title")
    assert (title.msgstr, title.fuzzy) == (chinese_of(english.title), False)


@pytest.mark.django_db
def test_keeping_a_suggestion_in_the_editors_po_upload_accepts_it(changed_time, translator_client, zh_locale):
    english, chinese = changed_time
    translation = translation_of(english, zh_locale)
    translator_client.get(edit_url(chinese))
    po = download_po(translator_client, translation)
    entry = editor_entry(po, "intro")
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")  # the translator keeps the previous translation as it is

    response = upload_po(translator_client, translation, po, edit_url(chinese))

    assert response.status_code == 302 and response.url == edit_url(chinese)
    assert messages_of(response) == ["Successfully imported translations from PO File."]
    accepted = row(english, "intro", zh_locale)
    assert (accepted.data, accepted.has_error, accepted.field_error) == (TIME_ZH, False, "")
    assert (accepted.translation_type, accepted.tool_name) == ("manual", "PO File")
    assert accepted.last_translated_by == translator_client.user
    assert missing_strings(translation) == 0


@pytest.mark.django_db
def test_fuzzy_entries_of_the_editors_po_upload_are_not_imported(changed_time, translator_client, zh_locale):
    english, chinese = changed_time
    translation = translation_of(english, zh_locale)
    translator_client.get(edit_url(chinese))
    po = download_po(translator_client, translation)
    entry = editor_entry(po, "intro")
    entry.msgstr = NEW_TIME_ZH  # changed, but the translator left the entry fuzzy
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")

    response = upload_po(translator_client, translation, po, edit_url(chinese))

    assert response.status_code == 302
    assert messages_of(response) == [
        "Successfully imported translations from PO File.",
        "1 entry marked fuzzy was not imported: remove the fuzzy flag to accept it.",
    ]
    suggestion = row(english, "intro", zh_locale)
    assert (suggestion.data, suggestion.has_error, suggestion.tool_name) == (TIME_ZH, True, SUGGESTION_TOOL_NAME)
    assert missing_strings(translation) == 1


# ---------------------------------------------------------------------------- the editor's notes, in the admin language

ENGLISH_TOOL_NAMES = (TOOL_NAME, SUGGESTION_TOOL_NAME, EXCHANGE_TOOL_NAME, "PO File")
ENGLISH_MONTHS = re.compile(r"January|February|March|April|May|June|July|August|September|October|November|December")


@pytest.mark.django_db
def test_a_chinese_translator_reads_where_each_string_came_from_in_chinese(
    waiting, changed_time, role_client, zh_locale
):
    translator = role_client(CHINESE_TRANSLATORS, ZH)
    page, _city = waiting
    chinese = page.get_translation(zh_locale)
    translation = translation_of(page, zh_locale)
    fill_from_memory(zh_locale, [translation])  # the intro, from the memory
    title = key_of(page, "title")
    StringTranslation.objects.create(  # the title, as the bulk PO import stores it
        translation_of_id=title[0],
        context_id=title[1],
        locale=zh_locale,
        data="记忆测试页",
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        tool_name=EXCHANGE_TOOL_NAME,
    )
    english, changed = changed_time
    changed_translation = translation_of(english, zh_locale)
    po = download_po(translator, changed_translation)
    editor_entry(po, "title").msgstr = "更改后的标题"
    upload_po(translator, changed_translation, po, edit_url(changed))  # the title, from the editor's PO upload

    pages = [translator.get(edit_url(chinese)), translator.get(edit_url(changed))]

    comments = {}
    for response in pages:
        html = response.content.decode()
        for name in ENGLISH_TOOL_NAMES:
            assert name not in html, f"{name!r} in the Chinese translation editor"
        for shown in editor_props(response)["initialStringTranslations"]:
            comments[shown["data"]] = shown["comment"]
    assert comments[PROFILE_ZH].startswith("由翻译记忆翻译于")
    assert comments["记忆测试页"].startswith("由批量导入的 PO 文件翻译于")
    assert comments["更改后的标题"].startswith("由上传的 PO 文件翻译于")
    assert comments[TIME_ZH].startswith("由翻译记忆建议翻译于")  # the previous translation, shown in the editor
    for comment in comments.values():
        assert not ENGLISH_MONTHS.search(comment), comment
        assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日$", comment), comment

    # Saving a string in the editor answers with its note (JSON), in Chinese too.
    segment = next(s for s in editor_props(pages[0])["segments"] if s.get("contentPath") == "title")
    response = translator.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment["id"]]),
        "value=记忆测试新标题",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    comment = response.json()["comment"]
    assert comment.startswith("人工翻译于") and not ENGLISH_MONTHS.search(comment), comment


@pytest.mark.django_db
def test_the_notes_name_the_tools_in_english_for_an_english_translator(waiting, translator_client, zh_locale):
    page, _city = waiting
    fill_from_memory(zh_locale, [translation_of(page, zh_locale)])

    response = translator_client.get(edit_url(page.get_translation(zh_locale)))

    comments = {shown["data"]: shown["comment"] for shown in editor_props(response)["initialStringTranslations"]}
    assert re.fullmatch(r"Translated with Translation memory on \d{1,2} [A-Z][a-z]+ \d{4}", comments[PROFILE_ZH])
    # The stored name is unchanged: the memory's queries look rows up by it.
    assert row(page, "intro", zh_locale).tool_name == TOOL_NAME
