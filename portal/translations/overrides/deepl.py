"""Replaces ``wagtail_localize.machine_translators.deepl.DeepLTranslator.translate`` of wagtail-localize 1.14.5.

Upstream posts the strings and reads ``response.json()["translations"]`` without looking at the HTTP status,
so a DeepL error (a bad key, an exceeded quota) ends in a ``KeyError``. ``CheckedDeepLTranslator.translate``
sends the same request and raises ``requests.HTTPError`` instead. The class that the machine translation
setting names, ``portal.translations.machine_translation.DeepLTranslator``, extends this one. Imported by the
settings (through ``machine_translation``): nothing of Wagtail's models at import time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import requests
from wagtail_localize.machine_translators import deepl
from wagtail_localize.strings import StringValue

if TYPE_CHECKING:
    from wagtail.models import Locale


class CheckedDeepLTranslator(deepl.DeepLTranslator):
    """wagtail-localize's DeepL translator whose ``translate`` raises on an HTTP error."""

    def translate(
        self, source_locale: Locale, target_locale: Locale, strings: Iterable[StringValue]
    ) -> dict[StringValue, StringValue]:
        """Translate ``strings`` (StringValues) with DeepL; return ``{StringValue: translated StringValue}``.

        Sends the strings in one request with ``tag_handling=xml``, so the inline markup of
        wagtail-localize's strings (``<a id="a1">``, ``<b>``) comes back in place. Raises
        ``requests.HTTPError`` when DeepL answers with an error (bad key, quota exceeded) and
        ``ValueError`` when it returns a different number of translations.
        """
        strings = list(strings)
        response = requests.post(
            self.get_api_endpoint(),
            self.get_parameters(source_locale, target_locale, strings),
            timeout=int(self.options.get("TIMEOUT", 30)),
            headers=self.get_headers(),
        )
        response.raise_for_status()
        translations = response.json()["translations"]
        return {
            string: StringValue(translation["text"]) for string, translation in zip(strings, translations, strict=True)
        }
