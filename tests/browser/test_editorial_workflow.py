"""The editorial workflow in Chromium: an Editor, a Moderator and a Chinese translator, each in their admin language.

One walk, for a news page and an event at once (issue 14, item 6):

1. the Editor (English admin) creates both pages with one block of every body block type, an uploaded hero
   image and images, pages, snippets and a document chosen in the choosers, previews them and submits them
   to the "Moderators approval" workflow;
2. the Moderator (Chinese admin) approves them from the dashboard, which publishes them;
3. the Editor submits both for translation;
4. the translator (Chinese admin) translates every string in wagtail-localize's editor, one of them with the
   translation memory's button (the news page's introduction repeats a seeded news page's), and publishes;
5. the Editor changes the English (a string edited, a block added, a block deleted, a chooser cleared) and
   publishes: the live Chinese pages keep their last complete version (ADR 0003);
6. the translator finds the changed string with its previous translation, completes the new strings and
   publishes.

A visitor (a browser context without a session) reads both pages in both languages after each step. Every
screen reached is checked: its URL, heading or title, the message in the person's language, no "permission"
refusal, and no answer of 500 or more to any request of the page (navigations, autosaves, the translation
editor's saves).

The test runs on the session's database without a transaction (``conftest.py``): the people, the document and the
cached embed are made by the fixture, and everything the walk made is deleted afterwards.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.utils import CONTENT, EN, ZH, has_cjk, pair

PASSWORD = "a long workflow password 42"
PEOPLE = {  # username: (group, admin language)
    "wf-editor": ("Editors", EN),
    "wf-moderator": ("Moderators", ZH),
    "wf-translator": ("Chinese translators", ZH),
}
VIDEO_URL = "https://www.youtube.com/watch?v=workflow-walk"
DOCUMENT_TITLE = "Workflow walk report"
HERO_TITLE = "Workflow walk hero"
#: A seeded news page whose introduction the new news page repeats: the translation memory has its Chinese.
MEMORY_SOURCE = CONTENT["news"][0]
#: The body's block types, each with its label in the Editor's (English) block menu.
BLOCK_LABELS = {
    "heading": "Heading",
    "paragraph": "Paragraph",
    "image": "Image",
    "quote": "Quote",
    "key_figure": "Key figure",
    "call_to_action": "Call to action",
    "pairing_list": "City pairing list",
    "city_list": "City list",
    "document": "Document link",
    "embed": "Embedded media",
    "table": "Table",
}
CITY = next(city for city in CONTENT["cities"] if city["key"] == "mannheim")
CATEGORY = CONTENT["categories"][0]
CITY_LABEL = "City"  # an event page's label of its city (the portal's msgid)
REFUSALS = (
    "Sorry, you do not have permission to access this area.",
    "Server Error",
    "Internal server error",
)


@dataclass
class Walked:
    """One page of the walk: its English and Chinese strings, per step, and where it lives."""

    kind: str  # "news" or "event"
    index_slug: str  # the English and Chinese index pages' slug
    title: tuple[str, str]
    slug: str
    fields: dict  # field id: (English, Chinese) for the page's own translatable text inputs
    blocks: dict  # block type: {sub-field: (English, Chinese)}
    memory: tuple[str, str] | None = None  # (field id, English) filled from the translation memory
    changed: dict = field(default_factory=dict)  # what step 5 does (see test)
    ids: dict = field(default_factory=dict)  # page ids, found as the walk goes

    @property
    def body(self):
        return "body" if self.kind == "news" else "description"

    def url(self, language):
        return f"/{language}/{self.index_slug}/{self.slug}/"

    def strings(self):
        """Every (English, Chinese) pair the translator types, in the editor's order (title first)."""
        return [pair for key, pair in self.texts() if not self.memory or key != self.memory[0]]

    def texts(self, changed=False):
        """``[(key, (English, Chinese))]`` of every string of the page; after step 5 if ``changed``.

        Keys are the field ids, or ``(block type, sub-field)``; ``"alt"`` keys are images' alternative texts.
        """
        texts = [("title", self.title), *self.fields.items()]
        for kind, values in self.blocks.items():
            if changed and kind == self.changed["delete"]:
                continue
            for key, value in values.items():
                if changed and (kind, key) == self.changed["edit"][:2]:
                    value = self.changed["edit"][2]
                texts.append(((kind, key), value))
        if changed:
            texts.append((("paragraph", "added"), self.changed["add"]))
        return texts


NEWS = Walked(
    kind="news",
    index_slug="news",
    title=("Workflow walk: cities compare their notes", "流程演练：城市交流心得"),
    slug="workflow-walk-cities-compare-their-notes",
    fields={
        "id_intro": (pair(MEMORY_SOURCE["intro"], EN), pair(MEMORY_SOURCE["intro"], ZH)),
        "id_hero_image_alt": ("A walk through the editorial workflow", "编辑流程演练配图"),
    },
    blocks={
        "heading": {"text": ("Notes from the walk", "演练纪要")},
        "paragraph": {"": ("Six cities met for a day of notes.", "六座城市聚会一天交流心得。")},
        "image": {"alt_text": ("Delegates comparing notes", "代表们交流心得")},
        "quote": {"text": ("Notes travel further than cities.", "心得比城市走得更远。")},
        "key_figure": {"value": ("61%", "百分之六十一"), "label": ("of notes were shared", "的心得得到分享")},
        "call_to_action": {
            "text": ("Go back to the programme's home page.", "返回项目首页。"),
            "link_text": ("Home page", "首页"),
        },
        "pairing_list": {},
        "city_list": {},
        "document": {},
        "embed": {},
        "table": {"r0c0": ("Walk day", "演练日"), "r0c1": ("Notes shared", "分享心得")},
    },
    memory=("id_intro", pair(MEMORY_SOURCE["intro"], EN)),
    changed={
        "edit": ("heading", "text", ("Notes from the long walk", "长途演练记录")),
        "add": ("A note added after the walk.", "演练后补充的一条心得。"),
        "delete": "quote",
        "clear": "id_category",
    },
)
EVENT = Walked(
    kind="event",
    index_slug="events",
    title=("Workflow walk workshop", "流程演练研讨会"),
    slug="workflow-walk-workshop",
    fields={
        "id_venue": ("The walk's meeting room", "演练会议室"),
        "id_organiser": ("The walk's organisers", "演练组织方"),
        "id_intro": ("A workshop on the editorial walk.", "关于编辑流程演练的研讨会。"),
    },
    blocks={
        "heading": {"text": ("Workshop agenda", "研讨会议程")},
        "paragraph": {"": ("The workshop runs for one day.", "研讨会为期一天。")},
        "image": {"alt_text": ("The workshop's room", "研讨会会场")},
        "quote": {"text": ("A day well walked.", "充实的一天。")},
        "key_figure": {"value": ("40+", "四十余"), "label": ("cities at the workshop", "座城市参加研讨会")},
        "call_to_action": {
            "text": ("Read about the programme.", "了解项目。"),
            "link_text": ("The programme", "项目"),
        },
        "pairing_list": {},
        "city_list": {},
        "document": {},
        "embed": {},
        "table": {"r0c0": ("Morning session", "上午会议"), "r0c1": ("Afternoon session", "下午会议")},
    },
    changed={
        "edit": ("heading", "text", ("Workshop programme and agenda", "研讨会日程与议程")),
        "add": ("Lunch is served at noon.", "中午供应午餐。"),
        "delete": "quote",
        "clear": "id_city",
    },
)


PAGES = (NEWS, EVENT)


# ---------------------------------------------------------------------------- set-up


def make_people_and_things():
    """Create the three people (groups, admin languages), the document and the cached embed; return their ids."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed
    from wagtail.users.models import UserProfile

    made = {"users": []}
    for username, (group, language) in PEOPLE.items():
        user = get_user_model().objects.create_user(
            username=username, email=f"{username}@example.org", password=PASSWORD
        )
        user.groups.add(Group.objects.get(name=group))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        made["users"].append(user.pk)
    document = get_document_model().objects.create(title=DOCUMENT_TITLE)
    document.file.save("workflow-walk-report.txt", ContentFile(b"The walk's report"), save=True)
    made["document"] = document.pk
    made["embed"] = Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        provider_name="YouTube",
        title="The walk",
        width=560,
        height=315,
        html='<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/workflow-walk"></iframe>',
    ).pk
    return made


def remove_people_and_things(made):
    """Delete what ``make_people_and_things`` and the walk made (the pages with their translations and strings)."""
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.embeds.models import Embed
    from wagtail.images import get_image_model
    from wagtail.models import Page
    from wagtail_localize.models import TranslatableObject

    english = Page.objects.filter(slug__startswith="workflow-walk", locale__language_code=EN)
    keys = list(english.values_list("translation_key", flat=True))
    for page in english:
        page.specific.delete()  # the Chinese pages go with them (portal.translations.signals)
    # wagtail-localize's sources, contexts and string translations of the deleted pages.
    TranslatableObject.objects.filter(translation_key__in=keys).delete()
    get_image_model().objects.filter(title=HERO_TITLE).delete()
    get_document_model().objects.filter(title=DOCUMENT_TITLE).delete()
    Embed.objects.filter(url=VIDEO_URL).delete()
    get_user_model().objects.filter(pk__in=made["users"]).delete()


def ids_of_the_indexes():
    """``{(kind, language): id}`` of the news and event index pages and of the home pages."""
    from events.models import EventIndexPage
    from home.models import HomePage
    from news.models import NewsIndexPage

    ids = {}
    for kind, model in (("news", NewsIndexPage), ("event", EventIndexPage), ("home", HomePage)):
        for language in (EN, ZH):
            ids[kind, language] = model.objects.get(locale__language_code=language).pk
    return ids


# ---------------------------------------------------------------------------- the screens


def watch(page, language):
    """Record the answers of 500 or more, and the status of each navigation, of ``page``; say its admin language."""
    page.language = language
    page.server_errors = []
    page.documents = []
    page.script_errors = []

    def on_response(response):
        if response.status >= 500:
            page.server_errors.append(f"{response.status} {response.request.method} {response.url}")
        if response.request.resource_type == "document" and response.frame == page.main_frame:
            page.documents.append((response.status, response.url))

    page.on("response", on_response)
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    return page


def said(page, message, **params):
    """``message`` (an msgid) as the person on ``page`` reads it; a Chinese admin must read Chinese."""
    from django.utils import translation

    with translation.override(page.language):
        text = translation.gettext(message)
    text = (text.format(**params) if "{" in message else text % params) if params else text
    if page.language == ZH:
        assert has_cjk(text), f"no Chinese for {message!r}"
    return text


def content_language_name(page, language_code):
    """The name of the content language ``language_code`` as the admin shows it to the person on ``page``."""
    from django.utils import translation
    from wagtail.coreutils import get_content_languages

    with translation.override(page.language):
        return str(get_content_languages()[language_code])


def said_in_script(page, message):
    """``message`` (an msgid of wagtail-localize's JavaScript catalog) as the person on ``page`` reads it."""
    from django.utils.translation.trans_real import DjangoTranslation

    text = DjangoTranslation(page.language, domain="djangojs").gettext(message)
    if page.language == ZH:
        assert has_cjk(text), f"no Chinese for {message!r}"
    return text


def said_n(page, singular, plural, count, **params):
    from django.utils import translation

    with translation.override(page.language):
        text = translation.ngettext(singular, plural, count)
    if page.language == ZH:
        assert has_cjk(text), f"no Chinese for {singular!r}"
    return text % {"count": count, **params}


def assert_screen(page, *, url=None, heading=None, title=None, message=None, status=200):
    """Check that ``page`` shows the intended screen, after a navigation or a form's answer.

    ``url``: a regular expression the URL must match; ``heading``: text of the first ``h1``; ``title``: text in
    the document's title; ``message``: text of one of the admin's messages; ``status``: that of the last
    navigation. Always: no refusal or server error on the page, and no answer of 500 or more since the last check.
    """
    if url is not None:
        expect(page).to_have_url(re.compile(url))
    page.wait_for_load_state()
    if heading is not None:
        expect(page.locator("h1").first).to_contain_text(heading)
    if title is not None:
        expect(page).to_have_title(re.compile(re.escape(title)))
    if message is not None:
        expect(page.locator(".messages")).to_contain_text(message)
    assert page.documents, "no navigation"
    assert page.documents[-1][0] == status, page.documents[-1]
    body = page.locator("body").inner_text()
    for refusal in REFUSALS:
        assert refusal not in body, refusal
    if page.language == ZH:
        assert said(page, REFUSALS[0]) not in body
    assert page.server_errors == [], page.server_errors
    assert page.script_errors == [], page.script_errors


def assert_explorer(page, index_id):
    """``page`` shows the page explorer of the page ``index_id``, titled in the person's language."""
    assert_screen(page, url=rf"/admin/pages/{index_id}/$")
    expect(page).to_have_title(re.compile(f"^{re.escape(said(page, 'Exploring'))}: "))


def visit(visitor, walked, language, status):
    """The visitor opens ``walked``'s page in ``language``; returns the text of its ``main`` (or the 404 page's)."""
    response = visitor.goto(walked.url(language))
    assert response.status == status, (walked.url(language), response.status)
    return visitor.locator("main").inner_text()


def is_alt(key):
    return key in ("id_hero_image_alt", ("image", "alt_text"))


def assert_visitor_reads(visitor, walked, language, shown, hidden=()):
    """``walked`` is live in ``language`` and shows the strings ``shown`` and none of ``hidden`` (``texts()`` items).

    Strings are looked for in the page's ``main``; alternative texts on its images.
    """
    side = 0 if language == EN else 1
    text = visit(visitor, walked, language, 200)
    expect(visitor.locator("h1").first).to_have_text(walked.title[side])
    for key, value in shown:
        if is_alt(key):
            expect(visitor.locator(f'main img[alt="{value[side]}"]').first).to_be_attached()
        else:
            assert value[side] in text, (language, value[side])
    for key, value in hidden:
        if is_alt(key):
            expect(visitor.locator(f'main img[alt="{value[side]}"]')).to_have_count(0)
        else:
            assert value[side] not in text, (language, value[side])


def cleared_link(visitor, walked, language):
    """The locator of what step 5 clears on ``walked``'s public page: the news category, or the event's city."""
    from django.utils import translation

    if walked.changed["clear"] == "id_category":
        return visitor.locator("main .eyebrow a", has_text=pair(CATEGORY["name"], language))
    with translation.override(language):
        label = translation.gettext(CITY_LABEL)
    return visitor.locator("main dt", has_text=re.compile(f"^{re.escape(label)}$"))


def assert_visitor_reads_the_404(visitor, walked, language, translated_later):
    """``walked`` is not live in ``language``: a 404, which says "not translated yet" once it is live in English."""
    from django.utils import translation

    visit(visitor, walked, language, 404)
    message = "This page has not been translated yet" if translated_later else "Page not found"
    with translation.override(language):
        expect(visitor.locator("main h1")).to_have_text(translation.gettext(message))


# ---------------------------------------------------------------------------- the Editor's form


def parent_of(page, input_id):
    """The element that holds the (often hidden) input ``input_id`` and its widget."""
    return page.locator(f"*:has(> #{input_id})")


def choose_in_modal(page, opener, choice):
    """Open a chooser with ``opener`` (a locator), click what ``choice(modal)`` returns, wait for the modal to close."""
    opener.click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    choice(modal).click()
    expect(modal).to_be_hidden()


def first_choice(modal):
    return modal.locator("a[data-chooser-modal-choice]").first


def search_choice(text):
    def choose(modal):
        expect(modal.locator("a[data-chooser-modal-choice]").first).to_be_visible()
        if modal.locator("input[name=q]").count():  # a searchable model
            modal.locator("input[name=q]").fill(text)
        return modal.locator("a[data-chooser-modal-choice]", has_text=text).first

    return choose


def add_block(page, field_name, index, kind):
    """Append a block of ``kind`` to the stream field ``field_name`` (its ``index``-th block); return its prefix."""
    stream = page.locator(f'[data-contentpath="{field_name}"]')
    stream.locator("button.c-sf-add-button").last.click()
    page.get_by_role("option", name=BLOCK_LABELS[kind], exact=True).click()
    prefix = f"{field_name}-{index}-value"
    expect(page.locator(f'[name="{field_name}-{index}-type"]')).to_have_value(kind)
    return prefix


def chooser_button(page, input_id):
    """The *Choose ...* button of the chooser whose hidden input is ``input_id``."""
    return parent_of(page, input_id).locator("button.chooser__choose-button")


#: The block types with a chooser: (the chooser's input id after the block's prefix, ``ids`` -> how to choose).
BLOCK_CHOOSERS = {
    "image": ("image", lambda ids: first_choice),  # the newest image: the hero image uploaded just before
    "call_to_action": ("page", lambda ids: lambda modal: modal.locator(f"a.choose-page[data-id='{ids['home', EN]}']")),
    "pairing_list": ("pairings-0-value", lambda ids: first_choice),
    "city_list": ("cities-0-value", lambda ids: search_choice(pair(CITY["name"], EN))),
    "document": ("document", lambda ids: search_choice(DOCUMENT_TITLE)),
}


def fill_block(page, prefix, kind, texts, ids):
    """Fill the block at ``prefix`` with its English ``texts`` and its choice (``ids``: ``ids_of_the_indexes()``)."""
    english = {key: value[0] for key, value in texts.items()}
    if kind in BLOCK_CHOOSERS:
        suffix, choice = BLOCK_CHOOSERS[kind]
        choose_in_modal(page, chooser_button(page, f"{prefix}-{suffix}"), choice(ids))
    if kind == "paragraph":  # Draftail
        parent_of(page, prefix).locator("[contenteditable=true]").click()
        page.keyboard.type(english[""])
    elif kind == "embed":
        page.locator(f"#{prefix}").fill(VIDEO_URL)
    elif kind == "table":  # Handsontable: type into the first cells
        page.locator(f"#{prefix}-table-header-choice").select_option("row")
        cells = parent_of(page, prefix).locator(".ht_master td")
        for position, text in enumerate(english.values()):
            cells.nth(position).click()
            page.keyboard.type(text)
            page.keyboard.press("Enter")
        expect(page.locator(f"#{prefix}")).to_have_value(re.compile(re.escape(list(english.values())[-1])))
    else:
        for key, text in english.items():
            page.locator(f"#{prefix}-{key}").fill(text)
    page.keyboard.press("Tab")


def test_every_body_block_type_is_walked():
    from components.blocks import BodyStreamBlock

    assert set(BLOCK_LABELS) == set(BodyStreamBlock.base_blocks)
    for walked in PAGES:
        assert list(walked.blocks) == list(BLOCK_LABELS)


def upload_hero_image(page, folder):
    """Upload a new image in the hero image's chooser (its *Upload* tab); it is chosen at once."""
    from PIL import Image

    path = Path(folder) / "workflow-walk-hero.png"
    Image.new("RGB", (640, 360), (30, 90, 160)).save(path)
    chooser_button(page, "id_hero_image").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("#id_image-chooser-upload-title").fill(HERO_TITLE)
    modal.locator("#id_image-chooser-upload-file").set_input_files(path)
    modal.locator("#id_image-chooser-upload-title").fill(HERO_TITLE)  # choosing the file fills the title
    modal.get_by_role("button", name="Upload").click()
    expect(modal).to_be_hidden()
    expect(parent_of(page, "id_hero_image").locator("[data-chooser-title]")).to_have_text(HERO_TITLE)


def editor_creates(editor, walked, ids, folder):
    """The Editor adds ``walked`` under its index, fills every field and one block of every type, and previews it."""
    editor.goto(f"/admin/pages/{ids[walked.kind, EN]}/")
    assert_explorer(editor, ids[walked.kind, EN])
    editor.get_by_role("link", name="Add child page").first.click()
    assert_screen(editor, url=r"/admin/pages/add/(news/newspage|events/eventpage)/\d+/$")
    editor.locator("#id_title").fill(walked.title[0])
    if walked.kind == "news":
        editor.locator("#id_date").fill("2031-05-04")
        editor.keyboard.press("Escape")
        choose_in_modal(
            editor,
            chooser_button(editor, "id_category"),
            search_choice(pair(CATEGORY["name"], EN)),
        )
        upload_hero_image(editor, folder)
    else:
        editor.locator("#id_start_0").fill("2031-06-01")
        editor.locator("#id_end_0").fill("2031-06-02")
        choose_in_modal(
            editor,
            chooser_button(editor, "id_city"),
            search_choice(pair(CITY["name"], EN)),
        )
    for input_id, (english, _chinese) in walked.fields.items():
        editor.locator(f"#{input_id}").fill(english)
    for index, (kind, texts) in enumerate(walked.blocks.items()):
        prefix = add_block(editor, walked.body, index, kind)
        fill_block(editor, prefix, kind, texts, ids)

    # The live preview shows the page with its blocks.
    editor.get_by_role("button", name="Toggle preview").click()
    preview = editor.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(walked.title[0])
    for texts in walked.blocks.values():
        for key, (english, _chinese) in texts.items():
            if key == "alt_text":
                expect(preview.locator(f'main img[alt="{english}"]')).to_be_visible()
            else:
                expect(preview.locator("main")).to_contain_text(english)
    expect(preview.locator('.block-embed iframe[src*="workflow-walk"]')).to_be_attached()
    editor.get_by_role("button", name="Toggle preview").click()


def editor_submits(editor, walked, ids):
    """The Editor submits the page to the "Moderators approval" workflow from the action menu."""
    editor.locator("footer [data-w-dropdown-target=toggle]").click()
    editor.get_by_role("button", name="Submit to Moderators approval").click()
    assert_screen(
        editor,
        url=rf"/admin/pages/{ids[walked.kind, EN]}/$",
        message=re.compile(rf"Page '{re.escape(walked.title[0])}' (has been|created and) submitted for moderation"),
    )
    link = editor.locator("main table").get_by_role("link", name=walked.title[0], exact=True)
    walked.ids[EN] = int(re.search(r"/admin/pages/(\d+)/edit/", link.get_attribute("href")).group(1))


def log_in(page, username):
    """Sign ``page`` in as ``username``; the dashboard greets them in their admin language."""
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    assert_screen(page, url=r"/admin/$")


# ---------------------------------------------------------------------------- the walk


def open_action_menu(page):
    """Open the editor's action menu (the arrow beside its main button)."""
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()


def moderator_approves(moderator, walked, ids):
    """The Moderator opens the page from *Awaiting your review* on the dashboard and approves it."""
    moderator.goto("/admin/")
    assert_screen(moderator, url=r"/admin/$")
    expect(moderator.get_by_placeholder(said(moderator, "Search all pages…"))).to_be_visible()
    awaiting = moderator.locator("section, div.w-panel, .panel").filter(
        has_text=said(moderator, "Awaiting your review")
    )
    awaiting.get_by_role("link", name=walked.title[0]).first.click()
    assert_screen(moderator, url=rf"/admin/pages/{walked.ids[EN]}/edit/$")
    open_action_menu(moderator)
    moderator.locator(
        'footer button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    ).click()
    assert_screen(
        moderator,
        url=rf"/admin/pages/{ids[walked.kind, EN]}/$",
        message=said(moderator, "Page '%(page_title)s' has been updated.", page_title=walked.title[0]),
    )
    assert_explorer(moderator, ids[walked.kind, EN])


def editor_submits_for_translation(editor, walked):
    """The Editor uses *Translate this page* on the English page; the Chinese page is made as a draft."""
    editor.goto(f"/admin/pages/{walked.ids[EN]}/edit/")
    assert_screen(editor, url=rf"/admin/pages/{walked.ids[EN]}/edit/$")
    editor.locator("header").get_by_role("button", name="Actions").first.click()
    editor.get_by_role("link", name="Translate this page").click()
    assert_screen(editor, url=rf"/admin/localize/submit/page/{walked.ids[EN]}/$")
    expect(editor.get_by_label(said(editor, "Chinese (Simplified)"))).to_be_checked()
    editor.get_by_role("button", name="Submit").click()
    assert_screen(
        editor,
        url=rf"/admin/pages/{walked.ids[EN]}/edit/$",
        message=f"“{walked.title[0]}” was submitted for translation into Chinese (Simplified).",
    )


def segment(translator, english):
    """The translation editor's row of the string ``english``."""
    rows = translator.locator("li.incomplete, li.complete, li.errored")
    return rows.filter(has=translator.get_by_text(english, exact=True))


def type_translation(translator, english, chinese, button="Translate"):
    row = segment(translator, english)
    row.get_by_role("button", name=said_in_script(translator, button), exact=True).click()
    row.locator("textarea").fill(chinese)
    row.locator("textarea").press("Enter")
    expect(row).to_have_class("complete")
    expect(row).to_contain_text(chinese)


def translator_opens(translator, walked, ids):
    """The translator finds the Chinese page in the Chinese index's listing and opens the translation editor."""
    translator.goto(f"/admin/pages/{ids[walked.kind, ZH]}/")
    assert_explorer(translator, ids[walked.kind, ZH])
    translator.locator("main").get_by_role(
        "link", name=re.compile(re.escape(walked.title[0]) + "|" + re.escape(walked.title[1]))
    ).first.click()
    assert_screen(translator, url=r"/admin/pages/\d+/edit/$")
    chinese_id = int(re.search(r"/admin/pages/(\d+)/edit/", translator.url).group(1))
    assert walked.ids.setdefault(ZH, chinese_id) == chinese_id
    assert chinese_id != walked.ids[EN]
    # wagtail-localize's editor, for this page, into Chinese, in Chinese.
    title = said(
        translator,
        "Translation of %(instance)s into %(locale)s",
        instance=walked.title[0],
        locale=content_language_name(translator, ZH),
    )
    expect(translator).to_have_title(re.compile(f"^{re.escape(title)}"))
    expect(translator.locator(".header-meta--locales")).to_contain_text(content_language_name(translator, ZH))
    expect(translator.locator("li.incomplete, li.complete, li.errored").first).to_be_visible()


def translator_publishes(translator, walked):
    translator.locator('footer button[name="action"][value="publish"]').click()
    assert_screen(
        translator,
        url=rf"/admin/pages/{walked.ids[ZH]}/edit/$",
        message=said(
            translator,
            "Published '{object}' in {locale}.",
            object=walked.title[1],
            locale=content_language_name(translator, ZH),
        ),
    )


def translator_translates(translator, walked, ids):
    """Every string by hand, but the one the translation memory has, which the memory's button fills."""
    translator_opens(translator, walked, ids)
    if walked.memory:
        expect(translator.locator(".messages")).to_contain_text(
            said_n(
                translator,
                "The translation memory has a translation for %(count)d missing string: "
                "“Translate with the translation memory” fills it for you to check.",
                "The translation memory has translations for %(count)d missing strings: "
                "“Translate with the translation memory” fills them for you to check.",
                1,
            )
        )
    for english, chinese in walked.strings():
        type_translation(translator, english, chinese)
    if walked.memory:
        translator.locator("form[action*='machine_translate'] button[type=submit]:visible").click()
        assert_screen(
            translator,
            url=rf"/admin/pages/{walked.ids[ZH]}/edit/$",
            message=said_n(
                translator,
                "%(count)d string filled from the translation memory: check it before publishing.",
                "%(count)d strings filled from the translation memory: check them before publishing.",
                1,
            ),
        )
        english, chinese = walked.fields[walked.memory[0]]
        expect(segment(translator, english)).to_have_class("complete")
        expect(segment(translator, english)).to_contain_text(chinese)
    translator_publishes(translator, walked)


def editor_changes(editor, walked, ids):
    """The Editor edits a string, deletes a block, adds one and clears a chooser, then publishes."""
    editor.goto(f"/admin/pages/{walked.ids[EN]}/edit/")
    assert_screen(editor, url=rf"/admin/pages/{walked.ids[EN]}/edit/$")
    kinds = list(walked.blocks)
    kind, key, (english, _chinese) = walked.changed["edit"]
    editor.locator(f"#{walked.body}-{kinds.index(kind)}-value-{key}").fill(english)
    deleted = kinds.index(walked.changed["delete"])
    block = editor.locator(f'div:has(> input[name="{walked.body}-{deleted}-deleted"])')
    block.locator("button[data-streamfield-action=DELETE]").first.click()
    expect(editor.locator(f"#{walked.body}-{deleted}-value-text")).to_be_hidden()
    prefix = add_block(editor, walked.body, len(kinds), "paragraph")
    fill_block(editor, prefix, "paragraph", {"": walked.changed["add"]}, ids)
    chooser = parent_of(editor, walked.changed["clear"])
    chooser.locator("[data-w-dropdown-target=toggle]").click()
    chooser.locator("[data-chooser-action-clear]").click()
    expect(editor.locator(f"#{walked.changed['clear']}")).to_have_value("")
    open_action_menu(editor)
    editor.locator('footer button[name="action-publish"]').click()
    assert_screen(
        editor,
        url=rf"/admin/pages/{ids[walked.kind, EN]}/$",
        message=f"Page '{walked.title[0]}' has been published.",
    )


def translator_completes(translator, walked, ids):
    """The translator finds every translation kept, the changed string with its previous translation, the new
    one untranslated; publishing is refused until both are translated, then done."""
    translator_opens(translator, walked, ids)
    kind, key, (english, chinese) = walked.changed["edit"]
    old_english, old_chinese = walked.blocks[kind][key]
    changed = segment(translator, english)
    expect(changed).to_have_class("errored")
    expect(changed).to_contain_text(old_chinese)
    expect(changed).to_contain_text(
        said(
            translator,
            "Previous translation, of the earlier English “%(english)s”: update it to the new English, then save it.",
            english=old_english,
        )
    )
    added = segment(translator, walked.changed["add"][0])
    expect(added).to_have_class("incomplete")
    for english_text, _chinese in walked.blocks[walked.changed["delete"]].values():
        expect(segment(translator, english_text)).to_have_count(0)
    kept = [value for key, value in walked.texts() if key in dict(walked.texts(changed=True))]
    kept = [value for value in kept if value[0] != old_english]
    for english_text, chinese_text in kept:
        row = segment(translator, english_text)
        expect(row).to_have_class("complete")
        expect(row).to_contain_text(chinese_text)

    translator.locator('footer button[name="action"][value="publish"]').click()
    assert_screen(
        translator,
        url=rf"/admin/pages/{walked.ids[ZH]}/edit/$",
        message=said_n(
            translator,
            "Not published: %(count)d string still needs a translation.",
            "Not published: %(count)d strings still need a translation.",
            2,
        ),
    )
    type_translation(translator, english, chinese, button="Edit")
    type_translation(translator, *walked.changed["add"])
    translator_publishes(translator, walked)


def walk_to_publication(editor, moderator, translator, visitor, ids, folder):
    """Steps 1 to 4: both pages created, approved, submitted for translation, translated and published."""
    for walked in PAGES:
        editor_creates(editor, walked, ids, folder)
        editor_submits(editor, walked, ids)
        for language in (EN, ZH):
            assert_visitor_reads_the_404(visitor, walked, language, translated_later=False)
    for walked in PAGES:
        moderator_approves(moderator, walked, ids)
        assert_visitor_reads(visitor, walked, EN, walked.texts())
        assert_visitor_reads_the_404(visitor, walked, ZH, translated_later=True)
    for walked in PAGES:
        editor_submits_for_translation(editor, walked)
        assert_visitor_reads_the_404(visitor, walked, ZH, translated_later=True)
    for walked in PAGES:
        translator_translates(translator, walked, ids)
        assert_visitor_reads(visitor, walked, ZH, walked.texts())
        expect(cleared_link(visitor, walked, ZH)).to_have_count(1)
        assert_visitor_reads(visitor, walked, EN, walked.texts())


def walk_through_a_change(editor, translator, visitor, ids):
    """Steps 5 and 6: the English changes and is published at once; the Chinese follows when its translator is done."""
    for walked in PAGES:
        editor_changes(editor, walked, ids)
        before, after = dict(walked.texts()), dict(walked.texts(changed=True))
        gone = [(key, value) for key, value in before.items() if value not in after.values()]
        new = [(key, value) for key, value in after.items() if value not in before.values()]
        assert_visitor_reads(visitor, walked, EN, after.items(), hidden=gone)
        expect(cleared_link(visitor, walked, EN)).to_have_count(0)
        # The Chinese page keeps its last complete version: every translated string, nothing new, the link kept.
        assert_visitor_reads(visitor, walked, ZH, before.items(), hidden=new)
        expect(cleared_link(visitor, walked, ZH)).to_have_count(1)
    for walked in PAGES:
        translator_completes(translator, walked, ids)
        before, after = dict(walked.texts()), dict(walked.texts(changed=True))
        gone = [(key, value) for key, value in before.items() if value not in after.values()]
        assert_visitor_reads(visitor, walked, ZH, after.items(), hidden=gone)
        expect(cleared_link(visitor, walked, ZH)).to_have_count(0)


# ---------------------------------------------------------------------------- the test


@pytest.fixture
def indexes(site_url, django_db_blocker, server_lock):
    """The people and things of ``make_people_and_things``; yields ``ids_of_the_indexes()``, removes all afterwards."""
    from django.db import connections

    with django_db_blocker.unblock():
        made = make_people_and_things()
        ids = ids_of_the_indexes()
    try:
        yield ids
    finally:
        for walked in PAGES:
            walked.ids = {}
        with server_lock, django_db_blocker.unblock():  # no request of a browser still open meanwhile
            remove_people_and_things(made)
            # The connection these queries opened outside any test transaction would otherwise stay
            # open to the end of the session, and PostgreSQL refuses to drop a database in use.
            for connection in connections.all():
                if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
                    connection.close()


@pytest.fixture
def session(browser, site_url):
    """``session(username, language)`` opens a browser context, signed in as ``username`` unless it is None."""
    contexts = []

    def open_session(username, language):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site_url)
        contexts.append(context)
        page = watch(context.new_page(), language)
        if username is not None:
            log_in(page, username)
        return page

    yield open_session
    for context in contexts:
        context.close()


def test_an_editor_a_moderator_and_a_translator_take_a_news_page_and_an_event_through_the_workflow(
    session, indexes, tmp_path
):
    editor, translator, visitor = session("wf-editor", EN), session("wf-translator", ZH), session(None, EN)
    walk_to_publication(editor, session("wf-moderator", ZH), translator, visitor, indexes, tmp_path)
    walk_through_a_change(editor, translator, visitor, indexes)
