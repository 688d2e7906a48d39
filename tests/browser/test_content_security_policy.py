"""The Content-Security-Policy in a real browser: nothing a visitor, an editor or the admin does is blocked.

Every page the browser opens (frames included) records the ``securitypolicyviolation`` events it sees in
``window.__cspViolations``; the console's messages about the policy are kept too. Each test walks through
the site or the admin, checks that what it did really worked (images loaded, the chooser listed images, the
preview rendered the page) and then that nothing was blocked.

The tests run on the session's database without a transaction, so what they create (an editor, a page with
an image and a video, the video's cached embed) is made by fixtures and deleted afterwards.
"""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.factories import ImageFactory
from tests.home.factories import StandardPageFactory
from tests.utils import CONTENT

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.documentURI}`
        + ` (${event.sourceFile || "document"}:${event.lineNumber})`
    );
});
"""
EDITOR = {"username": "csp-editor", "password": "csp-editor-password-1"}
VIDEO_URL = "https://www.youtube.com/watch?v=csp-test-video"
VIDEO_SRC = "https://www.youtube-nocookie.com/embed/csp-test-video"
VIDEO_PAGE = {"slug": "policy-test-media", "title": "Media under the policy", "zh_title": "政策下的媒体"}
NEWS_SLUG = CONTENT["news"][0]["slug"]


@pytest.fixture
def watched(page):
    """The ``page`` fixture recording policy violations; yields it, then asserts that none happened.

    The test calls ``watched.check()`` (see ``assert_no_violations``) wherever it wants the frames it has
    open checked, and the fixture checks once more at the end.
    """
    messages = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: messages.append(message.text))
    page.check = lambda: assert_no_violations(page, messages)
    yield page
    page.check()


def assert_no_violations(page, messages):
    """Fail with the violations recorded since the last check by the frames open in ``page`` and the console."""
    violations = []
    for frame in page.frames:
        if frame.url.startswith(("http://127.0.0.1", "about:")):
            try:
                violations += frame.evaluate("() => (window.__cspViolations || []).splice(0)")
            except PlaywrightError:
                # The admin's preview panel reloads its iframe: a frame replaced since ``page.frames`` was
                # read has no document left to ask (its successor, in ``page.frames`` next time, records anew).
                if not frame.is_detached():
                    raise
    violations += [text for text in messages if "Content Security Policy" in text]
    messages.clear()
    assert violations == []


@pytest.fixture
def policy_content(site_url, django_db_blocker, server_lock):
    """An editor (in the "Editors" group) and a live page in both languages with an image and a YouTube video.

    The news page ``NEWS_SLUG`` and the newest news item (a card on the home page) get a hero image in both
    languages (the seed's news have none), taken off again afterwards.

    The video's embed is stored as Wagtail's embed cache would store it, so nothing asks YouTube for it.
    Yields ``{"en": url, "zh-hans": url, "page_id": id}``; deletes all of it afterwards.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connections
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed
    from wagtail.models import Locale

    from home.models import StandardPage
    from news.models import NewsPage
    from portal.translations.roles import EDITORS

    def set_heroes(pages, image):
        for news in pages:
            news.hero_image, news.hero_image_alt = image, "A picture" if image else ""
            news.save_revision().publish()

    with django_db_blocker.unblock():
        editor = get_user_model().objects.create_user(email="csp-editor@example.org", **EDITOR)
        editor.groups.add(Group.objects.get(name=EDITORS))
        embed = Embed.objects.create(
            url=VIDEO_URL,
            hash=get_embed_hash(VIDEO_URL),
            type="video",
            provider_name="YouTube",
            title="A video",
            width=560,
            height=315,
            html=f'<iframe width="560" height="315" src="{VIDEO_SRC}" title="A video" allowfullscreen></iframe>',
        )
        image = ImageFactory()
        body = [
            {"type": "image", "value": {"image": image.pk, "alt_text": "An image", "caption": "A caption"}},
            {"type": "embed", "value": VIDEO_URL},
        ]
        english = StandardPageFactory(title=VIDEO_PAGE["title"], slug=VIDEO_PAGE["slug"], intro="Intro.", body=body)
        chinese = english.copy_for_translation(Locale.objects.get(language_code="zh-hans"))
        chinese.title = VIDEO_PAGE["zh_title"]
        chinese.save_revision().publish()
        urls = {"en": english.get_url(), "zh-hans": chinese.get_url(), "page_id": english.pk}
        newest = NewsPage.objects.live().filter(locale__language_code="en").order_by("-date", "-pk").first().slug
        heroes = list(NewsPage.objects.live().filter(slug__in=[NEWS_SLUG, newest]))
        set_heroes(heroes, image)
    try:
        yield urls
    finally:
        # The admin's live preview may still be posting to the server: not on its shared connection at the same time.
        with server_lock, django_db_blocker.unblock():
            set_heroes([NewsPage.objects.get(pk=news.pk) for news in heroes], None)
            StandardPage.objects.get(pk=chinese.pk).delete()
            StandardPage.objects.get(pk=english.pk).delete()
            embed.delete()
            editor.delete()
            # The connection these queries opened outside any test transaction would otherwise stay
            # open to the end of the session, and PostgreSQL refuses to drop a database in use.
            for connection in connections.all():
                if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
                    connection.close()


def log_in(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(EDITOR["username"])
    page.get_by_label("Password").fill(EDITOR["password"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def assert_images_loaded(page):
    images = page.locator("main img")
    assert images.count() > 0
    for image in images.all():
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("image => image.naturalWidth") > 0, image.get_attribute("src")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_public_pages_work_under_the_policy(watched, policy_content, language):
    watched.goto(f"/{language}/")
    expect(watched.locator("h1").first).to_be_visible()
    assert_images_loaded(watched)
    watched.goto(f"/{language}/news/{NEWS_SLUG}/")
    assert_images_loaded(watched)
    watched.goto(policy_content[language])
    assert_images_loaded(watched)
    # The player's frame is allowed (its content cannot load here: the tests have no Internet).
    expect(watched.locator(f'.block-embed iframe[src="{VIDEO_SRC}"]')).to_be_attached()
    watched.get_by_role("searchbox").first.fill("Mannheim" if language == "en" else "曼海姆")
    watched.get_by_role("searchbox").first.press("Enter")
    watched.wait_for_url("**/search/?q=*")
    expect(watched.locator(".search-result").first).to_be_visible()


def test_the_admin_works_under_the_policy(policy_content, watched):
    log_in(watched)
    watched.check()  # the login page and the dashboard

    watched.get_by_role("button", name="Pages").click()  # the page explorer menu, loaded by the admin's API
    explorer = watched.locator(".c-page-explorer")
    expect(explorer.locator(".c-page-explorer__item").first).to_be_visible()
    expect(explorer.get_by_role("link", name=VIDEO_PAGE["title"], exact=True)).to_be_visible()
    watched.goto(f"/admin/pages/{policy_content['page_id']}/")
    expect(watched.get_by_role("link", name=VIDEO_PAGE["title"]).first).to_be_visible()
    watched.check()

    # Edit the page: add an image block to its StreamField and choose the image in the chooser modal.
    watched.goto(f"/admin/pages/{policy_content['page_id']}/edit/")
    chosen = watched.locator("img[data-chooser-image]:visible")
    expect(chosen).to_have_count(1)  # the page's own image block
    watched.locator("button.c-sf-add-button").first.click()
    watched.get_by_role("option", name="Image").click()
    watched.get_by_role("button", name="Choose an image").first.click()
    modal = watched.locator(".modal-dialog")
    thumbnails = modal.locator("a[data-chooser-modal-choice] img")
    expect(thumbnails.first).to_be_visible()
    assert thumbnails.first.evaluate("image => image.naturalWidth") > 0
    modal.locator("a[data-chooser-modal-choice]").first.click()
    expect(modal).to_be_hidden()
    expect(chosen).to_have_count(2)
    assert chosen.first.evaluate("image => image.naturalWidth") > 0
    watched.check()

    # The live preview panel renders the page in its same-origin iframe.
    watched.get_by_role("button", name="Toggle preview").click()
    preview = watched.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(VIDEO_PAGE["title"])
    expect(preview.locator(".block-image img").first).to_be_visible()
    watched.check()


def test_the_userbar_works_on_public_pages_for_a_logged_in_editor(policy_content, watched):
    log_in(watched)
    watched.goto(policy_content["en"])
    watched.locator("[data-wagtail-userbar-trigger]").click()
    edit = watched.get_by_role("menuitem", name="Edit this page")
    expect(edit).to_be_visible()
    edit.click()
    watched.wait_for_url(f"**/admin/pages/{policy_content['page_id']}/edit/")
