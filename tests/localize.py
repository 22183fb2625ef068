"""Translations made as editors make them: through wagtail-localize (a translation
source, its strings translated, the translation saved and published), never by
creating pages in the other locale with the ORM."""

import json
import re
from html import unescape
from urllib.parse import urlencode

from wagtail.models import Locale

from home.initial_content import translate_page


def translate(page, texts, language_code="fr"):
    """`page`'s live translation into `language_code`, every string of the page taken
    from `texts` ({English: translation}); fails naming the strings `texts` lacks.
    When the translation exists, it is synced instead, as the admin's "Sync translated
    pages" does: the page's synchronised fields copied again, its strings kept."""
    from wagtail_localize.models import TranslationSource
    from wagtail_localize.strings import StringValue

    locale = Locale.objects.get(language_code=language_code)
    if page.has_translation(locale):
        return sync_translation(page, locale)
    translated = translate_page(page, locale, texts)
    if translated is None:
        source, _created = TranslationSource.get_or_create_from_instance(page)
        strings = [
            StringValue(segment.string.data).render_text()
            for segment in source.stringsegment_set.select_related("string")
        ]
        missing = [text for text in strings if text not in texts]
        raise AssertionError(f"Not translated: {missing}")
    return translated.specific


def sync_translation(page, locale):
    """What wagtail-localize's "Sync translated pages" does, published at once (as in
    home/initial_content.py `translate_page`)."""
    from wagtail_localize.models import TranslationSource

    source, _created = TranslationSource.update_or_create_from_instance(page)
    source.translations.get(target_locale=locale).save_target(publish=False)
    translated = page.get_translation(locale)
    translated.get_latest_revision().publish()
    return translated.specific


# The strings of tests/events/conftest.py `make_event`'s page, in French.
FRENCH_EVENT_TEXTS = {
    "How school staff and prison professionals can work together.": (
        "Comment le personnel scolaire et les professionnels de la prison peuvent travailler "
        "ensemble."
    ),
    "Zoom": "Zoom",
    "English": "Anglais",
}


def make_bilingual_event(index, french_title="L’école et la prison, ensemble", **fields):
    """An event made in English (tests/events/conftest.py `make_event`) and its French
    translation, under the French webinars page: (English page, French page)."""
    from django.utils.text import slugify

    from tests.events.conftest import make_event

    english = make_event(index, **fields)
    texts = {**FRENCH_EVENT_TEXTS, english.title: french_title, english.slug: slugify(french_title)}
    return english, translate(english, texts)


def translation_editor(client, page_or_edit_url):
    """What wagtail-localize's translation editor (a React app) is given: its props,
    read from the French page's (or snippet's) edit view as the browser reads them."""
    url = page_or_edit_url
    response = client.get(url if isinstance(url, str) else f"/admin/pages/{url.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    return json.loads(unescape(re.search(r'data-props="([^"]*)"', html).group(1)))


def translate_in_editor(client, props, translations):
    """Type each string's translation into the editor, which saves it with a PUT to its
    segment's address as the editor's JavaScript does."""
    for segment in props["segments"]:
        if segment["type"] == "string" and segment["source"] in translations:
            response = client.put(
                segment["editUrl"],
                urlencode({"value": translations[segment["source"]]}),
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code in (200, 201), response.content
