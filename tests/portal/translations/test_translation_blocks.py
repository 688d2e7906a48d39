"""StreamField in depth: every shared block's value goes through wagtail-localize and comes back intact.

A page is built with one block of every type in ``BodyStreamBlock`` (struct values, list values,
choosers, rich text with an internal link, an image with alt text and caption, a table...), its
strings are translated through a PO file as a translator's tool would, and the translated page is
compared block by block with the source.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from components.blocks import BodyStreamBlock
from components.models import City, CityPairing
from home.models import StandardPage
from news.models import NewsPage
from tests.factories import ImageFactory
from tests.home.factories import StandardPageFactory
from tests.utils import ZH, text_of

MARK = "译："


def _sample_body(en_locale):
    """Raw StreamField data with one block of every type, pointing at real English objects."""
    image = ImageFactory()
    document = get_document_model().objects.create(title="Annual report")
    document.file.save("annual-report.txt", ContentFile(b"IUC Asia annual report"), save=True)
    news = NewsPage.objects.filter(locale=en_locale).order_by("path").first()
    pairings = list(CityPairing.objects.filter(locale=en_locale).order_by("pk")[:2])
    cities = list(City.objects.filter(locale=en_locale).order_by("slug")[:3])
    return {
        "heading": {"text": "Cooperation in practice", "level": "h2"},
        "paragraph": f'<p>Read <a linktype="page" id="{news.pk}">the mission report</a> and <b>act</b>.</p>',
        "image": {"image": image.pk, "alt_text": "Delegates at a workshop", "caption": "Workshop, 2018"},
        "quote": {"text": "Cities lead on climate.", "attribution": "A mayor"},
        "key_figure": {"value": "54%", "label": "of people live in cities"},
        "call_to_action": {"text": "See the news", "page": news.pk, "link_text": "Open"},
        "pairing_list": {
            "heading": "Pairings",
            "pairings": [{"type": "item", "value": p.pk, "id": f"p{i}"} for i, p in enumerate(pairings)],
        },
        "city_list": {
            "heading": "Cities",
            "cities": [{"type": "item", "value": c.pk, "id": f"c{i}"} for i, c in enumerate(cities)],
        },
        "document": {"document": document.pk, "title": "Download the report"},
        "embed": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "table": {
            "data": [["City", "Pilot year"], ["Mannheim", "2017"], ["", "—"]],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Pilot cities",
        },
    }, {"news": news, "pairings": pairings, "cities": cities, "image": image, "document": document}


def _translate_everything(source, locale):
    """Translate each string of ``source`` into ``locale`` as ``MARK + English`` (markup kept) via a PO file."""
    translation_record, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = translation_record.export_po()
    for entry in po:
        entry.msgstr = MARK + entry.msgid
    warnings = translation_record.import_po(po, tool_name="test")
    assert not warnings
    return translation_record


@pytest.fixture
def round_trip(en_locale, zh_locale):
    """Create the sample page in English, translate it, publish the translation; return both and the objects."""
    raw, objects = _sample_body(en_locale)
    english = StandardPageFactory(
        title="All blocks", body=[{"type": kind, "value": value, "id": f"block-{kind}"} for kind, value in raw.items()]
    )
    source, _created = TranslationSource.get_or_create_from_instance(english)
    _translate_everything(source, zh_locale)
    chinese, _created = source.create_or_update_translation(zh_locale, publish=False, fallback=False)
    chinese.get_latest_revision().publish()
    chinese = StandardPage.objects.get(pk=chinese.pk)
    return english, chinese, objects, source


@pytest.mark.django_db
def test_every_shared_block_has_a_round_trip_sample(en_locale):
    raw, _objects = _sample_body(en_locale)
    assert set(raw) == set(BodyStreamBlock.base_blocks), "add a sample for each new block"


@pytest.mark.django_db
def test_every_text_value_of_every_block_is_a_translatable_segment(round_trip):
    _english, _chinese, _objects, source = round_trip
    paths = set(StringSegment.objects.filter(source=source).values_list("context__path", flat=True))
    expected = {
        "body.block-heading.text",
        "body.block-image.alt_text",
        "body.block-image.caption",
        "body.block-quote.text",
        "body.block-quote.attribution",
        "body.block-key_figure.value",
        "body.block-key_figure.label",
        "body.block-call_to_action.text",
        "body.block-call_to_action.link_text",
        "body.block-pairing_list.heading",
        "body.block-city_list.heading",
        "body.block-document.title",
        "body.block-table.caption",
        "body.block-table.r0c0",
        "body.block-table.r2c1",
    }
    assert expected <= paths, expected - paths
    assert "body.block-paragraph" in paths  # the rich text paragraph, one segment per sentence
    assert "body.block-table.r2c0" not in paths  # empty cells have nothing to translate


@pytest.mark.django_db
def test_translated_blocks_keep_their_order_ids_and_structure(round_trip):
    english, chinese, _objects, _source = round_trip
    assert [(b.block_type, b.id) for b in chinese.body] == [(b.block_type, b.id) for b in english.body]


@pytest.mark.django_db
def test_translated_struct_values_carry_the_translation(round_trip):
    _english, chinese, objects, _source = round_trip
    blocks = {block.block_type: block.value for block in chinese.body}
    assert blocks["heading"]["text"] == MARK + "Cooperation in practice"
    assert blocks["heading"]["level"] == "h2"
    assert blocks["quote"]["text"] == MARK + "Cities lead on climate."
    assert blocks["quote"]["attribution"] == MARK + "A mayor"
    assert blocks["key_figure"]["label"] == MARK + "of people live in cities"
    assert blocks["call_to_action"]["link_text"] == MARK + "Open"
    assert blocks["document"]["title"] == MARK + "Download the report"
    assert blocks["document"]["document"] == objects["document"]
    assert blocks["embed"].url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.django_db
def test_image_block_keeps_the_image_and_translates_alt_text_and_caption(round_trip):
    _english, chinese, objects, _source = round_trip
    image_block = next(block.value for block in chinese.body if block.block_type == "image")
    assert image_block["image"] == objects["image"]
    assert image_block["alt_text"] == MARK + "Delegates at a workshop"
    assert image_block["caption"] == MARK + "Workshop, 2018"


@pytest.mark.django_db
def test_list_values_of_snippets_point_at_the_chinese_snippets(round_trip, zh_locale):
    _english, chinese, objects, _source = round_trip
    blocks = {block.block_type: block.value for block in chinese.body}
    pairings = list(blocks["pairing_list"]["pairings"])
    cities = list(blocks["city_list"]["cities"])
    assert [p.translation_key for p in pairings] == [p.translation_key for p in objects["pairings"]]
    assert [c.translation_key for c in cities] == [c.translation_key for c in objects["cities"]]
    assert {p.locale_id for p in pairings} == {zh_locale.pk}
    assert {c.locale_id for c in cities} == {zh_locale.pk}
    assert blocks["pairing_list"]["heading"] == MARK + "Pairings"


@pytest.mark.django_db
def test_table_cells_and_caption_come_back_translated_in_place(round_trip):
    _english, chinese, _objects, _source = round_trip
    table = next(block.value for block in chinese.body if block.block_type == "table")
    assert table["table_caption"] == MARK + "Pilot cities"
    assert table["data"] == [
        [MARK + "City", MARK + "Pilot year"],
        [MARK + "Mannheim", MARK + "2017"],
        ["", MARK + "—"],
    ]


@pytest.mark.django_db
def test_rich_text_keeps_its_markup_and_links_to_the_chinese_page(round_trip):
    _english, chinese, objects, _source = round_trip
    paragraph = next(block for block in chinese.body if block.block_type == "paragraph")
    link = BeautifulSoup(paragraph.value.source, "html.parser").find("a")
    assert link.attrs == {"linktype": "page", "id": str(objects["news"].pk)}
    assert link.get_text() == "the mission report"
    assert paragraph.value.source.startswith(f"<p>{MARK}Read <a ")
    assert "<b>act</b>" in paragraph.value.source
    chinese_news = objects["news"].get_translation(Locale.objects.get(language_code=ZH))
    with translation.override(ZH):
        rendered = paragraph.render()
        cta = next(block for block in chinese.body if block.block_type == "call_to_action").render()
    assert f'href="{chinese_news.url}"' in rendered
    assert chinese_news.url.startswith("/zh-hans/")
    assert f'href="{chinese_news.url}"' in cta


@pytest.mark.django_db
def test_the_translated_page_renders_every_block(round_trip, client):
    _english, chinese, _objects, _source = round_trip
    # The embed provider is not reachable from here; everything else must render.
    chinese.body = [(block.block_type, block.value) for block in chinese.body if block.block_type != "embed"]
    chinese.save_revision().publish()
    response = client.get(chinese.url)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    # What a reader meets: the text (Latin names marked inside it read as part of it) and the images' alt text.
    shown = text_of(page.body) + " " + " ".join(image.get("alt", "") for image in page.find_all("img"))
    for fragment in ("Cooperation in practice", "Delegates at a workshop", "Pilot cities", "Download the report"):
        assert MARK + fragment in shown
