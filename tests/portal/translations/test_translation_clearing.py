"""Clearing a link or removing an inline row or block on the English source clears it on the translation.

Through the admin's edit views, as a member of "Editors": the English change is published and the
sync (``portal.translations.rules``) brings the Chinese page up to date. A snippet chosen in a
foreign key leaves no segment once it is cleared, so ``portal.translations.overrides.fields`` makes
an empty value follow the source; inline rows and StreamField blocks already come from the source.
"""

import pytest
from wagtail.models import get_translatable_models
from wagtail_localize.fields import TranslatableField as UpstreamTranslatableField
from wagtail_localize.fields import get_translatable_fields

from events.models import EventPage
from news.models import NewsPage
from portal.translations.overrides.fields import TranslatableField
from tests.admin_forms import submit_edit_form
from tests.components.factories import CityFactory
from tests.events.factories import EventPageFactory
from tests.factories import translated_pair
from tests.news.factories import NewsCategoryFactory, NewsPageFactory


@pytest.fixture
def cities(en_locale):
    """Two translated cities: ``[(english, chinese), (english, chinese)]``."""
    return [translated_pair(CityFactory), translated_pair(CityFactory)]


@pytest.fixture
def news(cities, get_page):
    """``(english, chinese)``: a translated news page with a category, two related cities and a body that
    lists both cities and calls to action towards another page."""
    category, _chinese_category = translated_pair(NewsCategoryFactory)
    (first, _), (second, _) = cities
    other = get_page(NewsPage, "en")
    body = [
        ("city_list", {"heading": "Cities", "cities": [first, second]}),
        ("call_to_action", {"text": "Read the story", "page": other, "link_text": "Read"}),
        ("paragraph", "<p>Delegates met in Tianjin.</p>"),
    ]
    return translated_pair(NewsPageFactory, category=category, cities=[first, second], body=body)


def _publish(client, page, **changes):
    response = submit_edit_form(client, f"/admin/pages/{page.pk}/edit/", type(page), **changes)
    assert response.redirect_chain == [(f"/admin/pages/{page.get_parent().pk}/", 302)], response.redirect_chain
    return type(page).objects.get(pk=page.pk)


@pytest.mark.django_db
def test_clearing_an_events_city_clears_it_on_the_chinese_event(editor_client, cities):
    (city, chinese_city), _other = cities
    english, chinese = translated_pair(EventPageFactory, city=city, venue="Conference hall")
    assert chinese.city_id == chinese_city.pk

    english = _publish(editor_client, english, city="")
    assert english.city is None
    chinese = EventPage.objects.get(pk=chinese.pk)
    assert chinese.city is None
    assert chinese.live and not chinese.has_unpublished_changes
    assert chinese.venue == "译：Conference hall"

    # Choosing a city again brings the Chinese city back.
    _publish(editor_client, english, city=str(city.pk))
    assert EventPage.objects.get(pk=chinese.pk).city_id == chinese_city.pk


@pytest.mark.django_db
def test_clearing_a_news_pages_category_clears_it_on_the_chinese_page(editor_client, news):
    english, chinese = news
    assert chinese.category is not None
    _publish(editor_client, english, category="")
    chinese = NewsPage.objects.get(pk=chinese.pk)
    assert chinese.category is None
    assert chinese.live and not chinese.has_unpublished_changes


@pytest.mark.django_db
def test_a_related_city_row_deleted_in_english_is_gone_from_the_chinese_page(editor_client, news, cities):
    english, chinese = news
    (_first, chinese_first), (_second, chinese_second) = cities
    assert list(chinese.related_cities.values_list("city", flat=True)) == [chinese_first.pk, chinese_second.pk]

    _publish(editor_client, english, **{"related_cities-1-DELETE": "on"})
    chinese = NewsPage.objects.get(pk=chinese.pk)
    assert list(chinese.related_cities.values_list("city", flat=True)) == [chinese_first.pk]
    assert chinese.live and not chinese.has_unpublished_changes


@pytest.mark.django_db
def test_choosers_removed_from_english_blocks_are_gone_from_the_chinese_body(editor_client, news, cities):
    english, chinese = news
    (_first, chinese_first), _second = cities
    english = _publish(
        editor_client,
        english,
        **{"body-0-value-cities-1-deleted": "1", "body-1-deleted": "1"},  # the second city; the call to action
    )
    assert [block.block_type for block in english.body] == ["city_list", "paragraph"]
    chinese = NewsPage.objects.get(pk=chinese.pk)
    assert [block.block_type for block in chinese.body] == ["city_list", "paragraph"]
    assert [city.pk for city in chinese.body[0].value["cities"]] == [chinese_first.pk]
    assert chinese.body[0].value["heading"] == "译：Cities"
    assert chinese.live and not chinese.has_unpublished_changes


def _nullable_translated_fields():
    """Yield ``(model, TranslatableField)`` for each translated field of a translatable model that can be None."""
    for model in get_translatable_models(include_subclasses=True):
        for translatable in get_translatable_fields(model):
            field = translatable.get_field(model)
            if isinstance(translatable, UpstreamTranslatableField) and field.concrete and field.null:
                yield model, translatable


def test_the_nullable_translated_fields_include_the_choosers_editors_clear():
    found = {(model, translatable.field_name) for model, translatable in _nullable_translated_fields()}
    assert {(EventPage, "city"), (NewsPage, "category")} <= found


def test_every_nullable_translated_field_follows_the_source_when_cleared():
    """Upstream's TranslatableField leaves the translation's old value when the source is emptied."""
    wrong = [
        f"{model.__name__}.{translatable.field_name}"
        for model, translatable in _nullable_translated_fields()
        if not isinstance(translatable, TranslatableField)
    ]
    assert not wrong, f"declare these with portal.translations.overrides.fields.TranslatableField: {wrong}"


@pytest.mark.django_db
def test_a_cleared_foreign_key_is_synchronised_and_a_chosen_one_is_translated():
    event = EventPage(city=None)
    city_field = next(field for field in EventPage.translatable_fields if field.field_name == "city")
    assert city_field.is_synchronized(event)
    event.city_id = 1
    assert not city_field.is_synchronized(event)
    assert city_field.is_translated(event)
