"""The event form in the admin, as an Editor: time zones from a list with a city's default, all-day events as dates.

Every test posts Wagtail's real create and edit views as a member of "Editors" (``editor_client``);
the Chinese side goes through wagtail-localize's submission and translation editor as a "Chinese
translator". Expected zones come from the content data (``cities.yaml``) and IANA, not from the code.
"""

import datetime
import json
import zoneinfo

import pytest
from django.test import override_settings
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

from components.models import City
from events.models import EventIndexPage, EventPage
from tests.events.factories import EventPageFactory
from tests.utils import EN, ZH, soup_of, submit_page_for_translation, text_of, translate_missing_strings

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def event_form(**fields):
    """The POST data of the event form: a timed event on 15 May 2031, 09:00-17:00, "Automatic" time zone."""
    data = {
        "title": "Urban climate forum",
        "slug": "urban-climate-forum",
        "start_0": "2031-05-15",
        "start_1": "09:00",
        "end_0": "2031-05-15",
        "end_1": "17:00",
        "all_day": "",
        "time_zone": "",
        "venue": "",
        "city": "",
        "country": "",
        "description": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.fixture
def events_index(get_page):
    return get_page(EventIndexPage, EN, "/events/")


@pytest.fixture
def add_url(events_index):
    return f"/admin/pages/add/events/eventpage/{events_index.pk}/"


def city(slug):
    return City.objects.get(locale__language_code=EN, slug=slug)


def created(slug="urban-climate-forum"):
    return EventPage.objects.get(locale__language_code=EN, slug=slug)


def local(event, field):
    """``event.<field>`` as a naive wall-clock datetime in the event's own zone."""
    return getattr(event, field).astimezone(zoneinfo.ZoneInfo(event.time_zone)).replace(tzinfo=None)


def errors_of(response):
    """The error messages of a re-rendered admin form (for assertion messages)."""
    return [text_of(error) for error in soup_of(response).select(".error-message")]


def in_chinese(client):
    profile = UserProfile.get_for_user(client.user)
    profile.preferred_language = ZH
    profile.save()
    return client


# ---------------------------------------------------------------------------- the time zone list


@pytest.mark.django_db
def test_a_new_event_offers_the_iana_zones_by_region_and_starts_on_automatic(editor_client, add_url):
    soup = soup_of(editor_client.get(add_url))
    select = soup.select_one("select#id_time_zone")
    assert select is not None, "the time zone is not a list"
    selected = select.select("option[selected]")
    assert [option["value"] for option in selected] == [""]
    assert "Automatic" in text_of(selected[0])
    groups = {group["label"]: [option["value"] for option in group.select("option")] for group in select("optgroup")}
    assert {"Asia", "Europe", "Americas", "Africa", "Pacific Ocean"} <= set(groups)
    for name in ("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Jakarta", "Asia/Makassar", "Asia/Kuala_Lumpur"):
        assert name in groups["Asia"]
    assert {"Europe/Berlin", "Europe/Brussels", "Europe/London"} <= set(groups["Europe"])
    assert groups["Asia"] == sorted(groups["Asia"])
    values = [option["value"] for option in select.select("option")]
    assert "UTC" in values
    # Older aliases and technical zones are not offered.
    assert not {"PRC", "Hongkong", "US/Eastern", "Etc/GMT-8", "localtime", "Factory"} & set(values)
    assert len(values) == len(set(values))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("city_slug", "country", "expected"),
    [
        ("chongqing", "china", "Asia/Shanghai"),  # the country's zone
        ("denpasar", "indonesia", "Asia/Makassar"),  # the city's own (cities.yaml), not Jakarta's
        ("palembang", "indonesia", "Asia/Jakarta"),  # western Indonesia: the country's default
        ("mannheim", "eu-member-states", "Europe/Berlin"),  # the city's own (cities.yaml)
        ("", "vietnam", "Asia/Ho_Chi_Minh"),  # no city: the event's country
        ("", "eu-member-states", "UTC"),  # several zones and no city: the site's
        ("", "", "UTC"),  # nothing: the site's
    ],
)
def test_automatic_takes_the_city_then_the_country_then_the_site_time_zone(
    editor_client, add_url, city_slug, country, expected
):
    fields = {"city": str(city(city_slug).pk) if city_slug else "", "country": country}
    response = editor_client.post(add_url, event_form(**fields))
    assert response.status_code == 302, errors_of(response)
    event = created()
    assert event.time_zone == expected
    assert not event.live and event.owner == editor_client.user
    # The times were typed in that zone.
    assert local(event, "start") == datetime.datetime(2031, 5, 15, 9, 0)
    assert local(event, "end") == datetime.datetime(2031, 5, 15, 17, 0)
    # The edit form opens on "Automatic" again, naming the zone it took, with the same wall-clock times.
    soup = soup_of(editor_client.get(f"/admin/pages/{event.pk}/edit/"))
    [selected] = soup.select("#id_time_zone option[selected]")
    assert selected["value"] == ""
    assert text_of(selected) == f"Automatic (now {expected}): the city’s time zone, else the country’s"
    assert soup.select_one("#id_start_1")["value"] == "09:00"


def edit_form(event, **fields):
    """The POST data of ``event``'s edit form as it opens (its latest revision), with ``fields`` changed."""
    event = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    soup_fields = {
        "title": event.title,
        "slug": event.slug,
        "start_0": str(local(event, "start").date()),
        "start_1": local(event, "start").strftime("%H:%M"),
        "end_0": str(local(event, "end").date()),
        "end_1": local(event, "end").strftime("%H:%M"),
        "city": str(event.city_id or ""),
        "country": event.country,
    }
    return event_form(**{**soup_fields, **fields})


def selected_zone(client, event):
    soup = soup_of(client.get(f"/admin/pages/{event.pk}/edit/"))
    return [option["value"] for option in soup.select("#id_time_zone option[selected]")]


@pytest.mark.django_db
def test_automatic_follows_a_change_of_city_after_the_first_save(editor_client, add_url):
    """Saved on "Automatic" in Shanghai, then moved to Berlin: the times are read as Berlin time."""
    response = editor_client.post(add_url, event_form(city=str(city("chongqing").pk), country="china"))
    assert response.status_code == 302, errors_of(response)
    event = created()
    assert event.time_zone == "Asia/Shanghai"
    assert selected_zone(editor_client, event) == [""]

    data = edit_form(event, city=str(city("mannheim").pk), country="eu-member-states")
    assert (data["time_zone"], data["start_1"]) == ("", "09:00")  # what the form showed
    response = editor_client.post(f"/admin/pages/{event.pk}/edit/", data)
    assert response.status_code == 302, errors_of(response)
    saved = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    assert saved.time_zone == "Europe/Berlin"
    assert local(saved, "start") == datetime.datetime(2031, 5, 15, 9, 0)
    assert saved.start == datetime.datetime(2031, 5, 15, 7, 0, tzinfo=datetime.UTC)  # CEST is UTC+2
    assert selected_zone(editor_client, event) == [""]  # and it stays automatic


@pytest.mark.django_db
def test_the_automatic_choice_names_its_zone_in_the_editors_language(editor_client, add_url):
    response = editor_client.post(add_url, event_form(city=str(city("chongqing").pk), country="china"))
    assert response.status_code == 302, errors_of(response)
    soup = soup_of(in_chinese(editor_client).get(f"/admin/pages/{created().pk}/edit/"))
    [selected] = soup.select("#id_time_zone option[selected]")
    assert text_of(selected) == "自动（当前为 Asia/Shanghai）：使用城市所在时区，否则使用所在国家的时区"


@pytest.mark.django_db
def test_a_chosen_zone_stays_chosen_when_the_city_changes(editor_client, add_url):
    fields = {"city": str(city("chongqing").pk), "country": "china", "time_zone": "Asia/Shanghai"}
    response = editor_client.post(add_url, event_form(**fields))
    assert response.status_code == 302, errors_of(response)
    event = created()
    assert selected_zone(editor_client, event) == ["Asia/Shanghai"]

    data = edit_form(event, city=str(city("mannheim").pk), country="eu-member-states", time_zone="Asia/Shanghai")
    response = editor_client.post(f"/admin/pages/{event.pk}/edit/", data)
    assert response.status_code == 302, errors_of(response)
    saved = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    assert saved.time_zone == "Asia/Shanghai"
    assert saved.start == datetime.datetime(2031, 5, 15, 1, 0, tzinfo=datetime.UTC)  # 09:00 CST
    assert selected_zone(editor_client, event) == ["Asia/Shanghai"]


@pytest.mark.django_db
@pytest.mark.parametrize(("time_zone", "selected"), [("Asia/Shanghai", ""), ("Europe/Brussels", "Europe/Brussels")])
def test_an_event_saved_before_automatic_was_recorded_opens_on_it_when_its_zone_is_the_citys(
    editor_client, time_zone, selected
):
    event = EventPageFactory(city=city("chongqing"), country="china", time_zone=time_zone)
    assert event.time_zone_automatic is None  # as every event saved before the field existed
    assert selected_zone(editor_client, event) == [selected]


@pytest.mark.django_db
@override_settings(TIME_ZONE="Asia/Singapore")
def test_without_city_or_country_automatic_is_the_sites_time_zone_setting(editor_client, add_url):
    response = editor_client.post(add_url, event_form())
    assert response.status_code == 302, errors_of(response)
    assert created().time_zone == "Asia/Singapore"


@pytest.mark.django_db
def test_a_chosen_zone_wins_over_the_citys(editor_client, add_url):
    response = editor_client.post(add_url, event_form(city=str(city("chongqing").pk), time_zone="Europe/Brussels"))
    assert response.status_code == 302, errors_of(response)
    event = created()
    assert event.time_zone == "Europe/Brussels"
    assert local(event, "start") == datetime.datetime(2031, 5, 15, 9, 0)
    assert event.start == datetime.datetime(2031, 5, 15, 7, 0, tzinfo=datetime.UTC)  # CEST is UTC+2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [(EN, "“Mars/Olympus_Mons” is not a known time zone."), (ZH, "“Mars/Olympus_Mons”不是有效的时区。")],
)
def test_an_unknown_zone_is_refused_with_a_message_and_nothing_is_created(editor_client, add_url, language, message):
    if language == ZH:
        in_chinese(editor_client)
    before = EventPage.objects.count()
    response = editor_client.post(add_url, event_form(time_zone="Mars/Olympus_Mons"))
    assert response.status_code == 200
    assert message in text_of(soup_of(response))
    assert EventPage.objects.count() == before


@pytest.mark.django_db
def test_a_valid_zone_outside_the_list_is_shown_and_kept(editor_client):
    event = EventPageFactory(time_zone="PRC", start=datetime.datetime(2031, 3, 1, 2, tzinfo=datetime.UTC))
    soup = soup_of(editor_client.get(f"/admin/pages/{event.pk}/edit/"))
    assert [option["value"] for option in soup.select("#id_time_zone option[selected]")] == ["PRC"]
    assert soup.select_one("#id_start_1")["value"] == "10:00"  # PRC is UTC+8


@pytest.mark.django_db
def test_an_event_with_an_invalid_stored_zone_opens_on_automatic_and_keeps_its_times(editor_client):
    """Free text from before the list (or raw data): the form opens, on "Automatic", with the times the site showed."""
    event = EventPageFactory(
        country="china", start=datetime.datetime(2031, 3, 1, 10, tzinfo=datetime.UTC), all_day=False
    )
    EventPage.objects.filter(pk=event.pk).update(time_zone="Beijing time")
    event.refresh_from_db()
    assert event.time_zone_abbreviation == "UTC"  # what visitors saw: UTC
    response = editor_client.get(f"/admin/pages/{event.pk}/edit/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert [option["value"] for option in soup.select("#id_time_zone option[selected]")] == [""]
    assert soup.select_one("#id_start_1")["value"] == "10:00"
    data = event_form(
        title=event.title, slug=event.slug, country="china", start_0="2031-03-01", end_0="2031-03-01", end_1="11:00"
    )
    data["start_1"] = "10:00"
    response = editor_client.post(f"/admin/pages/{event.pk}/edit/", data)
    assert response.status_code == 302, errors_of(response)
    saved = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    assert saved.time_zone == "Asia/Shanghai"
    assert local(saved, "start") == datetime.datetime(2031, 3, 1, 10, 0)


# ---------------------------------------------------------------------------- all-day events take dates only


@pytest.mark.django_db
def test_an_all_day_event_needs_no_times(editor_client, add_url):
    fields = {"all_day": "on", "start_1": "", "end_0": "2031-05-17", "end_1": "", "city": str(city("chongqing").pk)}
    response = editor_client.post(add_url, event_form(**fields))
    assert response.status_code == 302, errors_of(response)
    event = created()
    assert event.all_day and event.time_zone == "Asia/Shanghai"
    assert local(event, "start") == datetime.datetime(2031, 5, 15, 0, 0)
    assert local(event, "end") == datetime.datetime(2031, 5, 17, 23, 59, 59)
    assert (event.first_day, event.last_day) == (datetime.date(2031, 5, 15), datetime.date(2031, 5, 17))


@pytest.mark.django_db
def test_times_typed_for_an_all_day_event_are_ignored(editor_client, add_url):
    """Without JavaScript the time inputs stay visible: what is typed there does not move the days."""
    fields = {"all_day": "on", "start_1": "23:30", "end_1": "01:15", "city": str(city("chongqing").pk)}
    response = editor_client.post(add_url, event_form(**fields))
    assert response.status_code == 302, errors_of(response)
    event = created()
    assert local(event, "start") == datetime.datetime(2031, 5, 15, 0, 0)
    assert local(event, "end") == datetime.datetime(2031, 5, 15, 23, 59, 59)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"), [(EN, "Enter a time, or tick “all day”."), (ZH, "请输入时间，或勾选“全天”。")]
)
def test_a_timed_event_without_a_time_is_refused_naming_the_field(editor_client, add_url, language, message):
    if language == ZH:
        in_chinese(editor_client)
    response = editor_client.post(add_url, event_form(end_1=""))
    assert response.status_code == 200
    assert not EventPage.objects.filter(slug="urban-climate-forum").exists()
    end = soup_of(response).select_one("#id_end_1").find_parent(attrs={"data-field-wrapper": True})
    assert message in text_of(end)
    start = soup_of(response).select_one("#id_start_1").find_parent(attrs={"data-field-wrapper": True})
    assert message not in text_of(start)


@pytest.mark.django_db
def test_a_missing_date_is_refused(editor_client, add_url):
    response = editor_client.post(add_url, event_form(all_day="on", start_0="", start_1=""))
    assert response.status_code == 200
    start = soup_of(response).select_one("#id_start_0").find_parent(attrs={"data-field-wrapper": True})
    assert "This field is required." in text_of(start)
    assert not EventPage.objects.filter(slug="urban-climate-forum").exists()


@pytest.mark.django_db
def test_the_time_inputs_are_hidden_by_wagtail_rules_while_all_day_is_ticked(editor_client, make_event):
    first, last = datetime.datetime(2031, 5, 15, tzinfo=SHANGHAI), datetime.datetime(2031, 5, 16, tzinfo=SHANGHAI)
    event = make_event("all-day-form", first, last, "Asia/Shanghai", all_day=True)
    soup = soup_of(editor_client.get(f"/admin/pages/{event.pk}/edit/"))
    # The "When" panel runs Wagtail's w-rules controller on every change...
    panel = soup.select_one("#id_all_day").find_parent(attrs={"data-controller": "w-rules"})
    assert panel is not None and "change->w-rules#resolve" in panel["data-action"]
    for name in ("start", "end"):
        time_input = soup.select_one(f"#id_{name}_1")
        # ...which shows each time input only while no "all_day" value is in the form.
        rule = time_input.find_parent(attrs={"data-w-rules-target": "show"})
        assert json.loads(rule["data-w-rules"]) == {"all_day": []}
        assert panel in rule.parents
        assert not time_input.get("value")  # an all-day event has no time to show
    assert soup.select_one("#id_start_0")["value"] == "2031-05-15"
    assert soup.select_one("#id_end_0")["value"] == "2031-05-16"


@pytest.mark.django_db
def test_unticking_all_day_on_an_existing_event_asks_for_times(editor_client, make_event):
    day = datetime.datetime(2031, 5, 15, tzinfo=SHANGHAI)
    event = make_event("was-all-day", day, day, "Asia/Shanghai", all_day=True)
    url = f"/admin/pages/{event.pk}/edit/"
    data = event_form(title=event.title, slug=event.slug, time_zone="Asia/Shanghai", start_1="", end_1="")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Enter a time, or tick “all day”." in text_of(soup_of(response))
    data = event_form(title=event.title, slug=event.slug, time_zone="Asia/Shanghai", start_1="14:00", end_1="16:30")
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    saved = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    assert not saved.all_day
    assert (local(saved, "start"), local(saved, "end")) == (
        datetime.datetime(2031, 5, 15, 14, 0),
        datetime.datetime(2031, 5, 15, 16, 30),
    )


# ---------------------------------------------------------------------------- the Chinese event


@pytest.mark.django_db
def test_the_chinese_event_keeps_the_time_zone_and_translators_are_not_offered_it(
    editor_client, translator_client, add_url, zh_locale, django_capture_on_commit_callbacks
):
    fields = {"city": str(city("denpasar").pk), "country": "indonesia", "action-publish": "publish"}
    response = editor_client.post(add_url, event_form(**fields))
    assert response.status_code == 302, errors_of(response)
    english = created()
    assert english.live and english.time_zone == "Asia/Makassar"

    response = submit_page_for_translation(editor_client, english, zh_locale)
    assert response.status_code == 302
    chinese = english.get_translation(zh_locale)
    assert chinese.time_zone == "Asia/Makassar"
    assert english.time_zone_automatic is True and chinese.time_zone_automatic is True
    assert chinese.start == english.start

    # The translator's editor lists the strings to translate, and nothing about the time zone.
    editor = soup_of(translator_client.get(f"/admin/pages/{chinese.pk}/edit/")).select_one(".js-translation-editor")
    segments = json.loads(editor["data-props"])["segments"]
    assert any(segment["source"] == "Urban climate forum" for segment in segments if segment["type"] == "string")
    assert not [segment for segment in segments if segment["contentPath"].startswith("time_zone")]

    translate_missing_strings(english, zh_locale, lambda text: "城市气候论坛")
    with django_capture_on_commit_callbacks(execute=True):
        response = translator_client.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    chinese = EventPage.objects.get(pk=chinese.pk)
    assert chinese.live and chinese.title == "城市气候论坛"
    assert (chinese.time_zone, chinese.start, chinese.end) == (english.time_zone, english.start, english.end)


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_the_years_are_kept_between_views_until_an_editor_publishes_an_event(client, editor_client, add_url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def years():
        return [a["href"] for a in soup_of(client.get("/en/events/")).select(".year-links a")]

    def reads_years(queries):
        years_query = 'SELECT "events_eventpage"."start" AS "start", "events_eventpage"."end" AS "end", '
        return any(query["sql"].startswith(years_query) for query in queries)

    with CaptureQueriesContext(connection) as first:
        before = years()
    assert "/en/events/2031/" not in before
    with CaptureQueriesContext(connection) as second:
        assert years() == before
    assert (reads_years(first), reads_years(second)) == (True, False)

    response = editor_client.post(add_url, event_form(**{"action-publish": "action-publish"}))
    assert response.status_code == 302, errors_of(response)
    assert created().live
    assert "/en/events/2031/" in years()
