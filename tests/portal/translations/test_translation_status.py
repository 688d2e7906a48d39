"""*Reports → Translation status*: where the Chinese translations of every English page and snippet stand.

One row per English object and target language: Simplified Chinese (``zh-hans``), and Traditional Chinese
(``zh-hant``), which the conversion derives from it (ADR 0031), each with its own state. Through the admin, with
real requests and real state changes: after the content load everything is up to date; changing and publishing
an English page makes it out of date (with wagtail-localize's own progress as the percentage) until a translator
publishes, and the Traditional translation follows; a deleted Chinese snippet is missing (with a link to translate
it); an unpublished Chinese page or a page just submitted for translation is in progress. Also the filters (the
language filter and column only with more than one target language), the CSV and XLSX export, who may see the
report, the Chinese interface, and that the number of queries does not grow with the number of objects.
"""

import csv
import datetime
import io
from collections import Counter

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from components.models import City, CityPairing, CountryPage
from events.models import EventPage
from news.models import NewsCategory, NewsPage
from portal.core.models import FooterText
from tests.traditional import delete_traditional_chinese
from tests.utils import (
    EN,
    ZH,
    ZHT,
    admin_denied,
    has_cjk,
    page_specs,
    pair,
    soup_of,
    submit_page_for_translation,
    text_of,
    translate_missing_strings,
)

REPORT = "/admin/reports/translation-status/"
RESULTS = "/admin/reports/translation-status/results/"
SNIPPET_MODELS = (City, CityPairing, NewsCategory, FooterText)
#: The target languages' names in the report (an admin in English).
SIMPLIFIED = "Chinese (Simplified)"
TRADITIONAL = "Chinese (Traditional)"
CSV_HEADINGS = [
    "Title",
    "Type",
    "Locale",
    "State",
    "Translated (%)",
    "English last changed",
    "Translation last published",
]
TABLE_HEADINGS = [
    "Title",
    "Type",
    "Locale",
    "State",
    "English last changed",
    "Translation last published",
    "Translation",
]
#: The listing's headings when Simplified Chinese is the only target language: no language column.
ONE_TARGET_TABLE_HEADINGS = [
    "Title",
    "Type",
    "State",
    "English last changed",
    "Chinese (Simplified) last published",
    "Translation",
]


# ---------------------------------------------------------------------------- helpers


def _csv(client, **params):
    """The report exported as CSV (with ``params`` as filters): ``(headings, [row dict, ...])``."""
    response = client.get(REPORT, {**params, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8")))
    rows = list(reader)
    return reader.fieldnames, rows


def _csv_row(client, title, kind, language=ZH, **params):
    """The one CSV row for the English object titled ``title`` of type ``kind`` ("News page", "City"...).

    Its row for ``language`` (a target language code), found with the report's own language filter.
    """
    _headings, rows = _csv(client, locale=language, **params)
    matches = [row for row in rows if row["Title"] == title and row["Type"] == kind]
    assert len(matches) == 1, f"{len(matches)} rows for {kind} {title!r} in {language}"
    return matches[0]


def _states(client, title, kind):
    """``{language name: (state, percent)}``: the CSV rows of the English object titled ``title`` of type ``kind``."""
    _headings, rows = _csv(client)
    matches = [row for row in rows if row["Title"] == title and row["Type"] == kind]
    states = {row["Locale"]: (row["State"], row["Translated (%)"]) for row in matches}
    assert len(states) == len(matches), f"{kind} {title!r} listed twice in one language"
    return states


def _per_language(rows):
    """How many CSV ``rows`` each target language has: a Counter ``{language name: count}``."""
    return Counter(row["Locale"] for row in rows)


def _listing(client, url=REPORT, **params):
    """The report page: ``(soup, [{heading: <td>}, ...])`` for the rows of the listing's first page."""
    response = client.get(url, params)
    assert response.status_code == 200
    soup = soup_of(response)
    table = soup.select_one("table.listing")
    if table is None:
        return soup, []
    headings = [text_of(th) for th in table.select("thead th")]
    rows = [dict(zip(headings, tr.find_all("td"), strict=True)) for tr in table.select("tbody tr")]
    return soup, rows


def _row_titled(rows, title):
    matches = [row for row in rows if text_of(row["Title"]) == title]
    assert len(matches) == 1, f"{len(matches)} rows titled {title!r}"
    return matches[0]


def _link(cell):
    """``(text, href)`` of the link in a table cell, or None."""
    link = cell.find("a")
    return (text_of(link), link["href"]) if link is not None else None


def _english_object_count(en_locale):
    pages = Page.objects.filter(locale=en_locale, depth__gt=1).count()
    return pages + sum(model.objects.filter(locale=en_locale).count() for model in SNIPPET_MODELS)


def _progress_percent(english, locale):
    """wagtail-localize's own progress of the translation of ``english`` into ``locale``, as a rounded-down percent."""
    source = TranslationSource.objects.get_for_instance(english)
    total, translated = Translation.objects.get(source=source, target_locale=locale).get_progress()
    return translated * 100 // total


# ---------------------------------------------------------------------------- states


@pytest.mark.django_db
def test_after_loading_every_english_object_is_listed_and_up_to_date(admin_client_user, en_locale):
    headings, rows = _csv(admin_client_user)
    assert headings == CSV_HEADINGS
    count = _english_object_count(en_locale)
    assert _per_language(rows) == {SIMPLIFIED: count, TRADITIONAL: count}
    assert len({(row["Title"], row["Type"], row["Locale"], row["English last changed"]) for row in rows}) == len(rows)
    titles = {row["Title"] for row in rows}
    assert {pair(spec.title, EN) for spec in page_specs() if spec.title} <= titles
    assert set(City.objects.filter(locale=en_locale).values_list("name", flat=True)) <= titles
    assert "Root" not in titles
    not_up_to_date = [
        (row["Title"], row["State"], row["Translated (%)"]) for row in rows if row["State"] != "Up to date"
    ]
    assert not not_up_to_date
    assert {row["Translated (%)"] for row in rows} == {"100"}
    assert all(row["Translation last published"] for row in rows)


@pytest.mark.django_db
def test_dates_are_the_english_and_chinese_publication_times(admin_client_user, get_page, zh_locale, zht_locale):
    english = get_page(CountryPage, EN)
    for language, locale in ((ZH, zh_locale), (ZHT, zht_locale)):
        chinese = english.get_translation(locale)
        row = _csv_row(admin_client_user, english.title, "Country page", language)
        changed = datetime.datetime.fromisoformat(row["English last changed"])
        published = datetime.datetime.fromisoformat(row["Translation last published"])
        assert changed.tzinfo is not None and published.tzinfo is not None
        assert changed == english.last_published_at
        assert published == chinese.last_published_at, language


@pytest.mark.django_db
def test_a_changed_english_page_is_out_of_date_until_the_translator_publishes(
    admin_client_user, translator_client, get_page, zh_locale, zht_locale, django_capture_on_commit_callbacks
):
    english = get_page(NewsPage, EN)
    chinese = english.get_translation(zh_locale)
    english.intro = "A new introduction that no one has translated yet."
    english.save_revision().publish()  # the portal syncs the TranslationSource; the Chinese pages wait
    percent = _progress_percent(english, zh_locale)
    assert 0 < percent < 100
    assert _progress_percent(english, zht_locale) == percent  # the Traditional strings follow the Simplified ones

    assert _states(admin_client_user, english.title, "News page") == {
        SIMPLIFIED: ("Out of date", str(percent)),
        TRADITIONAL: ("Out of date", str(percent)),
    }
    _soup, rows = _listing(admin_client_user, state="out_of_date")
    assert [(text_of(row["Title"]), text_of(row["Locale"])) for row in rows] == [
        (english.title, SIMPLIFIED),
        (english.title, TRADITIONAL),
    ]
    _soup, rows = _listing(admin_client_user, state="out_of_date", locale=ZH)
    assert [text_of(row["Title"]) for row in rows] == [english.title]
    assert text_of(rows[0]["State"]) == f"Out of date ({percent}%)"

    assert translate_missing_strings(english, zh_locale) == 1
    # Translated in Simplified, not yet published; the Traditional strings wait for that publication.
    assert _states(admin_client_user, english.title, "News page") == {
        SIMPLIFIED: ("Out of date", "100"),
        TRADITIONAL: ("Out of date", str(percent)),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = translator_client.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    assert _states(admin_client_user, english.title, "News page") == {
        SIMPLIFIED: ("Up to date", "100"),
        TRADITIONAL: ("Up to date", "100"),
    }


@pytest.mark.django_db
def test_an_english_page_published_after_its_last_sync_is_out_of_date(admin_client_user, get_page):
    english = get_page(CountryPage, EN)
    # Published after its TranslationSource was last updated: changed, but never synced.
    Page.objects.filter(pk=english.pk).update(last_published_at=timezone.now())
    assert _states(admin_client_user, english.title, "Country page") == {
        SIMPLIFIED: ("Out of date", "100"),
        TRADITIONAL: ("Out of date", "100"),
    }


@pytest.mark.django_db
def test_a_live_translation_with_a_string_in_error_is_out_of_date(admin_client_user, get_page, zh_locale):
    english = get_page(EventPage, EN)
    # A translated string with a validation error counts as untranslated (as in wagtail-localize's progress).
    strings = StringTranslation.objects.filter(context__object_id=english.translation_key, locale=zh_locale)
    strings.filter(pk=strings.order_by("pk")[0].pk).update(has_error=True)
    percent = _progress_percent(english, zh_locale)
    assert 0 < percent < 100
    assert _states(admin_client_user, english.title, "Event page") == {
        SIMPLIFIED: ("Out of date", str(percent)),
        TRADITIONAL: ("Up to date", "100"),  # its own strings have no error
    }


@pytest.mark.django_db
def test_a_deleted_chinese_snippet_is_missing_with_a_link_to_translate_it(admin_client_user, en_locale, zh_locale):
    english = NewsCategory.objects.filter(locale=en_locale).first()
    english.get_translation(zh_locale).delete()

    row = _csv_row(admin_client_user, english.name, "News category")
    assert (row["State"], row["Translated (%)"], row["Translation last published"]) == ("Missing", "", "")
    row = _csv_row(admin_client_user, english.name, "News category", ZHT)  # the Traditional one is still there
    assert (row["State"], row["Translated (%)"]) == ("Up to date", "100") and row["Translation last published"]
    _soup, rows = _listing(admin_client_user, state="missing")
    assert [(text_of(row["Title"]), text_of(row["Locale"])) for row in rows] == [(english.name, SIMPLIFIED)]
    assert text_of(rows[0]["State"]) == "Missing"
    submit_url = reverse("wagtail_localize:submit_snippet_translation", args=["news", "newscategory", english.pk])
    assert _link(rows[0]["Translation"]) == ("Translate", submit_url)

    # Following the link submits it again: a Chinese draft. wagtail-localize deleted the strings
    # translated for the deleted snippet, so the translator starts again from 0%.
    response = admin_client_user.post(submit_url, {"locales": [zh_locale.pk]})
    assert response.status_code == 302
    assert not english.get_translation(zh_locale).live
    assert _progress_percent(english, zh_locale) == 0
    row = _csv_row(admin_client_user, english.name, "News category")
    assert (row["State"], row["Translated (%)"]) == ("In progress", "0")


@pytest.mark.django_db
def test_an_unpublished_chinese_page_is_in_progress(admin_client_user, get_page, zh_locale, zht_locale):
    english = get_page(EventPage, EN)
    chinese = english.get_translation(zh_locale)
    traditional = english.get_translation(zht_locale)
    chinese.unpublish()  # the Traditional page follows

    assert _states(admin_client_user, english.title, "Event page") == {
        SIMPLIFIED: ("In progress", "100"),
        TRADITIONAL: ("In progress", "100"),
    }
    _soup, rows = _listing(admin_client_user, state="in_progress")
    assert [(text_of(row["Title"]), text_of(row["Locale"])) for row in rows] == [
        (english.title, SIMPLIFIED),
        (english.title, TRADITIONAL),
    ]
    assert [text_of(row["State"]) for row in rows] == ["In progress (100%)"] * 2
    assert [_link(row["Translation"]) for row in rows] == [
        ("Open translation", f"/admin/pages/{chinese.pk}/edit/"),
        ("Open translation", f"/admin/pages/{traditional.pk}/edit/"),
    ]
    assert _link(rows[0]["Title"]) == (english.title, f"/admin/pages/{english.pk}/edit/")


@pytest.mark.django_db
def test_a_new_english_page_goes_from_missing_to_in_progress_to_up_to_date(
    admin_client_user, new_english_news, zh_locale, django_capture_on_commit_callbacks
):
    title = new_english_news.title
    _soup, rows = _listing(admin_client_user, state="missing")
    assert [(text_of(row["Title"]), text_of(row["Locale"])) for row in rows] == [
        (title, SIMPLIFIED),
        (title, TRADITIONAL),
    ]
    submit_url = reverse("wagtail_localize:submit_page_translation", args=[new_english_news.pk])
    # Translate offers Simplified Chinese; Traditional Chinese follows it (ADR 0031).
    assert [_link(row["Translation"]) for row in rows] == [("Translate", submit_url), None]

    submit_page_for_translation(admin_client_user, new_english_news, zh_locale)
    chinese = new_english_news.get_translation(zh_locale)
    assert _states(admin_client_user, title, "News page") == {
        SIMPLIFIED: ("In progress", "0"),
        TRADITIONAL: ("Missing", ""),
    }
    _soup, rows = _listing(admin_client_user, state="in_progress")
    assert text_of(_row_titled(rows, title)["State"]) == "In progress (0%)"

    assert translate_missing_strings(new_english_news, zh_locale, {"A brand new mission": "全新的考察"}.get) == 1
    percent = _progress_percent(new_english_news, zh_locale)
    assert 0 < percent < 100
    assert _states(admin_client_user, title, "News page") == {
        SIMPLIFIED: ("In progress", str(percent)),
        TRADITIONAL: ("Missing", ""),
    }

    translate_missing_strings(new_english_news, zh_locale)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_user.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    assert _states(admin_client_user, title, "News page") == {  # converted and published with it
        SIMPLIFIED: ("Up to date", "100"),
        TRADITIONAL: ("Up to date", "100"),
    }


@pytest.mark.django_db
def test_a_translation_made_by_hand_is_compared_by_publication_dates(admin_client_user, en_locale, zh_locale):
    english = City.objects.filter(locale=en_locale).first()
    chinese = english.get_translation(zh_locale)
    source = TranslationSource.objects.get_for_instance(english)
    Translation.objects.filter(source=source, target_locale=zh_locale).update(enabled=False)  # "convert to manual"

    assert _states(admin_client_user, english.name, "City") == {
        SIMPLIFIED: ("Up to date", ""),
        TRADITIONAL: ("Up to date", "100"),  # still managed by wagtail-localize
    }
    english.save_revision().publish()
    assert _states(admin_client_user, english.name, "City") == {
        SIMPLIFIED: ("Out of date", ""),
        TRADITIONAL: ("Out of date", "100"),  # synced source, not yet converted again
    }
    _soup, rows = _listing(admin_client_user, state="out_of_date", locale=ZH)
    assert text_of(_row_titled(rows, english.name)["State"]) == "Out of date"
    chinese.save_revision().publish()
    assert _states(admin_client_user, english.name, "City") == {
        SIMPLIFIED: ("Up to date", ""),
        TRADITIONAL: ("Up to date", "100"),
    }


# ---------------------------------------------------------------------------- filters and export


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "model", "label"),
    [
        ("components.city", City, "City"),
        ("components.citypairing", CityPairing, "City pairing"),
        ("news.newscategory", NewsCategory, "News category"),
        ("portal.footertext", FooterText, "Footer text"),
    ],
)
def test_filter_by_snippet_type(admin_client_user, en_locale, kind, model, label):
    _headings, rows = _csv(admin_client_user, type=kind)
    count = model.objects.filter(locale=en_locale).count()
    assert count > 0
    assert _per_language(rows) == {SIMPLIFIED: count, TRADITIONAL: count}
    assert {row["Type"] for row in rows} == {label}


@pytest.mark.django_db
def test_filter_by_page_type_lists_every_english_page_but_the_root(admin_client_user, en_locale):
    _headings, rows = _csv(admin_client_user, type="page")
    count = Page.objects.filter(locale=en_locale, depth__gt=1).count()
    assert _per_language(rows) == {SIMPLIFIED: count, TRADITIONAL: count}
    assert {"Home page", "News page", "Event page", "Country page"} <= {row["Type"] for row in rows}
    assert not {"City", "News category", "Footer text"} & {row["Type"] for row in rows}


@pytest.mark.django_db
def test_filters_combine_and_the_results_view_filters_too(
    admin_client_user, get_page, en_locale, zh_locale, zht_locale
):
    page = get_page(EventPage, EN)
    page.get_translation(zh_locale).unpublish()  # the Traditional page follows
    category = NewsCategory.objects.filter(locale=en_locale).first()
    category.get_translation(zh_locale).unpublish()  # the Traditional category follows
    other = NewsCategory.objects.filter(locale=en_locale).exclude(pk=category.pk).first()
    other.get_translation(zht_locale).unpublish()  # the Traditional one alone

    _headings, rows = _csv(admin_client_user, state="in_progress")
    assert Counter((row["Title"], row["Locale"]) for row in rows) == Counter(
        [
            (page.title, SIMPLIFIED),
            (page.title, TRADITIONAL),
            (category.name, SIMPLIFIED),
            (category.name, TRADITIONAL),
            (other.name, TRADITIONAL),
        ]
    )
    _headings, rows = _csv(admin_client_user, state="in_progress", type="page", locale=ZH)
    assert [(row["Title"], row["Locale"]) for row in rows] == [(page.title, SIMPLIFIED)]
    _headings, rows = _csv(admin_client_user, state="in_progress", type="news.newscategory", locale=ZHT)
    assert sorted(row["Title"] for row in rows) == sorted([category.name, other.name])
    _headings, rows = _csv(admin_client_user, state="up_to_date", type="news.newscategory")
    categories = NewsCategory.objects.filter(locale=en_locale).count()
    assert category.name not in {row["Title"] for row in rows}
    assert _per_language(rows) == Counter({SIMPLIFIED: categories - 1, TRADITIONAL: categories - 2})
    # The listing refreshed by the filter drawer (results only) applies the same filters.
    _soup, rows = _listing(admin_client_user, RESULTS, state="in_progress", type="news.newscategory", locale=ZH)
    assert [text_of(row["Title"]) for row in rows] == [category.name]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{"state": "bogus"}, {"type": "bogus"}, {"state": "", "type": "nothing"}, {"locale": "fr"}]
)
def test_a_bad_filter_value_shows_the_unfiltered_list_and_an_error(admin_client_user, en_locale, params):
    response = admin_client_user.get(REPORT, params)
    assert response.status_code == 200
    assert "Select a valid choice." in text_of(soup_of(response))
    _headings, rows = _csv(admin_client_user, **params)
    count = _english_object_count(en_locale)
    assert _per_language(rows) == {SIMPLIFIED: count, TRADITIONAL: count}


@pytest.mark.django_db
def test_a_bad_filter_value_leaves_the_other_filters_applied(admin_client_user, en_locale):
    count = NewsCategory.objects.filter(locale=en_locale).count()
    _headings, rows = _csv(admin_client_user, state="bogus", type="news.newscategory")
    assert _per_language(rows) == {SIMPLIFIED: count, TRADITIONAL: count}
    _headings, rows = _csv(admin_client_user, locale="bogus", type="news.newscategory", state="up_to_date")
    assert len(rows) == 2 * count and {row["Type"] for row in rows} == {"News category"}


@pytest.mark.django_db
def test_the_csv_export_has_the_state_and_percentage_of_each_row(admin_client_user, get_page, zh_locale, zht_locale):
    english = get_page(NewsPage, EN)
    english.intro = "Another new introduction."
    english.save_revision().publish()
    title = StringSegment.objects.get(source=TranslationSource.objects.get_for_instance(english), context__path="title")
    strings = StringTranslation.objects.filter(translation_of_id=title.string_id, context_id=title.context_id)
    assert strings.filter(locale=zht_locale).delete()[0] == 1  # a Traditional string less

    response = admin_client_user.get(REPORT, {"export": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="translation-status.csv"'
    headings, rows = _csv(admin_client_user)
    assert headings == CSV_HEADINGS
    simplified, traditional = (row for row in rows if row["Title"] == english.title)
    assert [(row["Type"], row["Locale"], row["State"]) for row in (simplified, traditional)] == [
        ("News page", SIMPLIFIED, "Out of date"),
        ("News page", TRADITIONAL, "Out of date"),
    ]
    simplified_percent, traditional_percent = (
        _progress_percent(english, zh_locale),
        _progress_percent(english, zht_locale),
    )
    assert traditional_percent < simplified_percent < 100
    assert simplified["Translated (%)"] == str(simplified_percent)
    assert traditional["Translated (%)"] == str(traditional_percent)


@pytest.mark.django_db
def test_the_xlsx_export_has_the_same_columns(admin_client_user, en_locale):
    from openpyxl import load_workbook

    response = admin_client_user.get(REPORT, {"export": "xlsx", "type": "portal.footertext"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = list(workbook.active.values)
    assert list(values[0]) == CSV_HEADINGS
    count = FooterText.objects.filter(locale=en_locale).count()
    assert Counter(row[2] for row in values[1:]) == {SIMPLIFIED: count, TRADITIONAL: count}
    assert {row[3:5] for row in values[1:]} == {("Up to date", 100)}


def _filter_values(soup, name):
    return {input_["value"] for input_ in soup.find_all("input", attrs={"name": name})}


@pytest.mark.django_db
def test_both_chinese_languages_have_a_locale_filter_and_column(admin_client_user):
    soup, rows = _listing(admin_client_user)
    assert list(rows[0]) == TABLE_HEADINGS
    assert {text_of(row["Locale"]) for row in rows} == {SIMPLIFIED, TRADITIONAL}
    assert _filter_values(soup, "locale") == {"", ZH, ZHT}
    _soup, rows = _listing(admin_client_user, locale=ZHT)
    assert rows and {text_of(row["Locale"]) for row in rows} == {TRADITIONAL}


@pytest.mark.django_db
def test_one_target_locale_no_locale_filter_or_column(admin_client_user, en_locale):
    delete_traditional_chinese()

    soup, rows = _listing(admin_client_user)
    assert list(rows[0]) == ONE_TARGET_TABLE_HEADINGS
    assert soup.find("input", attrs={"name": "locale"}) is None
    assert _filter_values(soup, "state") == {"", "missing", "in_progress", "out_of_date", "up_to_date"}
    headings, rows = _csv(admin_client_user)
    assert headings == [*CSV_HEADINGS[:-1], "Chinese (Simplified) last published"]
    assert _per_language(rows) == {SIMPLIFIED: _english_object_count(en_locale)}
    assert {row["State"] for row in rows} == {"Up to date"}


@pytest.mark.django_db
def test_a_second_target_locale_adds_its_rows_a_locale_filter_and_column(admin_client_user, en_locale, settings):
    delete_traditional_chinese()  # Simplified Chinese alone, then French besides
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    Locale.objects.create(language_code="fr")
    count = _english_object_count(en_locale)

    headings, rows = _csv(admin_client_user)
    assert headings == CSV_HEADINGS
    assert _per_language(rows) == {"French": count, SIMPLIFIED: count}
    assert {row["State"] for row in rows if row["Locale"] == "French"} == {"Missing"}
    _headings, rows = _csv(admin_client_user, locale="fr")
    assert len(rows) == count and {row["State"] for row in rows} == {"Missing"}
    _headings, rows = _csv(admin_client_user, locale=ZH)
    assert len(rows) == count and {row["State"] for row in rows} == {"Up to date"}

    soup, rows = _listing(admin_client_user, locale="fr")
    assert list(rows[0]) == TABLE_HEADINGS
    assert {text_of(row["Locale"]) for row in rows} == {"French"}
    assert _filter_values(soup, "locale") == {"", "fr", ZH}


# ---------------------------------------------------------------------------- who may see it


def _outsider_client(django_user_model):
    """A user who may use the admin (a group with ``access_admin``) but is neither an editor nor a translator."""
    group = Group.objects.create(name="Reviewers")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user = django_user_model.objects.create_user("test-reviewer", "reviewer@example.org", "pw")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_editors_and_translators_see_the_report_and_its_menu_item(editor_client, translator_client):
    for client in (editor_client, translator_client):
        assert client.get(REPORT).status_code == 200
        assert client.get(RESULTS).status_code == 200
        _headings, rows = _csv(client)
        assert rows
        assert REPORT in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_an_admin_user_outside_the_roles_may_not_see_it(django_user_model):
    client = _outsider_client(django_user_model)
    assert client.get("/admin/").status_code == 200
    assert REPORT not in client.get("/admin/").content.decode()
    for params in ({}, {"export": "csv"}):
        assert admin_denied(client.get(REPORT, params))
    assert client.get(REPORT, HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 403
    assert client.get(RESULTS, HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 403


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(REPORT)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.django_db
def test_links_follow_what_each_role_may_do(editor_client, translator_client, en_locale, zh_locale):
    missing, present = NewsCategory.objects.filter(locale=en_locale)[:2]
    missing.get_translation(zh_locale).delete()
    chinese = present.get_translation(zh_locale)
    submit_url = reverse("wagtail_localize:submit_snippet_translation", args=["news", "newscategory", missing.pk])
    english_url = f"/admin/snippets/news/newscategory/edit/{present.pk}/"
    chinese_url = f"/admin/snippets/news/newscategory/edit/{chinese.pk}/"

    # Editors edit the English objects and submit them for translation, not the Chinese ones.
    _soup, rows = _listing(editor_client, type="news.newscategory", locale=ZH)
    assert _link(_row_titled(rows, present.name)["Title"]) == (present.name, english_url)
    assert _link(_row_titled(rows, present.name)["Translation"]) is None
    assert _link(_row_titled(rows, missing.name)["Translation"]) == ("Translate", submit_url)
    assert editor_client.get(english_url).status_code == 200

    # Translators open the Chinese objects in the translation editor; they cannot edit English or submit.
    _soup, rows = _listing(translator_client, type="news.newscategory", locale=ZH)
    assert _link(_row_titled(rows, present.name)["Title"]) is None
    assert _link(_row_titled(rows, present.name)["Translation"]) == ("Open translation", chinese_url)
    assert _link(_row_titled(rows, missing.name)["Translation"]) is None
    assert translator_client.get(chinese_url).status_code == 200

    # The Traditional rows: no one here may edit them, and Translate is not offered for them (ADR 0031).
    for client in (editor_client, translator_client):
        _soup, rows = _listing(client, type="news.newscategory", locale=ZHT)
        assert {text_of(row["Locale"]) for row in rows} == {TRADITIONAL}
        assert text_of(_row_titled(rows, missing.name)["State"]) == "Up to date"
        assert [_link(row["Translation"]) for row in rows] == [None] * len(rows)


# ---------------------------------------------------------------------------- Chinese interface


@pytest.mark.django_db
def test_the_report_is_in_chinese_for_a_chinese_admin_user(translator_client, en_locale, zh_locale):
    profile = UserProfile.get_for_user(translator_client.user)
    profile.preferred_language = ZH
    profile.save()
    category = NewsCategory.objects.filter(locale=en_locale).first()
    category.get_translation(zh_locale).unpublish()

    soup, rows = _listing(translator_client)
    headings = list(rows[0])
    assert all(has_cjk(heading) for heading in headings), headings
    assert not set(headings) & set(TABLE_HEADINGS)
    title = text_of(soup.find("h1"))
    assert has_cjk(title) and "Translation status" not in title

    interface = [text_of(soup.find("h1")), *headings]
    interface += [text_of(row[heading]) for row in rows for heading in headings[1:]]
    filter_labels = [text_of(label) for label in soup.select("#filters-drilldown label, #filters-drilldown legend")]
    assert len(filter_labels) > 10, filter_labels  # the state and type filters and their choices
    interface += filter_labels
    english = [
        "Translation status",
        "Missing",
        "In progress",
        "Out of date",
        "Up to date",
        "Open translation",
        "Translate",
        "State",
        "Type",
        "All",
        "Page",
        "City pairing",
        "News category",
        "Footer text",
        "English",
        "Chinese",
    ]
    found = sorted({word for word in english for text in interface if word in text})
    assert not found, found
    assert len({text_of(row[headings[2]]) for row in rows}) == 2  # the languages, named in Chinese
    assert "最新" in {text_of(row[headings[3]]) for row in rows}

    _soup, rows = _listing(translator_client, state="in_progress", locale=ZH)
    assert [text_of(row[headings[0]]) for row in rows] == [category.name]
    assert has_cjk(text_of(rows[0][headings[3]])) and "100%" in text_of(rows[0][headings[3]])

    headings, rows = _csv(translator_client)
    assert all(has_cjk(heading) for heading in headings), headings
    assert rows[0][headings[3]] == "最新"


# ---------------------------------------------------------------------------- queries


#: The report's page, its CSV export (every row) and a later page of a filtered listing.
QUERY_COUNTED_REQUESTS = [{}, {"export": "csv"}, {"type": "page", "p": "2"}]


def _count_queries(client, params):
    """How many queries the report makes for ``params`` (a streamed export is read to its end)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(REPORT, params)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(context.captured_queries)


@pytest.mark.django_db
def test_the_number_of_queries_does_not_depend_on_the_number_of_objects(admin_client_user, en_locale):
    _count_queries(admin_client_user, {})  # warm up the process-wide caches (content types, sites)
    before = [_count_queries(admin_client_user, params) for params in QUERY_COUNTED_REQUESTS]
    news = NewsPage.objects.filter(locale=en_locale)
    assert news.count() > 3
    for page in news[:3]:
        page.delete()
    after = [_count_queries(admin_client_user, params) for params in QUERY_COUNTED_REQUESTS]
    assert before == after


@pytest.mark.django_db
def test_the_report_makes_far_fewer_queries_than_it_has_rows(
    admin_client_user, en_locale, django_assert_max_num_queries
):
    rows = _english_object_count(en_locale)
    assert rows > 100
    _count_queries(admin_client_user, {})
    with django_assert_max_num_queries(40):
        response = admin_client_user.get(REPORT, {"export": "csv"})
        lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert len(lines) == 2 * rows + 1  # a row in each of the two target languages
    with django_assert_max_num_queries(40):
        assert admin_client_user.get(REPORT).status_code == 200
