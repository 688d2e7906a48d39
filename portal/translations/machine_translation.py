"""Machine translation for wagtail-localize's editor: the setting from the environment and two translator classes.

The classes send script-specific Chinese codes (``ZH-HANS``, ``zh-Hans``); variables: docs/editors-and-translators.md.
``with_translation_memory`` puts the translation memory (``portal.translations.memory``) in front of the service.
``DeepLTranslator`` extends ``portal.translations.overrides.deepl.CheckedDeepLTranslator``, whose ``translate``
replaces wagtail-localize's (docs/upstream-overrides.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from wagtail_localize.machine_translators import deepl, libretranslate
from wagtail_localize.strings import StringValue

from portal.translations.overrides.deepl import CheckedDeepLTranslator

if TYPE_CHECKING:  # the settings import this module before the apps are ready
    from wagtail.models import Locale

DEEPL_CLASS = "portal.translations.machine_translation.DeepLTranslator"
LIBRETRANSLATE_CLASS = "portal.translations.machine_translation.LibreTranslator"
DUMMY_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator", "OPTIONS": {}}
MEMORY_CLASS = "portal.translations.memory.MemoryTranslator"

# DeepL target codes for Chinese scripts (wagtail-localize would send "ZH" for both).
DEEPL_TARGET_CODES = {"zh-hans": "ZH-HANS", "zh-hant": "ZH-HANT"}
DEEPL_TRANSLATE_PATH = "/v2/translate"

# LibreTranslate codes for Chinese scripts in current releases; older servers use "zh" and "zt".
LIBRETRANSLATE_CODES = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}


def machine_translator_setting(environ: Mapping[str, str], *, fallback: dict | None = None) -> dict | None:
    """Return the ``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` setting for the environment ``environ``.

    ``environ`` is a mapping of environment variables (``os.environ`` or a plain dict); blank values
    count as unset. The variables (DeepL's or LibreTranslate's; DeepL wins when both are set) and what
    they mean: docs/operations.md, "Environment variables", and docs/editors-and-translators.md.

    Returns a dict ``{"CLASS": dotted path, "OPTIONS": dict}``, or ``fallback`` (a setting dict or
    None) when neither service is configured. Raises ``ImproperlyConfigured`` when a URL is not an
    ``http(s)://`` URL or the language codes are malformed, so that a typo stops the site at start-up
    rather than at the first translation.
    """
    deepl_key = _get(environ, "DEEPL_API_KEY")
    if deepl_key:
        options = {"AUTH_KEY": deepl_key}
        if url := _get(environ, "DEEPL_API_URL"):
            options["API_URL"] = _deepl_endpoint(_checked_url("DEEPL_API_URL", url))
        return {"CLASS": DEEPL_CLASS, "OPTIONS": options}

    libretranslate_url = _get(environ, "LIBRETRANSLATE_URL")
    if libretranslate_url:
        options = {
            "LIBRETRANSLATE_URL": _checked_url("LIBRETRANSLATE_URL", libretranslate_url).rstrip("/"),
            # wagtail-localize always sends "api_key"; an empty one is what servers without keys expect.
            "API_KEY": _get(environ, "LIBRETRANSLATE_API_KEY"),
        }
        if codes := _get(environ, "LIBRETRANSLATE_LANGUAGE_CODES"):
            options["LANGUAGE_CODES"] = parse_language_codes(codes, "LIBRETRANSLATE_LANGUAGE_CODES")
        return {"CLASS": LIBRETRANSLATE_CLASS, "OPTIONS": options}

    return fallback


def with_translation_memory(setting: dict | None) -> dict:
    """Return the ``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` setting of the translation memory in front of ``setting``.

    ``setting`` is a machine translator setting (``machine_translator_setting``'s result) or None. The
    memory answers first; the strings it has no translation for go to ``setting``'s translator, if any
    (``OPTIONS["FALLBACK"]``). So the translation editor always has its button, even without a service.
    """
    return {"CLASS": MEMORY_CLASS, "OPTIONS": {"FALLBACK": setting} if setting else {}}


def parse_language_codes(value: str, name: str = "LANGUAGE_CODES") -> dict[str, str]:
    """Return ``{"zh-hans": "zh", ...}`` for the comma-separated ``locale=code`` pairs of ``value``.

    Locale codes are lower-cased (Wagtail's ``Locale.language_code`` form); service codes are kept
    as written. ``name`` is the variable's name, for the error message. Raises
    ``ImproperlyConfigured`` when a pair has no ``=`` or an empty side.
    """
    codes = {}
    for pair in value.split(","):
        if not pair.strip():
            continue
        locale, sep, code = (part.strip() for part in pair.partition("="))
        if not (sep and locale and code):
            raise ImproperlyConfigured(f"{name}: expected comma-separated locale=code pairs, got {pair.strip()!r}.")
        codes[locale.lower()] = code
    return codes


def _get(environ: Mapping[str, str], name: str) -> str:
    return (environ.get(name) or "").strip()


def _checked_url(name: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// URL, got {url!r}.")
    return url


def _deepl_endpoint(url: str) -> str:
    url = url.rstrip("/")
    return url if url.endswith(DEEPL_TRANSLATE_PATH) else url + DEEPL_TRANSLATE_PATH


def deepl_target_code(language_code: str) -> str:
    """Return the DeepL target language code for a Wagtail locale code.

    ``"zh-hans"`` gives ``"ZH-HANS"`` and ``"zh-hant"`` ``"ZH-HANT"``; any other code gives what
    wagtail-localize sends (``"pt-br"`` → ``"PT-BR"``, ``"en-gb"`` → ``"EN-GB"``, ``"fr"`` → ``"FR"``).
    """
    return DEEPL_TARGET_CODES.get(language_code.lower()) or deepl.language_code(language_code, is_target=True)


class DeepLTranslator(CheckedDeepLTranslator):
    """wagtail-localize's DeepL translator, asking for ``ZH-HANS``/``ZH-HANT`` and with an overridable endpoint.

    ``translate`` raises ``requests.HTTPError`` when DeepL answers with an error (``CheckedDeepLTranslator``).

    Options: those of wagtail-localize's class (``AUTH_KEY``, ``TIMEOUT``, ``FORMALITY``,
    ``GLOSSARY_IDS``; glossaries stay keyed by the bare pair such as ``("EN", "ZH")``, as DeepL's
    glossaries are) and ``API_URL``, the full ``.../v2/translate`` URL to post to.
    """

    def get_api_endpoint(self) -> str:
        """Return ``OPTIONS["API_URL"]`` when set, else wagtail-localize's choice from the key."""
        return self.options.get("API_URL") or super().get_api_endpoint()

    def get_parameters(self, source_locale: Locale, target_locale: Locale, strings: Iterable[StringValue]) -> dict:
        """Return wagtail-localize's request parameters with the script-specific Chinese target code."""
        parameters = super().get_parameters(source_locale, target_locale, strings)
        parameters["target_lang"] = deepl_target_code(target_locale.language_code)
        return parameters


class LibreTranslator(libretranslate.LibreTranslator):
    """wagtail-localize's LibreTranslate translator, sending ``zh-Hans``/``zh-Hant`` for Chinese.

    Options: those of wagtail-localize's class (``LIBRETRANSLATE_URL``, ``API_KEY``, ``TIMEOUT``)
    and ``LANGUAGE_CODES``, a dict from Wagtail locale codes to LibreTranslate codes that overrides
    the defaults (``{"zh-hans": "zh"}`` for a server with older models).
    """

    def language_code(self, code: str) -> str:
        """Return the LibreTranslate code for the Wagtail locale code ``code``.

        Looks ``code`` up (case-insensitively) in ``OPTIONS["LANGUAGE_CODES"]``, then in
        ``LIBRETRANSLATE_CODES``; any other code loses its region, as in wagtail-localize
        (``"en-gb"`` → ``"en"``).
        """
        codes = {**LIBRETRANSLATE_CODES, **{k.lower(): v for k, v in self.options.get("LANGUAGE_CODES", {}).items()}}
        return codes.get(code.lower()) or super().language_code(code)
