"""``generate_content``: generated news and events are complete, published wagtail-localize translations, row for
row what the seed loader's one-at-a-time path writes; the command tops up (additive, idempotent) and refuses bad
arguments with a clear error."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from events.models import EventIndexPage, EventPage
from news.models import NewsIndexPage, NewsPage
from portal.content.generator import GENERATED_SLUG_RE, Vocabulary, event_spec, generated_news, news_spec
from tests.portal.content.rows import differences, rows_of, write_in_bulk, write_through_wagtail
from tests.utils import EN, ZH, ZHT, assert_localize_translation, has_cjk, soup_of, text_of

TOOL_NAME = "generate_content"


def generate(**options):
    call_command("generate_content", verbosity=0, **options)


def generated(model, language):
    return model.objects.filter(locale__language_code=language, slug__regex=GENERATED_SLUG_RE.pattern)


class Rollback(Exception):
    """Raised to undo a block's writes."""


def rows_written(write):
    """Return ``rows_of`` the pair ``write()`` returns, then undo its writes."""
    try:
        with transaction.atomic():
            english, chinese = write()
            rows = rows_of(english, chinese)
            raise Rollback
    except Rollback:
        return rows


# ---------------------------------------------------------------------------- what the command makes


@pytest.mark.django_db
def test_generated_news_and_events_are_published_chinese_translations_in_both_languages(client, zh_locale):
    generate(news=30, events=10)

    for model, wanted in ((NewsPage, 30), (EventPage, 10)):
        english_pages = list(generated(model, EN))
        assert len(english_pages) == wanted
        assert generated(model, ZH).count() == wanted
        for english in english_pages:
            chinese = english.get_translation(zh_locale)
            for page in (english, chinese):
                assert page.live and not page.has_unpublished_changes, page.url_path
                assert page.live_revision_id == page.latest_revision_id, page.url_path
            assert_localize_translation(english, chinese, zh_locale)
            assert has_cjk(chinese.title) and not has_cjk(english.title), (english.title, chinese.title)
            assert chinese.slug == english.slug
    # Rendered in both languages: the title in the <h1>, the body in the page's own language.
    for model in (NewsPage, EventPage):
        english = generated(model, EN).order_by("path").first()
        chinese = english.get_translation(zh_locale)
        for page in (english, chinese):
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            assert text_of(soup_of(response).find("h1")) == page.title
        assert english.url.startswith("/en/") and chinese.url.startswith("/zh-hans/")


@pytest.mark.django_db
def test_generated_chinese_page_opens_in_the_translation_editor(client, zh_locale):
    generate(news=3)
    chinese = generated(NewsPage, ZH).first()
    client.force_login(get_user_model().objects.create_superuser("generator-admin", "a@example.org", "pw"))

    response = client.get(f"/admin/pages/{chinese.pk}/edit/")

    assert response.status_code == 200
    assert b"translation-editor" in response.content
    assert chinese.title.encode() in response.content


@pytest.mark.django_db
def test_news_dates_lie_in_the_programme_years_and_some_events_in_the_future():
    generate(news=40, events=40)
    years = {page.date.year for page in generated(NewsPage, EN)}
    assert years <= {2017, 2018, 2019, 2020} and len(years) > 1
    starts = [page.start for page in generated(EventPage, EN)]
    assert any(start > timezone.now() for start in starts)
    assert any(start.year in range(2017, 2021) for start in starts)


@pytest.mark.django_db
def test_the_seed_loader_still_finds_everything_in_place():
    generate(news=5, events=2)
    before = Page.objects.count()

    call_command("load_iuc_content", verbosity=0)

    assert Page.objects.count() == before


# ---------------------------------------------------------------------------- the same rows as the slow path

#: Items whose specs between them have every block and field the generator makes (headings, quotes, key
#: figures, related cities or none, timed and all-day events, with and without venue, organiser, news...).
NEWS_NUMBERS = range(1, 9)
EVENT_NUMBERS = range(1, 9)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["news", "event"])
def test_bulk_writer_writes_the_rows_of_the_one_at_a_time_path(kind, en_locale, zh_locale):
    vocabulary = Vocabulary.load()
    news_pages = {1: NewsPage.objects.filter(locale=en_locale).first()}
    if kind == "news":
        index = NewsIndexPage.objects.get(locale=en_locale)
        specs = [lambda n=n: news_spec(vocabulary, 7, n) for n in NEWS_NUMBERS]
    else:
        index = EventIndexPage.objects.get(locale=en_locale)
        today = timezone.localdate()
        specs = [lambda n=n: event_spec(vocabulary, 7, n, today, news_pages) for n in EVENT_NUMBERS]
    blocks = set()
    for spec in specs:
        blocks |= {block["type"] for block in spec().fields.get("body", spec().fields.get("description"))}

        expected = rows_written(lambda spec=spec: write_through_wagtail(spec(), index, zh_locale, TOOL_NAME))
        actual = rows_written(lambda spec=spec: write_in_bulk([spec()], index, zh_locale, TOOL_NAME)[0])

        assert differences(expected, actual) == []
        assert expected["string translations"] and expected["segments"]["strings"]
    if kind == "news":
        assert {"paragraph", "heading", "quote", "key_figure"} <= blocks


# ---------------------------------------------------------------------------- topping up


def fingerprint():
    return sorted(Page.objects.values_list("pk", "url_path", "title", "latest_revision_id", "live"))


@pytest.mark.django_db
def test_running_again_tops_up_to_the_numbers_and_otherwise_changes_nothing():
    generate(news=4, events=2)
    first = {page.slug: page.pk for page in generated(NewsPage, EN)}

    generate(news=6, events=2)
    after_top_up = fingerprint()
    generate(news=6, events=2)
    generate(news=3, events=1)  # fewer than there are: nothing is deleted

    slugs = {page.slug: page.pk for page in generated(NewsPage, EN)}
    assert len(slugs) == 6 and generated(NewsPage, ZH).count() == 6
    assert {slug: slugs[slug] for slug in first} == first
    assert generated(EventPage, EN).count() == 2
    assert fingerprint() == after_top_up


@pytest.mark.django_db
def test_an_item_is_the_same_for_a_seed_whatever_the_runs(en_locale):
    generate(news=2, seed=5)
    generate(news=4, seed=5)
    vocabulary = Vocabulary.load()
    index = NewsIndexPage.objects.get(locale=en_locale)

    pages = generated_news(index)
    assert sorted(pages) == [1, 2, 3, 4]
    for number, page in pages.items():
        spec = news_spec(vocabulary, 5, number)
        assert (page.slug, NewsPage.objects.get(pk=page.pk).title) == (spec.slug, spec.fields["title"])
    assert news_spec(vocabulary, 6, 1).slug != news_spec(vocabulary, 5, 1).slug


# ---------------------------------------------------------------------------- bad arguments


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--news", "-3"], "-3 is not between 0 and 100,000"),
        (["--events", "many"], "“many” is not a whole number"),
        (["--news", "100001"], "100001 is not between 0 and 100,000"),
        (["--news", "5", "--batch-size", "0"], "--batch-size must be at least 1"),
        (["--seed", "1.5"], "“1.5” is not a whole number"),
    ],
)
def test_bad_arguments_are_a_clear_error_and_change_nothing(options, message):
    before = Page.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("generate_content", *options, verbosity=0)
    assert Page.objects.count() == before


@pytest.mark.django_db
def test_without_the_chinese_news_index_it_says_to_load_the_seed_content(zh_locale):
    NewsIndexPage.objects.get(locale=zh_locale).delete()
    with pytest.raises(CommandError, match="load_iuc_content"):
        generate(news=1)


@pytest.mark.django_db
def test_generated_pages_have_their_traditional_translation_as_the_conversion_makes_it(zht_locale):
    from portal.chinese.conversion import simplified_left
    from portal.translations import traditional

    generate(news=3, events=2)

    for model in (NewsPage, EventPage):
        converted = generated(model, ZHT)
        assert len(converted) == (3 if model is NewsPage else 2)
        for page in converted:
            assert page.live and not page.has_unpublished_changes
            assert simplified_left(page.title) == []
            english = page.get_translation(Locale.get_default())
            # The conversion finds nothing to change: the bulk rows are those it would write.
            assert traditional.convert(english).status == traditional.UNCHANGED
