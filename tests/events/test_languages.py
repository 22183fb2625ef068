"""One event in two languages: one capacity and one list of registrants whichever
page people register from, and each registrant served in the language they used."""

import pytest

from events import services
from events.models import Registration
from tests.localize import make_bilingual_event

from .conftest import registration_data


@pytest.fixture
def bilingual_event(event_index):
    return make_bilingual_event(event_index, capacity=3, waitlist_enabled=False)


def test_the_french_page_is_a_translation_of_the_same_event(bilingual_event):
    english, french = bilingual_event
    assert french.locale.language_code == "fr"
    assert french.translation_key == english.translation_key
    assert french.url.startswith("/fr/webinaires/")
    # What decides seats and times is the English page's, never translated.
    for field in ("start", "end", "capacity", "join_link", "time_zone", "kind"):
        assert getattr(french, field) == getattr(english, field)


def test_one_capacity_whichever_language_people_register_from(bilingual_event):
    english, french = bilingual_event
    services.register(english, registration_data(1))
    services.register(french, registration_data(2, language="fr"))
    services.register(french, registration_data(3, language="fr"))
    with pytest.raises(services.RegistrationRefused):
        services.register(english, registration_data(4))
    registrations = Registration.objects.order_by("pk")
    assert [r.event_id for r in registrations] == [english.pk] * 3
    assert [r.language for r in registrations] == ["en", "fr", "fr"]
    assert english.places_left() == french.places_left() == 0


def test_a_person_registered_in_english_is_already_registered_in_french(bilingual_event):
    english, french = bilingual_event
    first, _outcome = services.register(english, registration_data(1))
    again, outcome = services.register(french, registration_data(1, language="fr"))
    assert outcome == services.Outcome.ALREADY_REGISTERED
    assert again.pk == first.pk
