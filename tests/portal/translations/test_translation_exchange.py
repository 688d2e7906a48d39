"""Bulk PO exchange (``export_translations`` / ``import_translations``): what is exported, the round
trip through a translation agency, newer edits in the portal kept, and bad files refused without
changing anything."""

import datetime
import io
import uuid

import polib
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Revision
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from components.models import City
from home.models import StandardPage
from portal.core.models import FooterText
from portal.translations.exchange import EXPORTED_AT_HEADER, FORMAT_HEADER, export_po, import_po
from tests.utils import CONTENT, EN, ZH, soup_of, text_of

ABOUT_PATH = f"/{CONTENT['about']['slug']}/"
# Chinese typography an agency sends back: curly quotes, dashes, ellipsis, enumeration comma, full-width
# punctuation, book-title marks, and two characters outside the Basic Multilingual Plane (CJK Ext. B).
NEW_CHINESE = "“城市伙伴”与‘绿色’——合作……、：；！？（试点）《行动计划》𠀋𩸽"


# ---------------------------------------------------------------------------- helpers


def string_translation_rows():
    """Every StringTranslation as comparable values: what "the database is unchanged" means here."""
    return list(
        StringTranslation.objects.order_by("pk").values_list(
            "pk", "translation_of_id", "locale_id", "context_id", "data", "tool_name", "updated_at", "has_error"
        )
    )


def new_english_intro(page, text):
    """Change ``page``'s English intro to ``text``, publish it and update its TranslationSource (a new string)."""
    page.intro = text
    page.save_revision().publish()
    TranslationSource.update_or_create_from_instance(page)
    return StringValue.from_plaintext(text).data


def export(tmp_path, *options, name="export.po"):
    """Run ``export_translations --locale zh-hans`` into a file of ``tmp_path``; return ``(path, POFile)``."""
    path = tmp_path / name
    call_command("export_translations", "--locale", ZH, *options, "--output", str(path), verbosity=0)
    return path, polib.pofile(str(path))


def run_import(path, *options):
    """Run ``import_translations`` on ``path``; return its output."""
    out = io.StringIO()
    call_command("import_translations", str(path), *options, stdout=out)
    return out.getvalue()


def count(output, label):
    """The number after ``label:`` in the import command's output."""
    for line in output.splitlines():
        if line.strip().startswith(f"{label}:"):
            return int(line.rsplit(":", 1)[1])
    raise AssertionError(f"no {label!r} in {output!r}")


def entry_for(po, translation_key, path):
    """The entry of ``po`` for the field ``path`` of the object with ``translation_key``."""
    (entry,) = [e for e in po if e.msgctxt == f"{translation_key}:{path}"]
    return entry


def exported_at(po):
    return datetime.datetime.fromisoformat(po.metadata[EXPORTED_AT_HEADER])


@pytest.fixture
def about(get_page):
    return get_page(StandardPage, EN, ABOUT_PATH)


@pytest.fixture
def edited_export(tmp_path, about):
    """An ``--all`` export in which the About page's Chinese title was changed: ``(path, POFile, new title)``.

    Importing it as it is would change one StringTranslation, so a refused import is visible.
    """
    path, po = export(tmp_path, "--all")
    title = "关于IUC亚洲（修订版）"
    entry = entry_for(po, about.translation_key, "title")
    assert entry.msgstr != title
    entry.msgstr = title
    po.save(str(path))
    return path, po, title


# ---------------------------------------------------------------------------- export


@pytest.mark.django_db
def test_the_loaded_content_has_nothing_left_to_translate():
    po = export_po(ZH)
    assert len(po) == 0, [entry.msgid for entry in po][:3]
    assert po.metadata[FORMAT_HEADER]


@pytest.mark.django_db
def test_default_export_contains_only_the_untranslated_string(tmp_path, about):
    english = new_english_intro(about, "The programme in one sentence, rewritten by an editor.")

    _path, po = export(tmp_path)

    assert [(entry.msgctxt, entry.msgid, entry.msgstr) for entry in po] == [
        (f"{about.translation_key}:intro", english, "")
    ]
    comment = po[0].comment
    assert about.title in comment
    assert about.get_full_url() in comment
    assert "intro" in comment
    assert po[0].occurrences == [(about.get_url(), "")]


@pytest.mark.django_db
def test_all_export_has_every_string_with_its_translation_and_unique_msgctxts(tmp_path, zh_locale):
    _path, po = export(tmp_path, "--all")

    segments = StringSegment.objects.filter(
        source__translations__target_locale=zh_locale, source__translations__enabled=True
    ).select_related("context", "string", "source")
    translations = {
        (st.translation_of_id, st.context_id): st.data for st in StringTranslation.objects.filter(locale=zh_locale)
    }
    expected = {
        (str(s.source.object_id), s.context.path, s.string.data): translations[(s.string_id, s.context_id)]
        for s in segments
    }
    exported = {}
    for entry in po:
        key, path = entry.msgctxt.split(":", 1)
        exported[(key, path.split("#")[0], entry.msgid)] = entry.msgstr
    assert exported == expected
    assert len(po) == len(expected)

    msgctxts = [entry.msgctxt for entry in po]
    assert len(msgctxts) == len(set(msgctxts))
    # The footer text is one rich-text field with two paragraphs: two strings under one context path.
    footer = FooterText.objects.get(locale__language_code=EN)
    footer_entries = [entry for entry in po if entry.msgctxt.startswith(f"{footer.translation_key}:body")]
    assert len(footer_entries) == 2
    assert len({entry.msgctxt for entry in footer_entries}) == 2


@pytest.mark.django_db
def test_export_header_names_the_locale_the_format_and_an_aware_export_time():
    before = timezone.now()
    po = export_po(ZH, include_translated=True)

    assert po.metadata["Language"] in ("zh_Hans", ZH)
    assert "charset=utf-8" in po.metadata["Content-Type"]
    assert po.metadata[FORMAT_HEADER] == "1"
    stamp = exported_at(po)
    assert stamp.tzinfo is not None
    assert before <= stamp <= timezone.now()


@pytest.mark.django_db
def test_export_without_output_writes_the_po_file_to_stdout(about):
    english = new_english_intro(about, "A new introduction written to standard output.")
    out = io.StringIO()

    call_command("export_translations", "--locale", ZH, stdout=out)

    po = polib.pofile(out.getvalue())
    assert [entry.msgid for entry in po] == [english]
    assert po.metadata[FORMAT_HEADER] == "1"


@pytest.mark.django_db
@pytest.mark.parametrize("locale", ["fr", EN])
def test_export_refuses_an_unknown_or_the_source_locale(locale):
    with pytest.raises(CommandError):
        call_command("export_translations", "--locale", locale, stdout=io.StringIO())


@pytest.mark.django_db
def test_exported_chinese_strings_survive_a_po_round_trip(tmp_path):
    """Saved by polib with or without line folding and read back, every string is exactly the same."""
    po = export_po(ZH, include_translated=True)
    po[0].msgstr = NEW_CHINESE + " " + "合作" * 80  # long enough to be folded at 78 columns
    for wrapwidth in (0, 78):
        path = tmp_path / f"wrapped-{wrapwidth}.po"
        po.wrapwidth = wrapwidth
        po.save(str(path))
        back = polib.pofile(str(path))
        assert [(e.msgctxt, e.msgid, e.msgstr) for e in back] == [(e.msgctxt, e.msgid, e.msgstr) for e in po]


# ---------------------------------------------------------------------------- round trip


@pytest.mark.django_db
def test_round_trip_publishes_the_chinese_page_with_the_agency_text_exactly(tmp_path, client, about, get_page):
    new_english_intro(about, "What the programme did, in the editor's new words.")
    path, po = export(tmp_path, "--all")
    entry_for(po, about.translation_key, "intro").msgstr = NEW_CHINESE
    title = "关于IUC亚洲——项目简介"
    entry_for(po, about.translation_key, "title").msgstr = title
    po.save(str(path))  # as a PO editor saves it: polib folds long lines at 78 columns

    output = run_import(path, "--publish")

    assert count(output, "imported (new)") == 1
    assert count(output, "updated") == 1
    assert count(output, "unchanged") == len(po) - 2
    assert count(output, "published") == 1
    assert count(output, "left for translators (not complete)") == 0
    chinese = get_page(StandardPage, ZH, ABOUT_PATH)
    assert chinese.intro == NEW_CHINESE
    assert chinese.title == title
    assert chinese.live and chinese.live_revision_id == chinese.latest_revision_id
    soup = soup_of(client.get(f"/{ZH}{ABOUT_PATH}"))
    assert soup.select_one("main .lead").get_text() == NEW_CHINESE
    assert text_of(soup.find("h1")) == title
    stored = StringTranslation.objects.get(locale=chinese.locale, data=NEW_CHINESE)
    assert (stored.translation_type, stored.tool_name) == ("manual", "PO import")

    again = run_import(path, "--publish")
    assert count(again, "unchanged") == len(po)
    assert count(again, "published") == 0


@pytest.mark.django_db
def test_round_trip_publishes_a_translated_snippet(tmp_path, content):
    english = City.objects.get(locale__language_code=EN, slug=content["cities"][0]["key"])
    english.profile = "A city profile rewritten by an editor."
    english.save()
    TranslationSource.update_or_create_from_instance(english)
    path, po = export(tmp_path)
    assert [entry.msgctxt for entry in po] == [f"{english.translation_key}:profile"]
    po[0].msgstr = NEW_CHINESE
    po.save(str(path))

    output = run_import(path, "--publish")

    assert count(output, "imported (new)") == 1
    assert count(output, "published") == 1
    assert City.objects.get(locale__language_code=ZH, translation_key=english.translation_key).profile == NEW_CHINESE


@pytest.mark.django_db
def test_publish_leaves_an_incomplete_page_for_the_translators(tmp_path, about, get_page):
    new_english_intro(about, "First new sentence.")
    about.title = "About the IUC Asia programme"
    about.save_revision().publish()
    TranslationSource.update_or_create_from_instance(about)
    chinese_before = get_page(StandardPage, ZH, ABOUT_PATH)
    path, po = export(tmp_path)
    assert len(po) == 2
    entry_for(po, about.translation_key, "intro").msgstr = NEW_CHINESE
    po.save(str(path))

    output = run_import(path, "--publish")

    assert count(output, "imported (new)") == 1
    # The changed title comes with its previous translation as a fuzzy suggestion, which is not imported.
    assert count(output, "fuzzy (not imported)") == 1
    assert count(output, "untranslated (empty msgstr)") == 0
    assert count(output, "published") == 0
    assert count(output, "left for translators (not complete)") == 1
    chinese = get_page(StandardPage, ZH, ABOUT_PATH)
    assert (chinese.intro, chinese.live_revision_id) == (chinese_before.intro, chinese_before.live_revision_id)
    assert StringTranslation.objects.filter(data=NEW_CHINESE).exists()


@pytest.mark.django_db
def test_a_translation_with_a_broken_link_is_stored_flagged_and_not_published(tmp_path, zh_locale):
    english = FooterText.objects.get(locale__language_code=EN)
    chinese_before = FooterText.objects.get(locale=zh_locale).body
    path, po = export(tmp_path, "--all")
    (entry,) = [e for e in po if e.msgctxt.startswith(f"{english.translation_key}:") and 'id="a1"' in e.msgid]
    entry.msgstr = entry.msgstr.replace('id="a1"', 'id="a9"')  # a link the English string does not have
    po.save(str(path))

    output = run_import(path, "--publish")

    assert count(output, "updated") == 1
    assert count(output, "stored with errors (fix them in the translation editor)") == 1
    assert count(output, "published") == 0
    assert count(output, "left for translators (not complete)") == 1
    assert StringTranslation.objects.get(locale=zh_locale, data=entry.msgstr).has_error
    assert FooterText.objects.get(locale=zh_locale).body == chinese_before


# ---------------------------------------------------------------------------- newer edits, unknown entries


@pytest.mark.django_db
def test_a_translator_edit_after_the_export_is_kept_and_counted(tmp_path, about, zh_locale):
    path, po = export(tmp_path, "--all")
    segment = StringSegment.objects.get(source__object_id=about.translation_key, context__path="title")
    edit = StringTranslation.objects.get(translation_of=segment.string, context=segment.context, locale=zh_locale)
    edit.data = "译者在门户中修改的标题"
    edit.save()
    # The translator's edit happened after the export (set explicitly: no dependence on the clock).
    StringTranslation.objects.filter(pk=edit.pk).update(updated_at=exported_at(po) + datetime.timedelta(minutes=1))
    entry_for(po, about.translation_key, "title").msgstr = "翻译公司的标题"
    entry_for(po, about.translation_key, "intro").msgstr = NEW_CHINESE
    po.save(str(path))

    output = run_import(path)

    assert StringTranslation.objects.get(pk=edit.pk).data == "译者在门户中修改的标题"
    assert count(output, "skipped, changed in the portal after the export") == 1
    assert count(output, "updated") == 1
    assert StringTranslation.objects.filter(data=NEW_CHINESE, locale=zh_locale).exists()


@pytest.mark.django_db
def test_unknown_entries_are_counted_and_the_rest_is_imported(edited_export, about, zh_locale):
    path, po, title = edited_export
    po.append(
        polib.POEntry(msgctxt=f"{about.translation_key}:body.{uuid.uuid4()}", msgid="Gone block", msgstr="消失的段落")
    )
    po.append(polib.POEntry(msgctxt=f"{uuid.uuid4()}:title", msgid="Deleted page", msgstr="已删除的页面"))
    po.save(str(path))

    output = run_import(path)

    assert count(output, "unknown (no longer in the source)") == 2
    assert count(output, "updated") == 1
    assert StringTranslation.objects.filter(data=title, locale=zh_locale).exists()
    assert not StringTranslation.objects.filter(data__in=["消失的段落", "已删除的页面"]).exists()


@pytest.mark.django_db
def test_a_string_changed_in_english_after_the_export_is_unknown(tmp_path, about):
    new_english_intro(about, "The intro as it was when the file was exported.")
    path, po = export(tmp_path)
    po[0].msgstr = NEW_CHINESE
    po.save(str(path))
    new_english_intro(about, "The intro as the editor rewrote it while the agency translated.")
    before = string_translation_rows()

    output = run_import(path, "--publish")

    assert count(output, "unknown (no longer in the source)") == 1
    assert count(output, "imported (new)") == 0
    assert string_translation_rows() == before


@pytest.mark.django_db
def test_fuzzy_entries_are_not_imported(edited_export, about):
    _path, po, _title = edited_export
    entry_for(po, about.translation_key, "title").flags.append("fuzzy")
    before = string_translation_rows()

    result = import_po(po)

    assert (result.fuzzy, result.updated) == (1, 0)
    assert string_translation_rows() == before


# ---------------------------------------------------------------------------- dry run and bad files


@pytest.mark.django_db
def test_dry_run_reports_the_counts_and_changes_nothing(edited_export, get_page):
    path, _po, _title = edited_export
    before = (string_translation_rows(), Revision.objects.count(), get_page(StandardPage, ZH, ABOUT_PATH).title)

    output = run_import(path, "--publish", "--dry-run")

    assert count(output, "updated") == 1
    assert count(output, "published") == 1
    assert "Dry run" in output
    after = (string_translation_rows(), Revision.objects.count(), get_page(StandardPage, ZH, ABOUT_PATH).title)
    assert after == before


def _garbage(path, text):
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x01 not a text file \xc3\x28")


def _prose(path, text):
    path.write_text("These are the translations you asked for.\nBest regards\n", encoding="utf-8")


def _truncated(path, text):
    """Cut the file in the middle of the edited msgstr, as an interrupted transfer would."""
    position = text.index("（修订版）")
    path.write_text(text[:position], encoding="utf-8")


def _unterminated(path, text):
    """Drop the closing quote of the edited msgstr; the rest of the file is intact."""
    path.write_text(text.replace('（修订版）"', "（修订版）", 1), encoding="utf-8")


def _missing(path, text):
    path.unlink()


def _empty(path, text):
    path.write_text("", encoding="utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize("damage", [_garbage, _prose, _truncated, _unterminated, _missing, _empty])
def test_a_malformed_file_is_refused_and_nothing_changes(edited_export, damage):
    path, _po, _title = edited_export
    damage(path, path.read_text(encoding="utf-8"))
    before = (string_translation_rows(), Revision.objects.count())

    with pytest.raises(CommandError, match="nothing was changed"):
        run_import(path, "--publish")

    assert (string_translation_rows(), Revision.objects.count()) == before


def _header(name, value):
    def change(po):
        if value is None:
            del po.metadata[name]
        else:
            po.metadata[name] = value

    change.__name__ = f"{name}={value}"
    return change


def _foreign_msgctxt(po):
    po.append(polib.POEntry(msgctxt="title", msgid="About IUC Asia", msgstr="关于"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        _header("Language", "fr"),
        _header("Language", "en"),
        _header("Language", None),
        _header(FORMAT_HEADER, None),
        _header(EXPORTED_AT_HEADER, None),
        _header(EXPORTED_AT_HEADER, "2020-01-01T00:00:00"),  # no time zone
        _header(EXPORTED_AT_HEADER, "yesterday"),
        _foreign_msgctxt,
    ],
    ids=lambda change: change.__name__,
)
def test_a_file_for_another_locale_or_format_is_refused_and_nothing_changes(edited_export, change):
    path, po, _title = edited_export
    change(po)
    po.save(str(path))
    before = string_translation_rows()

    with pytest.raises(CommandError, match="nothing was changed"):
        run_import(path)

    assert string_translation_rows() == before


@pytest.mark.django_db
def test_the_edited_export_fixture_imports_when_left_intact(edited_export, zh_locale):
    """The refusals above are meaningful: the same file, undamaged, changes the database."""
    path, _po, title = edited_export
    assert count(run_import(path), "updated") == 1
    assert StringTranslation.objects.filter(locale=zh_locale, data=title).exists()
    assert Translation.objects.filter(target_locale=zh_locale, enabled=True).exists()
