"""The Wagtail admin messages the portal translates itself (``portal/translations/admin_catalog.py``).

A Chinese admin user reads them in Chinese; the day Wagtail's own catalog translates one, or stops using
it, a test here says to drop it from the portal's list.
"""

from pathlib import Path

import polib
import pytest
import wagtail
from django.utils import translation

from portal.translations.admin_catalog import MESSAGES
from tests.utils import ZH, has_cjk

WAGTAIL_DIR = Path(wagtail.__file__).parent


def wagtail_catalogs():
    return [polib.pofile(str(path)) for path in WAGTAIL_DIR.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")]


@pytest.mark.parametrize("message", MESSAGES)
def test_a_chinese_admin_reads_the_message_in_chinese(message):
    with translation.override(ZH):
        assert has_cjk(translation.gettext(message))


@pytest.mark.parametrize("message", MESSAGES)
def test_wagtail_still_leaves_the_message_untranslated(message):
    catalogs = wagtail_catalogs()
    assert catalogs, "no zh_Hans catalog found in Wagtail"
    translated = [entry for catalog in catalogs if (entry := catalog.find(message)) and entry.msgstr]
    assert not translated, f"Wagtail now translates {message!r}: drop it from portal/translations/admin_catalog.py"


@pytest.mark.parametrize("message", MESSAGES)
def test_wagtail_still_shows_the_message(message):
    sources = (path.read_text(encoding="utf-8") for path in (WAGTAIL_DIR / "admin").glob("**/*.py"))
    assert any(message in source for source in sources), f"Wagtail no longer uses {message!r}: drop it"
