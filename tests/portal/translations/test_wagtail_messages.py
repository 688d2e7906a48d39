"""Wagtail's admin messages that its own Chinese catalog lacks are translated by the portal's (``wagtail_messages``).

Each must still be a message Wagtail's code uses, word for word, or the translation is never shown.
"""

from pathlib import Path

import pytest
import wagtail
from django.utils import translation

from portal.translations import wagtail_messages
from tests.utils import ZH, has_cjk

WAGTAIL_SOURCE = "\n".join(path.read_text() for path in Path(wagtail.__file__).parent.glob("admin/views/**/*.py"))
PLURALS = [
    (message, key)
    for message, key in zip(
        wagtail_messages.BULK_PAGE_MESSAGES,
        ["num_parent_objects", None, "num_parent_objects", "num_child_objects"],
        strict=True,
    )
    if key
]


@pytest.mark.parametrize("msgid", [*wagtail_messages.SNIPPET_MESSAGES, wagtail_messages.BULK_PAGE_MESSAGES[1]])
def test_wagtails_message_is_translated(msgid):
    assert f'"{msgid}"' in WAGTAIL_SOURCE
    with translation.override(ZH):
        assert has_cjk(translation.gettext(msgid))


@pytest.mark.parametrize(("message", "key"), PLURALS)
def test_wagtails_plural_message_is_translated(message, key):
    with translation.override("en"):
        singular = (message % {key: 1}).replace("1", f"%({key})d", 1)
    assert f'"{singular}"' in WAGTAIL_SOURCE
    with translation.override(ZH):
        assert has_cjk(message % {key: 2})
