"""The methods each URL family takes (portal/edge/methods.py; docs/public-site.md, "Methods").

Every family is asked with GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT and an invented method
in English, and with one method of each kind of answer (GET, OPTIONS, POST, TRACE) in each Chinese language, whose
language comes from the URL prefix, where the request's Accept-Language names *another* language so that nothing
passes by following it, else from Accept-Language. Public URLs take GET, HEAD and OPTIONS (and POST where
Wagtail takes a visitor's form); the API GET, HEAD and OPTIONS (JSON 405s); the admin sites also their writes,
guarded by CSRF, whose failure is the portal's 403 page. The health endpoints: tests/portal/operations/test_health.py.
"""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail_localize.models import TranslationSource

from home.models import StandardPage
from news.models import NewsPage
from portal.chinese.conversion import to_traditional
from portal.edge.language import html_lang, is_chinese, prefix_language
from portal.edge.methods import VISITOR_FORMS
from portal.translations.roles import CHINESE_TRANSLATORS, EDITORS
from tests.admin_forms import edit_form_data
from tests.factories import translated_pair
from tests.home.factories import StandardPageFactory
from tests.news.factories import NewsPageFactory
from tests.utils import CONTENT, EN, LANGUAGES, OTHER, ZH, ZHT, has_cjk, soup_of, text_of

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "FOO"]
#: ``(language, method)``: every method in English; in Chinese, one of each kind of answer (the answer's language is
#: what differs between languages, not which methods a URL takes).
LANGUAGE_METHODS = [(EN, method) for method in METHODS] + [
    (language, method) for language in (ZH, ZHT) for method in ("GET", "OPTIONS", "POST", "TRACE")
]
READ = "GET, HEAD, OPTIONS"
READ_AND_FORM = "GET, HEAD, OPTIONS, POST"
ADMIN = "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE"
ACCEPT_LANGUAGE = {EN: "en-GB,en;q=0.9", ZH: "zh-CN,zh;q=0.9", ZHT: "zh-HK,zh;q=0.9"}


def _with_traditional(texts):
    """``texts`` ({"en": ..., "zh-hans": ...}) with the Traditional text, converted as the zh_Hant catalog is."""
    return {**texts, ZHT: to_traditional(texts[ZH])}


HEADING_405 = _with_traditional({EN: "Method not allowed", ZH: "不允许的请求方式"})
HEADING_403 = _with_traditional({EN: "Access denied", ZH: "拒绝访问"})
CSRF_ADVICE = _with_traditional({EN: "reload the page", ZH: "刷新页面"})
PASSWORD = "open-sesame"
NEWS_SLUG = CONTENT["news"][0]["slug"]


# ---------------------------------------------------------------------------- routes

#: Public URLs outside the language prefixes: their language comes from Accept-Language.
UNPREFIXED = {
    "language redirect": "/",
    "robots.txt": "/robots.txt",
    "sitemap index": "/sitemap.xml",
    "sitemap page": "/sitemap-pages.xml",
    "dev media": "/media/original_images/no-such-file.jpg",  # SERVE_MEDIA is off in tests: a 404 to GET
}
#: Public URLs inside the prefixes (``{}`` is the language).
PREFIXED = {
    "home page": "/{}/",
    "page": f"/{{}}/news/{NEWS_SLUG}/",
    "routable sub-route": "/{}/news/2018/",
    "feed": "/{}/news/feed/",
    "atom feed": "/{}/news/feed/atom/",
    "calendar file": "/{}/events/calendar.ics",
    "search": "/{}/search/?q=Mannheim",
    "missing page": "/{}/no-such-page/",
}
#: Public URLs that need objects of the test (``restricted`` fixture): a key of its dict.
OBJECT_ROUTES = ["restricted page", "document", "restricted document"]
#: Wagtail's visitor forms, also from the ``restricted`` fixture.
FORM_ROUTES = ["page password form", "sign-in for restricted pages", "document password form"]
API_ROUTES = [
    "/api/v2/pages/",
    "/api/v2/pages/{page}/",
    "/api/v2/images/",
    "/api/v2/documents/",
    "/api/v2/nope/",
    "/api/x/",
]
ADMIN_ROUTES = ["/admin/", "/admin/login/", "/admin/pages/", "/django-admin/", "/django-admin/login/"]


def in_language(language, name, *args):
    """``reverse(name, args)`` inside ``language``'s prefix."""
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def restricted(locales):
    """Per language: a page with a password restriction, its password form and the sign-in form; and a public
    document, a document in a password-restricted collection and that collection's password form (no prefix)."""
    documents = get_document_model()
    public = documents.objects.create(title="Public file", file=ContentFile(b"public text", name="public.txt"))
    collection = Collection.get_first_root_node().add_child(name="Restricted files")
    secret = documents.objects.create(
        title="Secret file", file=ContentFile(b"secret text", name="secret.txt"), collection=collection
    )
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password=PASSWORD
    )
    document_form = reverse("wagtaildocs_authenticate_with_password", args=[collection_restriction.pk])
    routes = {}
    for language in LANGUAGES:
        page = StandardPageFactory(locale=locales[language], title=f"Members only {language}")
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
        )
        routes[language] = {
            "restricted page": page.url,
            "document": public.url,
            "restricted document": secret.url,
            "page password form": in_language(
                language, "wagtailcore_authenticate_with_password", restriction.pk, page.pk
            ),
            "sign-in for restricted pages": in_language(language, "wagtailcore_login"),
            "document password form": document_form,
            "page": page,
        }
    return routes


def accept_header(language, path):
    """The Accept-Language of a request for ``path`` in ``language``: the other one inside a prefix."""
    prefixed = prefix_language(path) is not None
    return {"HTTP_ACCEPT_LANGUAGE": ACCEPT_LANGUAGE[OTHER[language] if prefixed else language]}


# ---------------------------------------------------------------------------- what each answer must be


def assert_405_page(response, language, allowed):
    """A 405 with ``Allow``: the portal's page in ``language``, with the site's menu and the security headers."""
    assert response.status_code == 405
    assert response["Allow"] == allowed
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Language"] == language
    soup = soup_of(response)
    assert soup.html["lang"] == html_lang(language)
    assert text_of(soup.h1) == HEADING_405[language]
    assert soup.select("nav.main-nav a"), "no menu"
    main = text_of(soup.main)
    assert has_cjk(main) == is_chinese(language), main
    assert HEADING_405[OTHER[language]] not in soup.get_text()
    assert "CSRF" not in main
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


def assert_403_csrf_page(response, language):
    """The portal's CSRF failure page in ``language``, not Django's English one."""
    assert response.status_code == 403
    assert response["Content-Language"] == language
    soup = soup_of(response)
    assert soup.html["lang"] == html_lang(language)
    assert text_of(soup.h1) == HEADING_403[language]
    assert CSRF_ADVICE[language] in text_of(soup.main)
    assert soup.select("nav.main-nav a"), "no menu"
    main = text_of(soup.main)
    assert has_cjk(main) == is_chinese(language), main
    assert HEADING_403[OTHER[language]] not in soup.get_text()
    assert "CSRF verification failed" not in soup.get_text()


def assert_public_answer(response, method, language, allowed):
    """What a public URL taking ``allowed`` answers to ``method``."""
    if method in ("GET", "HEAD"):
        assert response.status_code in (200, 302, 404), response.status_code
    elif method == "OPTIONS":
        assert response.status_code == 200
        assert response["Allow"] == allowed
        assert response.content == b""
        assert response["Content-Length"] == "0"
    elif method in allowed:
        assert response.status_code not in (403, 405), response.status_code
    else:
        assert_405_page(response, language, allowed)


# ---------------------------------------------------------------------------- public URLs


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "method"), LANGUAGE_METHODS)
@pytest.mark.parametrize("route", sorted(UNPREFIXED))
def test_unprefixed_public_urls_take_get_head_and_options_in_the_visitors_language(route, language, method):
    client = Client(enforce_csrf_checks=True)  # a 405, never a CSRF 403
    response = client.generic(method, UNPREFIXED[route], **accept_header(language, UNPREFIXED[route]))
    assert_public_answer(response, method, language, READ)
    if method not in ("GET", "HEAD"):
        assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "method"), LANGUAGE_METHODS)
@pytest.mark.parametrize("route", sorted(PREFIXED))
def test_pages_take_get_head_and_options_in_the_language_of_their_prefix(route, language, method):
    client = Client(enforce_csrf_checks=True)
    path = PREFIXED[route].format(language)
    response = client.generic(method, path, **accept_header(language, path))
    assert_public_answer(response, method, language, READ)
    if method in ("GET", "HEAD") and route != "missing page":
        assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "method"), LANGUAGE_METHODS)
@pytest.mark.parametrize("route", OBJECT_ROUTES + FORM_ROUTES)
def test_restricted_pages_documents_and_wagtails_visitor_forms(restricted, route, language, method):
    client = Client(enforce_csrf_checks=True)
    path = restricted[language][route]
    response = client.generic(method, path, **accept_header(language, path))
    if route in FORM_ROUTES and method == "POST":
        assert_403_csrf_page(response, language)  # taken, and guarded by CSRF (the form itself: below)
        return
    assert_public_answer(response, method, language, READ_AND_FORM if route in FORM_ROUTES else READ)
    if method in ("GET", "HEAD"):
        assert response.status_code == 200  # the page, the file, or a password or sign-in form


def test_the_visitor_forms_are_wagtails_routes():
    """Each name of VISITOR_FORMS is a route (the tripwires in test_upstream_overrides.py watch Wagtail's URLs)."""
    paths = {
        name: in_language(EN, name, *([1, 1] if "core_authenticate" in name else [1] if "docs" in name else []))
        for name in VISITOR_FORMS
    }
    assert paths == {
        "wagtailcore_authenticate_with_password": "/en/_util/authenticate_with_password/1/1/",
        "wagtailcore_login": "/en/_util/login/",
        "wagtaildocs_authenticate_with_password": "/documents/authenticate_with_password/1/",
    }


def password_form(response):
    """Return ``(action, data)`` of the password form in ``response``: its action and the fields a browser posts."""
    soup = soup_of(response)
    form = soup.find("form", method=re.compile("post", re.IGNORECASE))
    data = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}
    return form["action"], data


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_opens_a_password_protected_page_with_its_password(restricted, language):
    client = Client(enforce_csrf_checks=True)
    page = restricted[language]["page"]
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title not in response.content.decode()
    action, data = password_form(response)
    assert action == restricted[language]["page password form"]

    wrong = client.post(action, {**data, "password": "not-it"})
    assert wrong.status_code == 200  # the form again
    assert page.title not in wrong.content.decode()

    response = client.post(action, {**data, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == page.url
    shown = client.get(page.url)
    assert shown.status_code == 200
    assert text_of(soup_of(shown).h1) == page.title
    assert soup_of(shown).html["lang"] == html_lang(language)


@pytest.mark.django_db
def test_a_visitor_opens_a_password_protected_document_with_its_password(restricted):
    client = Client(enforce_csrf_checks=True)
    url = restricted[EN]["restricted document"]
    response = client.get(url)
    assert response.status_code == 200
    assert b"secret text" not in response.content
    action, data = password_form(response)
    assert action == restricted[EN]["document password form"]
    response = client.post(action, {**data, "password": PASSWORD})
    assert response.status_code == 302
    assert b"".join(client.get(url).streaming_content) == b"secret text"


# ---------------------------------------------------------------------------- the API


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "method"), LANGUAGE_METHODS)
@pytest.mark.parametrize("route", API_ROUTES)
def test_the_api_takes_get_head_and_options_and_answers_json(get_page, route, language, method):
    client = Client(enforce_csrf_checks=True)
    path = route.format(page=get_page(NewsPage, EN).pk)
    response = client.generic(method, path, HTTP_ACCEPT_LANGUAGE=ACCEPT_LANGUAGE[language])
    assert response["Content-Type"] == "application/json"
    if method in ("GET", "HEAD", "OPTIONS"):
        assert response.status_code == (404 if "/nope/" in path or "/x/" in path else 200)
        return
    assert response.status_code == 405
    assert response["Allow"] == READ
    detail = response.json()["detail"]
    # DRF's own message for its endpoints, in the language of the request: its catalog's (zh_Hans, zh_Hant) text.
    with translation.override(language):
        expected = translation.gettext('Method "{method}" not allowed.').format(method=method)
    assert detail == expected
    assert has_cjk(detail) == is_chinese(language), detail
    if language == EN:
        assert detail == f'Method "{method}" not allowed.'


# ---------------------------------------------------------------------------- the admin sites


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "method"), LANGUAGE_METHODS)
@pytest.mark.parametrize("route", ADMIN_ROUTES)
def test_the_admin_sites_refuse_trace_connect_and_invented_methods(route, language, method):
    client = Client(enforce_csrf_checks=True)
    response = client.generic(method, route, HTTP_ACCEPT_LANGUAGE=ACCEPT_LANGUAGE[language])
    if method in ("GET", "HEAD", "OPTIONS"):
        assert response.status_code in (200, 302), response.status_code  # the admin's own answers
    elif method in ADMIN:
        assert_403_csrf_page(response, language)  # taken, but not without a CSRF token
    else:
        assert_405_page(response, language, ADMIN)


@pytest.mark.django_db
def test_a_405_in_the_admin_is_in_the_users_admin_language(role_client):
    translator = role_client(CHINESE_TRANSLATORS, ZH)
    response = translator.generic("TRACE", reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE=ACCEPT_LANGUAGE[EN])
    assert_405_page(response, ZH, ADMIN)


# ---------------------------------------------------------------------------- CSRF failures and the admin still working


def csrf_client(user):
    """A Client that checks CSRF as a browser's session would, logged in as ``user``."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def make_user(django_user_model, group, language):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_user(f"{group}-{language}".replace(" ", "-").lower(), password="pw")
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_login_form_posted_with_a_stale_token_is_the_portals_403_page(django_user_model, language):
    django_user_model.objects.create_user("someone", password="pw")
    client = Client(enforce_csrf_checks=True)
    headers = {"HTTP_ACCEPT_LANGUAGE": ACCEPT_LANGUAGE[language]}
    data = edit_login_form(client.get(reverse("wagtailadmin_login"), **headers))
    client.cookies["csrftoken"] = "s" * 32  # the cookie was replaced since the form was served (another tab, expiry)
    response = client.post(reverse("wagtailadmin_login"), {**data, "username": "someone", "password": "pw"}, **headers)
    assert_403_csrf_page(response, language)
    assert "_auth_user_id" not in client.session


def edit_login_form(response):
    soup = soup_of(response)
    form = soup.find("form", method=re.compile("post", re.IGNORECASE))
    return {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_in_with_a_fresh_token_still_works(django_user_model, language):
    make_user(django_user_model, EDITORS, language)
    client = Client(enforce_csrf_checks=True)
    data = edit_login_form(client.get(reverse("wagtailadmin_login")))
    response = client.post(reverse("wagtailadmin_login"), {**data, "username": f"editors-{language}", "password": "pw"})
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


@pytest.mark.django_db
def test_a_stale_token_in_the_admin_is_refused_in_the_users_admin_language(django_user_model, get_page):
    translator = csrf_client(make_user(django_user_model, CHINESE_TRANSLATORS, ZH))
    url = reverse("wagtailadmin_pages:edit", args=[get_page(StandardPage, ZH).pk])
    assert translator.get(url, HTTP_ACCEPT_LANGUAGE=ACCEPT_LANGUAGE[EN]).status_code == 200
    response = translator.post(url, {"csrfmiddlewaretoken": "t" * 64}, HTTP_ACCEPT_LANGUAGE=ACCEPT_LANGUAGE[EN])
    assert_403_csrf_page(response, ZH)


@pytest.mark.django_db
def test_with_debug_on_a_csrf_failure_is_djangos_page_for_developers(settings):
    settings.DEBUG = True
    response = Client(enforce_csrf_checks=True).post(reverse("wagtailadmin_login"), {"username": "x"})
    assert response.status_code == 403
    assert "CSRF verification failed" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_editor_still_publishes_through_the_admin_with_csrf_checked(django_user_model, language):
    editor = csrf_client(make_user(django_user_model, EDITORS, language))
    page = StandardPageFactory(title="Before the change")
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = edit_form_data(editor.get(url), StandardPage)
    assert data["csrfmiddlewaretoken"]
    data.update({"title": "After the change", "action-publish": "action-publish"})
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    page.refresh_from_db()
    assert page.live and page.title == "After the change"
    assert "After the change" in Client().get(page.url).content.decode()


@pytest.mark.django_db
def test_a_chinese_translator_still_saves_and_publishes_a_translation_with_csrf_checked(django_user_model, zh_locale):
    english, chinese = translated_pair(NewsPageFactory, intro="Delegates met in Mannheim.")
    english.intro = "Delegates met in Mannheim and Qingdao."
    english.save_revision().publish()  # the Chinese page now waits for this string
    translator = csrf_client(make_user(django_user_model, CHINESE_TRANSLATORS, ZH))
    url = reverse("wagtailadmin_pages:edit", args=[chinese.pk])
    editor = soup_of(translator.get(url)).select_one(".js-translation-editor")
    props = json.loads(editor["data-props"])
    segment = next(s for s in props["segments"] if s.get("contentPath") == "intro")
    translation = TranslationSource.objects.get_for_instance(english).translations.get(target_locale=zh_locale)
    string_url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment["id"]])
    value = "value=代表们在曼海姆和青岛会面。"
    form = "application/x-www-form-urlencoded"

    # As wagtail-localize's editor sends it: a PUT with the CSRF token in X-CSRFToken.
    refused = translator.put(string_url, value, content_type=form)
    assert refused.status_code == 403  # DRF's own JSON refusal (wagtail-localize's string view is a DRF view)
    assert "CSRF" in refused.json()["detail"]
    token = translator.cookies["csrftoken"].value
    assert translator.put(string_url, value, content_type=form, HTTP_X_CSRFTOKEN=token).status_code == 200
    response = translator.post(url, {"action": "publish", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    chinese.refresh_from_db()
    assert chinese.live and chinese.intro == "代表们在曼海姆和青岛会面。"
