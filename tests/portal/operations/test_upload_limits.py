"""Upload limits for images and documents, through the admin views editors use, in both languages.

The limits are Wagtail's settings (``WAGTAILIMAGES_MAX_UPLOAD_SIZE``, ``WAGTAILIMAGES_MAX_IMAGE_PIXELS``,
``WAGTAILDOCS_MAX_UPLOAD_SIZE``), read from environment variables in ``portal.settings.base``; the
tests make them small with ``override_settings``. A refused upload leaves no Image, Document or
UploadedFile row and no file in MEDIA_ROOT.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile
from wagtail.users.models import UserProfile

from tests.utils import ZH, clean, page_text, run_base_settings

Image = get_image_model()
Document = get_document_model()

IMAGE_ADD = "/admin/images/add/"
IMAGE_MULTIPLE_ADD = "/admin/images/multiple/add/"
DOCUMENT_ADD = "/admin/documents/add/"
DOCUMENT_MULTIPLE_ADD = "/admin/documents/multiple/add/"


def png_bytes(width, height, mode="RGB", noise=False):
    """Return a PNG of ``width`` × ``height`` pixels: random noise (so it compresses badly) or one colour."""
    if noise:
        image = PILImage.frombytes(mode, (width, height), bytes(_noise(width * height * len(mode))))
    else:
        image = PILImage.new(mode, (width, height))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _noise(count, seed=12345):
    value = seed
    for _ in range(count):
        value = (value * 1103515245 + 12345) & 0x7FFFFFFF
        yield value >> 16 & 0xFF


NOISY_PNG = png_bytes(48, 48, noise=True)  # about 7 KB
BIG_IMAGE_PNG = png_bytes(1200, 1000, mode="1")  # 1.2 million pixels in a few hundred bytes


def media_files():
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


@pytest.fixture
def nothing_stored(db):
    """Assert, after the test, that it added no Image, Document or UploadedFile row and no file to MEDIA_ROOT."""
    before = (Image.objects.count(), Document.objects.count(), UploadedFile.objects.count(), media_files())
    yield
    after = (Image.objects.count(), Document.objects.count(), UploadedFile.objects.count(), media_files())
    assert after == before


@pytest.fixture(params=["en", ZH])
def editor(request, editor_client):
    """The Editors' client, with the admin in English or (UserProfile.preferred_language) Chinese."""
    profile = UserProfile.get_for_user(editor_client.user)
    profile.preferred_language = request.param
    profile.save()
    editor_client.language = request.param
    return editor_client


def expect(client, english, chinese):
    return chinese if client.language == ZH else english


def form_data(name, data, **fields):
    """The fields of an admin upload form: a title, the root collection, ``data`` as the file ``name``."""
    return {
        "title": "Upload test",
        "collection": Collection.get_first_root_node().pk,
        "file": SimpleUploadedFile(name, data),
        **fields,
    }


def multiple_upload(client, url, name, data):
    """POST one file to a multiple uploader, as its JavaScript does; return the decoded JSON."""
    response = client.post(
        url,
        {"collection": Collection.get_first_root_node().pk, "files[]": SimpleUploadedFile(name, data)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    return response.json()


def add_image(client, data, name="photo.png"):
    return client.post(IMAGE_ADD, form_data(name, data))


def add_images(client, data, name="photo.png"):
    return multiple_upload(client, IMAGE_MULTIPLE_ADD, name, data)


def add_document(client, data, name="report.txt"):
    return client.post(DOCUMENT_ADD, form_data(name, data))


def add_documents(client, data, name="report.txt"):
    return multiple_upload(client, DOCUMENT_MULTIPLE_ADD, name, data)


def replace_document(client, document, data, name="replacement.txt"):
    return client.post(f"/admin/documents/edit/{document.pk}/", form_data(name, data, title=document.title))


def form_errors(response):
    """The refused form's page as whitespace-collapsed text (non-breaking spaces included)."""
    assert response.status_code == 200, response.status_code
    return clean(page_text(response))


# ---------------------------------------------------------------------------- images


def too_big_image_message(client, size_text):
    return expect(
        client,
        f"This file is too big ({size_text}). Maximum filesize 2.0 KB.",
        f"文件过大 ({size_text})，文件大小上限为 2.0 KB。",
    )


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=2048)
def test_a_too_large_image_is_refused_in_the_add_view(editor, nothing_stored):
    assert len(NOISY_PNG) > 4096
    text = form_errors(add_image(editor, NOISY_PNG))
    size_text = f"{len(NOISY_PNG) / 1024:.1f} KB"
    assert too_big_image_message(editor, size_text) in text


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=2048)
def test_a_too_large_image_is_refused_by_the_multiple_uploader(editor, nothing_stored):
    result = add_images(editor, NOISY_PNG)
    assert result["success"] is False
    size_text = f"{len(NOISY_PNG) / 1024:.1f} KB"
    assert clean(result["error_message"]) == too_big_image_message(editor, size_text)


def too_many_pixels_message(client):
    return expect(
        client,
        "This file has too many pixels (1200000). Maximum pixels 1000000.",
        "文件包含像素过多（1200000）。像素数量上限为 1000000。",
    )


@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=1_000_000)
def test_an_image_with_too_many_pixels_is_refused_in_the_add_view(editor, nothing_stored):
    assert len(BIG_IMAGE_PNG) < 10_000
    assert too_many_pixels_message(editor) in form_errors(add_image(editor, BIG_IMAGE_PNG))


@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=1_000_000)
def test_an_image_with_too_many_pixels_is_refused_by_the_multiple_uploader(editor, nothing_stored):
    result = add_images(editor, BIG_IMAGE_PNG)
    assert result["success"] is False
    assert clean(result["error_message"]) == too_many_pixels_message(editor)


@pytest.mark.parametrize("upload", [add_image, add_images])
def test_an_image_exactly_at_both_limits_is_accepted(editor_client, upload):
    with override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=len(BIG_IMAGE_PNG), WAGTAILIMAGES_MAX_IMAGE_PIXELS=1_200_000):
        response = upload(editor_client, BIG_IMAGE_PNG, name="at-the-limit.png")
    if upload is add_images:
        assert response["success"] is True
    else:
        assert response.status_code == 302
    image = Image.objects.get(file__contains="at-the-limit")
    assert (image.width, image.height, image.file_size) == (1200, 1000, len(BIG_IMAGE_PNG))


@pytest.mark.parametrize(
    "limits",
    [
        {"WAGTAILIMAGES_MAX_UPLOAD_SIZE": len(BIG_IMAGE_PNG) - 1, "WAGTAILIMAGES_MAX_IMAGE_PIXELS": 1_200_000},
        {"WAGTAILIMAGES_MAX_UPLOAD_SIZE": len(BIG_IMAGE_PNG), "WAGTAILIMAGES_MAX_IMAGE_PIXELS": 1_199_999},
    ],
)
def test_an_image_one_unit_over_a_limit_is_refused(editor_client, nothing_stored, limits):
    with override_settings(**limits):
        assert add_images(editor_client, BIG_IMAGE_PNG)["success"] is False


# ---------------------------------------------------------------------------- documents

DOCUMENT_LIMIT = 1000  # bytes: "1000 bytes" in the messages
TOO_BIG_DOCUMENT = b"x" * 3000  # "2.9 KB"


def too_big_document_message(client):
    return expect(
        client,
        "This file is too big (2.9 KB). Maximum filesize 1000 bytes.",
        "文件过大 (2.9 KB)，文件大小上限为 1000 字节。",
    )


def file_errors(response):
    """The error messages shown under the file field of the admin form in ``response``."""
    return [clean(error) for error in response.context["form"].errors["file"]]


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=DOCUMENT_LIMIT)
def test_a_too_large_document_is_refused_in_the_add_view(editor, nothing_stored):
    response = add_document(editor, TOO_BIG_DOCUMENT)
    assert too_big_document_message(editor) in form_errors(response)
    # Only the reason: not also Wagtail's "File extension “” is not allowed" for the file never stored.
    assert file_errors(response) == [too_big_document_message(editor)]


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=DOCUMENT_LIMIT)
def test_a_too_large_document_is_refused_by_the_multiple_uploader(editor, nothing_stored):
    result = add_documents(editor, TOO_BIG_DOCUMENT)
    assert result["success"] is False
    assert clean(result["error_message"]) == too_big_document_message(editor)


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=DOCUMENT_LIMIT)
def test_the_multiple_uploader_page_gives_its_script_the_limit(editor):
    response = editor.get(DOCUMENT_MULTIPLE_ADD)
    assert f'data-max-file-size="{DOCUMENT_LIMIT}"' in response.content.decode()
    message = expect(editor, "Maximum file size: 1000 bytes.", "文件大小上限：1000 字节。")
    assert message in clean(page_text(response))


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=2048)
def test_the_image_uploader_page_gives_the_limit(editor):
    response = editor.get(IMAGE_MULTIPLE_ADD)
    assert 'data-max-file-size="2048"' in response.content.decode()
    message = expect(editor, "Maximum filesize: 2.0 KB.", "最大文件大小：2.0 KB。")
    assert message in clean(page_text(response))


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=DOCUMENT_LIMIT)
def test_the_document_forms_show_the_limit(editor, document):
    message = expect(editor, "Maximum file size: 1000 bytes.", "文件大小上限：1000 字节。")
    for url in (DOCUMENT_ADD, f"/admin/documents/edit/{document.pk}/"):
        assert message in clean(page_text(editor.get(url))), url


def test_a_document_with_a_forbidden_extension_still_says_so(editor_client, nothing_stored):
    response = add_document(editor_client, b"MZ", name="program.exe")
    assert len(file_errors(response)) == 1
    assert "File extension “exe” is not allowed" in file_errors(response)[0]


@pytest.fixture
def document(editor_client):
    """A document of 10 bytes uploaded by the editor (its file in MEDIA_ROOT)."""
    document = Document(title="Existing", uploaded_by_user=editor_client.user)
    document.file.save("existing.txt", ContentFile(b"0123456789"), save=False)
    document._set_document_file_metadata()
    document.save()
    yield document
    document.file.delete(save=False)


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=DOCUMENT_LIMIT)
def test_replacing_a_document_with_a_too_large_file_is_refused_and_keeps_the_old_one(editor, document, nothing_stored):
    name, size = document.file.name, document.file_size
    response = replace_document(editor, document, TOO_BIG_DOCUMENT)
    assert too_big_document_message(editor) in form_errors(response)
    assert file_errors(response) == [too_big_document_message(editor)]
    document.refresh_from_db()
    assert (document.file.name, document.file_size) == (name, size)
    with document.file.open("rb") as stored:
        assert stored.read() == b"0123456789"


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=DOCUMENT_LIMIT)
def test_replacing_a_document_with_a_file_at_the_limit_is_accepted(editor_client, document):
    response = replace_document(editor_client, document, b"y" * DOCUMENT_LIMIT)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file_size == DOCUMENT_LIMIT
    assert "replacement" in document.file.name


@pytest.mark.parametrize("upload", [add_document, add_documents])
@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=DOCUMENT_LIMIT)
def test_a_document_exactly_at_the_limit_is_accepted(editor_client, upload):
    response = upload(editor_client, b"z" * DOCUMENT_LIMIT, name="at-the-limit.txt")
    if upload is add_documents:
        assert response["success"] is True
    else:
        assert response.status_code == 302
    assert Document.objects.get(file__contains="at-the-limit").file_size == DOCUMENT_LIMIT


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=DOCUMENT_LIMIT)
def test_a_document_one_byte_over_the_limit_is_refused(editor_client, nothing_stored):
    assert add_documents(editor_client, b"z" * (DOCUMENT_LIMIT + 1))["success"] is False


# ---------------------------------------------------------------------------- environment variables


def test_limits_come_from_the_environment(monkeypatch):
    values = run_base_settings(
        monkeypatch, IMAGE_MAX_UPLOAD_SIZE="123456", IMAGE_MAX_PIXELS="7000000", DOCUMENT_MAX_UPLOAD_SIZE="654321"
    )
    assert values["WAGTAILIMAGES_MAX_UPLOAD_SIZE"] == 123456
    assert values["WAGTAILIMAGES_MAX_IMAGE_PIXELS"] == 7_000_000
    assert values["WAGTAILDOCS_MAX_UPLOAD_SIZE"] == 654321


def test_limits_default_to_10_mib_40_million_pixels_and_25_mib(monkeypatch):
    for name in ("IMAGE_MAX_UPLOAD_SIZE", "IMAGE_MAX_PIXELS", "DOCUMENT_MAX_UPLOAD_SIZE"):
        monkeypatch.delenv(name, raising=False)
    values = run_base_settings(monkeypatch)
    assert values["WAGTAILIMAGES_MAX_UPLOAD_SIZE"] == 10 * 1024 * 1024
    assert values["WAGTAILIMAGES_MAX_IMAGE_PIXELS"] == 40_000_000
    assert values["WAGTAILDOCS_MAX_UPLOAD_SIZE"] == 25 * 1024 * 1024


@pytest.mark.parametrize("value", ["10MB", "0", "-5", "1.5"])
def test_a_bad_limit_stops_the_settings_with_a_clear_error(monkeypatch, value):
    with pytest.raises(ImproperlyConfigured, match="DOCUMENT_MAX_UPLOAD_SIZE"):
        run_base_settings(monkeypatch, DOCUMENT_MAX_UPLOAD_SIZE=value)
