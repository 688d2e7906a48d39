"""Language names in the admin user's own language: "Chinese (Simplified)" in English, "简体中文" in Chinese.

``settings.LANGUAGES`` names each language in itself, for the public language switcher (``Locale.get_display_name``
gives that name); the admin's forms and messages name a language in the reader's language instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.text import get_text_list
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from wagtail.models import Locale

#: The portal's content languages, named for the admin (translated in locale/zh_Hans/LC_MESSAGES/django.po).
LANGUAGE_NAMES = {
    "en": gettext_lazy("English"),
    "zh-hans": gettext_lazy("Chinese (Simplified)"),
    "zh-hant": gettext_lazy("Chinese (Traditional)"),
}


def admin_language_name(locale: Locale) -> str:
    """Return the name of ``locale`` (a wagtail Locale) in the active language, as a str.

    The portal's own names first, then Django's translated name of the language code, then the
    locale's display name (its name in ``settings.LANGUAGES``).
    """
    code = locale.language_code
    if code in LANGUAGE_NAMES:
        return str(LANGUAGE_NAMES[code])
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return locale.get_display_name()


def admin_language_names(locales: Iterable[Locale]) -> str:
    """Return the names of ``locales`` (Locales) in the active language, joined: "Chinese (Simplified) and French"."""
    return str(get_text_list([admin_language_name(locale) for locale in locales], _("and")))
