"""Both languages through Varnish: a translator publishes in wagtail-localize's editor,
an editor publishes the English page, and every visitor sees the change on the very
next request, in either language; the root's redirect by browser language is never
shared between browsers. Needs PostgreSQL (skipped with a reason on SQLite) and
varnishd, as test_site_behind_edge.py does."""

from wagtail.models import Locale

import pytest
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from home.models import AboutPage
from tests.edge.test_site_behind_edge import warm

pytestmark = pytest.mark.edge


def publish_in_the_translation_editor(page, language_code, texts):
    """What a translator does in wagtail-localize's editor: new text for some of the
    page's strings (by field: "title", "slug"…), then Publish."""
    locale = Locale.objects.get(language_code=language_code)
    source = TranslationSource.objects.get_for_instance(page)
    translation = Translation.objects.get(source=source, target_locale=locale)
    for segment in source.stringsegment_set.select_related("string", "context"):
        if segment.context.path in texts:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": StringValue.from_plaintext(texts[segment.context.path]).data,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
    translation.save_target(publish=True)
    return page.get_translation(locale)


def alternate_link(page, language_code):
    return f'<link rel="alternate" hreflang="{language_code}" href="{page.get_full_url()}">'


def test_a_translation_and_its_english_page_published_are_seen_at_once_in_both_languages(
    site,
):
    english = AboutPage.objects.get(locale__language_code="en")
    french = english.get_translation(Locale.objects.get(language_code="fr"))
    old_french_url = french.url
    warm(site, english.url, old_french_url)

    french = publish_in_the_translation_editor(
        english, "fr", {"title": "Notre réseau", "slug": "notre-reseau"}
    )
    assert french.url == "/fr/notre-reseau/"
    answer = site.get(french.url)
    assert answer.status == 200 and "<h1>Notre réseau</h1>" in answer.body
    assert site.get(old_french_url).status in (301, 302, 404)
    # The English page's copy is gone too: it links to the French one's new address.
    english_answer = site.get(english.url)
    assert english_answer.cache == "MISS"
    assert alternate_link(french, "fr") in english_answer.body
    warm(site, english.url, french.url)

    english.title = "About COPE"
    english.slug = "about-cope"
    english.save_revision().publish()
    english.refresh_from_db()
    answer = site.get(english.url)
    assert answer.status == 200 and "<h1>About COPE</h1>" in answer.body
    # The French page still reads in French, and links to the English one's new address.
    french_answer = site.get(french.url)
    assert french_answer.cache == "MISS"
    assert "<h1>Notre réseau</h1>" in french_answer.body
    assert alternate_link(english, "en") in french_answer.body


def test_the_root_sends_each_browser_to_its_own_language_through_the_edge(site):
    # Each browser in turn, twice: a redirect one browser got is never another's.
    for _ in range(2):
        for accept_language, home in [
            ("en-GB,en;q=0.9", "/en/"),
            ("fr-FR,fr;q=0.9,en;q=0.5", "/fr/"),
            ("", "/en/"),
            ("fr", "/fr/"),
        ]:
            answer = site.get("/", headers={"Accept-Language": accept_language})
            assert (answer.status, answer.headers["Location"]) == (302, home), accept_language
            assert answer.cache == "MISS", accept_language
