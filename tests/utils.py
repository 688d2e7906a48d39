"""Helpers shared by the test modules: the YAML content data, HTML parsing and wagtail-localize checks.

Expected values in the tests come from ``portal/content/data/*.yaml`` (read here, independently of the
loader) or from the database, never from copies of the implementation.
"""

import ast
import copy
import datetime
import html
import json
import re
import runpy
import socket
from dataclasses import dataclass
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation.template import templatize

from portal.chinese.conversion import to_traditional
from portal.edge.language import html_lang

BASE_DIR = Path(settings.BASE_DIR)
CONTENT_DIR = BASE_DIR / "portal" / "content" / "data"
LOCALE_DIR = BASE_DIR / "locale"
PO_PATH = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
#: Every folder of templates: the project package's, each page app's and each of portal's apps'.
TEMPLATE_DIRS = sorted(
    {folder for folder in [*BASE_DIR.glob("*/templates"), *BASE_DIR.glob("portal/*/templates")] if folder.is_dir()}
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
EN, ZH = "en", "zh-hans"
#: Traditional Chinese, derived from the Simplified translation (portal.translations.traditional).
ZHT = "zh-hant"
#: A language other than each: English for either Chinese.
OTHER = {EN: ZH, ZH: EN, ZHT: EN}
YAML_KEY = {EN: "en", ZH: "zh"}

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LINK_RE = re.compile(r"\[([^\]]+)\]\(page:([^)\s]+)\)")
BOLD_RE = re.compile(r"\*\*(.+?)\*\*")
LATIN_WORD_RE = re.compile(r"[A-Za-z]+")
ROMAN_RE = re.compile(r"^[IVXLCDM]+$")


# ---------------------------------------------------------------------------- settings


def closed_port():
    """A loopback TCP port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_cache(backend="portal.caching.backends.DegradingRedisCache"):
    """A CACHES entry for a Redis cache on a fresh closed port (so its outage is new to this process)."""
    return {
        "BACKEND": backend,
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }


def run_base_settings(monkeypatch, **environment):
    """Execute ``portal/settings/base.py`` afresh with the environment variables ``environment`` set.

    Returns the module's globals (a dict of the settings it computes); ``monkeypatch`` restores the
    environment after the test. Raises whatever the settings raise, e.g. ImproperlyConfigured.
    """
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_DIR / "portal" / "settings" / "base.py"))


# ---------------------------------------------------------------------------- content data


def load_content(content_dir=CONTENT_DIR):
    """Return the merged YAML content data (a dict) of every ``*.yaml`` file in ``content_dir``."""
    data = {}
    for path in sorted(Path(content_dir).glob("*.yaml")):
        data.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return data


CONTENT = load_content()


def pair(value, language):
    """Return the ``language`` half of a YAML ``{en, zh}`` pair, stripped; for ``"zh-hant"`` the Chinese converted."""
    if language == ZHT:
        return to_traditional(pair(value, ZH))
    return str(value[YAML_KEY[language]]).strip()


def plain_paragraph(markup):
    """Return the visible text of a YAML paragraph: links and bold markers reduced to their text."""
    return BOLD_RE.sub(r"\1", LINK_RE.sub(r"\1", markup.strip()))


def paragraph_links(markup):
    """Return ``[(link text, page path), ...]`` for the ``[text](page:/path/)`` links of a YAML paragraph."""
    return LINK_RE.findall(markup)


@dataclass(frozen=True)
class PageSpec:
    """A page described by the content data: its type, its path below the home page, its titles.

    ``title`` is the YAML ``{en, zh}`` pair, or None for the index pages whose title is not in the YAML
    (their titles are then read from the database and wagtail-localize).
    """

    model: str
    path: str
    title: dict | None
    intro: dict | None = None

    def url(self, language):
        return f"/{language}{self.path}"

    def __str__(self):
        return f"{self.model}:{self.path}"


def page_specs(content=CONTENT):
    """Return a PageSpec for every page the content data describes, in tree order."""
    specs = [PageSpec("HomePage", "/", content["home"]["title"], content["home"]["intro"])]
    about = content["about"]
    specs.append(PageSpec("StandardPage", f"/{about['slug']}/", about["title"], about.get("intro")))
    for item in content["components"]:
        specs.append(PageSpec("ComponentPage", f"/{item['slug']}/", item["title"], item["summary"]))
    specs.append(PageSpec("CountryIndexPage", "/countries/", None))
    for item in content["countries"]:
        specs.append(PageSpec("CountryPage", f"/countries/{item['slug']}/", item["name"], item["intro"]))
    cities = content["cities_pages"]
    specs.append(PageSpec("StandardPage", f"/{cities['slug']}/", cities["title"], cities.get("intro")))
    for child in cities.get("children", []):
        specs.append(
            PageSpec("StandardPage", f"/{cities['slug']}/{child['slug']}/", child["title"], child.get("intro"))
        )
    specs.append(PageSpec("NewsIndexPage", "/news/", None))
    for item in content["news"]:
        specs.append(PageSpec("NewsPage", f"/news/{item['slug']}/", item["title"], item["intro"]))
    specs.append(PageSpec("EventIndexPage", "/events/", None))
    for item in content["events"]:
        specs.append(PageSpec("EventPage", f"/events/{item['slug']}/", item["title"], item.get("intro")))
    return specs


def specs_by_model(model, content=CONTENT):
    return [spec for spec in page_specs(content) if spec.model == model]


def first_spec(model, content=CONTENT):
    """The first page of type ``model`` in the content data (a representative of its type)."""
    return specs_by_model(model, content)[0]


PAGE_TYPES = [
    "HomePage",
    "StandardPage",
    "ComponentPage",
    "CountryIndexPage",
    "CountryPage",
    "NewsIndexPage",
    "NewsPage",
    "EventIndexPage",
    "EventPage",
]


def iter_blocks(body, kind=None):
    """Yield ``(block type, value)`` for the YAML body list ``body`` (optionally only blocks of ``kind``)."""
    for item in body or []:
        ((block_type, value),) = item.items()
        if kind is None or block_type == kind:
            yield block_type, value


def yaml_bodies(content=CONTENT):
    """Yield ``(path, body list)`` for every page body (or event description) in the content data."""
    yield f"/{content['about']['slug']}/", content["about"].get("body")
    for item in content["components"]:
        yield f"/{item['slug']}/", item.get("body")
    for item in content["countries"]:
        yield f"/countries/{item['slug']}/", item.get("body")
    cities = content["cities_pages"]
    yield f"/{cities['slug']}/", cities.get("body")
    for child in cities.get("children", []):
        yield f"/{cities['slug']}/{child['slug']}/", child.get("body")
    for item in content["news"]:
        yield f"/news/{item['slug']}/", item.get("body")
    for item in content["events"]:
        yield f"/events/{item['slug']}/", item.get("description")


# ---------------------------------------------------------------------------- HTML


def count_fresh_queries(client, url):
    """Return ``(number of SQL queries, response)`` of ``client.get(url)`` (200), after one warm-up request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def soup_of(response):
    return BeautifulSoup(response.content.decode("utf-8"), "html.parser")


def clean(text):
    """Collapse whitespace, as a browser shows it."""
    return " ".join(str(text).split())


def text_of(element):
    """The text of an element, its children's texts separated by spaces.

    A ``<span lang>`` (a Latin name marked inside Chinese text, ``portal.core.typography``) is read as part of the
    text around it, as a browser shows it: "关于IUC亚洲", not "关于 IUC 亚洲".
    """
    if element is None:
        return ""
    if element.find("span", attrs={"lang": True}) is not None:
        element = copy.copy(element)
        for span in element.find_all("span", attrs={"lang": True}):
            span.unwrap()
        element.smooth()
    return clean(element.get_text(" "))


def inline_text(element):
    """Text of an element whose inline children (links, bold) run on without added spaces."""
    return clean(element.get_text()) if element is not None else ""


def page_text(response):
    """The whole response as unescaped text (tags kept), for "does not contain" checks."""
    return html.unescape(response.content.decode("utf-8"))


def has_cjk(text):
    return bool(CJK_RE.search(text or ""))


# ---------------------------------------------------------------------------- wagtail-localize


def untranslated_segments(source, locale):
    """Return the StringSegments of ``source`` (a TranslationSource) with no usable StringTranslation in ``locale``.

    A row with an error (such as a translation memory suggestion shown in the editor) is not a translation.
    """
    from wagtail_localize.models import StringSegment, StringTranslation

    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"), context_id=OuterRef("context_id"), locale=locale, has_error=False
    )
    return list(StringSegment.objects.filter(source=source).annotate(done=Exists(translated)).filter(done=False))


def assert_localize_translation(english, chinese, zh_locale):
    """Assert ``chinese`` is the wagtail-localize translation of ``english`` into ``zh_locale``.

    A TranslationSource exists for the English object, a Translation of it into zh-hans exists, each
    of its StringSegments has a StringTranslation in zh-hans, and both objects share a translation_key.
    """
    from wagtail_localize.models import StringSegment, Translation, TranslationSource

    assert english.locale.language_code == EN, english
    assert chinese.locale_id == zh_locale.pk, chinese
    source = TranslationSource.objects.get_for_instance_or_none(english)
    assert source is not None, f"no TranslationSource for {english!r}"
    assert Translation.objects.filter(source=source, target_locale=zh_locale).exists(), (
        f"no Translation of {english!r} into zh-hans"
    )
    assert StringSegment.objects.filter(source=source).exists(), f"{english!r} has no translatable strings"
    missing = untranslated_segments(source, zh_locale)
    assert not missing, f"{english!r}: untranslated segments {[s.string.data for s in missing][:5]}"
    assert chinese.translation_key == english.translation_key


def translated_field(english, field_path, locale):
    """Return the wagtail-localize translation into ``locale`` of the string segment ``field_path`` of ``english``.

    Reads the StringTranslation of the segment (e.g. ``"title"``) of the English object's TranslationSource,
    as plain text.
    """
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    source = TranslationSource.objects.get_for_instance(english)
    segment = StringSegment.objects.get(source=source, context__path=field_path)
    value = StringTranslation.objects.get(
        translation_of_id=segment.string_id, context_id=segment.context_id, locale=locale
    )
    return html.unescape(value.data)


# ---------------------------------------------------------------------------- gettext catalog


_CALL_RE = re.compile(
    r"\b(gettext|ngettext|pgettext|npgettext)\(((?:\s*u?(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')\s*,?)+)"
)
_LITERAL_RE = re.compile(r"u?(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')")


def template_msgids():
    """Return the set of msgids used by the project's templates (extracted as makemessages does)."""
    msgids = set()
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            for function, arguments in _CALL_RE.findall(code):
                literals = [ast.literal_eval(literal) for literal in _LITERAL_RE.findall(arguments)]
                if function.startswith("p"):
                    literals = literals[1:]
                msgids.update(literals[:1])
    return msgids


def english_words_of_msgid(msgid):
    """Return the literal parts of ``msgid`` that contain Latin letters (placeholders removed)."""
    parts = re.split(r"%\(\w+\)[sd]|%[sd]", msgid)
    return [part.strip() for part in parts if LATIN_WORD_RE.search(part)]


# ---------------------------------------------------------------------------- rendering


def assert_page_renders(client, spec, titles):
    """Request ``spec`` in every language; check status, ``<h1>``, ``<title>``, ``<html lang>`` and intro.

    ``titles`` is ``{"en": ..., "zh-hans": ..., "zh-hant": ...}``. A Chinese page must not contain the English
    title (when the two differ).
    """
    for language in LANGUAGES:
        response = client.get(spec.url(language))
        assert response.status_code == 200, f"{spec.url(language)}: {response.status_code}"
        soup = soup_of(response)
        assert soup.html["lang"] == html_lang(language)
        assert text_of(soup.find("h1")) == titles[language], spec.url(language)
        assert text_of(soup.title).startswith(titles[language]), text_of(soup.title)
        if spec.intro:
            leads = [text_of(lead) for lead in soup.select("main .lead")]
            assert pair(spec.intro, language) in leads, spec.url(language)
        if language != EN and titles[language] != titles[EN]:
            assert titles[EN] not in page_text(response), f"English title on {spec.url(language)}"


def translate_missing_strings(english, locale, translate=lambda text: "译：" + text):
    """Give every untranslated string of ``english``'s TranslationSource a StringTranslation in ``locale``.

    ``translate`` maps the stored English string (HTML-escaped, markup kept) to its translation, or
    to None to leave that string untranslated. Returns the number of strings translated.
    """
    from wagtail_localize.models import StringTranslation, TranslationSource

    source = TranslationSource.objects.get_for_instance(english)
    missing = [segment for segment in untranslated_segments(source, locale) if translate(segment.string.data)]
    for segment in missing:
        StringTranslation.objects.update_or_create(
            translation_of_id=segment.string_id,
            context_id=segment.context_id,
            locale=locale,
            defaults={
                "data": translate(segment.string.data),
                "translation_type": "manual",
                "tool_name": "",
                "has_error": False,
                "field_error": "",
            },
        )
    return len(missing)


def admin_denied(response):
    """Return True if Wagtail denied an admin request: a 403, or a redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response.url.rstrip("/") == "/admin")


def submit_page_for_translation(client, page, locale, **extra):
    """POST wagtail-localize's *Translate this page* form for ``page`` into ``locale``; return the response."""
    return client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [locale.pk], **extra})


# ---------------------------------------------------------------------------- the admin, as a role

#: Wagtail's message when it refuses an admin request (shown on the dashboard it redirects to).
PERMISSION_DENIED = "Sorry, you do not have permission to access this area."


def in_admin_language(client, message, **params):
    """Return ``message`` (an msgid of Wagtail, wagtail-localize or the portal) as ``client``'s user reads it.

    ``client.language`` is the user's admin language (``tests/conftest.py``, ``role_client``); ``params``
    fill ``%(name)s`` placeholders, or ``{name}`` ones when the msgid uses those.
    """
    from django.utils import translation

    with translation.override(getattr(client, "language", EN)):
        text = translation.gettext(message)
    if not params:
        return text
    return text.format(**params) if "{" in message else text % params


def admin_messages(response):
    """Return the texts of the messages shown on an admin page (Wagtail's message list), without their buttons."""
    soup = soup_of(response)
    texts = []
    for item in soup.select('.messages ul[data-w-messages-target="container"] > li'):
        for buttons in item.select(".buttons, button"):
            buttons.decompose()
        texts.append(text_of(item))
    return texts


def assert_lands_on_a_page_the_user_may_see(response, client):
    """Assert a followed admin request (``follow=True``) ended on a page shown to ``client``'s user.

    The final response is a 200, not Wagtail's refusal (a redirect to the dashboard with
    ``PERMISSION_DENIED`` in either language). Returns ``(final path, messages shown)``.
    """
    assert response.status_code == 200, (response.status_code, response.redirect_chain)
    shown = admin_messages(response)
    refusals = {PERMISSION_DENIED, in_admin_language(client, PERMISSION_DENIED)}
    assert not refusals & set(shown), (response.redirect_chain, shown)
    final = response.redirect_chain[-1][0] if response.redirect_chain else response.request["PATH_INFO"]
    return final.split("?")[0], shown


def assert_refused(response, client):
    """Assert a followed admin request was refused by Wagtail: the dashboard, its message in the user's language."""
    assert response.status_code == 200, response.status_code
    assert response.redirect_chain and response.redirect_chain[-1][0].rstrip("/") == "/admin", response.redirect_chain
    assert in_admin_language(client, PERMISSION_DENIED) in admin_messages(response)


def said(client, message, **params):
    """``message`` as ``client``'s user reads it (``in_admin_language``, stripped); Chinese admins read Chinese."""
    from portal.edge.language import is_chinese

    text = in_admin_language(client, message, **params).strip()
    if is_chinese(getattr(client, "language", EN)):
        assert has_cjk(text), f"no Chinese for {message!r}"
    return text


def admin_datetime(value):
    """``value`` (an aware datetime or None) as the admin's date-time field shows it (users' time zone: UTC)."""
    from django.utils import timezone

    return timezone.localtime(value, datetime.UTC).strftime("%Y-%m-%d %H:%M") if value else ""


def news_form(page=None, **fields):
    """The fields of the news page form, as the admin posts them, for ``page`` (or a new page) with ``fields``.

    ``page``'s values are those of its latest revision, as its edit view shows them. Related cities,
    countries, body blocks and comments are empty.
    """
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    if page is not None:
        page = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
    return nested_form_data(
        {
            "title": page.title if page else "A role's news",
            "slug": page.slug if page else "a-roles-news",
            "date": str(page.date if page else datetime.date(2020, 6, 1)),
            "category": "",
            "intro": page.intro if page else "Written by a role.",
            "hero_image": "",
            "hero_image_alt": "",
            "body": streamfield([]),
            "related_cities": inline_formset([]),
            "related_countries": inline_formset([]),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "menu_title": "",
            "go_live_at": admin_datetime(page.go_live_at) if page else "",
            "expire_at": "",
            **fields,
        }
    )


def edit_news(client, page, **fields):
    """POST the edit form of ``page`` (a NewsPage) with ``fields`` as ``client``; follow the redirects."""
    return client.post(f"/admin/pages/{page.pk}/edit/", news_form(page, **fields), follow=True)


def submit_for_moderation(client, page, **fields):
    """*Submit for moderation* on ``page``'s editor (a NewsPage), with ``fields`` changed; followed."""
    return edit_news(client, page, **{"action-submit": "1", **fields})


def workflow_action(client, page, action, comment=None):
    """Approve or reject (``action``) ``page``'s current task from its editor, as the admin's action menu does."""
    extra = {"comment": comment} if comment is not None else {}
    return edit_news(
        client,
        page,
        **{
            "action-workflow-action": "1",
            "workflow-action-name": action,
            "workflow-action-extra-data": json.dumps(extra),
        },
    )


def workflow_state(obj):
    """The latest WorkflowState of ``obj`` (a page or snippet), or None."""
    from wagtail.models import WorkflowState

    return WorkflowState.objects.for_instance(obj).order_by("-created_at").first()


def in_language(client, english, chinese):
    """``chinese`` if ``client`` (the ``editor`` fixture) has a Chinese admin, else ``english``."""
    return chinese if client.language == ZH else english
