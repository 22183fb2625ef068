"""COPE's starting publications library, for home/initial_content.py: the index and a
few publications from home/data/initial_content.json, each with small PDF files made
here (no file is fetched or committed). Idempotent as the rest of the loader: a page
found by its slug is left as editors made it, and its files are made only with it."""

import datetime

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

from .models import PublicationFile, PublicationIndexPage, PublicationPage

# An A4 page in PDF points.
PAGE_WIDTH, PAGE_HEIGHT = 595, 842


def _pdf_text(text):
    """A PDF string literal in WinAnsi (cp1252), which Helvetica's encoding here is."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252", "replace") + b")"


def tiny_pdf(title, lines):
    """A valid one-page PDF (PDF 1.4, Helvetica, no images) with a heading and lines of
    text: a few hundred bytes."""
    text = [b"BT /F1 20 Tf 56 770 Td 24 TL " + _pdf_text(title) + b" Tj /F1 11 Tf"]
    text += [b"T* " + _pdf_text(line) + b" Tj" for line in lines]
    text.append(b"ET")
    stream = b"\n".join(text)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] " % (PAGE_WIDTH, PAGE_HEIGHT)
        + b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title " + _pdf_text(title) + b" /Producer (COPE website) >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    pdf += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(pdf)


def make_pdf_document(title, filename, lines):
    data = tiny_pdf(title, lines)
    document = get_document_model()(title=title, file_size=len(data))
    document.file.save(filename, ContentFile(data), save=False)
    document.save()
    document.get_file_hash()  # stored, as the admin's upload stores it
    return document


def ensure_publications(data, home, topics):
    """The publications index under `home` and its publications, filed under `topics`
    ({slug: Topic}, the loader's); returns (index, publications, titles created)."""
    from home.initial_content import ensure_child

    created = []
    index_data = data["publications_index"]
    index, made = ensure_child(
        home,
        PublicationIndexPage,
        index_data["slug"],
        title=index_data["title"],
        intro=index_data["intro"],
    )
    created += [index.title] if made else []
    publications = []
    for item in data["publications"]:
        existing = index.get_children().filter(slug=item["slug"]).first()
        if existing is not None:
            publications.append(existing.specific)
            continue
        page = PublicationPage(
            title=item["title"],
            slug=item["slug"],
            publication_type=item["type"],
            date=datetime.date.fromisoformat(item["date"]),
            intro=item["intro"],
            body=[{"type": "paragraph", "value": item["body_html"]}],
        )
        page.topics = [topics[slug] for slug in item["topics"]]
        page.files = [
            PublicationFile(
                document=make_pdf_document(
                    file["title"], file["filename"], [item["title"], *file["lines"]]
                ),
                language=file["language"],
                sort_order=position,
            )
            for position, file in enumerate(item["files"])
        ]
        index.add_child(instance=page)
        page.save_revision().publish()
        publications.append(page)
        created.append(page.title)
    return index, publications, created
