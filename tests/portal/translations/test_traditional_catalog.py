"""The Traditional Chinese interface catalogs, generated from the Simplified ones (``make_traditional_catalog``,
``portal/translations/traditional_catalog.py``): in step with their sources, converted without losing a placeholder,
a plural or a flag, in Traditional characters throughout, with the Hong Kong usage overrides applied."""

import re
import shutil

import polib
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from portal.chinese.conversion import simplified_left, to_traditional
from portal.edge.language import TRADITIONAL_CHINESE
from portal.translations import traditional_catalog
from tests import utils

DOMAINS = traditional_catalog.DOMAINS
PLACEHOLDER_RE = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|</?[a-z][^>]*>")


def traditional(domain):
    return polib.pofile(str(traditional_catalog.catalog_path("zh_Hant", domain)))


def texts(entry):
    return [entry.msgstr] if not entry.msgid_plural else [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]


@pytest.fixture(scope="module")
def sources():
    """``{domain: the entries the Traditional catalog is converted from}`` (the portal's, then the apps')."""
    return {domain: traditional_catalog.sources(domain)[1] for domain in DOMAINS}


@pytest.fixture(scope="module")
def overrides():
    return {traditional_catalog.key_of(entry): entry for entry in traditional_catalog.read_overrides()}


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_catalog_equals_a_fresh_generation(domain):
    path = traditional_catalog.catalog_path("zh_Hant", domain)
    assert path.exists(), f"missing {path}: run `make messages`"
    assert path.read_text(encoding="utf-8") == traditional_catalog.generate(domain), "run `make messages`"


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_keeps_its_msgid_plural_forms_flags_and_placeholders(domain, sources, overrides):
    catalog = traditional(domain)
    assert [(e.msgctxt, e.msgid, e.msgid_plural, e.flags) for e in catalog] == [
        (e.msgctxt, e.msgid, e.msgid_plural, e.flags) for e in sources[domain]
    ]
    wrong = []
    for source, entry in zip(sources[domain], catalog, strict=True):
        assert len(texts(entry)) == len(texts(source)), entry.msgid
        if traditional_catalog.key_of(entry) in overrides:
            continue
        for before, after in zip(texts(source), texts(entry), strict=True):
            if PLACEHOLDER_RE.findall(before) != PLACEHOLDER_RE.findall(after):
                wrong.append((entry.msgid, before, after))
    assert not wrong


def test_the_conversion_keeps_placeholders_and_markup():
    text = '%(count)d 个页面已发布于 <a href="%(url)s">{title}</a>，“%s”'
    converted = to_traditional(text)
    assert PLACEHOLDER_RE.findall(converted) == PLACEHOLDER_RE.findall(text)
    assert converted == '%(count)d 個頁面已發佈於 <a href="%(url)s">{title}</a>，「%s」'


@pytest.mark.parametrize("domain", DOMAINS)
def test_no_simplified_character_is_left(domain):
    left = {
        entry.msgid: chars for entry in traditional(domain) for text in texts(entry) if (chars := simplified_left(text))
    }
    assert not left


def test_every_override_is_applied_and_written_against_the_current_simplified_text(overrides):
    assert 5 <= len(overrides) <= 30
    catalog = {traditional_catalog.key_of(entry): entry for entry in traditional("django")}
    assert not [key for key in overrides if key not in catalog], "an override corrects a message no catalog has"
    for key, override in overrides.items():
        assert texts(catalog[key]) == texts(override)
        assert catalog[key].tcomment.startswith("Hong Kong usage")
    outdated = [(entry.msgid, current) for entry, current in traditional_catalog.outdated_overrides()]
    assert not outdated, "the Simplified text changed: review the override and its `#. zh_Hans:` comment"


def test_every_override_corrects_the_conversion_and_keeps_the_placeholders(overrides, sources):
    by_key = {traditional_catalog.key_of(entry): entry for entry in sources["django"]}
    for key, override in overrides.items():
        source = by_key[key]
        assert texts(override) != [to_traditional(text) for text in texts(source)], f"{key}: same as the conversion"
        for before, after in zip(texts(source), texts(override), strict=True):
            assert sorted(PLACEHOLDER_RE.findall(before)) == sorted(PLACEHOLDER_RE.findall(after)), key


def test_a_traditional_chinese_reader_reads_the_hong_kong_words(overrides):
    with translation.override(TRADITIONAL_CHINESE):
        for (msgctxt, msgid), override in overrides.items():
            if not override.msgid_plural:
                read = translation.pgettext(msgctxt, msgid) if msgctxt else translation.gettext(msgid)
                assert read == override.msgstr


@pytest.fixture
def locale_copy(tmp_path, monkeypatch):
    """A copy of the project's ``locale/`` that the command reads and writes instead."""
    copy = tmp_path / "locale"
    shutil.copytree(utils.LOCALE_DIR, copy, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(traditional_catalog, "locale_dir", lambda: copy)
    return copy


def edit_simplified(locale_dir, msgid, msgstr):
    path = locale_dir / "zh_Hans" / "LC_MESSAGES" / "django.po"
    catalog = polib.pofile(str(path))
    catalog.find(msgid).msgstr = msgstr
    catalog.save()


def test_the_command_regenerates_a_stale_catalog_and_its_check_fails_until_then(locale_copy, capsys):
    call_command("make_traditional_catalog", check=True)
    edit_simplified(locale_copy, "Search the site", "在全站内搜索")
    with pytest.raises(CommandError, match="make messages"):
        call_command("make_traditional_catalog", check=True)
    call_command("make_traditional_catalog")
    assert "django.po: " in capsys.readouterr().out
    call_command("make_traditional_catalog", check=True)
    catalog = polib.pofile(str(locale_copy / "zh_Hant" / "LC_MESSAGES" / "django.po"))
    assert catalog.find("Search the site").msgstr == to_traditional("在全站内搜索") == "在全站內搜尋"


def test_an_override_whose_simplified_text_changed_is_reported_for_review(locale_copy, capsys):
    override = traditional_catalog.read_overrides()[0]
    edit_simplified(locale_copy, override.msgid, "新的简体译文")
    assert [entry.msgid for entry, _current in traditional_catalog.outdated_overrides()] == [override.msgid]
    call_command("make_traditional_catalog")
    assert f"Review the override of {override.msgid!r}" in capsys.readouterr().err
    # Still applied until someone reviews it: the catalog never goes back to the word Hong Kong does not use.
    catalog = polib.pofile(str(locale_copy / "zh_Hant" / "LC_MESSAGES" / "django.po"))
    assert catalog.find(override.msgid, msgctxt=override.msgctxt).msgstr == override.msgstr
