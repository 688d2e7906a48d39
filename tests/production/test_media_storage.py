"""Media on the S3-compatible server: upload in the admin, render with a rendition, read back, delete."""

import io
import urllib.request

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from news.models import NewsPage
from tests.production.conftest import bucket_keys, s3_client
from tests.utils import EN, soup_of

pytestmark = pytest.mark.django_db


def png_bytes(width, height, colour=(200, 30, 60)):
    """A PNG image of ``width`` × ``height`` pixels (bytes)."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def fetch(url):
    """GET ``url`` anonymously; return (status, content type, body bytes)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read()


def admin_upload(client, url_name, title, filename, content, content_type):
    """POST ``content`` (bytes) as ``filename`` to the admin's add view ``url_name``; return the response."""
    return client.post(
        reverse(url_name),
        {
            "title": title,
            "file": SimpleUploadedFile(filename, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
        },
        secure=True,
    )


def object_bytes(name):
    """The bytes stored in the media bucket under the storage name ``name``."""
    key = f"{settings.AWS_LOCATION}/{name}".lstrip("/")
    return s3_client().get_object(Bucket=settings.AWS_STORAGE_BUCKET_NAME, Key=key)["Body"].read()


def test_the_media_storage_is_the_bucket():
    from django.core.files.storage import default_storage
    from storages.backends.s3 import S3Storage

    assert isinstance(default_storage, S3Storage)
    assert default_storage.bucket_name == settings.AWS_STORAGE_BUCKET_NAME


def test_an_image_uploaded_in_the_admin_is_stored_rendered_and_deleted_in_the_bucket(
    admin_client_user, django_capture_on_commit_callbacks
):
    original = png_bytes(1600, 900)
    response = admin_upload(
        admin_client_user, "wagtailimages:add", "Harbour at dusk", "harbour-dusk.png", original, "image/png"
    )
    assert response.status_code == 302, response.content[:500]
    image = get_image_model().objects.get(title="Harbour at dusk")
    assert image.file.name.startswith("original_images/harbour-dusk")
    assert object_bytes(image.file.name) == original

    # A page showing the image links to a rendition stored in the bucket, readable by anyone.
    page = NewsPage.objects.live().filter(locale__language_code=EN).first()
    page.hero_image = image
    page.hero_image_alt = "A harbour at dusk"
    page.save_revision().publish()
    html = admin_client_user.get(page.url, secure=True)
    assert html.status_code == 200
    hero = soup_of(html).find("img", alt="A harbour at dusk")
    assert hero is not None
    bucket_url = f"{settings.AWS_S3_ENDPOINT_URL}/{settings.AWS_STORAGE_BUCKET_NAME}/"
    assert hero["src"].startswith(bucket_url + "images/harbour-dusk")
    status, content_type, body = fetch(hero["src"])
    assert (status, content_type) == (200, "image/jpeg")
    rendition = PILImage.open(io.BytesIO(body))
    assert (rendition.width, rendition.height) == (int(hero["width"]), int(hero["height"]))
    rendition_names = [r.file.name for r in image.renditions.all()]
    assert rendition_names and all(object_bytes(name) for name in rendition_names)

    # Deleting the image in the admin deletes the original and its renditions from the bucket.
    stored = {image.file.name, *rendition_names}
    assert stored <= bucket_keys()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_user.post(reverse("wagtailimages:delete", args=[image.pk]), secure=True)
    assert response.status_code == 302
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert not stored & bucket_keys()


def test_a_document_uploaded_in_the_admin_is_served_from_the_bucket_and_deleted(
    admin_client_user, client, django_capture_on_commit_callbacks
):
    from wagtail.documents import get_document_model

    content = b"%PDF-1.4\n% IUC Asia test document\n" + bytes(range(256)) * 40
    response = admin_upload(
        admin_client_user, "wagtaildocs:add", "Pairing report", "pairing-report.pdf", content, "application/pdf"
    )
    assert response.status_code == 302, response.content[:500]
    document = get_document_model().objects.get(title="Pairing report")
    assert object_bytes(document.file.name) == content

    # Wagtail's document view streams the file from the bucket (collection privacy applies).
    served = client.get(document.url, secure=True)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == content

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_user.post(reverse("wagtaildocs:delete", args=[document.pk]), secure=True)
    assert response.status_code == 302
    assert document.file.name not in bucket_keys()
