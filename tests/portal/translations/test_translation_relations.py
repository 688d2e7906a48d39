"""Relations follow the locale: every Chinese object points at Chinese snippets, and its links at Chinese pages.

Checked generically over every foreign key, inline row and chooser block of every Chinese page and
snippet, then on the rendered Chinese pages.
"""

import pytest
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin

from components.models import CityPairing, ComponentPage
from events.models import EventPage
from news.models import NewsPage
from tests.utils import ZH, soup_of


def _related_objects(obj):
    """Yield ``(where, related object)`` for every translatable snippet ``obj`` points at.

    Foreign keys, the rows of its inline panels (ParentalKey children) and chooser blocks in its
    StreamFields. Page links are localised when shown, so they are checked on the rendered pages.
    """
    for field in obj._meta.get_fields():
        if isinstance(field, models.ForeignKey):
            target = field.related_model
            if field.name == "locale" or not issubclass(target, TranslatableMixin) or issubclass(target, Page):
                continue
            value = getattr(obj, field.name)
            if value is not None:
                yield field.name, value
        elif isinstance(field, models.ManyToOneRel) and isinstance(field.remote_field, ParentalKey):
            for row in getattr(obj, field.get_accessor_name()).all():
                for name, value in _related_objects(row):
                    yield f"{field.name}.{name}", value
        elif isinstance(field, StreamField):
            yield from _stream_objects(field.name, getattr(obj, field.name))


def _stream_objects(path, value):
    if isinstance(value, StreamValue):
        for child in value:
            yield from _stream_objects(f"{path}.{child.block_type}", child.value)
    elif isinstance(value, StructValue):
        for name, child in value.items():
            yield from _stream_objects(f"{path}.{name}", child)
    elif isinstance(value, ListValue | list):
        for child in value:
            yield from _stream_objects(path, child)
    elif isinstance(value, TranslatableMixin) and not isinstance(value, Page):
        yield path, value


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Page, CityPairing], ids=lambda model: model.__name__)
def test_chinese_objects_point_only_at_chinese_snippets(model, zh_locale):
    objects = model.objects.filter(locale=zh_locale)
    if model is Page:
        objects = objects.specific()
    checked, wrong = 0, []
    for obj in objects:
        for where, related in _related_objects(obj):
            checked += 1
            if related.locale_id != zh_locale.pk:
                wrong.append((str(obj), where, str(related)))
    assert checked, f"no relations found on Chinese {model.__name__} objects"
    assert not wrong


@pytest.mark.django_db
def test_the_relations_checked_cover_every_kind(zh_locale):
    kinds = set()
    for page in Page.objects.filter(locale=zh_locale).specific():
        kinds |= {where.split(".")[0] for where, _related in _related_objects(page)}
    for pairing in CityPairing.objects.filter(locale=zh_locale):
        kinds |= {where for where, _related in _related_objects(pairing)}
    assert {"category", "city", "related_cities", "related_pairings", "body", "eu_city", "cn_city"} <= kinds, kinds


@pytest.mark.django_db
def test_chinese_event_and_news_pages_link_to_chinese_pages(client, zh_locale):
    event = EventPage.objects.live().filter(locale=zh_locale, related_news__isnull=False).first()
    assert event is not None
    links = [a["href"] for a in soup_of(client.get(event.url)).select("main a[href]")]
    internal = [href for href in links if href.startswith("/")]
    assert internal and all(href.startswith(f"/{ZH}/") for href in internal), internal

    news = NewsPage.objects.live().filter(locale=zh_locale, related_cities__isnull=False).first()
    links = [a["href"] for a in soup_of(client.get(news.url)).select("main a[href]")]
    internal = [href for href in links if href.startswith("/") and not href.startswith("/media/")]
    assert internal and all(href.startswith(f"/{ZH}/") for href in internal), internal


@pytest.mark.django_db
def test_chinese_component_page_lists_chinese_pairings(zh_locale):
    component = ComponentPage.objects.filter(locale=zh_locale, related_pairings__isnull=False).first()
    pairings = component.get_related_pairings()
    assert pairings
    assert {p.locale_id for p in pairings} == {zh_locale.pk}
    assert {c.locale_id for p in pairings for c in (p.eu_city, p.cn_city)} == {zh_locale.pk}
