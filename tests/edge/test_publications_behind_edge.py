"""The publications library through Varnish: an editor adds a publication with an English
and a French file in the admin, a translator publishes its French page, and each shows
at once in both languages; its files are never kept by the edge, and a shared link to
a replaced file leads to the new one. Needs PostgreSQL (skipped with a reason on SQLite)
and varnishd, as test_site_behind_edge.py does."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from publications.initial_content import tiny_pdf
from publications.models import PublicationIndexPage, PublicationPage
from tests.conftest import sign_in_to_admin
from tests.edge.test_site_behind_edge import warm
from tests.localize import translate

pytestmark = pytest.mark.edge

TITLE = "Explaining imprisonment to a child"
FRENCH_TITLE = "Expliquer la prison à un enfant"
LISTINGS = ["/en/", "/en/publications/", "/en/publications/?language=fr"]
FRENCH_LISTINGS = ["/fr/", "/fr/publications/"]


@pytest.fixture
def editor(settings):
    """A signed-in editor's browser, in this process: what it saves purges the edge."""
    client = Client()
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    sign_in_to_admin(client, user)
    return client


@pytest.fixture
def site_with_files(start_site_behind_edge, settings):
    """A site whose app servers read the documents this process uploads (the module's
    `site` has the production settings' media folder). After a test with `site`, which
    starts from a flushed database."""
    return start_site_behind_edge(MEDIA_ROOT=str(settings.MEDIA_ROOT))


def upload(editor, title, filename, text):
    response = editor.post(
        "/admin/documents/add/",
        {
            "title": title,
            "collection": 1,
            "file": SimpleUploadedFile(filename, tiny_pdf(text, [])),
            "tags": "",
        },
    )
    assert response.status_code == 302
    return get_document_model().objects.get(title=title)


def test_a_publication_added_in_the_admin_shows_at_once_in_both_languages(site, editor):
    warm(site, *LISTINGS, *FRENCH_LISTINGS)
    english = upload(editor, f"{TITLE} (English)", "explaining-en.pdf", TITLE)
    french = upload(editor, f"{FRENCH_TITLE} (français)", "expliquer-fr.pdf", FRENCH_TITLE)
    index = PublicationIndexPage.objects.get(locale__language_code="en")
    response = editor.post(
        f"/admin/pages/add/publications/publicationpage/{index.pk}/",
        nested_form_data(
            {
                "title": TITLE,
                "slug": "explaining-imprisonment",
                "publication_type": "toolkit",
                "date": "2031-01-15",
                "authors": "",
                "intro": "Words for parents and carers.",
                "listing_image": "",
                "body": streamfield([]),
                "files": inline_formset(
                    [
                        {"document": english.pk, "language": "en", "ORDER": 1},
                        {"document": french.pk, "language": "fr", "ORDER": 2},
                    ]
                ),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302
    page = PublicationPage.objects.get(slug="explaining-imprisonment")
    for path in LISTINGS:
        answer = site.get(path)
        assert (answer.status, answer.cache) == (200, "MISS"), path
        assert TITLE in answer.body, path
    answer = site.get(page.url)
    assert answer.status == 200
    assert 'hreflang="fr" type="application/pdf">Download (PDF, ' in answer.body

    french_page = translate(
        page,
        {
            TITLE: FRENCH_TITLE,
            "explaining-imprisonment": "expliquer-la-prison",
            "Words for parents and carers.": "Des mots pour les parents et les proches.",
        },
    )
    assert french_page.url == "/fr/publications/expliquer-la-prison/"
    for path in [*FRENCH_LISTINGS, french_page.url]:
        answer = site.get(path)
        assert answer.status == 200 and FRENCH_TITLE in answer.body, path
    assert "Télécharger (PDF, " in site.get(french_page.url).body


def test_documents_are_never_kept_and_a_replaced_files_link_still_works(site_with_files, editor):
    site = site_with_files
    document = upload(editor, "Annual report", "annual-report.pdf", "First version")
    shared_link = document.url
    for _ in range(2):
        answer = site.get(shared_link)
        assert (answer.status, answer.cache) == (200, "MISS")
        assert "no-store" in answer.headers["Cache-Control"]
        assert "First version" in answer.body

    response = editor.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": "Annual report",
            "collection": 1,
            "file": SimpleUploadedFile("annual-report-corrected.pdf", tiny_pdf("Second", [])),
            "tags": "",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.url != shared_link
    old = site.get(shared_link)
    assert (old.status, old.headers["Location"], old.cache) == (302, document.url, "MISS")
    new = site.get(document.url)
    assert new.status == 200 and "Second" in new.body and "First version" not in new.body
