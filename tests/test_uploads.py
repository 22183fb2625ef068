"""Editors' uploads in the Wagtail admin: limits and content checks are form errors,
and what is kept is served so that no browser runs it as part of the site."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from PIL import Image as PillowImage

SCRIPT = b"<script>alert(document.cookie)</script>"


def image_bytes(size, image_format="PNG", mode="1"):
    buffer = io.BytesIO()
    PillowImage.new(mode, size).save(buffer, format=image_format)
    return buffer.getvalue()


def upload_image(client, name, content):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_document(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def assert_form_error(response, words):
    assert response.status_code == 200, "the form again, with the error"
    assert words in response.content.decode()


def test_an_image_with_too_many_pixels_is_a_form_error(site_content, admin_client):
    # 48 megapixels, 1 bit each: a small file whose decoding would be huge.
    response = upload_image(admin_client, "huge.png", image_bytes((8000, 6000)))
    assert_form_error(response, "This file has too many pixels")
    assert not get_image_model().objects.filter(title="huge.png").exists()


def test_an_image_over_10_mb_is_a_form_error(site_content, admin_client):
    content = image_bytes((10, 10), "JPEG", "RGB") + b"\0" * (10 * 1024 * 1024)
    response = upload_image(admin_client, "heavy.jpg", content)
    assert_form_error(response, "This file is too big")


def test_svg_is_refused(site_content, admin_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg">' + SCRIPT + b"</svg>"
    response = upload_image(admin_client, "logo.svg", svg)
    assert_form_error(response, "Not a supported image format")
    assert not get_image_model().objects.exists()


def test_a_gif_with_html_appended_is_shown_only_re_encoded(site_content, admin_client):
    polyglot = image_bytes((40, 30), "GIF", "P") + b"<html><body>" + SCRIPT
    response = upload_image(admin_client, "polyglot.gif", polyglot)
    assert response.status_code == 302, "a valid GIF, as far as any image reader can tell"
    image = get_image_model().objects.get(title="polyglot.gif")
    # Pages show renditions, which Pillow writes afresh: nothing appended survives.
    rendition = image.get_rendition("width-20")
    with rendition.file.open("rb") as file:
        assert b"<script" not in file.read()
    # As a document it is refused: GIF is not a document type.
    response = upload_document(admin_client, "polyglot.gif", polyglot)
    assert_form_error(response, "File extension “gif” is not allowed.")


def test_a_document_over_20_mb_is_a_form_error(site_content, admin_client):
    response = upload_document(admin_client, "big.pdf", b"%PDF-1.7\n" + b"0" * (21 * 1024 * 1024))
    assert_form_error(response, "This file is too big")
    assert not get_document_model().objects.exists()


MISMATCHED_DOCUMENTS = [
    ("notes.txt", b"<!DOCTYPE html><html><body>" + SCRIPT),
    ("figures.csv", b"a,b\n1,<img src=x onerror=alert(1)>\n"),
    ("report.pdf", b"<html>" + SCRIPT),
    ("minutes.docx", b"not a zip archive"),
    ("letter.rtf", b"%PDF-1.4"),
]


def test_a_document_whose_content_is_not_its_type_is_a_form_error(site_content, admin_client):
    for name, content in MISMATCHED_DOCUMENTS:
        html = upload_document(admin_client, name, content).content.decode()
        assert "markup" in html or "This is not a ." in html, name
    assert not get_document_model().objects.exists()


def test_the_multiple_uploader_refuses_with_a_message_not_a_500(site_content, admin_client):
    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("notes.txt", b"<html>" + SCRIPT)},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "markup" in response.json()["error_message"]


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


def test_real_documents_are_kept_and_served_so_no_browser_runs_them(
    site_content, admin_client, client
):
    for name, content, disposition in [
        ("notes.txt", "Agenda: 3 < 4, café\n".encode(), "attachment"),
        ("report.pdf", b"%PDF-1.7\n%%EOF\n", "inline"),
        ("minutes.docx", docx_bytes(), "attachment"),
    ]:
        assert upload_document(admin_client, name, content).status_code == 302, name
        document = get_document_model().objects.get(title=name)
        response = client.get(document.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Disposition"].startswith(disposition), name
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'"
