"""An editor translates a page through wagtail-localize's own admin views, as in the
admin: submit for translation, translate each string in the translation editor (or
through a PO file), publish; then an English change puts the translation out of date
until it is synced and translated again."""

from django.urls import reverse

from wagtail.models import Locale

import polib
import pytest
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from news.models import NewsPage
from tests.conftest import add_article

FRENCH = {
    "Families at the prison gate": "Les familles à la porte de la prison",
    "families-at-the-prison-gate": "les-familles-a-la-porte-de-la-prison",
    "What children see when they visit.": "Ce que voient les enfants lors d’une visite.",
}


@pytest.fixture
def article(site_content):
    return add_article(
        site_content.news_index,
        "Families at the prison gate",
        slug="families-at-the-prison-gate",
        intro="What children see when they visit.",
    )


def submit_for_translation(admin_client, page):
    french = Locale.objects.get(language_code="fr")
    response = admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [french.pk]},
    )
    assert response.status_code == 302
    source = TranslationSource.objects.get_for_instance(page)
    return Translation.objects.get(source=source, target_locale=french)


def translate_in_editor(admin_client, translation, texts):
    """What the translation editor sends for each string an editor types in."""
    from urllib.parse import urlencode

    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        english = segment.string.data
        if english not in texts:
            continue
        response = admin_client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            urlencode({"value": texts[english]}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201), response.content


def publish_translation(admin_client, translation, django_capture_on_commit_callbacks):
    french_page = translation.get_target_instance()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[french_page.pk]), {"action": "publish"}
        )
    assert response.status_code == 302
    return NewsPage.objects.get(pk=french_page.pk)


def test_an_editor_translates_an_article_and_it_goes_live_in_french(
    admin_client, client, article, django_capture_on_commit_callbacks
):
    translation = submit_for_translation(admin_client, article)
    french_page = translation.get_target_instance()
    # Made, but not live until published: French readers are told it is not translated.
    assert not french_page.live
    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[french_page.pk]))
    assert editor.status_code == 200 and "What children see when they visit." in (
        editor.content.decode()
    )

    translate_in_editor(admin_client, translation, FRENCH)
    published = publish_translation(admin_client, translation, django_capture_on_commit_callbacks)
    assert published.live
    assert published.url == "/fr/actualites/les-familles-a-la-porte-de-la-prison/"
    html = client.get(published.url).content.decode()
    assert "Les familles à la porte de la prison" in html
    assert "Ce que voient les enfants lors d’une visite." in html.replace("&#x27;", "'")


def test_an_english_edit_leaves_the_translation_out_of_date_until_synced(
    admin_client, client, article, django_capture_on_commit_callbacks
):
    translation = submit_for_translation(admin_client, article)
    translate_in_editor(admin_client, translation, FRENCH)
    french = publish_translation(admin_client, translation, django_capture_on_commit_callbacks)
    assert translation.get_progress() == (3, 3)

    # The English article changes and is published again.
    article.intro = "What children see and hear when they visit."
    article.save_revision().publish()
    # The French page keeps its text: it is out of date, not changed behind the editor.
    assert "Ce que voient les enfants" in client.get(french.url).content.decode()

    # Sync translated pages (the English page's action menu): the new English sentence
    # reaches the translation editor, untranslated.
    update_url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
    listing = admin_client.get(reverse("wagtailadmin_explore", args=[article.get_parent().pk]))
    assert "Sync translated pages" in listing.content.decode()
    assert update_url in listing.content.decode()
    assert "Update existing translations" in admin_client.get(update_url).content.decode()
    response = admin_client.post(update_url, {})
    assert response.status_code == 302
    translation.refresh_from_db()
    total, translated = translation.get_progress()
    assert (total, translated) == (3, 2)
    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[french.pk])).content
    assert "What children see and hear when they visit." in editor.decode()

    translate_in_editor(
        admin_client,
        translation,
        {"What children see and hear when they visit.": "Ce que voient et entendent les enfants."},
    )
    french = publish_translation(admin_client, translation, django_capture_on_commit_callbacks)
    assert "Ce que voient et entendent les enfants." in client.get(french.url).content.decode()


def test_a_translator_works_from_a_po_file(
    admin_client, client, article, django_capture_on_commit_callbacks, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    translation = submit_for_translation(admin_client, article)
    download = admin_client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    assert {entry.msgid for entry in po} >= set(FRENCH)
    for entry in po:
        entry.msgstr = FRENCH.get(entry.msgid, "")

    response = admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {
            "file": SimpleUploadedFile("article-fr.po", str(po).encode(), "text/x-gettext"),
            "next": reverse("wagtailadmin_pages:edit", args=[translation.get_target_instance().pk]),
        },
    )
    assert response.status_code == 302
    french = publish_translation(admin_client, translation, django_capture_on_commit_callbacks)
    assert "Les familles à la porte de la prison" in client.get(french.url).content.decode()


def test_the_admin_offers_no_machine_translation(admin_client, article):
    translation = submit_for_translation(admin_client, article)
    french_page = translation.get_target_instance()
    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[french_page.pk]))
    assert "machine_translate" not in editor.content.decode()


def test_staff_who_choose_french_get_the_admin_in_french(admin_client, admin_user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "fr"
    profile.save()
    html = admin_client.get("/admin/").content.decode()
    assert '<html lang="fr"' in html
    assert "Tableau de bord" in html
