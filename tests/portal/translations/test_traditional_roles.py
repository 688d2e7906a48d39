"""Traditional Chinese reviewers: they edit and publish the Traditional tree and snippets, nothing else (ADR 0031).

Every check goes through the admin's real views, logged in as a member of the group (never a superuser). The
Traditional content is made here as the conversion makes it: wagtail-localize translations of the English source
into ``zh-hant``; ``setup_roles`` then grants the reviewers the Traditional home page. Also here: *Translate* and
*Sync* leave ``zh-hant`` alone, the status report lists it, and the translation editor's string endpoints refuse a
snippet translation in a language that is not the user's (``portal.translations.overrides.edit_permission``).
"""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from home.models import HomePage, StandardPage
from news.models import NewsCategory
from portal.edge.language import TRADITIONAL_CHINESE
from portal.translations.roles import CHINESE_TRANSLATORS, EDITORS, TRADITIONAL_REVIEWERS, setup_roles
from portal.translations.rules import publish_if_complete
from tests.factories import translated_pair
from tests.home.factories import StandardPageFactory
from tests.news.factories import NewsCategoryFactory
from tests.utils import EN, admin_denied, soup_of, text_of, translate_missing_strings

REPORT = "/admin/reports/translation-status/"


def traditional(text):
    """The stand-in conversion of an English string: ``"繁：" + text``."""
    return "繁：" + text


def translate_into(instance, locale):
    """Make the wagtail-localize translation of ``instance`` (English) into ``locale``; return the Translation.

    As the conversion does: the TranslationSource of the English object, a Translation into ``locale``, every
    string translated, then the target written and published (``rules.publish_if_complete``).
    """
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    translate_missing_strings(instance, locale, traditional)
    assert publish_if_complete(translation) is not None
    return translation


@pytest.fixture
def hant_locale(db, en_locale):
    """The ``zh-hant`` Locale with its home page (translated from the English one); the roles set up again."""
    locale, _created = Locale.objects.get_or_create(language_code=TRADITIONAL_CHINESE)
    translate_into(HomePage.objects.get(locale=en_locale), locale)
    setup_roles()
    return locale


@pytest.fixture
def reviewer(role_client, hant_locale):
    """A Client logged in as a new member of "Traditional Chinese reviewers" (admin in English)."""
    return role_client(TRADITIONAL_REVIEWERS)


@pytest.fixture
def pages(hant_locale, zh_locale):
    """``{"en": page, "zh-hans": page, "zh-hant": page}``: a standard page in each language."""
    english, simplified = translated_pair(StandardPageFactory, title="Reviewed page", intro="An intro.")
    translate_into(english, hant_locale)
    return {EN: english, "zh-hans": simplified, TRADITIONAL_CHINESE: english.get_translation(hant_locale)}


@pytest.fixture
def categories(hant_locale):
    """``{"en": category, "zh-hans": category, "zh-hant": category}``: a news category in each language."""
    english, simplified = translated_pair(NewsCategoryFactory, name="Reviewed category")
    translate_into(english, hant_locale)
    return {EN: english, "zh-hans": simplified, TRADITIONAL_CHINESE: english.get_translation(hant_locale)}


def translation_of(target):
    """The enabled wagtail-localize Translation whose target is ``target``."""
    return Translation.objects.get(
        source__object_id=target.translation_key, target_locale_id=target.locale_id, enabled=True
    )


def put_string(client, translation, value, method="put", path=None):
    """Save (or with ``method="delete"``, delete) a string of ``translation`` as the translation editor does.

    The string is the one at ``path`` (a field name), else the first. Returns ``(response, segment)``.
    """
    segments = StringSegment.objects.filter(source=translation.source).order_by("order")
    segment = segments.get(context__path=path) if path else segments.first()
    url = f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/"
    send = client.put if method == "put" else client.delete
    return send(url, f"value={value}", content_type="application/x-www-form-urlencoded"), segment


def stored_string(translation, segment):
    row = StringTranslation.objects.filter(
        translation_of_id=segment.string_id, context_id=segment.context_id, locale_id=translation.target_locale_id
    ).first()
    return row.data if row is not None else None


# ---------------------------------------------------------------------------- the group


@pytest.mark.django_db
def test_until_the_traditional_home_page_exists_the_reviewers_have_no_pages(en_locale):
    """Before the first conversion there is no Traditional tree: the group is made, without page permissions."""
    for home in Page.objects.filter(locale__language_code=TRADITIONAL_CHINESE, depth=2):
        home.delete()
    groups = setup_roles()
    assert not GroupPagePermission.objects.filter(group=groups[TRADITIONAL_REVIEWERS]).exists()
    assert groups[TRADITIONAL_REVIEWERS].permissions.filter(codename="access_admin").exists()
    locale, _created = Locale.objects.get_or_create(language_code=TRADITIONAL_CHINESE)
    translate_into(HomePage.objects.get(locale=en_locale), locale)
    setup_roles()
    assert GroupPagePermission.objects.filter(group=groups[TRADITIONAL_REVIEWERS], page__locale=locale).exists()


@pytest.mark.django_db
def test_setup_roles_grants_the_reviewers_the_traditional_home_page_only(hant_locale):
    group = Group.objects.get(name=TRADITIONAL_REVIEWERS)
    granted = GroupPagePermission.objects.filter(group=group)
    assert {permission.page.locale_id for permission in granted} == {hant_locale.pk}
    assert {permission.page.depth for permission in granted} == {2}
    assert {permission.permission.codename for permission in granted} == {"change_page", "publish_page"}
    assert set(group.permissions.values_list("codename", flat=True)) >= {"change_newscategory", "publish_newscategory"}
    assert not group.permissions.filter(codename__in=["add_newscategory", "delete_newscategory"]).exists()
    assert not group.permissions.filter(codename="submit_translation").exists()


# ---------------------------------------------------------------------------- what reviewers may do


@pytest.mark.django_db
def test_a_reviewer_corrects_and_publishes_a_traditional_page(reviewer, pages, django_capture_on_commit_callbacks):
    page = pages[TRADITIONAL_CHINESE]
    assert reviewer.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    translation = translation_of(page)
    response, segment = put_string(reviewer, translation, "審校後的標題", path="title")
    assert response.status_code in (200, 201)
    assert stored_string(translation, segment) == "審校後的標題"
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(f"/admin/pages/{page.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    published = StandardPage.objects.get(pk=page.pk)
    assert published.live
    assert published.title == "審校後的標題"


@pytest.mark.django_db
def test_a_reviewer_corrects_and_publishes_a_traditional_snippet(reviewer, categories):
    category = categories[TRADITIONAL_CHINESE]
    url = f"/admin/snippets/news/newscategory/edit/{category.pk}/"
    assert reviewer.get(url).status_code == 200
    translation = translation_of(category)
    response, _segment = put_string(reviewer, translation, "審校後的類別", path="name")
    assert response.status_code in (200, 201)
    response = reviewer.post(url, {"action": "publish"})
    assert response.status_code == 302
    assert NewsCategory.objects.get(pk=category.pk).name == "審校後的類別"


@pytest.mark.django_db
def test_a_reviewer_cannot_edit_english_or_simplified_pages(reviewer, pages):
    for language in (EN, "zh-hans"):
        page = pages[language]
        title = page.title
        assert admin_denied(reviewer.get(f"/admin/pages/{page.pk}/edit/")), language
        assert admin_denied(reviewer.post(f"/admin/pages/{page.pk}/edit/", {"title": "改", "action-publish": "1"}))
        assert StandardPage.objects.get(pk=page.pk).title == title
    response, segment = put_string(reviewer, translation_of(pages["zh-hans"]), "改")
    assert response.status_code == 403
    assert stored_string(translation_of(pages["zh-hans"]), segment) != "改"


@pytest.mark.django_db
def test_a_reviewer_cannot_edit_english_or_simplified_snippets(reviewer, categories):
    for language in (EN, "zh-hans"):
        category = categories[language]
        url = f"/admin/snippets/news/newscategory/edit/{category.pk}/"
        assert admin_denied(reviewer.get(url)), language
        assert admin_denied(reviewer.post(url, {"name": "改", "slug": category.slug, "action-publish": "1"}))
        assert NewsCategory.objects.get(pk=category.pk).name == category.name
    assert admin_denied(reviewer.get("/admin/snippets/news/newscategory/add/?locale=zh-hant"))


@pytest.mark.django_db
def test_a_reviewer_cannot_translate_or_sync(reviewer, pages, categories):
    english_page, english_category = pages[EN], categories[EN]
    assert admin_denied(reviewer.get(f"/admin/localize/submit/page/{english_page.pk}/"))
    assert admin_denied(reviewer.get(f"/admin/localize/submit/snippet/news/newscategory/{english_category.pk}/"))
    source = TranslationSource.objects.get_for_instance(english_page)
    assert admin_denied(reviewer.post(f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"}))


# ---------------------------------------------------------------------------- Translate and Sync leave zh-hant alone


@pytest.mark.django_db
def test_the_editors_translate_form_does_not_offer_traditional_chinese(editor_client, hant_locale, zh_locale):
    page = StandardPageFactory(title="Not yet translated")
    category = NewsCategoryFactory(name="Not yet translated")
    for url in (
        f"/admin/localize/submit/page/{page.pk}/",
        f"/admin/localize/submit/snippet/news/newscategory/{category.pk}/",
    ):
        soup = soup_of(editor_client.get(url))
        offered = {box["value"] for box in soup.select('input[name="locales"]')}
        assert offered == {str(zh_locale.pk)}, url
        assert soup.select_one('input[name="select_all"]')["type"] == "hidden"
    response = editor_client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [hant_locale.pk]})
    assert response.status_code == 200  # the form again, with its error
    assert page.get_translation_or_none(hant_locale) is None


def _links(client, url):
    """The hrefs of the admin page at ``url`` (a 200)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return {link["href"] for link in soup_of(response).select("a[href]")}


@pytest.mark.django_db
def test_translate_buttons_show_only_while_a_language_a_person_translates_into_is_missing(
    editor_client, pages, categories, hant_locale
):
    """*Translate this page* (page header and listing) and the snippet *Translate* button, as an Editor: shown for
    an object with no Simplified translation, not for one whose only missing language is Traditional Chinese (a
    Simplified draft, as *Translate* leaves it: Traditional follows once it is published, and the form would offer
    nothing), nor for one translated into both."""
    untranslated_page = StandardPageFactory(title="Not yet translated")
    simplified_only_page, _draft = translated_pair(StandardPageFactory, publish=False, title="Simplified only")
    untranslated_category = NewsCategoryFactory(name="Not yet translated")
    simplified_only_category, _draft = translated_pair(NewsCategoryFactory, publish=False, name="Simplified only")
    for english in (simplified_only_page, simplified_only_category):
        assert english.get_translation_or_none(hant_locale) is None
    parent = pages[EN].get_parent()
    listing = _links(editor_client, f"/admin/pages/{parent.pk}/")
    snippets = _links(editor_client, "/admin/snippets/news/newscategory/")
    for page, shown in ((untranslated_page, True), (simplified_only_page, False), (pages[EN], False)):
        submit = f"/admin/localize/submit/page/{page.pk}/"
        assert (submit in _links(editor_client, f"/admin/pages/{page.pk}/edit/")) is shown, page.title
        assert (submit in listing) is shown, page.title
    for category, shown in (
        (untranslated_category, True),
        (simplified_only_category, False),
        (categories[EN], False),
    ):
        assert (f"/admin/localize/submit/snippet/news/newscategory/{category.pk}/" in snippets) is shown, category
    # The Sync button is upstream's, unchanged: shown for a page with translations.
    source = TranslationSource.objects.get_for_instance(simplified_only_page)
    assert any(href.startswith(f"/admin/localize/update/{source.pk}/") for href in listing)


@pytest.mark.django_db
def test_the_translate_form_with_no_language_left_says_so_and_goes_back(editor_client, hant_locale):
    """Reached by its URL when only Traditional Chinese is missing (a Simplified draft), *Translate* offers nothing:
    the Editor is sent back to the page or snippet with a message, instead of an empty form."""
    page, _draft = translated_pair(StandardPageFactory, publish=False, title="Simplified draft")
    category, _draft = translated_pair(NewsCategoryFactory, publish=False, name="Simplified draft")
    for url, title in (
        (f"/admin/localize/submit/page/{page.pk}/", page.title),
        (f"/admin/localize/submit/snippet/news/newscategory/{category.pk}/", category.name),
    ):
        response = editor_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] in (
            f"/admin/pages/{page.pk}/edit/",
            f"/admin/snippets/news/newscategory/edit/{category.pk}/",
        )
        shown = [str(message) for message in get_messages(response.wsgi_request)]
        assert shown[-1] == (
            f"“{title}” already has a translation in every language: there is none left to translate it into. "
            "Sync brings its translations up to date."
        )
    assert editor_client.get(f"/admin/localize/submit/page/{StandardPageFactory().pk}/").status_code == 200


@pytest.mark.django_db
def test_sync_leaves_the_traditional_translation_to_follow_the_simplified_one(editor_client, pages, hant_locale):
    english, traditional_page = pages[EN], pages[TRADITIONAL_CHINESE]
    english.title = "Reviewed page, changed"
    english.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(english)
    listed = text_of(soup_of(editor_client.get(f"/admin/localize/update/{source.pk}/")).find("main"))
    assert pages["zh-hans"].title in listed
    assert traditional_page.title not in listed
    response = editor_client.post(
        f"/admin/localize/update/{source.pk}/", {"publish_translations": "on", "use_machine_translation": "on"}
    )
    assert response.status_code == 302
    assert StandardPage.objects.get(pk=traditional_page.pk).title == traditional_page.title
    translation = translation_of(traditional_page)
    untranslated = StringSegment.objects.filter(source=translation.source).exclude(
        string__translations__locale=hant_locale
    )
    assert untranslated.exists()  # the changed title: no machine translation into zh-hant


# ---------------------------------------------------------------------------- the status report


def _report_csv(client, **params):
    response = client.get(REPORT, {**params, "export": "csv"})
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


@pytest.mark.django_db
def test_the_status_report_lists_traditional_chinese(reviewer, pages, en_locale):
    rows = _report_csv(reviewer)
    assert {row["Locale"] for row in rows} == {"Chinese (Simplified)", "Chinese (Traditional)"}
    traditional_rows = _report_csv(reviewer, locale=TRADITIONAL_CHINESE)
    assert len(traditional_rows) == len(rows) // 2
    row = next(row for row in traditional_rows if row["Title"] == "Reviewed page")
    assert (row["State"], row["Translated (%)"]) == ("Up to date", "100")


def _report_row(client, title, **params):
    """The report's listing row (a ``<tr>``) of the English object titled ``title``, with ``params`` as filters."""
    rows = soup_of(client.get(REPORT, params)).select("table.listing tbody tr")
    matches = [row for row in rows if title in text_of(row)]
    assert len(matches) == 1, f"{len(matches)} rows for {title!r}"
    return matches[0]


@pytest.mark.django_db
def test_the_status_report_offers_no_translate_link_for_traditional_chinese(editor_client, reviewer, categories):
    missing = NewsCategoryFactory(name="Only in English")
    kind = "news.newscategory"
    row = _report_row(editor_client, missing.name, locale=TRADITIONAL_CHINESE, state="missing", type=kind)
    assert row.find("a", href=lambda href: href and "/localize/submit/" in href) is None
    row = _report_row(editor_client, missing.name, locale="zh-hans", state="missing", type=kind)
    assert row.find("a", href=f"/admin/localize/submit/snippet/news/newscategory/{missing.pk}/") is not None
    row = _report_row(reviewer, "Reviewed category", locale=TRADITIONAL_CHINESE, type=kind)
    edit_url = f"/admin/snippets/news/newscategory/edit/{categories[TRADITIONAL_CHINESE].pk}/"
    assert row.find("a", href=edit_url) is not None


# ---------------------------------------------------------------------------- the translation editor's endpoints


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("group", "language"),
    [
        (EDITORS, TRADITIONAL_CHINESE),
        (EDITORS, "zh-hans"),
        (CHINESE_TRANSLATORS, TRADITIONAL_CHINESE),
        (TRADITIONAL_REVIEWERS, "zh-hans"),
    ],
)
def test_no_one_saves_strings_into_a_snippet_translation_not_theirs(role_client, categories, group, language):
    """wagtail-localize checks a snippet's model only; the portal's rule adds its language."""
    client = role_client(group)
    translation = translation_of(categories[language])
    segments = StringSegment.objects.filter(source=translation.source)
    before = [stored_string(translation, segment) for segment in segments]
    response, _segment = put_string(client, translation, "Hacked")
    assert response.status_code == 403
    response, _segment = put_string(client, translation, "", method="delete")
    assert response.status_code == 403
    after = [stored_string(translation, segment) for segment in segments]
    assert after == before
    response = client.post(f"/admin/localize/translate/{translation.pk}/disable/", {"next": REPORT})
    assert admin_denied(response)
    assert Translation.objects.get(pk=translation.pk).enabled


@pytest.mark.django_db
def test_a_chinese_translator_still_saves_strings_into_a_simplified_snippet(translator_client, categories):
    translation = translation_of(categories["zh-hans"])
    response, segment = put_string(translator_client, translation, "译者的类别")
    assert response.status_code in (200, 201)
    assert stored_string(translation, segment) == "译者的类别"
