"""Traditional Chinese (``zh-hant``) derived from the Simplified translation (``portal.translations.traditional``).

Every page type and translatable snippet of the seed has its Traditional translation, converted string by string
from the Simplified one; it follows the Simplified publication (strings, images, unpublishing), complete or not at
all; a string a person saved in the Traditional editor survives conversions and is flagged when its Simplified text
changes; the command and the loader convert the whole site, idempotently.
"""

import html
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, get_page_models, get_translatable_models
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from components.models import City, CityPairing
from news.models import NewsPage
from portal.chinese.conversion import simplified_left, to_traditional
from portal.content.loader import ContentLoader
from portal.translations import traditional
from portal.translations.models import TraditionalOverride
from portal.translations.roles import TRADITIONAL_REVIEWERS, setup_roles
from portal.translations.rules import FOLLOWS, PUBLISHED, WAITING, publish_if_complete, sync_translations
from tests.components.factories import CityFactory
from tests.factories import ImageFactory, translate
from tests.news.factories import NewsPageFactory
from tests.traditional import delete_traditional_chinese, make_traditional
from tests.utils import EN, PAGE_TYPES, ZH, ZHT, soup_of, text_of

SNIPPETS = {"City", "CityPairing", "NewsCategory", "FooterText"}

PAGE_MODELS = [model for model in get_page_models() if model.__name__ in PAGE_TYPES]
SNIPPET_MODELS = [
    model for model in get_translatable_models() if not issubclass(model, Page) and model.__name__ in SNIPPETS
]


def _row(english, path, locale):
    """The StringTranslation into ``locale`` of ``english``'s string segment at ``path`` (or None)."""
    segment = StringSegment.objects.get(source=TranslationSource.objects.get_for_instance(english), context__path=path)
    return StringTranslation.objects.filter(
        translation_of_id=segment.string_id, context_id=segment.context_id, locale=locale
    ).first()


def _translation(english, locale):
    return Translation.objects.get(source=TranslationSource.objects.get_for_instance(english), target_locale=locale)


def _set_simplified(english, path, data, zh_locale):
    """A translator's new Simplified string at ``path`` (saved, not yet published)."""
    StringTranslation.objects.filter(pk=_row(english, path, zh_locale).pk).update(data=data)


def _editor_url(translation, english, path):
    segment = StringSegment.objects.get(source=translation.source, context__path=path)
    return reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])


def _put(client, url, value):
    return client.put(url, f"value={value}", content_type="application/x-www-form-urlencoded")


@pytest.fixture
def news(get_page, zh_locale, zht_locale):
    """``(english, simplified, traditional)`` of the seed's first news page."""
    english = get_page(NewsPage, EN)
    return english, english.get_translation(zh_locale), english.get_translation(zht_locale).specific


# ---------------------------------------------------------------------------- the seed


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAGE_MODELS + SNIPPET_MODELS, ids=lambda model: model.__name__)
def test_every_page_type_and_snippet_is_converted_from_its_simplified_translation(
    model, en_locale, zh_locale, zht_locale
):
    objects = list(model.objects.filter(locale=en_locale).order_by("pk")[:3])
    assert objects, f"the seed has no English {model.__name__}"
    for english in objects:
        simplified = english.get_translation(zh_locale)
        converted = english.get_translation(zht_locale)
        assert converted.live, english
        assert _translation(english, zht_locale).enabled
        source = TranslationSource.objects.get_for_instance(english)
        segments = StringSegment.objects.filter(source=source)
        assert segments.exists()
        for segment in segments:
            hans = StringTranslation.objects.get(
                translation_of_id=segment.string_id, context_id=segment.context_id, locale=zh_locale
            )
            hant = StringTranslation.objects.get(
                translation_of_id=segment.string_id, context_id=segment.context_id, locale=zht_locale
            )
            assert hant.data == to_traditional(hans.data)
            assert (hant.translation_type, hant.tool_name, hant.has_error) == ("machine", "OpenCC", False)
            assert simplified_left(html.unescape(hant.data)) == [], (english, hant.data)
        if isinstance(english, Page):
            assert converted.title == to_traditional(simplified.title)
            if english.depth > 2:  # below the home page
                assert converted.get_parent().locale_id == zht_locale.pk
        else:
            # A snippet's name may be an interface string (FooterText's): each read in its own language.
            with translation.override(ZHT):
                converted_name = str(type(converted).objects.get(pk=converted.pk))
            with translation.override(ZH):
                simplified_name = str(simplified)
            assert converted_name == to_traditional(simplified_name)


@pytest.mark.django_db
def test_related_snippets_point_at_their_traditional_translations(zht_locale):
    pairing = CityPairing.objects.filter(locale=zht_locale).select_related("eu_city", "cn_city").first()
    assert pairing.eu_city.locale_id == pairing.cn_city.locale_id == zht_locale.pk
    news = NewsPage.objects.filter(locale=zht_locale, related_cities__isnull=False).first()
    assert {related.city.locale_id for related in news.related_cities.all()} == {zht_locale.pk}


@pytest.mark.django_db
def test_no_simplified_character_is_left_in_any_traditional_string(zht_locale):
    rows = StringTranslation.objects.filter(locale=zht_locale)
    assert rows.count() > 500
    left = {row.data[:40]: simplified_left(html.unescape(row.data)) for row in rows}
    assert {text: chars for text, chars in left.items() if chars} == {}


# ---------------------------------------------------------------------------- following the Simplified


@pytest.mark.django_db
def test_a_simplified_change_a_translator_publishes_reaches_traditional(news, zh_locale, zht_locale):
    english, _simplified, converted = news
    _set_simplified(english, "intro", "这是新的简体中文导语，后来发布。", zh_locale)
    assert publish_if_complete(_translation(english, zh_locale)) is not None  # the translator's publish

    converted = NewsPage.objects.get(pk=converted.pk)
    assert converted.intro == "這是新的簡體中文導語，後來發佈。"
    assert converted.live and not converted.has_unpublished_changes


@pytest.mark.django_db
def test_a_simplified_snippet_publish_reaches_traditional(zh_locale, zht_locale):
    english = City.objects.filter(locale__language_code=EN).order_by("pk").first()
    _set_simplified(english, "profile", "这座城市参与了国际城市合作项目。", zh_locale)
    assert publish_if_complete(_translation(english, zh_locale)) is not None

    assert City.objects.get(pk=english.get_translation(zht_locale).pk).profile == "這座城市參與了國際城市合作項目。"


@pytest.mark.django_db
def test_the_english_sync_leaves_traditional_to_follow_the_simplified(news, zh_locale, zht_locale):
    english, _simplified, converted = news
    english.date = english.date.replace(year=2019)
    revision = english.save_revision()
    revision.publish()  # the sync runs from the signal; run it again to read the outcomes
    assert NewsPage.objects.get(pk=converted.pk).date == english.date  # via the Simplified publication

    outcomes = sync_translations(NewsPage.objects.get(pk=english.pk))
    assert outcomes == {zh_locale: PUBLISHED, zht_locale: FOLLOWS}


@pytest.mark.django_db
def test_a_simplified_translation_missing_a_string_publishes_no_traditional(news, zh_locale, zht_locale):
    english, _simplified, converted = news
    revision_before = converted.live_revision_id
    intro_before = converted.intro
    _row(english, "intro", zh_locale).delete()

    outcome = traditional.convert(english)

    assert outcome.status == traditional.NOT_PUBLISHED
    assert _row(english, "intro", zht_locale) is None  # incomplete exactly as the Simplified is
    converted = NewsPage.objects.get(pk=converted.pk)
    assert (converted.live_revision_id, converted.intro) == (revision_before, intro_before)


@pytest.mark.django_db
def test_an_english_change_waiting_for_the_translator_waits_in_traditional_too(news, zh_locale, zht_locale):
    english, _simplified, converted = news
    revision_before = converted.live_revision_id
    english.intro = "A new English introduction."
    english.save_revision().publish()

    outcomes = sync_translations(NewsPage.objects.get(pk=english.pk))
    assert outcomes == {zh_locale: WAITING, zht_locale: FOLLOWS}
    assert NewsPage.objects.get(pk=converted.pk).live_revision_id == revision_before


@pytest.mark.django_db
def test_segment_overrides_such_as_images_are_the_simplified_ones(news, zh_locale, zht_locale):
    english, _simplified, converted = news
    english_image, chinese_image = ImageFactory(), ImageFactory()
    english.hero_image = english_image
    english.save_revision().publish()  # the English sync republishes Simplified, conversion follows
    assert NewsPage.objects.get(pk=converted.pk).hero_image_id == english_image.pk

    source = TranslationSource.objects.get_for_instance(english)
    segment = OverridableSegment.objects.get(source=source, context__path="hero_image")
    SegmentOverride.objects.create(locale=zh_locale, context=segment.context, data_json=json.dumps(chinese_image.pk))
    assert publish_if_complete(_translation(english, zh_locale)) is not None

    assert NewsPage.objects.get(pk=converted.pk).hero_image_id == chinese_image.pk
    copied = SegmentOverride.objects.get(locale=zht_locale, context=segment.context)
    assert copied.data == chinese_image.pk


@pytest.mark.django_db
def test_unpublishing_the_simplified_page_or_snippet_unpublishes_the_traditional(news, zh_locale, zht_locale):
    _english, simplified, converted = news
    simplified.specific.unpublish()
    assert not Page.objects.get(pk=converted.pk).live

    city = City.objects.filter(locale=zh_locale).order_by("pk").first()
    city.unpublish()
    assert not City.objects.get(translation_key=city.translation_key, locale=zht_locale).live


@pytest.mark.django_db
def test_unpublishing_the_english_page_unpublishes_both_chinese_pages(news):
    english, simplified, converted = news
    english.unpublish()
    assert not Page.objects.filter(pk__in=[simplified.pk, converted.pk], live=True).exists()


@pytest.mark.django_db
def test_the_snippets_a_new_page_points_at_are_converted_first(zht_locale):
    with traditional.deferred():  # Simplified published, nothing converted yet
        city = CityFactory(name="Harbin test city")
        translate(city, text=lambda text: "哈尔滨测试城市" if "Harbin" in text else "译：" + text)
        english = NewsPageFactory(cities=[city])
        translate(english)
    assert city.get_translation_or_none(zht_locale) is None

    converted = make_traditional(english)

    converted_city = City.objects.get(translation_key=city.translation_key, locale=zht_locale)
    assert converted_city.live and converted_city.name == "哈爾濱測試城市"
    assert [related.city_id for related in converted.related_cities.all()] == [converted_city.pk]
    assert converted.title == "譯：" + english.title


# ---------------------------------------------------------------------------- overrides


@pytest.mark.django_db
def test_an_override_survives_conversions_and_is_flagged_when_the_simplified_changes(
    admin_client_user, news, zh_locale, zht_locale
):
    english, _simplified, converted = news
    translation = _translation(english, zht_locale)
    simplified_title = _row(english, "title", zh_locale).data
    # A reviewer writes the title as Hong Kong would, in the translation editor, and publishes.
    response = _put(admin_client_user, _editor_url(translation, english, "title"), "香港式標題")
    assert response.status_code == 200
    record = TraditionalOverride.objects.get(string_translation=_row(english, "title", zht_locale))
    assert (record.simplified, record.needs_review) == (simplified_title, False)
    assert publish_if_complete(translation) is not None

    # The whole site converted again, and the Simplified republished unchanged: the override stands.
    traditional.convert_site()
    assert publish_if_complete(_translation(english, zh_locale)) is not None
    assert NewsPage.objects.get(pk=converted.pk).title == "香港式標題"
    assert not traditional.overrides_to_review().exists()

    # The Simplified title and intro change: the intro follows, the override stays and is flagged.
    _set_simplified(english, "title", "新的简体标题", zh_locale)
    _set_simplified(english, "intro", "新的简体导语", zh_locale)
    assert publish_if_complete(_translation(english, zh_locale)) is not None
    converted = NewsPage.objects.get(pk=converted.pk)
    assert (converted.title, converted.intro) == ("香港式標題", "新的簡體導語")
    assert list(traditional.overrides_to_review()) == [record]

    # Saving it again in the editor marks it reviewed against the new Simplified text.
    _put(admin_client_user, _editor_url(translation, english, "title"), "香港式新標題")
    record.refresh_from_db()
    assert (record.simplified, record.needs_review) == ("新的简体标题", False)


@pytest.mark.django_db
def test_confirming_an_override_marks_it_reviewed(admin_client_user, news, zh_locale, zht_locale):
    english, _simplified, _converted = news
    translation = _translation(english, zht_locale)
    _put(admin_client_user, _editor_url(translation, english, "title"), "香港式標題")
    _set_simplified(english, "title", "新的简体标题", zh_locale)
    traditional.convert(english)
    (record,) = traditional.overrides_to_review()

    traditional.confirm_override(record)

    assert not traditional.overrides_to_review().exists()
    assert TraditionalOverride.objects.get(pk=record.pk).simplified == "新的简体标题"


@pytest.mark.django_db
def test_deleting_an_override_lets_the_conversion_fill_the_string_again(admin_client_user, news, zh_locale, zht_locale):
    english, _simplified, converted = news
    translation = _translation(english, zht_locale)
    url = _editor_url(translation, english, "title")
    _put(admin_client_user, url, "香港式標題")
    assert TraditionalOverride.objects.exists()

    assert admin_client_user.delete(url).status_code == 200

    assert not TraditionalOverride.objects.exists()
    assert publish_if_complete(_translation(english, zh_locale)) is not None
    row = _row(english, "title", zht_locale)
    assert (row.data, row.translation_type) == (to_traditional(_row(english, "title", zh_locale).data), "machine")
    assert NewsPage.objects.get(pk=converted.pk).title == html.unescape(row.data)


@pytest.mark.django_db
def test_the_status_report_lists_the_overrides_to_review(
    admin_client_user, translator_client, role_client, news, zh_locale
):
    english, _simplified, _converted = news
    translation = _translation(english, Locale.objects.get(language_code=ZHT))
    _put(admin_client_user, _editor_url(translation, english, "title"), "香港式標題")
    response = translator_client.get("/admin/reports/translation-status/")
    assert "Overrides to review" not in response.content.decode()

    _set_simplified(english, "title", "新的简体标题", zh_locale)
    traditional.convert(english)

    response = translator_client.get("/admin/reports/translation-status/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Overrides to review: 1 Traditional Chinese string whose Simplified text changed" in page
    [item] = soup_of(response).select("ul.overrides-to-review li")
    assert "香港式標題" in text_of(item) and english.title in text_of(item)
    assert item.select_one('[lang="zh-Hans"]').get_text() == "新的简体标题"  # what the override now stands against
    # The translator may not edit the Traditional page: no link; a reviewer of Traditional Chinese gets one to it.
    assert item.select_one("a") is None
    setup_roles()
    reviewer = role_client(TRADITIONAL_REVIEWERS)
    item = soup_of(reviewer.get("/admin/reports/translation-status/")).select_one("ul.overrides-to-review li")
    converted = english.get_translation(Locale.objects.get(language_code=ZHT))
    assert item.select_one("a")["href"] == f"/admin/pages/{converted.pk}/edit/"


# ---------------------------------------------------------------------------- the whole site


@pytest.mark.django_db
def test_the_command_converts_what_changed_and_a_second_run_changes_nothing(news, zh_locale, zht_locale):
    # The command writes in the active language, which an earlier test's request may have left active.
    with translation.override(EN):
        english, _simplified, converted = news
        out = io.StringIO()
        call_command("convert_to_traditional", stdout=out)
        assert out.getvalue().splitlines()[-1].startswith("Nothing changed:")

        _set_simplified(english, "intro", "命令行转换的导语", zh_locale)
        out = io.StringIO()
        call_command("convert_to_traditional", "--dry-run", stdout=out)
        assert f"news page “{english.title}”: {traditional.PUBLISHED}" in out.getvalue()
        assert out.getvalue().splitlines()[-1].startswith("Dry run: ")
        assert _row(english, "intro", zht_locale).data != "命令行轉換的導語"  # rolled back

        out = io.StringIO()
        call_command("convert_to_traditional", stdout=out)
        assert "1 converted and published" in out.getvalue()
        assert NewsPage.objects.get(pk=converted.pk).intro == "命令行轉換的導語"

        out = io.StringIO()
        call_command("convert_to_traditional", stdout=out)
        assert out.getvalue().splitlines()[-1].startswith("Nothing changed:")
        assert f": {traditional.PUBLISHED}" not in out.getvalue()


@pytest.mark.django_db
def test_the_first_run_on_a_site_made_before_traditional_chinese_makes_its_locale_and_converts(db):
    """A site deployed before issue 18 has no zh-hant Locale: the command makes it, then converts everything."""
    delete_traditional_chinese()
    with pytest.raises(CommandError):
        call_command("convert_to_traditional", "--dry-run", stdout=io.StringIO())

    out = io.StringIO()
    call_command("convert_to_traditional", stdout=out)
    assert out.getvalue().startswith("Created the zh-hant locale.")
    locale = Locale.objects.get(language_code=ZHT)
    simplified = Page.objects.live().filter(locale__language_code="zh-hans")
    assert Page.objects.live().filter(locale=locale).count() == simplified.count() > 20


@pytest.mark.slow
@pytest.mark.django_db
def test_the_loader_converts_after_translating_and_counts_it(news, zht_locale):
    _english, _simplified, converted = news
    sources = TranslationSource.objects.filter(translations__target_locale=zht_locale).count()
    converted.delete()  # wagtail-localize deletes its Translation with it

    counts = ContentLoader().run()

    assert counts["converted into zh-hant"] == 1
    assert counts["zh-hant unchanged"] == sources - 1
    assert counts["zh-hant not published"] == 0
    assert _english.get_translation(zht_locale).live
