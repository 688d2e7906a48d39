"""Wagtail's strings translated in the portal's catalog (``portal.core.upstream_messages``) are still Wagtail's."""

from pathlib import Path

import pytest
import wagtail
from django.utils import translation

from portal.core.upstream_messages import WAGTAIL_MESSAGES
from tests.utils import ZH, has_cjk

WAGTAIL_ROOT = Path(wagtail.__file__).parent


@pytest.mark.parametrize(("module", "msgid"), WAGTAIL_MESSAGES, ids=[msgid[:40] for _module, msgid in WAGTAIL_MESSAGES])
def test_the_string_is_still_wagtails_and_the_portal_translates_it(module, msgid):
    source = (WAGTAIL_ROOT.parent / module).read_text()
    assert f'"{msgid}"' in source, (
        f"Wagtail no longer says {msgid!r} in {module}: update portal/core/upstream_messages.py and django.po"
    )
    with translation.override(ZH):
        assert has_cjk(translation.gettext(msgid))
