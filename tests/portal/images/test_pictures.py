"""Content images as ``<picture>``: AVIF, WebP and a JPEG fallback, widths and ``sizes`` per layout.

The programme's news have no pictures (the seed has none); the pages and cards without one show no box.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage
from tests.factories import ImageFactory
from tests.news.factories import NewsPageFactory
from tests.utils import CONTENT, EN, soup_of

FULL_WIDTH = "(min-width: 50rem) 46rem, 100vw"
CARD = "(min-width: 60rem) 32rem, 100vw"


def picture_of(element):
    """Return ``{type: [(url, width descriptor)]}`` of a ``<picture>``'s sources and its ``<img>``."""
    found = {}
    for source in element.select("source"):
        found[source["type"]] = [tuple(part.split()) for part in source["srcset"].split(", ")]
    image = element.select_one("img")
    found["img"] = [tuple(part.split()) for part in image["srcset"].split(", ")]
    return found


def widths(found):
    return {kind: [descriptor for _url, descriptor in candidates] for kind, candidates in found.items()}


def extensions(found):
    return {kind: {url.rsplit(".", 1)[1] for url, _descriptor in candidates} for kind, candidates in found.items()}


@pytest.mark.django_db
def test_a_news_hero_is_a_picture_in_three_formats_and_three_widths(client):
    page = NewsPageFactory(hero_image=ImageFactory(), hero_image_alt="Delegates in Tianjin")
    soup = soup_of(client.get(page.url))
    picture = soup.select_one("figure.hero-image picture")
    found = picture_of(picture)
    assert widths(found) == {kind: ["480w", "800w", "1200w"] for kind in ("image/avif", "image/webp", "img")}
    assert extensions(found) == {"image/avif": {"avif"}, "image/webp": {"webp"}, "img": {"jpg"}}
    image = picture.select_one("img")
    assert image["alt"] == "Delegates in Tianjin"
    assert (image["width"], image["height"]) == ("480", "270")  # the aspect ratio, reserved before it loads
    assert image["sizes"] == FULL_WIDTH == picture.select_one("source")["sizes"]
    assert image.get("loading") is None and image["fetchpriority"] == "high"  # above the fold
    assert image["src"].endswith(".jpg")


@pytest.mark.django_db
def test_a_body_image_is_a_lazy_picture_with_its_alternative_text(client, get_page):
    page = get_page(StandardPage, EN, f"/{CONTENT['about']['slug']}/")
    image = ImageFactory()
    page.body = [*((block.block_type, block.value) for block in page.body)] + [
        ("image", {"image": image, "alt_text": "A harbour at dusk", "caption": "Harbour"})
    ]
    page.save_revision().publish()
    figure = soup_of(client.get(page.url)).select_one("figure.block-image")
    found = picture_of(figure.select_one("picture"))
    assert widths(found)["image/avif"] == ["480w", "800w", "1200w"]
    assert extensions(found) == {"image/avif": {"avif"}, "image/webp": {"webp"}, "img": {"jpg"}}
    img = figure.select_one("img")
    assert (img["alt"], img["loading"], img["decoding"], img["sizes"]) == (
        "A harbour at dusk",
        "lazy",
        "async",
        FULL_WIDTH,
    )
    assert figure.select_one("figcaption").get_text() == "Harbour"


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_news_cards_are_16_by_9_pictures_at_one_and_two_times_the_card_width(client):
    page = NewsPageFactory(hero_image=ImageFactory(), date=datetime.date(2030, 1, 1))  # the newest: first on the index
    index = NewsIndexPage.objects.get(locale__language_code=EN)
    card = soup_of(client.get(index.url)).select_one(f'.card:has(a[href="{page.url}"])')
    found = picture_of(card.select_one("picture"))
    assert widths(found) == {kind: ["480w", "960w"] for kind in ("image/avif", "image/webp", "img")}
    img = card.select_one("img.news-item__image")
    assert (img["width"], img["height"], img["alt"]) == ("480", "270", "")  # the title beside it says what it is
    assert (img["loading"], img["sizes"]) == ("lazy", CARD)


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_news_without_a_picture_show_no_image_box(client):
    index = NewsIndexPage.objects.get(locale__language_code=EN)
    assert not NewsPage.objects.filter(hero_image__isnull=False).exists()
    soup = soup_of(client.get(index.url))
    assert soup.select(".card") and not soup.select(".card picture, .card img, .news-item__image")
    news = soup_of(client.get(NewsPage.objects.live().filter(locale__language_code=EN).first().url))
    assert not news.select("figure.hero-image, article picture")


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_the_news_index_reads_the_renditions_of_all_its_cards_at_once(client):
    index = NewsIndexPage.objects.get(locale__language_code=EN)

    images = []

    def queries_with_images(count):
        for number in range(count):
            images.append(ImageFactory())
            NewsPageFactory(hero_image=images[-1], date=datetime.date(2030, 1, number + 1))
        client.get(index.url)  # makes the renditions
        with CaptureQueriesContext(connection) as queries:
            response = client.get(index.url)
        assert len(soup_of(response).select("img.news-item__image")) == min(
            NewsPage.objects.filter(hero_image__isnull=False, locale__language_code=EN).count(), 12
        )
        return len(queries)

    assert queries_with_images(1) == queries_with_images(3)
    renditions = get_image_model().get_rendition_model().objects.filter(image__in=images)
    assert renditions.count() == 4 * 6  # 3 formats x 2 widths per card


# ---------------------------------------------------------------------------- the admin, as each role


def _png(colour):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 36), colour).save(buffer, "PNG")
    return SimpleUploadedFile("harbour.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_an_editor_uploads_an_image_with_its_credit_and_licence(editor_client):
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "Harbour", "file": _png("navy"), "collection": Collection.get_first_root_node().pk,
         "credit": "City of Mannheim", "licence": "CC BY 4.0"},
    )  # fmt: skip
    assert response.status_code == 302, response.content[:2000]
    image = get_image_model().objects.get(title="Harbour")
    assert (image.credit, image.licence) == ("City of Mannheim", "CC BY 4.0")
    edit = editor_client.get(reverse("wagtailimages:edit", args=[image.pk]))
    assert {"credit", "licence"} <= {field["name"] for field in soup_of(edit).select("input[name]")}
    assert editor_client.get(reverse("wagtailimages_chooser:choose")).status_code == 200


@pytest.mark.django_db
def test_a_chinese_translator_chooses_images_but_does_not_upload_them(translator_client):
    image = ImageFactory()
    chooser = translator_client.get(reverse("wagtailimages_chooser:choose"))
    assert chooser.status_code == 200 and image.title in chooser.content.decode()
    response = translator_client.post(
        reverse("wagtailimages:add"), {"title": "Harbour", "file": _png("teal"), "credit": "", "licence": ""}
    )
    assert response.status_code in (302, 403) and not get_image_model().objects.filter(title="Harbour").exists()
