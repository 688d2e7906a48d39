"""The Wagtail admin messages the portal translates itself, in both Chinese scripts.

Simplified: ``portal/translations/admin_catalog.py`` marks the messages Wagtail's zh_Hans catalog lacks; a test
here says to drop one the day Wagtail's own catalog translates it, or stops using it. Traditional: the generated
catalog (``portal/translations/traditional_catalog.py``) converts those, and every message an installed app's
zh_Hans catalog translates and no zh_Hant catalog does; its staleness test follows upstream's catalogs.
"""

import json
from pathlib import Path

import polib
import pytest
import wagtail
from django.utils import translation

from news.models import NewsIndexPage
from portal.chinese.conversion import simplified_left, to_traditional
from portal.edge.language import TRADITIONAL_CHINESE
from portal.translations import traditional_catalog
from portal.translations.admin_catalog import MESSAGES, PLURAL_MESSAGES
from portal.translations.roles import CHINESE_TRANSLATORS, MODERATORS
from tests.utils import ZH, has_cjk, said, soup_of, text_of

WAGTAIL_DIR = Path(wagtail.__file__).parent
WAGTAIL_SOURCE = "\n".join(
    path.read_text(encoding="utf-8") for path in WAGTAIL_DIR.glob("**/*.py") if "tests" not in path.parts
)
CHINESE = [ZH, TRADITIONAL_CHINESE]


def wagtail_catalogs():
    return [polib.pofile(str(path)) for path in WAGTAIL_DIR.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")]


def singular_of(message, key):
    """The singular msgid of a plural ``ngettext_lazy`` message whose number is named ``key``."""
    with translation.override("en"):
        return (message % {key: 1}).replace("1", f"%({key})d", 1)


def assert_in_script(text, language):
    """Assert ``text`` is Chinese, and in Traditional characters for ``zh-hant``."""
    assert has_cjk(text), text
    if language == TRADITIONAL_CHINESE:
        assert not simplified_left(text), text


@pytest.mark.parametrize("language", CHINESE)
@pytest.mark.parametrize("message", MESSAGES)
def test_a_chinese_admin_reads_the_message_in_chinese(message, language):
    with translation.override(language):
        assert_in_script(translation.gettext(message), language)


@pytest.mark.parametrize("language", CHINESE)
@pytest.mark.parametrize(("message", "key"), PLURAL_MESSAGES)
def test_a_chinese_admin_reads_the_plural_message_in_chinese(message, key, language):
    with translation.override(language):
        assert_in_script(message % {key: 1}, language)
        assert_in_script(message % {key: 2}, language)


@pytest.mark.parametrize(
    "msgid", [*MESSAGES, *(singular_of(message, key) for message, key in PLURAL_MESSAGES)], ids=str
)
def test_wagtail_still_shows_the_message_and_leaves_it_untranslated(msgid):
    assert f'"{msgid}"' in WAGTAIL_SOURCE, f"Wagtail no longer uses {msgid!r}: drop it"
    catalogs = wagtail_catalogs()
    assert catalogs, "no zh_Hans catalog found in Wagtail"
    translated = [entry for catalog in catalogs if (entry := catalog.find(msgid)) and entry.msgstr]
    assert not translated, f"Wagtail now translates {msgid!r}: drop it from portal/translations/admin_catalog.py"


def test_a_traditional_chinese_admin_reads_what_the_apps_translate_only_into_simplified_chinese():
    """Wagtail's and wagtail-localize's zh_Hant catalogs are far shorter than their zh_Hans ones: the gaps are
    filled from the zh_Hans ones, converted (unless the portal translates the message itself)."""
    own = {
        traditional_catalog.key_of(entry) for entry in polib.pofile(str(traditional_catalog.catalog_path("zh_Hans")))
    }
    gaps = [
        entry for _app, entry in traditional_catalog.upstream_gaps() if traditional_catalog.key_of(entry) not in own
    ]
    assert len(gaps) > 100, "Wagtail's and wagtail-localize's zh_Hant catalogs caught up: check the generation"
    overridden = {traditional_catalog.key_of(entry) for entry in traditional_catalog.read_overrides()}
    wrong = []
    with translation.override(TRADITIONAL_CHINESE):
        for entry in gaps:
            if entry.msgid_plural or traditional_catalog.key_of(entry) in overridden:
                continue
            read = (
                translation.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else translation.gettext(entry.msgid)
            )
            if read != to_traditional(entry.msgstr):
                wrong.append((entry.msgid, read))
    assert not wrong


@pytest.mark.django_db
@pytest.mark.parametrize("language", CHINESE)
@pytest.mark.parametrize("group_name", [MODERATORS, CHINESE_TRANSLATORS])
def test_a_chinese_admin_explores_pages_and_searches_from_the_dashboard_in_chinese(role_client, group_name, language):
    """The page explorer's title and the dashboard's search box, which Wagtail 7.4.4's catalog leaves in English."""
    client = role_client(group_name, language)
    index = NewsIndexPage.objects.get(locale__language_code=ZH if group_name == CHINESE_TRANSLATORS else "en")
    page = soup_of(client.get(f"/admin/pages/{index.pk}/"))
    assert page.title.get_text().startswith(f"{said(client, 'Exploring')}: {index.title}")
    assert_in_script(said(client, "Exploring"), language)
    placeholders = [field.get("placeholder") for field in soup_of(client.get("/admin/")).select("input[name=q]")]
    assert said(client, "Search all pages…") in placeholders
    assert "Search all pages…" not in placeholders


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", [MODERATORS, CHINESE_TRANSLATORS])
def test_a_traditional_chinese_admin_sees_no_message_in_english_that_the_simplified_catalogs_translate(
    role_client, group_name
):
    """The dashboard, the explorer and the editor of a page the role works on, as a member in English and in
    Traditional Chinese: no text the English admin reads as an upstream message (one a zh_Hant catalog lacks) is
    left in English for the Traditional Chinese admin."""
    gap_msgids = {entry.msgid for _app, entry in traditional_catalog.upstream_gaps() if "%" not in entry.msgid}
    index = NewsIndexPage.objects.get(locale__language_code=ZH if group_name == CHINESE_TRANSLATORS else "en")
    urls = [f"/admin/pages/{index.pk}/", f"/admin/pages/{index.get_children().first().pk}/edit/", "/admin/"]
    english, traditional = role_client(group_name), role_client(group_name, TRADITIONAL_CHINESE)
    seen = set()
    for url in urls:
        shown_in_english = {text_of(element) for element in soup_of(english.get(url)).find_all(True)}
        left = gap_msgids & shown_in_english
        seen |= left
        shown = {text_of(element) for element in soup_of(traditional.get(url)).find_all(True)}
        assert not left & shown, (url, sorted(left & shown))
    assert seen, "the pages show no message that Wagtail's zh_Hant catalogs lack: pick other pages"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "app"), [("/admin/jsi18n/", "wagtail.admin"), ("/admin/localize/jsi18n/", "wagtail_localize")]
)
def test_a_traditional_chinese_admin_gets_the_javascript_messages_the_simplified_catalogs_translate(
    role_client, url, app
):
    """The admin's and the translation editor's JavaScript catalogs, each one app's: what its zh_Hant lacks."""
    gaps = [entry for name, entry in traditional_catalog.upstream_gaps("djangojs") if name == app]
    assert gaps, f"{app}'s zh_Hant JavaScript catalog caught up: check the generation"
    response = role_client(CHINESE_TRANSLATORS, TRADITIONAL_CHINESE).get(url)
    assert response.status_code == 200
    script = response.content.decode()
    missing = [
        entry.msgid
        for entry in gaps
        if not all(
            json.dumps(to_traditional(text)) in script for text in [entry.msgstr, *entry.msgstr_plural.values()] if text
        )
    ]
    assert not missing
