"""Translating as editors do, through wagtail-localize's admin views with the test
client: "Translate this page", the translation editor's segments, publishing, "Sync
translated pages" after the English changes, and the PO file an outside translator
fills. Also the admin in French for staff who choose it, and no machine translation.
"""

import json
import re
from html import unescape

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import polib
import pytest
from wagtail_localize.models import TranslationSource

from news.models import NewsPage
from tests.localize import translate_in_editor, translation_editor

TITLE = "Visiting rooms that welcome children"
INTRO = "A new guide for prison staff."
BODY = "The guide shows how a visiting room can feel safe to a child."
NEW_INTRO = "A new guide for prison staff, with a checklist."

FRENCH = {
    TITLE: "Des parloirs qui accueillent les enfants",
    "visiting-rooms": "des-parloirs-accueillants",
    INTRO: "Un nouveau guide pour le personnel pénitentiaire.",
    BODY: "Le guide montre comment un parloir peut rassurer un enfant.",
}
NEW_FRENCH_INTRO = "Un nouveau guide pour le personnel pénitentiaire, avec une liste de contrôle."
FRENCH_URL = "/fr/actualites/des-parloirs-accueillants/"


def article_form(title=TITLE, intro=INTRO, body_block_id=None):
    post = nested_form_data(
        {
            "title": title,
            "slug": "visiting-rooms",
            "date": "2031-02-03",
            "kind": "publication",
            "intro": intro,
            "body": streamfield([("paragraph", rich_text(f"<p>{BODY}</p>"))]),
            "related_pages": inline_formset([]),
            "action-publish": "publish",
        }
    )
    if body_block_id:
        # The paragraph as the editor left it: the same block, so its translation stays.
        post["body-0-id"] = body_block_id
    return post


def publish_english_article(client, news_index):
    response = client.post(
        f"/admin/pages/add/news/newspage/{news_index.pk}/", article_form(), follow=True
    )
    assert response.status_code == 200
    return NewsPage.objects.get(locale__language_code="en", slug="visiting-rooms")


def translation_status(client, source_title):
    """The Status column of the page's row in Reports > Translations (its results
    table, as the report's filters fetch it)."""
    response = client.get(
        "/admin/localize/reports/translations/results/", {"source_title": source_title}
    )
    rows = re.findall(r"<tr>(.*?)</tr>", response.content.decode(), re.S)[1:]
    assert len(rows) == 1, rows
    return re.findall(r"<td>(.*?)</td>", rows[0], re.S)[-1].strip()


def untranslated_sources(props):
    translated = {item["segment_id"] for item in props["initialStringTranslations"]}
    return [
        segment["source"]
        for segment in props["segments"]
        if segment["type"] == "string" and segment["id"] not in translated
    ]


def messages_shown(response):
    """The messages at the top of the admin page, as text (Wagtail's come as HTML)."""
    return [unescape(str(message)).strip() for message in response.context["messages"]]


@pytest.fixture
def publish_translation(django_capture_on_commit_callbacks):
    """The translation editor's Publish button (wagtail-localize publishes once the
    request's transaction commits, which a test's transaction never does: run then)."""

    def publish(client, page):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/admin/pages/{page.pk}/edit/", {"action": "publish"}, follow=True
            )
        assert response.status_code == 200
        return messages_shown(response)

    return publish


def submit_for_translation(client, page):
    """The page's "Translate this page" action: the form lists French, the editor ticks
    it and lands in the French page's translation editor."""
    french = Locale.objects.get(language_code="fr")
    url = f"/admin/localize/submit/page/{page.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    assert re.search(rf'<input[^>]*name="locales"[^>]*value="{french.pk}"', form.content.decode())
    response = client.post(url, {"locales": [french.pk]})
    assert response.status_code == 302
    french_page = page.get_translation(french)
    assert response["Location"] == f"/admin/pages/{french_page.pk}/edit/"
    return french_page


@pytest.fixture
def translated_article(site_content, editor_client, publish_translation):
    """An article published in English and translated into French, all in the admin."""
    article = publish_english_article(editor_client, site_content.news_index)
    french = submit_for_translation(editor_client, article)
    translate_in_editor(editor_client, translation_editor(editor_client, french), FRENCH)
    publish_translation(editor_client, french)
    return article, french


def test_an_editor_translates_a_new_article_into_french_and_publishes_it(
    site_content, editor_client, publish_translation
):
    article = publish_english_article(editor_client, site_content.news_index)
    assert article.live
    # Before any translation the admin offers it in the page's header.
    edit_page = editor_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert f'href="/admin/localize/submit/page/{article.pk}/"' in edit_page
    assert "Translate this page" in edit_page

    french = submit_for_translation(editor_client, article)
    assert not french.live  # a draft in English words until it is published
    assert editor_client.get(FRENCH_URL).status_code == 404

    props = translation_editor(editor_client, french)
    assert (props["sourceLocale"]["code"], props["locale"]["code"]) == ("en", "fr")
    assert sorted(untranslated_sources(props)) == sorted(FRENCH)
    translate_in_editor(editor_client, props, FRENCH)
    assert untranslated_sources(translation_editor(editor_client, french)) == []
    messages = publish_translation(editor_client, french)
    assert messages == [f"Published '{FRENCH[TITLE]}' in Français."]

    editor_client.logout()
    response = editor_client.get(FRENCH_URL)
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    for text in (FRENCH[TITLE], FRENCH[INTRO], FRENCH[BODY]):
        assert text in html
    assert INTRO not in html and BODY not in html
    # The English article is still where it was, in English.
    assert BODY in unescape(editor_client.get(article.url).content.decode())


# wagtail-localize's report pages its translations unordered (its own query).
@pytest.mark.filterwarnings("ignore::django.core.paginator.UnorderedObjectListWarning")
def test_a_changed_english_article_is_synced_into_the_french_editor(
    translated_article, editor_client, publish_translation
):
    article, french = translated_article
    article.refresh_from_db()
    body_block_id = article.body[0].id
    response = editor_client.post(
        f"/admin/pages/{article.pk}/edit/",
        article_form(intro=NEW_INTRO, body_block_id=body_block_id),
    )
    assert response.status_code == 302
    article.refresh_from_db()

    # wagtail-localize 1.14 marks nothing "out of date" by itself: its translations
    # report still says "Up to date" and the French editor still shows the English of
    # the last sync, older than the page's latest revision, until someone syncs. The
    # English page's header offers "Sync translated pages" for that.
    source = TranslationSource.objects.get_for_instance(article)
    assert source.last_updated_at < article.get_latest_revision().created_at
    assert translation_status(editor_client, TITLE) == "Up to date"
    assert NEW_INTRO not in json.dumps(translation_editor(editor_client, french))
    assert FRENCH[INTRO] in unescape(editor_client.get(FRENCH_URL).content.decode())
    edit_page = editor_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    sync_url = f"/admin/localize/update/{source.pk}/"
    assert re.search(
        rf'href="{sync_url}[^"]*"[^>]*>\s*(<svg.*?</svg>\s*)?Sync translated pages', edit_page, re.S
    )
    sync_form = unescape(editor_client.get(sync_url).content.decode())
    assert "The last sync date was" in sync_form
    assert re.search(rf'Français\s*\(<a href="/admin/pages/{french.pk}/edit/"', sync_form)

    response = editor_client.post(sync_url, {})
    assert response.status_code == 302
    props = translation_editor(editor_client, french)
    # Only the changed sentence waits for its translation; the others kept theirs.
    assert untranslated_sources(props) == [NEW_INTRO]
    assert translation_status(editor_client, TITLE) == "Waiting for translations"
    # Not published yet (the sync form's "Publish immediately" was left unticked).
    assert FRENCH[INTRO] in unescape(editor_client.get(FRENCH_URL).content.decode())

    translate_in_editor(editor_client, props, {NEW_INTRO: NEW_FRENCH_INTRO})
    publish_translation(editor_client, french)
    html = unescape(editor_client.get(FRENCH_URL).content.decode())
    assert NEW_FRENCH_INTRO in html
    assert FRENCH[BODY] in html


def test_an_outside_translator_fills_the_po_file_and_the_french_page_gets_it(
    translated_article, editor_client, publish_translation
):
    article, french = translated_article
    props = translation_editor(editor_client, french)
    response = editor_client.get(props["links"]["downloadPofile"])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-gettext-translation"
    assert response["Content-Disposition"].endswith("-fr.po")
    po = polib.pofile(response.content.decode())
    entries = {entry.msgid: entry for entry in po}
    assert entries[INTRO].msgstr == FRENCH[INTRO]  # what is translated already comes along

    better = "Un guide tout neuf pour le personnel pénitentiaire."
    entries[INTRO].msgstr = better
    upload = SimpleUploadedFile("visiting-rooms-fr.po", str(po).encode(), "text/x-gettext")
    edit_url = f"/admin/pages/{french.pk}/edit/"
    response = editor_client.post(
        props["links"]["uploadPofile"], {"file": upload, "next": edit_url}, follow=True
    )
    assert response.redirect_chain == [(edit_url, 302)]
    messages = messages_shown(response)
    assert "Successfully imported translations from PO File." in messages
    publish_translation(editor_client, french)
    html = unescape(editor_client.get(FRENCH_URL).content.decode())
    assert better in html
    assert FRENCH[INTRO] not in html


def test_a_po_file_for_another_translation_is_refused(site_content, editor_client):
    pages = [site_content.fr.about, site_content.fr.articles[0]]
    about, article = (translation_editor(editor_client, page) for page in pages)
    article_po = editor_client.get(article["links"]["downloadPofile"]).content
    upload = SimpleUploadedFile("article-fr.po", article_po, "text/x-gettext")
    response = editor_client.post(about["links"]["uploadPofile"], {"file": upload}, follow=True)
    messages = messages_shown(response)
    assert messages == ["Cannot import PO file that was created for a different translation."]


def test_the_admin_offers_no_machine_translation(translated_article, editor_client):
    """No translation service can be reached from the site's machines, so none is set
    (WAGTAILLOCALIZE_MACHINE_TRANSLATOR): no button in the editor, no option when
    syncing, and its address answers nothing."""
    article, french = translated_article
    props = translation_editor(editor_client, french)
    assert props["machineTranslator"] is None
    edit_page = editor_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    sync_url = re.search(r'href="(/admin/localize/update/\d+/)', edit_page).group(1)
    sync_form = editor_client.get(sync_url).content.decode()
    assert "Publish immediately" in sync_form
    assert "machine" not in sync_form.lower()
    translation_id = re.search(r"/translate/(\d+)/", props["links"]["downloadPofile"]).group(1)
    url = f"/admin/localize/translate/{translation_id}/machine_translate/"
    assert editor_client.post(url).status_code == 404


def account_preferences(client, **changes):
    """The Account page's form as the browser would post it: every panel's current
    values, with `changes` ({"locale-preferred_language": "fr"}) on top."""
    response = client.get("/admin/account/")
    assert response.status_code == 200
    data = {}
    for panels in response.context["panels_by_tab"].values():
        for panel in panels:
            form = panel.get_form()
            for name, field in form.fields.items():
                if isinstance(field, forms.FileField):
                    continue  # the avatar: no file is posted unless one is chosen
                value = form[name].value()
                if value not in (None, False):
                    data[f"{form.prefix}-{name}"] = value
    data.update(changes)
    return data


def test_staff_who_choose_french_get_the_admin_in_french(site_content, editor_client):
    english = editor_client.get("/admin/").content.decode()
    assert '<html lang="en"' in english
    response = editor_client.post(
        "/admin/account/", account_preferences(editor_client, **{"locale-preferred_language": "fr"})
    )
    assert response.status_code == 302, [
        (panel.name, panel.get_form().errors)
        for panels in response.context["panels_by_tab"].values()
        for panel in panels
    ]

    dashboard = unescape(editor_client.get("/admin/").content.decode())
    assert '<html lang="fr"' in dashboard
    assert "Tableau de bord" in dashboard
    editor = unescape(
        editor_client.get(f"/admin/pages/{site_content.articles[0].pk}/edit/").content.decode()
    )
    assert "Publier" in editor
    assert "Synchroniser les pages traduites" in editor  # wagtail-localize's own button
    # The site's visitors are not affected: the English pages stay English.
    editor_client.logout()
    assert '<html lang="en">' in editor_client.get("/en/").content.decode()
