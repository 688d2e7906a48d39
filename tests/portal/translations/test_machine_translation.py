"""Machine translation: the setting built from environment variables, the DeepL and LibreTranslate
translators against a local fake server, and the "Machine translate" button of the translation editor.

The fake server (``http.server`` on 127.0.0.1, a free port) answers like DeepL's ``/v2/translate``
and LibreTranslate's ``/translate``: it checks the key, records each request and returns Chinese
translations, so the translators are tested with real HTTP requests and no network.
"""

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.machine_translators.deepl import DeepLTranslator as LocalizeDeepLTranslator
from wagtail_localize.machine_translators.dummy import DummyTranslator, translate_html
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from news.models import NewsPage
from portal.translations.machine_translation import (
    DEEPL_CLASS,
    DUMMY_TRANSLATOR,
    LIBRETRANSLATE_CLASS,
    MEMORY_CLASS,
    DeepLTranslator,
    LibreTranslator,
    deepl_target_code,
    machine_translator_setting,
    parse_language_codes,
    with_translation_memory,
)
from tests.utils import BASE_DIR, EN, ZH, soup_of

DEEPL_KEY = "test-deepl-key:fx"
LIBRETRANSLATE_KEY = "test-libretranslate-key"

# What the fake services answer for these source strings (wagtail-localize's form: links as <a id>).
PLAIN = "Cities cooperate on climate action."
LINKED = 'Read the <a id="a1">report</a> of <b>2019</b>.'
CHINESE = {
    PLAIN: "城市在气候行动上开展合作。",
    LINKED: '阅读<b>2019</b>年的<a id="a1">报告</a>。',
}
UNKNOWN_PREFIX = "【译】"  # any other string comes back as this prefix + the string, markup untouched


def fake_translation(text):
    return CHINESE.get(text, UNKNOWN_PREFIX + text)


# ---------------------------------------------------------------------------- fake DeepL / LibreTranslate


@dataclass
class RecordedRequest:
    path: str
    headers: dict
    body: str

    def form(self):
        """The form-encoded body (DeepL) as ``{name: [values]}``."""
        return parse_qs(self.body, keep_blank_values=True)

    def json(self):
        """The JSON body (LibreTranslate)."""
        return json.loads(self.body)


class FakeTranslationHandler(BaseHTTPRequestHandler):
    """DeepL's ``POST /v2/translate`` and LibreTranslate's ``POST /translate``, enough for wagtail-localize."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
        self.server.requests.append(RecordedRequest(self.path, dict(self.headers), body))
        if self.path == "/v2/translate":
            self.deepl(parse_qs(body, keep_blank_values=True))
        elif self.path == "/translate":
            self.libretranslate(json.loads(body))
        else:
            self.answer(404, {"message": "Not found"})

    def deepl(self, form):
        if self.headers.get("Authorization") != f"DeepL-Auth-Key {DEEPL_KEY}":
            self.answer(403, {"message": "Authorization failure, check auth_key"})
        elif not form.get("text") or not form.get("target_lang"):
            self.answer(400, {"message": "Parameter 'text' or 'target_lang' not specified."})
        else:
            translations = [{"detected_source_language": "EN", "text": fake_translation(t)} for t in form["text"]]
            self.answer(200, {"translations": translations})

    def libretranslate(self, data):
        languages = self.server.libretranslate_languages
        if data.get("api_key") != LIBRETRANSLATE_KEY:
            self.answer(403, {"error": "Invalid API key"})
        elif data.get("source") not in languages:
            self.answer(400, {"error": f"{data.get('source')} is not supported"})
        elif data.get("target") not in languages:
            self.answer(400, {"error": f"{data.get('target')} is not supported"})
        else:
            texts = data["q"] if isinstance(data["q"], list) else [data["q"]]
            self.answer(200, {"translatedText": [fake_translation(text) for text in texts]})

    def answer(self, status, payload):
        content = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format, *args):  # keep the test output quiet
        pass


@pytest.fixture
def fake_service(monkeypatch):
    """A fake DeepL + LibreTranslate server on 127.0.0.1; ``.url`` is its base URL, ``.requests`` what it got.

    ``.libretranslate_languages`` is the set of codes its LibreTranslate side accepts (current
    LibreTranslate's by default).
    """
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # requests must not send local calls to a proxy
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTranslationHandler)
    server.requests = []
    server.libretranslate_languages = {"en", "zh-Hans", "zh-Hant"}
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def source_strings():
    """Two source strings as wagtail-localize extracts them: plain text, and text with a link and bold."""
    linked, attrs = StringValue.from_source_html('Read the <a href="/en/about/">report</a> of <b>2019</b>.')
    assert linked.data == LINKED  # the form the fake services know
    return [StringValue.from_plaintext(PLAIN), linked], attrs


# ---------------------------------------------------------------------------- DeepL


@pytest.mark.django_db
def test_deepl_asks_for_zh_hans_with_the_key_and_keeps_the_markup(fake_service, en_locale, zh_locale):
    translator = DeepLTranslator({"AUTH_KEY": DEEPL_KEY, "API_URL": f"{fake_service.url}/v2/translate"})
    strings, attrs = source_strings()

    result = translator.translate(en_locale, zh_locale, strings)

    (sent,) = fake_service.requests
    assert sent.path == "/v2/translate"
    assert sent.headers["Authorization"] == f"DeepL-Auth-Key {DEEPL_KEY}"
    form = sent.form()
    assert form["target_lang"] == ["ZH-HANS"]
    assert form["source_lang"] == ["EN"]
    assert form["tag_handling"] == ["xml"]
    assert form["text"] == [PLAIN, LINKED]
    assert set(result) == set(strings)
    assert all(isinstance(value, StringValue) for value in result.values())
    assert result[strings[0]].data == CHINESE[PLAIN]
    assert result[strings[1]].data == CHINESE[LINKED]
    # The link's href, kept aside by wagtail-localize, goes back on the translated link.
    assert result[strings[1]].render_html(attrs) == '阅读<b>2019</b>年的<a href="/en/about/">报告</a>。'


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        ("zh-hans", "ZH-HANS"),
        ("zh-Hans", "ZH-HANS"),
        ("zh-hant", "ZH-HANT"),
        # Other codes are sent as wagtail-localize sends them.
        ("zh", "ZH"),
        ("pt-br", "PT-BR"),
        ("en-gb", "EN-GB"),
        ("de-at", "DE"),
        ("fr", "FR"),
    ],
)
def test_deepl_target_codes(language_code, expected):
    assert deepl_target_code(language_code) == expected


@pytest.mark.django_db
def test_deepl_translates_into_traditional_chinese_as_zh_hant(fake_service, en_locale):
    translator = DeepLTranslator({"AUTH_KEY": DEEPL_KEY, "API_URL": f"{fake_service.url}/v2/translate"})
    translator.translate(en_locale, Locale(language_code="zh-hant"), [StringValue.from_plaintext(PLAIN)])
    assert fake_service.requests[0].form()["target_lang"] == ["ZH-HANT"]


@pytest.mark.django_db
def test_deepl_error_is_an_http_error(fake_service, en_locale, zh_locale):
    translator = DeepLTranslator({"AUTH_KEY": "wrong-key", "API_URL": f"{fake_service.url}/v2/translate"})
    with pytest.raises(requests.HTTPError) as error:
        translator.translate(en_locale, zh_locale, [StringValue.from_plaintext(PLAIN)])
    assert error.value.response.status_code == 403


@pytest.mark.parametrize("key", ["paid-key", "free-key:fx"])
def test_deepl_endpoint_without_api_url_is_wagtail_localizes_choice(key):
    assert DeepLTranslator({"AUTH_KEY": key}).get_api_endpoint() == (
        LocalizeDeepLTranslator({"AUTH_KEY": key}).get_api_endpoint()
    )


def test_deepl_free_and_paid_keys_use_different_endpoints():
    free = DeepLTranslator({"AUTH_KEY": "free-key:fx"}).get_api_endpoint()
    paid = DeepLTranslator({"AUTH_KEY": "paid-key"}).get_api_endpoint()
    assert free != paid
    assert "free" in free and "free" not in paid


# ---------------------------------------------------------------------------- LibreTranslate


@pytest.mark.django_db
def test_libretranslate_sends_zh_hans_html_and_the_key(fake_service, en_locale, zh_locale):
    translator = LibreTranslator({"LIBRETRANSLATE_URL": fake_service.url, "API_KEY": LIBRETRANSLATE_KEY})
    strings, attrs = source_strings()

    result = translator.translate(en_locale, zh_locale, strings)

    (sent,) = fake_service.requests
    assert sent.path == "/translate"
    assert sent.json() == {
        "q": [PLAIN, LINKED],
        "source": "en",
        "target": "zh-Hans",
        "api_key": LIBRETRANSLATE_KEY,
        "format": "html",
    }
    assert all(isinstance(value, StringValue) for value in result.values())
    assert result[strings[0]].data == CHINESE[PLAIN]
    assert result[strings[1]].render_html(attrs) == '阅读<b>2019</b>年的<a href="/en/about/">报告</a>。'


@pytest.mark.django_db
def test_libretranslate_language_codes_option_suits_servers_with_older_models(fake_service, en_locale, zh_locale):
    fake_service.libretranslate_languages = {"en", "zh", "zt"}  # older models: "zh" is Simplified Chinese
    options = {"LIBRETRANSLATE_URL": fake_service.url, "API_KEY": LIBRETRANSLATE_KEY}
    strings = [StringValue.from_plaintext(PLAIN)]

    with pytest.raises(requests.HTTPError):
        LibreTranslator(options).translate(en_locale, zh_locale, strings)
    result = LibreTranslator({**options, "LANGUAGE_CODES": {"zh-hans": "zh"}}).translate(en_locale, zh_locale, strings)

    assert [sent.json()["target"] for sent in fake_service.requests] == ["zh-Hans", "zh"]
    assert result[strings[0]].data == CHINESE[PLAIN]


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [("zh-hans", "zh-Hans"), ("zh-Hans", "zh-Hans"), ("zh-hant", "zh-Hant"), ("en", "en"), ("en-gb", "en")],
)
def test_libretranslate_language_codes(language_code, expected):
    assert LibreTranslator({"LIBRETRANSLATE_URL": "http://127.0.0.1"}).language_code(language_code) == expected


# ---------------------------------------------------------------------------- the setting from environment variables


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"DEEPL_API_KEY": "", "LIBRETRANSLATE_URL": "  "}, None),
        ({"DEEPL_API_KEY": "key:fx"}, {"CLASS": DEEPL_CLASS, "OPTIONS": {"AUTH_KEY": "key:fx"}}),
        (
            {"DEEPL_API_KEY": " key ", "DEEPL_API_URL": "http://127.0.0.1:8123/"},
            {"CLASS": DEEPL_CLASS, "OPTIONS": {"AUTH_KEY": "key", "API_URL": "http://127.0.0.1:8123/v2/translate"}},
        ),
        (
            {"DEEPL_API_KEY": "key", "DEEPL_API_URL": "http://127.0.0.1:8123/v2/translate"},
            {"CLASS": DEEPL_CLASS, "OPTIONS": {"AUTH_KEY": "key", "API_URL": "http://127.0.0.1:8123/v2/translate"}},
        ),
        # DeepL wins when both are set.
        (
            {"DEEPL_API_KEY": "key", "LIBRETRANSLATE_URL": "http://lt.example.org"},
            {"CLASS": DEEPL_CLASS, "OPTIONS": {"AUTH_KEY": "key"}},
        ),
        (
            {"LIBRETRANSLATE_URL": "http://lt.example.org:5000/"},
            {
                "CLASS": LIBRETRANSLATE_CLASS,
                "OPTIONS": {"LIBRETRANSLATE_URL": "http://lt.example.org:5000", "API_KEY": ""},
            },
        ),
        (
            {
                "DEEPL_API_KEY": " ",
                "LIBRETRANSLATE_URL": "https://lt.example.org",
                "LIBRETRANSLATE_API_KEY": "lt-key",
                "LIBRETRANSLATE_LANGUAGE_CODES": "zh-Hans=zh, zh-hant=zt",
            },
            {
                "CLASS": LIBRETRANSLATE_CLASS,
                "OPTIONS": {
                    "LIBRETRANSLATE_URL": "https://lt.example.org",
                    "API_KEY": "lt-key",
                    "LANGUAGE_CODES": {"zh-hans": "zh", "zh-hant": "zt"},
                },
            },
        ),
    ],
)
def test_setting_from_environment_variables(environ, expected):
    assert machine_translator_setting(environ) == expected


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, DUMMY_TRANSLATOR),
        ({"DEEPL_API_KEY": "key"}, {"CLASS": DEEPL_CLASS, "OPTIONS": {"AUTH_KEY": "key"}}),
    ],
)
def test_fallback_is_used_only_without_a_service(environ, expected):
    assert machine_translator_setting(environ, fallback=DUMMY_TRANSLATOR) == expected


@pytest.mark.parametrize(
    "environ",
    [
        {"LIBRETRANSLATE_URL": "lt.example.org"},
        {"LIBRETRANSLATE_URL": "ftp://lt.example.org"},
        {"DEEPL_API_KEY": "key", "DEEPL_API_URL": "127.0.0.1:8123"},
        {"LIBRETRANSLATE_URL": "http://lt.example.org", "LIBRETRANSLATE_LANGUAGE_CODES": "zh-hans"},
        {"LIBRETRANSLATE_URL": "http://lt.example.org", "LIBRETRANSLATE_LANGUAGE_CODES": "zh-hans="},
    ],
)
def test_malformed_environment_variables_are_improperly_configured(environ):
    with pytest.raises(ImproperlyConfigured):
        machine_translator_setting(environ)


def test_language_codes_skip_empty_pairs():
    assert parse_language_codes("zh-hans=zh,, ") == {"zh-hans": "zh"}


@pytest.mark.parametrize(
    ("environ", "expected_class"),
    [
        ({"DEEPL_API_KEY": "key"}, DeepLTranslator),
        ({"LIBRETRANSLATE_URL": "http://127.0.0.1:5000"}, LibreTranslator),
        ({}, DummyTranslator),
    ],
)
def test_wagtail_localize_loads_the_built_setting(environ, expected_class):
    setting = machine_translator_setting(environ, fallback=DUMMY_TRANSLATOR)
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=setting):
        translator = get_machine_translator()
    assert type(translator) is expected_class
    assert translator.options == setting["OPTIONS"]


MT_VARIABLES = ("DEEPL_API_KEY", "DEEPL_API_URL", "LIBRETRANSLATE_URL", "LIBRETRANSLATE_API_KEY")


def settings_module_value(module, **variables):
    """Import ``portal.settings.<module>`` in a fresh interpreter with ``variables`` as the only MT variables.

    Returns its WAGTAILLOCALIZE_MACHINE_TRANSLATOR. The test process's own environment is not changed.
    """
    environ = {name: value for name, value in os.environ.items() if name not in MT_VARIABLES}
    # The production settings also need these to start (nothing is contacted on import).
    required = {"ALLOWED_HOSTS": "iuc.example.org", "DATABASE_URL": "postgres://portal@db.invalid/portal"}
    environ.update(SECRET_KEY="settings-test-key", REDIS_URL="redis://cache.invalid:6379/0", **required, **variables)
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    code = f"import json, portal.settings.{module} as s; print(json.dumps(s.WAGTAILLOCALIZE_MACHINE_TRANSLATOR))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=environ, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def memory_then(service):
    """The setting of the translation memory in front of ``service`` (a setting dict or None)."""
    return {"CLASS": MEMORY_CLASS, "OPTIONS": {"FALLBACK": service} if service else {}}


@pytest.mark.parametrize("service", [None, DUMMY_TRANSLATOR, {"CLASS": DEEPL_CLASS, "OPTIONS": {"AUTH_KEY": "k"}}])
def test_the_translation_memory_goes_in_front_of_the_service(service):
    assert with_translation_memory(service) == memory_then(service)


@pytest.mark.parametrize(
    ("module", "variables", "expected"),
    [
        # The translation memory is always there (the editor's button), in front of the service if any.
        ("production", {}, memory_then(None)),
        ("dev", {}, memory_then(DUMMY_TRANSLATOR)),
        ("production", {"DEEPL_API_KEY": "key"}, memory_then({"CLASS": DEEPL_CLASS, "OPTIONS": {"AUTH_KEY": "key"}})),
        (
            "dev",
            {"LIBRETRANSLATE_URL": "http://127.0.0.1:5000"},
            memory_then(
                {
                    "CLASS": LIBRETRANSLATE_CLASS,
                    "OPTIONS": {"LIBRETRANSLATE_URL": "http://127.0.0.1:5000", "API_KEY": ""},
                }
            ),
        ),
        # The test settings never call a real service, whatever the environment says.
        ("test", {"DEEPL_API_KEY": "key"}, memory_then(DUMMY_TRANSLATOR)),
    ],
)
def test_settings_modules(module, variables, expected):
    assert settings_module_value(module, **variables) == expected


# ---------------------------------------------------------------------------- the translation editor


@pytest.fixture
def chinese_news(get_page):
    return get_page(NewsPage, ZH)


@pytest.fixture
def news_translation(chinese_news, locales):
    """The wagtail-localize Translation of the first English news page into zh-hans."""
    english = chinese_news.get_translation(locales[EN])
    source = TranslationSource.objects.get_for_instance(english)
    return Translation.objects.get(source=source, target_locale=locales[ZH])


def editor_props(response):
    """The props wagtail-localize's translation editor is rendered with (a dict)."""
    editor = soup_of(response).select_one(".js-translation-editor")
    assert editor is not None, "no translation editor on the page"
    return json.loads(editor["data-props"])


@pytest.mark.django_db
def test_translation_editor_offers_the_dummy_translator_in_tests(translator_client, chinese_news, news_translation):
    response = translator_client.get(reverse("wagtailadmin_pages:edit", args=[chinese_news.pk]))
    assert response.status_code == 200
    assert editor_props(response)["machineTranslator"] == {
        "name": "the translation memory, then Dummy translator",
        "url": reverse("wagtail_localize:machine_translate", args=[news_translation.pk]),
    }


@pytest.mark.django_db
@override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=None)
def test_translation_editor_renders_without_a_machine_translator(translator_client, chinese_news, news_translation):
    response = translator_client.get(reverse("wagtailadmin_pages:edit", args=[chinese_news.pk]))
    assert response.status_code == 200
    props = editor_props(response)
    assert props["machineTranslator"] is None
    assert props["segments"], "the editor lists no strings"
    # And the machine translation view is simply not there.
    url = reverse("wagtail_localize:machine_translate", args=[news_translation.pk])
    assert translator_client.post(url).status_code == 404


def forget_body_translations(translation):
    """Delete the zh-hans StringTranslations of the body of ``translation``'s source; return their segments."""
    segments = list(
        StringSegment.objects.filter(source=translation.source, context__path__startswith="body.").select_related(
            "string", "context"
        )
    )
    assert segments, "the news page has no body strings"
    deleted, _ = StringTranslation.objects.filter(
        translation_of__in=[segment.string_id for segment in segments],
        context__in=[segment.context_id for segment in segments],
        locale=translation.target_locale,
    ).delete()
    assert deleted >= len({(segment.string_id, segment.context_id) for segment in segments})
    return segments


def machine_translate(client, translation, chinese_page):
    edit_url = reverse("wagtailadmin_pages:edit", args=[chinese_page.pk])
    response = client.post(reverse("wagtail_localize:machine_translate", args=[translation.pk]), {"next": edit_url})
    assert response.status_code == 302
    assert response["Location"] == edit_url


def translation_of(segment, locale):
    return StringTranslation.objects.get(translation_of=segment.string, context=segment.context, locale=locale)


@pytest.mark.django_db
def test_machine_translate_fills_the_untranslated_strings_with_the_dummy_translator(
    translator_client, chinese_news, news_translation, zh_locale
):
    title = StringSegment.objects.get(source=news_translation.source, context__path="title")
    title_before = translation_of(title, zh_locale)
    segments = forget_body_translations(news_translation)

    machine_translate(translator_client, news_translation, chinese_news)

    for segment in segments:
        value = translation_of(segment, zh_locale)
        assert value.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
        assert value.tool_name == "Dummy translator"
        assert value.data == translate_html(segment.string.data)
    # Strings that were already translated are left alone.
    title_after = translation_of(title, zh_locale)
    assert (title_after.data, title_after.translation_type) == (title_before.data, title_before.translation_type)
    assert title_after.translation_type != StringTranslation.TRANSLATION_TYPE_MACHINE


@pytest.mark.django_db
def test_machine_translate_with_deepl_fills_the_strings_with_its_chinese(
    fake_service, translator_client, chinese_news, news_translation, zh_locale
):
    segments = forget_body_translations(news_translation)
    setting = machine_translator_setting({"DEEPL_API_KEY": DEEPL_KEY, "DEEPL_API_URL": fake_service.url})

    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=setting):
        machine_translate(translator_client, news_translation, chinese_news)

    (sent,) = fake_service.requests
    assert sent.form()["target_lang"] == ["ZH-HANS"]
    assert sorted(sent.form()["text"]) == sorted({segment.string.data for segment in segments})
    assert any('<a id="a1">' in segment.string.data for segment in segments), "no linked text in the body"
    for segment in segments:
        value = translation_of(segment, zh_locale)
        assert value.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
        assert value.tool_name == "DeepL"
        assert value.data == UNKNOWN_PREFIX + segment.string.data  # the links' <a id> markup kept
