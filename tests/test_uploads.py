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


APPENDED = "This image has something other than the image in it, or after its end"
WEB_PAGE_CODE = "This image contains web-page code"


def polyglots():
    """Images any reader opens, with a web page or script appended or in a comment, and
    the error each gets."""
    page = b"<html><body>" + SCRIPT
    gif_with_comment = io.BytesIO()
    PillowImage.new("P", (40, 30)).save(gif_with_comment, format="GIF", comment=SCRIPT)
    return [
        ("polyglot.gif", image_bytes((40, 30), "GIF", "P") + page, WEB_PAGE_CODE),
        ("polyglot.png", image_bytes((40, 30)) + page, WEB_PAGE_CODE),
        ("comment.gif", gif_with_comment.getvalue(), WEB_PAGE_CODE),
        ("svg.jpg", image_bytes((40, 30), "JPEG", "RGB") + b"<svg onload=alert(1)>", APPENDED),
        (
            "img.webp",
            image_bytes((40, 30), "WEBP", "RGB") + b"<img src=x onerror=alert(1)>",
            APPENDED,
        ),
        (
            "img.avif",
            image_bytes((40, 30), "AVIF", "RGB") + b"<img src=x onerror=alert(1)>",
            APPENDED,
        ),
    ]


def test_an_image_with_a_web_page_appended_or_inside_is_a_form_error(site_content, admin_client):
    for name, content, error in polyglots():
        PillowImage.open(io.BytesIO(content)).load()  # a valid image, as far as Pillow can tell
        assert_form_error(upload_image(admin_client, name, content), error)
    assert not get_image_model().objects.exists()
    # As a document it is refused too: GIF is not a document type.
    response = upload_document(admin_client, "polyglot.gif", polyglots()[0][1])
    assert_form_error(response, "File extension “gif” is not allowed.")


def test_the_multiple_image_uploader_refuses_a_polyglot_with_a_message(site_content, admin_client):
    name, content, _error = polyglots()[3]
    response = admin_client.post(
        "/admin/images/multiple/add/", {"files[]": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert APPENDED in response.json()["error_message"]
    assert not get_image_model().objects.exists()


def test_replacing_an_image_with_a_polyglot_keeps_the_original(site_content, admin_client):
    image = get_image_model().objects.create(
        title="Visit",
        file=SimpleUploadedFile("visit.gif", image_bytes((40, 30), "GIF", "P")),
    )
    name, content, _error = polyglots()[0]
    response = admin_client.post(
        f"/admin/images/{image.pk}/",
        {
            "title": "Visit",
            "file": SimpleUploadedFile(name, content),
            "collection": image.collection_id,
        },
    )
    assert_form_error(response, WEB_PAGE_CODE)
    image.refresh_from_db()
    with image.file.open("rb") as file:
        assert file.read() == image_bytes((40, 30), "GIF", "P")


def real_images():
    noise = PillowImage.effect_noise((300, 200), 80)
    frames = [PillowImage.effect_noise((60, 40), 60).convert("P") for _ in range(3)]
    exif = noise.getexif()
    exif[0x010E] = "Family day at the visiting room"
    saved = [
        ("photo.jpg", noise.convert("RGB"), {"format": "JPEG", "exif": exif}),
        ("progressive.jpg", noise.convert("RGB"), {"format": "JPEG", "progressive": True}),
        # A main image and a second one after it, as phones store HDR gain maps.
        (
            "gain-map.jpg",
            noise.convert("RGB"),
            {"format": "MPO", "save_all": True, "append_images": [noise.convert("RGB")]},
        ),
        ("chart.png", noise, {"format": "PNG"}),
        (
            "animation.gif",
            frames[0],
            {
                "format": "GIF",
                "save_all": True,
                "append_images": frames[1:],
                "comment": b"made for COPE",
            },
        ),
        ("photo.webp", noise.convert("RGB"), {"format": "WEBP"}),
        ("photo.avif", noise.convert("RGB"), {"format": "AVIF"}),
    ]
    for name, image, options in saved:
        buffer = io.BytesIO()
        image.save(buffer, **options)
        yield name, buffer.getvalue()


def test_real_images_of_every_allowed_type_are_kept(site_content, admin_client):
    for name, content in real_images():
        assert upload_image(admin_client, name, content).status_code == 302, name
        with get_image_model().objects.get(title=name).file.open("rb") as file:
            assert file.read() == content, name
    assert get_image_model().objects.count() == 7


def test_a_document_over_20_mb_is_a_form_error(site_content, admin_client):
    # The initial content's publications have documents of their own.
    documents = get_document_model().objects.count()
    response = upload_document(admin_client, "big.pdf", b"%PDF-1.7\n" + b"0" * (21 * 1024 * 1024))
    assert_form_error(response, "This file is too big")
    assert get_document_model().objects.count() == documents


MISMATCHED_DOCUMENTS = [
    ("notes.txt", b"<!DOCTYPE html><html><body>" + SCRIPT),
    ("figures.csv", b"a,b\n1,<img src=x onerror=alert(1)>\n"),
    ("report.pdf", b"<html>" + SCRIPT),
    ("minutes.docx", b"not a zip archive"),
    ("letter.rtf", b"%PDF-1.4"),
]


def test_a_document_whose_content_is_not_its_type_is_a_form_error(site_content, admin_client):
    documents = get_document_model().objects.count()
    for name, content in MISMATCHED_DOCUMENTS:
        html = upload_document(admin_client, name, content).content.decode()
        assert "markup" in html or "This is not a ." in html, name
    assert get_document_model().objects.count() == documents


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
