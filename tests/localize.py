"""Translations made as editors make them: through wagtail-localize (a translation
source, its strings translated, the translation saved and published), never by
creating pages in the other locale with the ORM."""

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
