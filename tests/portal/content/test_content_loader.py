"""``load_iuc_content``: the loaded content matches the YAML, reloading is idempotent, editors' changes
are kept, ``--reset`` rebuilds, and bad content data raises CommandError without changing anything."""

import copy
import shutil
from collections import Counter

import pytest
import yaml
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from components.models import City, CityPairing
from news.models import NewsCategory
from tests.utils import CONTENT_DIR, EN, LANGUAGES, ZH, load_content, page_specs, pair

SNIPPETS = (City, CityPairing, NewsCategory)


def counts():
    """Counts of what the loader creates: pages per locale and type, snippets per locale, images, translations."""
    return {
        "pages": Counter(
            (page.locale.language_code, page.specific_class.__name__)
            for page in Page.objects.filter(depth__gt=1).select_related("locale")
        ),
        "snippets": Counter(
            (model.__name__, obj.locale.language_code)
            for model in SNIPPETS
            for obj in model.objects.select_related("locale")
        ),
        "images": get_image_model().objects.count(),
        "translation sources": TranslationSource.objects.count(),
        "translations": Translation.objects.count(),
        "string translations": StringTranslation.objects.count(),
    }


def snapshot():
    """Counts plus a fingerprint of every page (title, revisions, publication) and snippet."""
    return {
        **counts(),
        "revisions": Revision.objects.count(),
        "page fingerprint": sorted(
            Page.objects.values_list(
                "pk", "locale__language_code", "url_path", "title", "latest_revision_id", "live_revision_id", "live"
            )
        ),
        "snippet fingerprint": sorted(
            (model.__name__, obj.pk, obj.locale_id, str(obj.translation_key), str(obj))
            for model in SNIPPETS
            for obj in model.objects.all()
        ),
    }


def load(**options):
    call_command("load_iuc_content", verbosity=0, **options)


# ---------------------------------------------------------------------------- what the loader built


@pytest.mark.django_db
def test_loaded_content_matches_the_yaml(content, page_at):
    specs = page_specs(content)
    page_counts = counts()["pages"]
    for language in LANGUAGES:
        for model in {spec.model for spec in specs}:
            assert page_counts[(language, model)] == sum(spec.model == model for spec in specs), (language, model)
        for spec in specs:
            assert type(page_at(spec.path, language)).__name__ == spec.model
    snippets = counts()["snippets"]
    for language in LANGUAGES:
        assert snippets[("City", language)] == len(content["cities"])
        assert snippets[("CityPairing", language)] == len(content["pairings"])
        assert snippets[("NewsCategory", language)] == len(content["categories"])


@pytest.mark.django_db
def test_every_page_is_live_and_published_from_its_latest_revision():
    pages = Page.objects.filter(depth__gt=1)
    assert pages.exists()
    for page in pages:
        assert page.live, page.url_path
        assert not page.has_unpublished_changes, page.url_path
        assert page.live_revision_id == page.latest_revision_id, page.url_path


# ---------------------------------------------------------------------------- idempotence, editors, reset


@pytest.mark.django_db
def test_second_run_leaves_the_database_unchanged():
    before = snapshot()
    load()
    assert snapshot() == before


@pytest.mark.slow
@pytest.mark.django_db
def test_editor_changes_survive_a_reload_and_reset_restores_the_content_but_keeps_the_site(content, page_at):
    # One test for both sides of ``--reset``: a reset rebuilds the whole content, the slowest thing a test does.
    from wagtail.models import Site

    from portal.core.models import SiteSettings

    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    site_settings.contact_email = "kept@example.org"
    site_settings.save()
    before = counts()
    spec = next(spec for spec in page_specs(content) if spec.model == "NewsPage")
    english = page_at(spec.path, EN)
    english.title = "Edited by an editor"
    english.save_revision().publish()
    city = City.objects.get(locale__language_code=EN, slug=content["cities"][0]["key"])
    city.profile = "Profile rewritten by an editor."
    city.save()

    load()

    assert page_at(spec.path, EN).title == "Edited by an editor"
    assert City.objects.get(pk=city.pk).profile == "Profile rewritten by an editor."
    assert page_at(spec.path, ZH).title == pair(spec.title, ZH)

    load(reset=True)

    for language in LANGUAGES:
        assert page_at(spec.path, language).title == pair(spec.title, language)
        assert page_at(spec.path, language).live
    city = City.objects.get(locale__language_code=EN, slug=content["cities"][0]["key"])
    assert city.profile == pair(content["cities"][0]["profile"], EN)
    assert counts() == before
    assert Site.objects.get(is_default_site=True).pk == site.pk
    assert SiteSettings.for_site(Site.objects.get(pk=site.pk)).contact_email == "kept@example.org"


# ---------------------------------------------------------------------------- content data errors


def _broken_copy(tmp_path, mutate):
    """Copy the content folder into ``tmp_path`` and apply ``mutate(data)`` to its YAML files.

    ``data`` maps every top-level key of every file (``news``, ``cities``...) to that file's value,
    so ``mutate`` changes it in place without knowing which file holds what.
    """
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    files = {path: yaml.safe_load(path.read_text(encoding="utf-8")) or {} for path in sorted(folder.glob("*.yaml"))}
    mutate({key: value for data in files.values() for key, value in data.items()})
    for path, data in files.items():
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


#: A body block of the content data's format with an image (generated by the loader from its key).
IMAGE_BLOCK = {"image": {"image": "a-new-picture", "alt": {"en": "A new picture", "zh": "一张新图片"}}}


def _new_news(data, **changes):
    """Append a new news item (a copy of the first one with a new slug) to ``data``; return it."""
    item = copy.deepcopy(data["news"][0])
    item["slug"] = "a-brand-new-news-item"
    item.update(changes)
    data["news"].append(item)
    return item


def _new_event(data, **changes):
    """Append a new event (a copy of the first one with a new slug) to ``data``; return it."""
    item = copy.deepcopy(data["events"][0])
    item["slug"] = "a-brand-new-event"
    item.update(changes)
    data["events"].append(item)
    return item


def remove_city_chinese_name(data):
    del data["cities"][0]["name"]["zh"]


def remove_pairing_chinese_theme(data):
    del data["pairings"][0]["themes"][0]["zh"]


def new_news_without_chinese_title(data):
    item = _new_news(data)
    item["title"] = {"en": "A brand new news item"}


def new_news_with_a_conflicting_translation(data):
    existing = data["news"][1]["title"]
    _new_news(data, title={"en": existing["en"], "zh": existing["zh"] + "（另一种译法）"})


def new_news_linking_to_an_unknown_page(data):
    link = "See [this page](page:/no-such-page/)."
    _new_news(data, body=[{"paragraph": {"en": link, "zh": "见[此页](page:/no-such-page/)。"}}])


def new_news_with_an_unknown_city(data):
    _new_news(data, cities=["atlantis"])


def new_page_with_an_unknown_pairing(data):
    child = copy.deepcopy(data["cities_pages"]["children"][0])
    child["slug"] = "a-new-cities-page"
    child["body"] = [{"pairing_list": {"heading": {"en": "H", "zh": "标题"}, "pairings": ["nowhere-nohow"]}}]
    data["cities_pages"]["children"].append(child)


def new_event_without_chinese_venue(data):
    _new_event(data, venue={"en": "Somewhere"})


def new_news_with_an_unknown_category(data):
    _new_news(data, category="no-such-category")


def new_event_with_an_unknown_time_zone(data):
    _new_event(data, timezone="Mars/Olympus_Mons")


def new_city_with_an_unknown_time_zone(data):
    item = copy.deepcopy(data["cities"][0])
    item["key"], item["time_zone"] = "atlantis", "Mars/Olympus_Mons"
    data["cities"].append(item)


def new_event_with_a_malformed_date(data):
    _new_event(data, start="2018-13-40")


def new_event_about_unknown_news(data):
    _new_event(data, news="no-such-news")


def new_pairing_with_an_unknown_city(data):
    item = copy.deepcopy(data["pairings"][0])
    item["key"], item["eu_city"] = "atlantis-chongqing", "atlantis"
    data["pairings"].append(item)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mutate",
    [
        new_news_with_an_unknown_category,
        new_event_with_an_unknown_time_zone,
        new_city_with_an_unknown_time_zone,
        new_event_with_a_malformed_date,
        new_event_about_unknown_news,
        new_pairing_with_an_unknown_city,
    ],
)
def test_malformed_content_is_a_command_error_not_a_traceback(tmp_path, mutate):
    folder = _broken_copy(tmp_path, mutate)
    before = snapshot()
    with pytest.raises(CommandError, match="nothing was changed"):
        load(content_dir=str(folder))
    assert snapshot() == before


def _stored_image_files():
    storage = get_image_model()._meta.get_field("file").storage
    if not storage.exists("original_images"):
        return set()
    return set(storage.listdir("original_images")[1])


@pytest.mark.django_db
def test_failed_load_removes_the_image_files_it_wrote(tmp_path):
    def new_news_with_image_then_unknown_city(data):
        _new_news(data, cities=["atlantis"], body=[IMAGE_BLOCK])

    folder = _broken_copy(tmp_path, new_news_with_image_then_unknown_city)
    files_before = _stored_image_files()
    with pytest.raises(CommandError):
        load(content_dir=str(folder))
    assert _stored_image_files() == files_before


@pytest.mark.django_db
def test_reload_does_not_recreate_an_image_an_editor_deleted(tmp_path):
    from news.models import NewsPage

    folder = _broken_copy(tmp_path, lambda data: _new_news(data, body=[IMAGE_BLOCK]))  # a valid copy
    load(content_dir=str(folder))
    page = NewsPage.objects.get(slug="a-brand-new-news-item", locale__language_code=EN)
    image = get_image_model().objects.get(pk=page.body[0].value["image"].pk)
    assert image.title == "A new picture"
    image.delete()
    before = get_image_model().objects.count()
    load(content_dir=str(folder))
    assert get_image_model().objects.count() == before


@pytest.mark.django_db
def test_reload_recreates_a_deleted_chinese_translation(get_page, content):
    from news.models import NewsPage

    item = content["news"][0]
    get_page(NewsPage, ZH, f"/news/{item['slug']}/").delete()
    load()
    chinese = get_page(NewsPage, ZH, f"/news/{item['slug']}/")
    assert chinese.live
    assert chinese.title == pair(item["title"], ZH)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mutate",
    [
        remove_city_chinese_name,
        remove_pairing_chinese_theme,
        new_news_without_chinese_title,
        new_news_with_a_conflicting_translation,
        new_news_linking_to_an_unknown_page,
        new_news_with_an_unknown_city,
        new_page_with_an_unknown_pairing,
        new_event_without_chinese_venue,
    ],
)
def test_content_error_raises_command_error_and_changes_nothing(tmp_path, mutate):
    folder = _broken_copy(tmp_path, mutate)
    before = snapshot()
    with pytest.raises(CommandError):
        load(content_dir=str(folder))
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["news.yaml", "cities.yaml"])
def test_unreadable_content_file_raises_command_error_and_changes_nothing(tmp_path, name):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    (folder / name).write_text("news: [unclosed\n  - {en: 'x'", encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError):
        load(content_dir=str(folder))
    assert snapshot() == before


@pytest.mark.django_db
def test_missing_content_file_raises_command_error(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    (folder / "events.yaml").unlink()
    before = snapshot()
    with pytest.raises(CommandError):
        load(content_dir=str(folder))
    assert snapshot() == before


def remove_about_title_chinese(data):
    del data["about"]["title"]["zh"]


def about_paragraph_links_to_an_unknown_page(data):
    block = next(block for block in data["about"]["body"] if "paragraph" in block)
    block["paragraph"] = {"en": "See [this](page:/no-such-page/).", "zh": "见[此页](page:/no-such-page/)。"}


def remove_home_intro_chinese(data):
    del data["home"]["intro"]["zh"]


def existing_news_with_an_unknown_city(data):
    data["news"][0]["cities"] = [*data["news"][0].get("cities", []), "atlantis"]


def existing_component_with_an_unknown_pairing(data):
    data["components"][0]["related_pairings"] = [*data["components"][0]["related_pairings"], "nowhere-nohow"]


def existing_event_with_an_unknown_city(data):
    data["events"][0]["city"] = "atlantis"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mutate",
    [
        remove_about_title_chinese,
        about_paragraph_links_to_an_unknown_page,
        remove_home_intro_chinese,
        existing_news_with_an_unknown_city,
        existing_component_with_an_unknown_pairing,
        existing_event_with_an_unknown_city,
    ],
)
def test_content_error_in_an_existing_page_is_reported(tmp_path, mutate):
    """A data error must be reported even when the page it belongs to was loaded before."""
    folder = _broken_copy(tmp_path, mutate)
    before = snapshot()
    with pytest.raises(CommandError):
        load(content_dir=str(folder))
    assert snapshot() == before


@pytest.mark.slow
@pytest.mark.django_db
def test_failed_reset_rolls_everything_back(tmp_path):
    folder = _broken_copy(tmp_path, remove_city_chinese_name)
    before = snapshot()
    with pytest.raises(CommandError):
        load(content_dir=str(folder), reset=True)
    assert snapshot() == before


def test_content_data_has_a_chinese_string_for_every_english_one():
    """The YAML itself: every ``{en, zh}`` pair has both halves; one English string has one translation."""
    pairs = []
    translations = {}
    problems = []

    def walk(node, where):
        if isinstance(node, dict):
            if "en" in node or "zh" in node:
                pairs.append(node)
                english, chinese = str(node.get("en") or "").strip(), str(node.get("zh") or "").strip()
                if not english or not chinese:
                    problems.append(f"{where}: incomplete pair {node!r}")
                elif translations.setdefault(english, chinese) != chinese:
                    problems.append(f"{where}: {english!r} has two Chinese translations")
                return
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    walk(load_content(), "content")
    assert pairs
    assert not problems, problems
