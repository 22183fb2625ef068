"""Topics: one list of subjects for news and events, named in each language. Pages file
themselves under the default language's topics; readers see each topic's name in their
language, and translators translate a topic in the admin like a page."""

from wagtail.models import Locale

from cope_site.models import Topic
from tests.conftest import make_topics
from tests.localize import translate_in_editor, translation_editor

FRENCH_ARTICLE = "/fr/actualites/game-with-mum-and-dad/"


def test_french_readers_see_french_topic_names_on_articles_and_in_the_filter(site_content, client):
    html = client.get(FRENCH_ARTICLE).content.decode()
    assert 'href="/fr/actualites/?topic=safeguarding">Protection de l&#x27;enfance</a>' in html
    assert 'href="/fr/actualites/?topic=prison-visits">Visites en prison</a>' in html
    assert "Safeguarding" not in html

    listing = client.get("/fr/actualites/?topic=safeguarding").content.decode()
    assert '<option value="safeguarding" selected>Protection de l&#x27;enfance</option>' in listing
    assert "Game with Mum" in listing and "Observation générale" not in listing
    # The results line names the topic in French too.
    assert "1 article sur «\u00a0Protection de l&#x27;enfance\u00a0»" in listing
    english = client.get("/en/news/?topic=safeguarding").content.decode()
    assert "1 article on “Safeguarding”" in english
    # In the reader's alphabetical order, not the English one.
    names = ["Droits de l&#x27;enfant", "Nations unies", "Protection de l&#x27;enfance"]
    positions = [listing.index(f">{name}</option>") for name in names]
    assert positions == sorted(positions)


def test_the_english_pages_keep_the_english_names(site_content, client):
    html = client.get("/en/news/game-with-mum-and-dad/").content.decode()
    assert 'href="/en/news/?topic=safeguarding">Safeguarding</a>' in html
    assert "Protection de l" not in html


def test_a_page_translation_keeps_the_topics_of_its_original(site_content):
    english = site_content.articles[0]
    french = english.get_translation(Locale.objects.get(language_code="fr"))
    assert {topic.pk for topic in french.topics.all()} == {
        topic.pk for topic in english.topics.all()
    }


def test_editors_choose_each_topic_once_among_the_default_languages(site_content, editor_client):
    form = editor_client.get(f"/admin/pages/add/news/newspage/{site_content.news_index.pk}/")
    html = form.content.decode()
    assert 'type="checkbox" name="topics"' in html
    assert "Safeguarding" in html
    assert "Protection de l" not in html  # the French name is the same topic
    topics = editor_client.get("/admin/snippets/cope_site/topic/")
    assert topics.status_code == 200 and "Safeguarding" in topics.content.decode()


def test_a_topic_translated_in_the_admin_names_it_in_french_at_once(
    site_content, client, editor_client, django_capture_on_commit_callbacks
):
    (family_contact,) = make_topics("family-contact")
    french_article = site_content.articles[0].get_translation(
        Locale.objects.get(language_code="fr")
    )
    french_article.topics.add(family_contact)
    french_article.save_revision().publish()
    # Not translated yet: the default language's name, rather than nothing.
    assert ">Family contact</a>" in client.get(FRENCH_ARTICLE).content.decode()

    french = Locale.objects.get(language_code="fr")
    submit = f"/admin/localize/submit/snippet/cope_site/topic/{family_contact.pk}/"
    assert editor_client.post(submit, {"locales": [french.pk]}).status_code == 302
    french_topic = family_contact.get_translation(french)
    edit_url = f"/admin/snippets/cope_site/topic/edit/{french_topic.pk}/"
    translate_in_editor(
        editor_client,
        translation_editor(editor_client, edit_url),
        {"Family contact": "Contact familial"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(edit_url, {"action": "publish"}, follow=True)
    assert response.status_code == 200

    assert Topic.objects.get(pk=french_topic.pk).name == "Contact familial"
    html = client.get(FRENCH_ARTICLE).content.decode()
    assert 'href="/fr/actualites/?topic=family-contact">Contact familial</a>' in html
