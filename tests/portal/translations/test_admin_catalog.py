"""The Wagtail admin messages the portal translates itself (``portal/translations/admin_catalog.py``).

A Chinese admin user reads them in Chinese; the day Wagtail's own catalog translates one, or stops using
it, a test here says to drop it from the portal's list.
"""

from pathlib import Path

import polib
import pytest
import wagtail
from django.utils import translation

from news.models import NewsIndexPage
from portal.translations.admin_catalog import MESSAGES, PLURAL_MESSAGES
from portal.translations.roles import CHINESE_TRANSLATORS, MODERATORS
from tests.utils import ZH, has_cjk, said, soup_of

WAGTAIL_DIR = Path(wagtail.__file__).parent
WAGTAIL_SOURCE = "\n".join(
    path.read_text(encoding="utf-8") for path in WAGTAIL_DIR.glob("**/*.py") if "tests" not in path.parts
)


def wagtail_catalogs():
    return [polib.pofile(str(path)) for path in WAGTAIL_DIR.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")]


def singular_of(message, key):
    """The singular msgid of a plural ``ngettext_lazy`` message whose number is named ``key``."""
    with translation.override("en"):
        return (message % {key: 1}).replace("1", f"%({key})d", 1)


@pytest.mark.parametrize("message", MESSAGES)
def test_a_chinese_admin_reads_the_message_in_chinese(message):
    with translation.override(ZH):
        assert has_cjk(translation.gettext(message))


@pytest.mark.parametrize(("message", "key"), PLURAL_MESSAGES)
def test_a_chinese_admin_reads_the_plural_message_in_chinese(message, key):
    with translation.override(ZH):
        assert has_cjk(message % {key: 1}) and has_cjk(message % {key: 2})


@pytest.mark.parametrize(
    "msgid", [*MESSAGES, *(singular_of(message, key) for message, key in PLURAL_MESSAGES)], ids=str
)
def test_wagtail_still_shows_the_message_and_leaves_it_untranslated(msgid):
    assert f'"{msgid}"' in WAGTAIL_SOURCE, f"Wagtail no longer uses {msgid!r}: drop it"
    catalogs = wagtail_catalogs()
    assert catalogs, "no zh_Hans catalog found in Wagtail"
    translated = [entry for catalog in catalogs if (entry := catalog.find(msgid)) and entry.msgstr]
    assert not translated, f"Wagtail now translates {msgid!r}: drop it from portal/translations/admin_catalog.py"


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", [MODERATORS, CHINESE_TRANSLATORS])
def test_a_chinese_admin_explores_pages_and_searches_from_the_dashboard_in_chinese(role_client, group_name):
    """The page explorer's title and the dashboard's search box, which Wagtail 7.4.4's catalog leaves in English."""
    client = role_client(group_name, ZH)
    index = NewsIndexPage.objects.get(locale__language_code=ZH if group_name == CHINESE_TRANSLATORS else "en")
    page = soup_of(client.get(f"/admin/pages/{index.pk}/"))
    assert page.title.get_text().startswith(f"{said(client, 'Exploring')}: {index.title}")
    assert has_cjk(said(client, "Exploring"))
    placeholders = [field.get("placeholder") for field in soup_of(client.get("/admin/")).select("input[name=q]")]
    assert said(client, "Search all pages…") in placeholders
    assert "Search all pages…" not in placeholders
