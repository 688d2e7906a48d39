"""Security headers: the Content-Security-Policy (``operations/security_headers.py``), framing, referrer, nosniff, COOP.

Every response carries the same strict policy, except Wagtail's admin interface for a logged-in user (inline
scripts and styles) and the previews Wagtail shows in the admin's iframes (``frame-ancestors 'self'``).
The browser test ``tests/browser/test_content_security_policy.py`` shows the policy breaks nothing.
"""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse
from wagtail.blocks import Block
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedUnsupportedProviderException
from wagtail.users.utils import get_gravatar_url
from wagtail_localize.models import Translation

from components.blocks import BodyStreamBlock
from home.models import StandardPage
from news.models import NewsPage
from portal.operations.security_headers import EMBED_FRAME_ORIGINS, MEDIA_ORIGINS_ENV, content_security_policy
from tests.utils import CONTENT, EN, LANGUAGES

NEWS_SLUG = CONTENT["news"][0]["slug"]
STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def policy(response):
    """Return the response's enforced Content-Security-Policy as ``{directive: [sources]}``."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.status_code} {getattr(response, 'url', '')}"
    assert "Content-Security-Policy-Report-Only" not in response.headers
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice in {header}"
        directives[name] = sources
    return directives


def assert_strict(response, frame_ancestors="'none'"):
    """The portal's policy without relaxation, the other security headers, and framing as given."""
    directives = policy(response)
    for name, sources in STRICT.items():
        assert directives[name] == sources, f"{name}: {directives[name]}"
    assert directives["img-src"][:3] == ["'self'", "data:", "blob:"]
    assert directives["frame-src"] == list(EMBED_FRAME_ORIGINS)
    assert directives["frame-ancestors"] == [frame_ancestors]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert_other_headers(response, "DENY" if frame_ancestors == "'none'" else "SAMEORIGIN")


def assert_other_headers(response, frame_options="DENY"):
    assert response.headers["X-Frame-Options"] == frame_options
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


# ---------------------------------------------------------------------------- the public site and the API


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["/", "/news/", f"/news/{NEWS_SLUG}/", "/search/?q=Mannheim"])
def test_public_pages_have_the_strict_policy_in_both_languages(client, language, path):
    response = client.get(f"/{language}{path}")
    assert response.status_code == 200
    assert_strict(response)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/no-such-page/", "/zh-hans/no-such-page/", "/xx/"])
def test_not_found_pages_have_the_strict_policy(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert_strict(response)


@pytest.mark.django_db
def test_redirects_have_the_policy_too(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 302
    assert_strict(response)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v2/pages/?locale=zh-hans", "/api/v2/no-such-endpoint/"])
def test_the_api_has_the_strict_policy(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert response["Content-Type"].startswith("application/json")
    assert_strict(response)


# ---------------------------------------------------------------------------- the admin


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["wagtailadmin_login", "wagtailadmin_password_reset"])
def test_the_admin_pages_anonymous_visitors_reach_have_the_strict_policy(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_strict(response)


@pytest.mark.django_db
def test_an_anonymous_request_for_the_admin_is_redirected_under_the_strict_policy(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert_strict(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        lambda pages: reverse("wagtailadmin_home"),
        lambda pages: reverse("wagtailadmin_explore_root"),
        lambda pages: reverse("wagtailadmin_pages:edit", args=[pages["news"].pk]),
        lambda pages: reverse("wagtailimages:index"),
        lambda pages: reverse("wagtailimages_chooser:choose"),
    ],
    ids=["dashboard", "explorer", "edit", "images", "image-chooser"],
)
def test_the_admin_interface_allows_inline_scripts_and_styles_and_frames_the_site_only(editor_client, get_page, url):
    pages = {"news": get_page(NewsPage, EN)}
    response = editor_client.get(url(pages), follow=True)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["frame-src"] == [*EMBED_FRAME_ORIGINS, "'self'"]
    for name in ("default-src", "object-src", "base-uri", "form-action"):
        assert directives[name] == STRICT[name]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert_other_headers(response)


@pytest.mark.django_db
def test_a_logged_in_editor_sees_public_pages_under_the_strict_policy(editor_client):
    response = editor_client.get("/en/")
    assert response.status_code == 200
    assert "wagtail-userbar" in response.content.decode()
    assert_strict(response)


# ---------------------------------------------------------------------------- previews may be framed by the admin


@pytest.mark.django_db
def test_the_page_preview_may_be_framed_by_the_admin_only(editor_client, get_page):
    page = get_page(StandardPage, EN, "/about/")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = {"title": page.title, "slug": page.slug, "intro": page.intro, "body-count": "0"}
    assert editor_client.post(url, data).json() == {"is_valid": True, "is_available": True}
    response = editor_client.get(url, {"in_preview_panel": "true"})
    assert response.status_code == 200
    assert f"<h1>{page.title}</h1>" in response.content.decode()
    # Rendered through the middleware twice (Wagtail's dummy request for the page, then the preview view's);
    # the policy is the preview's: strict, framable by the site itself.
    assert_strict(response, frame_ancestors="'self'")


@pytest.mark.django_db
def test_the_block_preview_may_be_framed_by_the_admin(editor_client):
    block = BodyStreamBlock().child_blocks["quote"]
    assert Block.definition_registry[block.definition_prefix] is block
    response = editor_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    assert_strict(response, frame_ancestors="'self'")


@pytest.mark.django_db
def test_the_translation_preview_may_be_framed_by_the_admin(admin_client_user, get_page, zh_locale):
    english = get_page(NewsPage, EN, f"/news/{NEWS_SLUG}/")
    translation = Translation.objects.get(source__object_id=english.translation_key, target_locale=zh_locale)
    response = admin_client_user.get(reverse("wagtail_localize:preview_translation", args=[translation.pk]))
    assert response.status_code == 200
    assert CONTENT["news"][0]["title"]["zh"] in response.content.decode()
    assert_strict(response, frame_ancestors="'self'")


@pytest.mark.django_db
def test_other_admin_views_of_a_page_may_not_be_framed(editor_client, get_page):
    page = get_page(StandardPage, EN, "/about/")
    response = editor_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert response.status_code == 200
    assert policy(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"


# ---------------------------------------------------------------------------- the policy's inputs


def test_media_origins_are_added_to_img_src_only():
    directives = content_security_policy(
        media_origins=["https://media.example.org", "https://bucket.s3.eu-west-1.amazonaws.com/media/"], environ={}
    )["DIRECTIVES"]
    assert directives["img-src"] == [
        "'self'",
        "data:",
        "blob:",
        "https://media.example.org",
        "https://bucket.s3.eu-west-1.amazonaws.com/media/",
    ]
    assert directives == {**content_security_policy(environ={})["DIRECTIVES"], "img-src": directives["img-src"]}


def test_media_origins_come_from_the_environment_too():
    environ = {MEDIA_ORIGINS_ENV: " https://cdn.example.org , https://media.example.org,"}
    directives = content_security_policy(media_origins=["https://media.example.org"], environ=environ)["DIRECTIVES"]
    assert directives["img-src"][3:] == ["https://media.example.org", "https://cdn.example.org"]


@pytest.mark.parametrize(
    "origin",
    [
        "media.example.org",
        "ftp://media.example.org",
        "https://",
        "https://x.org/?a=1",
        "https://x.org/#a",
        "https://x.org/a'b",
    ],
)
def test_a_media_origin_that_is_not_an_http_url_is_refused(origin):
    with pytest.raises(ImproperlyConfigured):
        content_security_policy(media_origins=[origin], environ={})
    with pytest.raises(ImproperlyConfigured):
        content_security_policy(environ={MEDIA_ORIGINS_ENV: origin})


def test_the_settings_use_the_portal_policy():
    assert content_security_policy() == settings.CONTENT_SECURITY_POLICY


@pytest.mark.django_db
def test_media_origins_reach_the_header_of_public_and_admin_pages(client, editor_client):
    with override_settings(CONTENT_SECURITY_POLICY=content_security_policy(["https://media.example.org"], environ={})):
        for response in (client.get("/en/"), editor_client.get(reverse("wagtailadmin_home"))):
            assert policy(response)["img-src"] == ["'self'", "data:", "blob:", "https://media.example.org"]


def test_security_middleware_comes_first_and_the_policy_middleware_is_installed():
    # Only the health checks (which must answer plain HTTP) and the request log (which times everything) come before.
    assert settings.MIDDLEWARE[:3] == [
        "portal.operations.health.HealthCheckMiddleware",
        "portal.operations.request_logging.RequestLogMiddleware",
        "django.middleware.security.SecurityMiddleware",
    ]
    assert "portal.operations.security_headers.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE
    assert "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE


# ---------------------------------------------------------------------------- what the admin would load from elsewhere


@pytest.mark.django_db
def test_embeds_are_limited_to_the_players_the_policy_frames():
    with pytest.raises(EmbedUnsupportedProviderException):
        embeds.get_embed("https://www.slideshare.net/someone/some-slides")


def test_the_admin_loads_no_avatars_from_gravatar_and_checks_no_releases():
    assert get_gravatar_url("editor@example.org") is None
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
