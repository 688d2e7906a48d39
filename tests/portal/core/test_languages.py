"""Languages: the ``/`` redirect, language prefixes and 404s, ``<html lang>``, the language switcher,
alternate/canonical links, the gettext catalog and the Chinese interface text."""

import html
import re

import polib
import pytest
from bs4 import NavigableString
from django.utils import translation
from wagtail.models import Page, Site
from wagtail_localize.models import StringTranslation

from portal.edge.language import hreflang, html_lang, is_chinese
from tests import utils
from tests.utils import EN, LANGUAGES, OTHER, PAGE_TYPES, ZH, ZHT, clean, first_spec, has_cjk, soup_of, text_of

# ---------------------------------------------------------------------------- "/" redirect


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("zh", "/zh-hans/"),
        ("zh-CN", "/zh-hans/"),
        ("zh-Hans", "/zh-hans/"),
        ("zh-SG", "/zh-hans/"),
        ("zh-Hans-CN", "/zh-hans/"),
        ("zh-Hans-HK", "/zh-hans/"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "/zh-hans/"),
        # Traditional Chinese (ADR 0031): Hong Kong, Taiwan, Macao and every zh-Hant tag.
        ("zh-HK", "/zh-hant/"),
        ("zh-TW", "/zh-hant/"),
        ("zh-MO", "/zh-hant/"),
        ("zh-hk", "/zh-hant/"),
        ("zh-Hant", "/zh-hant/"),
        ("zh-Hant-HK", "/zh-hant/"),
        ("zh-Hant-TW", "/zh-hant/"),
        ("zh-HK,zh;q=0.9,en;q=0.8", "/zh-hant/"),
        ("en;q=0.5, zh-TW", "/zh-hant/"),
        ("zh-TW;q=0.3, zh-CN;q=0.6", "/zh-hans/"),
        ("zh-CN;q=0.3, zh-MO;q=0.6", "/zh-hant/"),
        ("fr, zh-HK;q=0", "/en/"),
        ("en-GB", "/en/"),
        ("fr", "/en/"),
        ("de", "/en/"),
        ("", "/en/"),
        ("garbage", "/en/"),
        ("!!;;==,,", "/en/"),
        ("fr, zh-CN;q=0.5", "/zh-hans/"),
        ("en;q=0.4, zh-CN;q=0.8", "/zh-hans/"),
        ("zh-CN;q=0.3, en-US;q=0.7", "/en/"),
        # q=0 means "not acceptable" (RFC 9110 §12.4.2): a refused language must not be chosen.
        ("fr, zh-CN;q=0", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert "accept-language" in response.get("Vary", "").lower()


def test_root_without_accept_language_redirects_to_english(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_root_redirect_target_is_the_home_page_in_that_language(client, language, content):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language, follow=True)
    assert response.redirect_chain == [(f"/{language}/", 302)]
    assert response.status_code == 200
    assert text_of(soup_of(response).h1) == utils.pair(content["home"]["title"], language)


# ---------------------------------------------------------------------------- prefixes and 404s


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/xx/", "/xx/news/", "/fr/", "/news/"])
@pytest.mark.parametrize("accept_language", ["en", "zh-CN"])
def test_unknown_language_prefix_is_a_404_not_a_redirect(client, path, accept_language):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 404
    assert "Location" not in response


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/nope/", "/news/nope/", "/events/nope/", "/countries/nope/"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_page_is_a_404_in_the_language_of_its_prefix(client, path, language):
    # The Accept-Language header asks for the *other* language: the prefix must win.
    response = client.get(f"/{language}{path}", HTTP_ACCEPT_LANGUAGE=OTHER[language])
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.html["lang"] == html_lang(language)
    heading = text_of(soup.h1)
    assert heading
    assert has_cjk(heading) is is_chinese(language), heading
    main = text_of(soup.find("main"))
    assert has_cjk(main) is is_chinese(language), main


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "language"),
    [
        ("zh-CN,zh;q=0.9", ZH),
        ("en-GB", EN),
        ("fr", EN),
        ("zh-TW", ZHT),
        ("zh-Hant-HK", ZHT),
        ("zh-HK,zh-CN;q=0.9", ZHT),
        ("fr, zh-CN;q=0", EN),
    ],
)
def test_404_without_prefix_is_in_the_visitors_language(client, accept_language, language):
    """The same rule as the ``/`` redirect: Traditional Chinese tags get Traditional Chinese, like the redirect."""
    assert client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)["Location"] == f"/{language}/"
    response = client.get("/xx/news/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.html["lang"] == html_lang(language)
    assert has_cjk(text_of(soup.h1)) is is_chinese(language)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/zh-Hans/", "/ZH-HANS/news/", "/zh-cn/", "/zh-tw/news/", "/en-us/", "/EN/"])
@pytest.mark.parametrize(("accept_language", "language"), [("en", EN), ("zh-CN", ZH), ("zh-HK", ZHT)])
def test_a_prefix_that_only_resembles_a_language_is_unknown(client, path, accept_language, language):
    """Django would read a language from these; no URL exists below them, so the 404 is in the visitor's language."""
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 404
    assert response["Content-Language"] == language
    assert soup_of(response).html["lang"] == html_lang(language)


@pytest.mark.django_db
def test_404_pages_of_the_three_languages_differ(client):
    pages = [soup_of(client.get(f"/{language}/nope/")) for language in LANGUAGES]
    assert len({text_of(soup.h1) for soup in pages}) == len(LANGUAGES)
    assert len({text_of(soup.find("main")) for soup in pages}) == len(LANGUAGES)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_404_links_to_the_home_page_of_its_language(client, language):
    soup = soup_of(client.get(f"/{language}/nope/"))
    assert f"/{language}/" in [a["href"] for a in soup.find("main").find_all("a")]


# ---------------------------------------------------------------------------- <html lang>


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAGE_TYPES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_html_lang_matches_the_page_language(client, model, language):
    response = client.get(first_spec(model).url(language), HTTP_ACCEPT_LANGUAGE=OTHER[language])
    assert response.status_code == 200
    assert soup_of(response).html["lang"] == html_lang(language)
    assert response["Content-Language"] == language


# ---------------------------------------------------------------------------- language switcher


def _switcher(response):
    switcher = soup_of(response).select_one("nav.language-switcher")
    assert switcher is not None, "no language switcher"
    return switcher


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAGE_TYPES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switcher_links_to_the_same_page_in_the_other_languages(client, model, language):
    spec = first_spec(model)
    response = client.get(spec.url(language))
    assert response.status_code == 200
    switcher = _switcher(response)
    current = switcher.select('[aria-current="true"]')
    assert [element.get("lang") for element in current] == [html_lang(language)]
    links = {a["hreflang"]: a["href"] for a in switcher.select("a[hreflang]")}
    others = [other for other in LANGUAGES if other != language]
    assert links == {hreflang(other): spec.url(other) for other in others}
    assert not switcher.select(".language-switcher__note")
    # Each target really is that page, in that language.
    for other in others:
        target = client.get(links[hreflang(other)])
        assert target.status_code == 200
        assert soup_of(target).html["lang"] == html_lang(other)


@pytest.mark.django_db
@pytest.mark.parametrize("model", [name for name in PAGE_TYPES if name != "HomePage"])
# Only a Chinese page can be missing while the English one is live: unpublishing an English page
# unpublishes its translations too (tests/portal/translations/test_translation_structure.py).
@pytest.mark.parametrize("missing", [ZH, ZHT])
def test_language_switcher_goes_home_when_the_translation_is_not_live(client, page_at, model, missing):
    spec = first_spec(model)
    page_at(spec.path, missing).unpublish()
    assert client.get(spec.url(missing)).status_code == 404

    shown = OTHER[missing]
    response = client.get(spec.url(shown))
    assert response.status_code == 200
    switcher = _switcher(response)
    link = switcher.select_one(f'a[hreflang="{hreflang(missing)}"]')
    assert link is not None
    assert link["href"] == page_at("/", missing).url == f"/{missing}/"
    note = switcher.find(id=link.get("aria-describedby"))
    assert note is not None, "no note explains that the page is not translated"
    assert note.get("lang") == html_lang(missing)
    assert text_of(note)
    assert has_cjk(text_of(note)) is is_chinese(missing), text_of(note)


# ---------------------------------------------------------------------------- alternate and canonical links


@pytest.fixture
def root_url(db):
    return Site.objects.get(is_default_site=True).root_url


def _alternates(response):
    soup = soup_of(response)
    alternates = sorted((link["hreflang"], link["href"]) for link in soup.select('link[rel="alternate"][hreflang]'))
    canonical = [link["href"] for link in soup.select('link[rel="canonical"]')]
    return alternates, canonical


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAGE_TYPES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_alternate_links_list_each_translation_and_x_default(client, root_url, model, language):
    spec = first_spec(model)
    alternates, canonical = _alternates(client.get(spec.url(language)))
    expected = sorted(
        [(hreflang(code), root_url + spec.url(code)) for code in LANGUAGES] + [("x-default", root_url + spec.url(EN))]
    )
    assert alternates == expected
    assert canonical == [root_url + spec.url(language)]


@pytest.mark.django_db
@pytest.mark.parametrize("model", [name for name in PAGE_TYPES if name != "HomePage"])
def test_untranslated_page_lists_only_itself(client, root_url, page_at, model):
    spec = first_spec(model)
    for language in (ZHT, ZH):  # the Traditional page first: it follows the Simplified one
        page_at(spec.path, language).unpublish()
    alternates, canonical = _alternates(client.get(spec.url(EN)))
    own_url = root_url + spec.url(EN)
    assert alternates, "the page lists no alternate at all"
    assert {href for _hreflang, href in alternates} == {own_url}
    assert {hreflang for hreflang, _href in alternates} == {EN, "x-default"}
    assert canonical == [own_url]


# ---------------------------------------------------------------------------- gettext catalog


KNOWN_TEMPLATE_STRINGS = [
    "Skip to main content",
    "Read all news",
    "More information",
    "Return to top of page",
    "No events",
]
PLACEHOLDER_RE = re.compile(r"%\((\w+)\)[sd]")


#: The interface catalogs: the Simplified one, translated by people, and the Traditional ones generated from it
#: (``portal/translations/traditional_catalog.py``; its own tests: tests/portal/translations/).
CATALOGS = [
    utils.PO_PATH,
    utils.LOCALE_DIR / "zh_Hant" / "LC_MESSAGES" / "django.po",
    utils.LOCALE_DIR / "zh_Hant" / "LC_MESSAGES" / "djangojs.po",
]


def _catalog(path=utils.PO_PATH):
    assert path.exists(), f"missing catalog {path}"
    return polib.pofile(str(path))


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: "/".join(path.parts[-3:]))
def test_catalog_every_message_is_translated_and_not_fuzzy(path):
    entries = [entry for entry in _catalog(path) if not entry.obsolete]
    assert entries, "the catalog is empty"
    fuzzy = [entry.msgid for entry in entries if entry.fuzzy]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    untranslated = [
        entry.msgid
        for entry in entries
        if not (entry.msgstr_plural and all(entry.msgstr_plural.values())) and not entry.msgstr.strip()
    ]
    assert not untranslated, f"untranslated entries: {untranslated}"


@pytest.mark.parametrize("path", CATALOGS[:2], ids=lambda path: "/".join(path.parts[-3:]))
def test_catalog_translations_keep_their_placeholders(path):
    wrong = []
    for entry in _catalog(path):
        if entry.obsolete:
            continue
        for msgstr in [entry.msgstr] if entry.msgstr else entry.msgstr_plural.values():
            msgid = entry.msgid_plural or entry.msgid
            if sorted(set(PLACEHOLDER_RE.findall(msgid))) != sorted(set(PLACEHOLDER_RE.findall(msgstr))):
                wrong.append((entry.msgid, msgstr))
    assert not wrong


def test_catalog_covers_every_template_string():
    msgids = utils.template_msgids()
    assert set(KNOWN_TEMPLATE_STRINGS) <= msgids, "template string extraction is broken"
    translated = {entry.msgid for entry in _catalog() if entry.translated()}
    missing = sorted(msgids - translated)
    assert not missing, f"template strings without a Chinese translation: {missing}"


def test_catalog_is_not_stale(tmp_path, monkeypatch):
    """``make messages`` would add or drop nothing: every gettext string of code and templates is in the catalog.

    makemessages writes into every ``locale/`` folder below the current directory, so it runs on a
    copy of the project's sources, never on the real catalog.
    """
    import shutil

    from django.core.management import call_command
    from django.test import override_settings

    copy = tmp_path / "src"
    shutil.copytree(
        utils.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "media", "static_collected", "*.sqlite3", "*.mo", "__pycache__"),
    )
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
        call_command(
            "makemessages",
            locale=["zh_Hans"],
            ignore_patterns=[".venv", "media", "static_collected", "tests"],  # as `make messages`
            no_obsolete=True,
            add_location="file",
            verbosity=0,
        )
    extracted = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    fresh = {(entry.msgctxt, entry.msgid) for entry in extracted if not entry.obsolete}
    current = {(entry.msgctxt, entry.msgid) for entry in _catalog() if not entry.obsolete}
    assert fresh, "makemessages extracted nothing"
    assert not fresh - current, f"run `make messages`: new strings {sorted(m for _c, m in fresh - current)}"
    assert not current - fresh, f"run `make messages`: unused strings {sorted(m for _c, m in current - fresh)}"


def test_template_strings_are_translated_at_runtime():
    with translation.override(ZH):
        untranslated = [msgid for msgid in KNOWN_TEMPLATE_STRINGS if translation.gettext(msgid) == msgid]
    assert not untranslated


# ---------------------------------------------------------------------------- Chinese interface text


def _database_texts(zh_locale):
    """Every Chinese text that comes from the database (the wagtail-localize translations), one string."""
    texts = [
        clean(re.sub(r"<[^>]+>", " ", data))
        for data in StringTranslation.objects.filter(locale=zh_locale).values_list("data", flat=True)
    ]
    texts += [clean(title) for title in Page.objects.filter(locale=zh_locale).values_list("title", flat=True)]
    return "\n".join(html.unescape(text) for text in texts)


def _interface_chunks(response, database_blob):
    """Visible text nodes and accessible labels of a Chinese page that do not come from the database.

    Skipped: elements marked as another language (the switcher's "English" link), decorative
    ``aria-hidden`` elements, scripts and styles, and any text found in the Chinese database content.
    """
    soup = soup_of(response)
    chunks = []

    def excluded(element):
        for node in [element, *element.parents]:
            if getattr(node, "name", None) in {"script", "style"}:
                return True
            attrs = getattr(node, "attrs", None) or {}
            if attrs.get("aria-hidden") == "true":
                return True
            if "lang" in attrs and node.name != "html" and not attrs["lang"].startswith("zh"):
                return True
        return False

    for node in soup.find_all(string=True):
        if type(node) is not NavigableString:  # a doctype, comment or declaration
            continue
        text = clean(node)
        if text and not excluded(node.parent) and text not in database_blob:
            chunks.append(text)
    for element in soup.find_all(attrs={"aria-label": True}):
        if not excluded(element) and clean(element["aria-label"]) not in database_blob:
            chunks.append(clean(element["aria-label"]))
    return chunks


def _chinese_interface_urls():
    specs = [first_spec(model) for model in PAGE_TYPES]
    return [spec.url(ZH) for spec in specs] + ["/zh-hans/nope/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", _chinese_interface_urls())
def test_chinese_interface_text_has_no_english(client, zh_locale, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    database_blob = _database_texts(zh_locale)
    chunks = _interface_chunks(response, database_blob)
    assert chunks, "no interface text found at all"
    interface = "\n".join(chunks)

    english_strings = sorted(
        {part for msgid in utils.template_msgids() for part in utils.english_words_of_msgid(msgid)}
    )
    assert set(KNOWN_TEMPLATE_STRINGS) <= set(english_strings)
    found = [s for s in english_strings if re.search(rf"(?<![A-Za-z]){re.escape(s)}(?![A-Za-z])", interface)]
    assert not found, f"English template strings on {url}: {found}"

    # Latin words the Chinese content itself uses (acronyms such as IUC, names) are not English interface text.
    allowed = set(utils.LATIN_WORD_RE.findall(database_blob))
    words = sorted(
        {
            word
            for word in utils.LATIN_WORD_RE.findall(interface)
            if word not in allowed and not utils.ROMAN_RE.match(word)
        }
    )
    assert not words, f"English words in the interface of {url}: {words}"
