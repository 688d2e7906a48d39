"""Text no database stores (NUL, lone surrogates) is refused at the edge: a 400 in the visitor's language, JSON
under /api/, nothing stored, on SQLite and PostgreSQL alike (portal/edge/text.py; docs/operations.md, "Bad input").

Without the edge, each of these was a server error on PostgreSQL (a NUL in a path's 404 page, a news filter, a
cookie naming the session, a header stored on a failed sign-in, the admin's rich text) or on both databases (a lone
surrogate in the admin's rich text).
"""

import json

import pytest
from axes.models import AccessAttempt
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import streamfield
from wagtail.users.models import UserProfile

from news.models import NewsPage
from portal.edge.language import hreflang, html_lang, is_chinese
from portal.translations.roles import EDITORS
from tests.utils import EN, LANGUAGES, ZH, has_cjk, news_form, soup_of, text_of

pytestmark = pytest.mark.django_db

NUL = "\x00"
#: A session cookie whose quoted value holds the escape of a NUL ("\000"), which Django's cookie parser decodes.
NUL_SESSION_COOKIE = 'sessionid="abcdefghijklmnop\\000"'


@pytest.fixture(autouse=True)
def no_raised_exceptions(client):
    client.raise_request_exception = False


def assert_refused_page(response, language):
    """A 400 page in ``language``: its lang, Content-Language, the edge's message, the switcher to the home pages."""
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Language"] == language
    soup = soup_of(response)
    assert soup.html["lang"] == html_lang(language)
    message = text_of(soup.select_one("main .error-message"))
    assert message and has_cjk(message) == is_chinese(language)
    assert NUL not in response.content.decode()
    switcher = {link["hreflang"]: link["href"] for link in soup.select("nav.language-switcher a[hreflang]")}
    assert switcher == {hreflang(code): f"/{code}/" for code in LANGUAGES if code != language}


def assert_refused_json(response):
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]


# ---------------------------------------------------------------------------- the path


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    ["%00/", "news/%00/", "news/x%00y/", "news/category/%00/", "news/city/a%00/2018/", "events/%00.ics", "%00"],
)
def test_a_nul_in_a_path_segment_is_a_400_in_the_language_of_the_prefix(client, language, path):
    assert_refused_page(client.get(f"/{language}/{path}", HTTP_ACCEPT_LANGUAGE=EN if language == ZH else ZH), language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["/%00/", "/x%00", "/admin/pages/%00/", "/documents/1/%00.pdf", "/sitemap-%00.xml"])
def test_a_nul_outside_the_prefixes_is_a_400_in_the_accept_language(client, language, path):
    assert_refused_page(client.get(path, HTTP_ACCEPT_LANGUAGE=language), language)


@pytest.mark.parametrize("path", ["/api/v2/pages/%00/", "/api/v2/%00", "/api/%00/"])
def test_a_nul_in_an_api_path_is_a_json_400(client, path):
    assert_refused_json(client.get(path))


# ---------------------------------------------------------------------------- the query string


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("field", ["category", "country", "city", "year"])
@pytest.mark.parametrize("value", [NUL, "a\x00b", "iuc-asia\x00"])
def test_a_nul_in_a_news_filter_field_is_a_400(client, language, field, value):
    assert_refused_page(client.get(f"/{language}/news/", {field: value}), language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("search/", {"q": NUL}),
        ("search/", {"q": "city\x00", "page": "2"}),
        ("events/", {"date": "2018-7-9\x00"}),
        ("events/", {"t": "week\x00"}),
        ("events/", {"page": NUL}),
        ("", {"date": NUL}),
        ("news/", {"page": NUL}),
        ("news/feed/", {"x": NUL}),
        ("events/calendar.ics", {NUL: "1"}),
    ],
    ids=str,
)
def test_a_nul_in_any_query_string_is_a_400(client, language, path, query):
    assert_refused_page(client.get(f"/{language}/{path}", query), language)


@pytest.mark.parametrize("query", ["p=%00", "%00=1"])
def test_a_nul_in_the_sitemap_query_is_a_400(client, query):
    assert_refused_page(client.get(f"/sitemap-pages.xml?{query}", HTTP_ACCEPT_LANGUAGE=ZH), ZH)


@pytest.mark.parametrize("query", ["search=%00", "locale=zh-hans%00", "type=news.NewsPage&title=a%00", "%00=1"])
@pytest.mark.parametrize("endpoint", ["pages/", "pages/find/", "images/", "documents/"])
def test_a_nul_in_an_api_query_is_a_json_400(client, query, endpoint):
    assert_refused_json(client.get(f"/api/v2/{endpoint}?{query}"))


def test_health_endpoints_answer_before_the_edge(client):
    response = client.get("/healthz?x=%00")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_text_a_database_stores_is_untouched(client):
    """Control characters other than NUL, a replaced invalid byte and an emoji pass."""
    for query in ["q=%01%1f", "q=%ed%a0%80", "q=%F0%9F%98%80", "q=%2500"]:
        assert client.get(f"/en/search/?{query}").status_code == 200, query


# ---------------------------------------------------------------------------- cookies and headers


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["", "news/", "search/?q=city"])
def test_a_session_cookie_with_a_nul_is_a_400(client, language, path):
    assert_refused_page(client.get(f"/{language}/{path}", HTTP_COOKIE=NUL_SESSION_COOKIE), language)


def test_a_session_cookie_with_a_nul_in_the_admin_is_a_400(client):
    assert_refused_page(client.get("/admin/", HTTP_COOKIE=NUL_SESSION_COOKIE, HTTP_ACCEPT_LANGUAGE=ZH), ZH)


def test_a_raw_nul_in_a_cookie_is_a_400(client):
    assert_refused_page(client.get("/en/news/", HTTP_COOKIE="sessionid=abcdefghijklmnop\x00"), EN)


@pytest.mark.parametrize("header", ["HTTP_USER_AGENT", "HTTP_REFERER", "HTTP_ACCEPT_LANGUAGE", "HTTP_X_ANYTHING"])
def test_a_nul_in_a_header_is_a_400(client, header):
    assert_refused_page(client.get("/zh-hans/news/", **{header: "zh\x00"}), ZH)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_failed_sign_in_with_a_nul_in_the_user_agent_stores_nothing(client, django_user_model, language):
    """django-axes records a failed sign-in with its User-Agent: a NUL there would reach the database."""
    django_user_model.objects.create_user("someone", password="right password")
    response = client.post(
        "/admin/login/",
        {"username": "someone", "password": "wrong password"},
        HTTP_USER_AGENT="Mozilla\x00",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert_refused_page(response, language)
    assert not AccessAttempt.objects.exists()


def test_a_sign_in_with_a_nul_in_the_username_stores_nothing(client):
    response = client.post("/admin/login/", {"username": "some\x00one", "password": "x"}, HTTP_ACCEPT_LANGUAGE=ZH)
    assert_refused_page(response, ZH)
    assert not AccessAttempt.objects.exists()


# ---------------------------------------------------------------------------- the admin's forms, as an Editor


def contentstate(text):
    """The rich text editor's value (Draftail's JSON, as the browser posts it) for one paragraph of ``text``."""
    block = {"key": "a1b2c", "text": text, "type": "unstyled", "depth": 0, "inlineStyleRanges": [], "entityRanges": []}
    return json.dumps({"blocks": [block], "entityMap": {}})


@pytest.fixture(params=[EN, ZH], ids=lambda language: f"admin-{language}")
def editor(request, role_client):
    """A member of Editors whose admin is in English or Chinese."""
    return role_client(EDITORS, request.param)


@pytest.fixture
def news_page(get_page):
    return get_page(NewsPage, EN)


def stored(page):
    """What the database holds of ``page``: its title, intro, latest revision and revision count."""
    fresh = Page.objects.get(pk=page.pk)
    return (
        fresh.title,
        fresh.specific.intro,
        fresh.latest_revision_id,
        Revision.page_revisions.filter(object_id=str(page.pk)).count(),
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Mission\x00"},
        {"intro": "a\x00b"},
        {"body": streamfield([("paragraph", contentstate("a\x00b"))])},
        {"body": streamfield([("paragraph", contentstate("half \ud800 pair"))])},
        {"body": streamfield([("heading", {"text": "\x00", "level": "h2"})])},
    ],
    ids=["title", "intro", "rich-text-nul", "rich-text-surrogate", "heading"],
)
@pytest.mark.parametrize("action", [{}, {"action-publish": "1"}], ids=["save", "publish"])
def test_an_editors_post_with_unstorable_text_is_a_400_and_stores_nothing(editor, news_page, fields, action):
    before = stored(news_page)
    response = editor.post(f"/admin/pages/{news_page.pk}/edit/", news_form(news_page, **fields, **action))
    assert_refused_page(response, editor.language)
    assert stored(news_page) == before


def test_an_editors_rich_text_with_an_emoji_is_saved(editor, news_page):
    """An escaped surrogate pair is a whole character (an emoji): only lone halves are refused."""
    body = streamfield([("paragraph", contentstate("Mayors 😀 met"))])
    response = editor.post(f"/admin/pages/{news_page.pk}/edit/", news_form(news_page, body=body))
    assert response.status_code == 302, response.content[:300]
    draft = NewsPage.objects.get(pk=news_page.pk).get_latest_revision_as_object()
    assert "Mayors 😀 met" in str(draft.body[0].value)


def test_an_editors_new_page_with_unstorable_text_is_not_created(editor, news_page):
    parent = news_page.get_parent()
    count = Page.objects.count()
    response = editor.post(
        f"/admin/pages/add/news/newspage/{parent.pk}/", news_form(title="New\x00", slug="new-with-nul")
    )
    assert_refused_page(response, editor.language)
    assert Page.objects.count() == count


@pytest.mark.parametrize("value", [{"x\x00": True}, {"x": "\ud800"}], ids=["nul-key", "surrogate"])
def test_an_editors_json_with_unstorable_text_is_a_400_and_stores_nothing(editor, value):
    """Wagtail's dismissibles view stores the JSON body it is sent in the user's profile."""
    response = editor.patch("/admin/dismissibles/", json.dumps(value), content_type="application/json")
    assert_refused_page(response, editor.language)
    assert UserProfile.get_for_user(editor.user).dismissibles == {}


def test_an_editors_json_without_unstorable_text_is_stored(editor):
    response = editor.patch("/admin/dismissibles/", json.dumps({"tip": "😀"}), content_type="application/json")
    assert response.status_code == 200
    assert UserProfile.get_for_user(editor.user).dismissibles == {"tip": "😀"}
