"""One event in two languages: one capacity and one list of registrants whichever
page people register from, and each registrant served in the language they used."""

import datetime
import zoneinfo
from email.header import decode_header, make_header

from django.core import mail
from django.utils.html import strip_tags

import pytest
from bs4 import BeautifulSoup

from events import services
from events.models import Registration
from events.notifications import send_due_reminders
from tests import test_purges
from tests.localize import make_bilingual_event, translate

from .conftest import SECRET_JOIN_LINK, form_post, registration_data
from .test_calendar_clients import read_with_icaljs
from .test_emails import calendar_of

# The recording edge cache of tests/test_purges.py, as a fixture here too.
edge = test_purges.edge
NBSP = "\u00a0"
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
# Thursday 14 March 2030, 14:00–15:30 in Brussels.
START = datetime.datetime(2030, 3, 14, 14, 0, tzinfo=BRUSSELS)


@pytest.fixture
def bilingual_event(event_index):
    return make_bilingual_event(
        event_index,
        capacity=3,
        waitlist_enabled=False,
        start=START,
        end=START + datetime.timedelta(minutes=90),
    )


def spaced(text):
    """`text` with its non-breaking spaces as plain ones: where French typography puts
    them in dates is the format modules' business (cope_site/formats)."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


def register(page, capture, number=0, **overrides):
    """Register from `page` (either language's) as its form does, e-mails sent."""
    with capture(execute=True):
        return services.register(page, registration_data(number, **overrides))


def test_the_french_page_is_a_translation_of_the_same_event(bilingual_event):
    english, french = bilingual_event
    assert french.locale.language_code == "fr"
    assert french.translation_key == english.translation_key
    assert french.url.startswith("/fr/webinaires/")
    # What decides seats and times is the English page's, never translated.
    for field in ("start", "end", "capacity", "join_link", "time_zone", "kind"):
        assert getattr(french, field) == getattr(english, field)
    assert french.registration_event() == english.registration_event() == english


def test_one_capacity_whichever_language_people_register_from(bilingual_event):
    english, french = bilingual_event
    services.register(english, registration_data(1))
    services.register(french, registration_data(2))
    services.register(french, registration_data(3))
    with pytest.raises(services.RegistrationRefused):
        services.register(english, registration_data(4))
    registrations = Registration.objects.order_by("pk")
    assert [r.event_id for r in registrations] == [english.pk] * 3
    # The language is the page's they registered from, whatever the form data says.
    assert [r.language for r in registrations] == ["en", "fr", "fr"]
    assert english.places_left() == french.places_left() == 0


def test_a_person_registered_in_english_is_already_registered_in_french(bilingual_event):
    english, french = bilingual_event
    first, _outcome = services.register(english, registration_data(1))
    again, outcome = services.register(french, registration_data(1))
    assert outcome == services.Outcome.ALREADY_REGISTERED
    assert again.pk == first.pk


def test_the_french_page_shows_the_places_the_english_page_has(bilingual_event, client):
    english, french = bilingual_event
    services.register(english, registration_data(1))
    html = client.get(french.url).content.decode()
    assert f"Les inscriptions sont ouvertes{NBSP}: il reste 2 places." in html

    # Editors added places to the English page and have not synced the French one yet:
    # the French page already counts them, as registrations from it do.
    english.capacity = 5
    english.save_revision().publish()
    french.refresh_from_db()
    assert french.capacity == 3
    html = client.get(french.url).content.decode()
    assert "il reste 4 places." in html
    services.register(french, registration_data(2))
    services.register(french, registration_data(3))
    services.register(french, registration_data(4))
    assert english.registrations.count() == 4

    # "Sync translated pages" copies the seat fields; translators cannot change them.
    french = translate(english, {})
    assert french.capacity == 5


def test_a_registration_purges_both_language_pages(
    bilingual_event,
    site_content,
    edge,
    django_capture_on_commit_callbacks,
):
    english, french = bilingual_event
    edge.purged.clear()
    registration, _outcome = register(french, django_capture_on_commit_callbacks)
    host = test_purges.site_host(site_content)
    assert set(edge.purged) == {(host, english.url), (host, french.url)}
    edge.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(registration)
    assert set(edge.purged) == {(host, english.url), (host, french.url)}


def test_a_french_registrant_gets_the_confirmation_in_french(
    bilingual_event, django_capture_on_commit_callbacks
):
    english, french = bilingual_event
    registration, _outcome = register(french, django_capture_on_commit_callbacks, name="Léa")
    (message,) = mail.outbox
    assert message.subject == f"Votre place est confirmée{NBSP}: {french.title}"
    assert message.extra_headers["Content-Language"] == "fr"
    html, _mimetype = message.alternatives[0]
    assert '<html lang="fr">' in html
    for body in (message.body, strip_tags(html)):
        assert "Bonjour Léa," in body
        assert "Votre place est confirmée. Au plaisir de vous y retrouver." in body
        assert french.title in body and english.title not in body
        assert "jeudi 14 mars 2030, 14 h 00–15 h 30" in spaced(body)
        assert "(Europe/Brussels, UTC+01:00)" in body
        assert f"Quand{NBSP}: " in body and f"Où{NBSP}: Zoom" in body
        assert "Voir, modifier ou annuler votre inscription" in body
    assert french.full_url in message.body

    manage_url = f"http://testserver{registration.manage_path()}"
    calendar = calendar_of(message)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["summary"]) == french.title
    assert str(entry["description"]) == f"Votre inscription{NBSP}: {manage_url}"
    assert str(entry["url"]) == french.full_url
    assert entry["dtstart"].dt == START

    ((by_js,),) = [
        read["events"] for read in read_with_icaljs([message.attachments[0][1].encode()])
    ]
    assert by_js["summary"] == french.title
    assert by_js["description"] == f"Votre inscription{NBSP}: {manage_url}"
    assert by_js["start_utc"] == "2030-03-14T13:00:00.000Z"


def test_a_discreet_french_email_names_no_topic_in_french(
    bilingual_event, django_capture_on_commit_callbacks
):
    _english, french = bilingual_event
    register(french, django_capture_on_commit_callbacks, discreet_emails=True)
    (message,) = mail.outbox
    assert message.subject == "Votre inscription est confirmée"
    sender = str(make_header(decode_header(message.from_email)))
    assert sender.startswith("Équipe des événements <")
    assert "Children of Prisoners" not in sender
    (entry,) = calendar_of(message).walk("VEVENT")
    assert str(entry["summary"]) == "Réunion en ligne"
    assert str(entry["organizer"].params["CN"]) == "Équipe des événements"


def test_each_registrant_hears_of_a_cancellation_in_their_language(
    bilingual_event, django_capture_on_commit_callbacks
):
    english, french = bilingual_event
    register(english, django_capture_on_commit_callbacks, 1)
    register(french, django_capture_on_commit_callbacks, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        english.is_cancelled = True
        english.save_revision().publish()
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "person1@example.org": f"Cancelled: {english.title}",
        "person2@example.org": f"Annulé{NBSP}: {french.title}",
    }


def test_the_manage_page_is_in_the_registrants_language(
    bilingual_event, client, django_capture_on_commit_callbacks
):
    english, french = bilingual_event
    registration, _outcome = register(french, django_capture_on_commit_callbacks)
    # Whatever the browser asks for: the registrant registered in French.
    response = client.get(registration.manage_path(), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "fr"
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "<h1>Votre inscription</h1>" in html
    assert "Inscription confirmée" in html
    assert f'href="{french.url}">{french.title}</a>' in html
    assert "jeudi 14 mars 2030" in spaced(html)
    assert "Annuler mon inscription" in html

    english_registration, _outcome = register(english, django_capture_on_commit_callbacks, 5)
    response = client.get(english_registration.manage_path(), HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "en"
    assert "Cancel my registration" in response.content.decode()


def test_registering_on_the_french_page_thanks_in_french(bilingual_event, client):
    english, french = bilingual_event
    response = client.post(french.url + "register/", form_post(name="Léa"), follow=True)
    assert response.redirect_chain[0][0].startswith(french.url + "register/thanks/")
    html = response.content.decode()
    assert "Inscription confirmée" in html
    assert f"Votre place pour «{NBSP}{french.title}{NBSP}» est confirmée." in html
    registration = Registration.objects.get()
    assert (registration.event_id, registration.language) == (english.pk, "fr")


def test_email_times_are_in_a_non_brussels_events_own_zone(
    event_index, django_capture_on_commit_callbacks
):
    new_york = zoneinfo.ZoneInfo("America/New_York")
    start = datetime.datetime(2030, 3, 14, 14, 0, tzinfo=new_york)  # 19:00 in Brussels
    english, french = make_bilingual_event(
        event_index,
        time_zone="America/New_York",
        start=start,
        end=start + datetime.timedelta(hours=1),
    )
    register(english, django_capture_on_commit_callbacks, 1)
    register(french, django_capture_on_commit_callbacks, 2)
    english_mail, french_mail = mail.outbox
    assert "Thursday 14 March 2030, 14:00–15:00 (America/New_York, UTC-04:00)" in (
        english_mail.body
    )
    assert "19:00" not in english_mail.body
    assert "jeudi 14 mars 2030, 14 h 00–15 h 00 (America/New_York, UTC-04:00)" in spaced(
        french_mail.body
    )


def test_the_french_form_lists_its_errors_in_french(bilingual_event, client):
    _english, french = bilingual_event
    response = client.post(french.url + "register/", form_post(name="", email="pas-une-adresse"))
    assert response.status_code == 400
    summary = BeautifulSoup(response.content, "html.parser").find(class_="error-summary")
    assert summary.h2.get_text(strip=True) == "Veuillez corriger les points suivants"
    errors = [item.get_text(strip=True) for item in summary.find_all("li")]
    # The labels are events/locale's, the messages Django's own French catalogue's.
    assert errors == [
        f"Votre nom{NBSP}: Champ requis.",
        f"Adresse e-mail{NBSP}: Saisissez une adresse de courriel valide.",
    ]
    assert not Registration.objects.exists()


def test_a_french_registrant_is_reminded_in_french_with_the_join_link(
    event_index, django_capture_on_commit_callbacks
):
    _english, french = make_bilingual_event(event_index, starts_in=datetime.timedelta(hours=5))
    register(french, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 1
    (reminder,) = mail.outbox
    assert reminder.subject == f"Rappel{NBSP}: {french.title} commence bientôt"
    assert "Petit rappel : l’événement auquel vous participez commence bientôt." in spaced(
        reminder.body
    )
    assert f"Rejoindre l’événement{NBSP}: {SECRET_JOIN_LINK}" in reminder.body
