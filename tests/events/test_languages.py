"""One event in two languages: one capacity and one list of registrants whichever
page people register from, and each registrant served in the language they used."""

import csv
import datetime
import io
import zoneinfo
from html import unescape

from django.core import mail

import icalendar
import pytest
from bs4 import BeautifulSoup

from events import services
from events.models import Registration
from events.notifications import send_due_reminders
from tests.localize import make_bilingual_event, translate

from .conftest import SECRET_JOIN_LINK, form_post, make_event, registration_data
from .test_calendar_clients import read_with_icaljs


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


# Thursday 1 April 2027, 14:00 in Brussels: a first of the month, for "1er".
APRIL_FIRST = datetime.datetime(2027, 4, 1, 14, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Brussels"))
NBSP = "\u00a0"


@pytest.fixture
def april_event(event_index):
    return make_bilingual_event(
        event_index,
        start=APRIL_FIRST,
        end=APRIL_FIRST + datetime.timedelta(minutes=90),
        registration_opens=None,
        registration_closes=None,
    )


def site_content_fr_privacy():
    from wagtail.models import Locale, Site

    from cope_site.models import SiteSettings

    notice = SiteSettings.for_site(Site.objects.get(is_default_site=True)).privacy_policy_page
    return notice.get_translation(Locale.objects.get(language_code="fr"))


def register_in_french(client, french, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            french.url + "register/", form_post(**fields), HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 302
    return response


def test_a_registration_from_the_french_page_is_french_throughout(
    april_event, client, django_capture_on_commit_callbacks
):
    english, french = april_event
    response = register_in_french(client, french, django_capture_on_commit_callbacks)
    assert response["Location"].startswith(french.url + "register/thanks/")
    thanks = unescape(client.get(response["Location"]).content.decode())
    assert '<html lang="fr">' in thanks
    assert "Vous êtes inscrit·e" in thanks
    assert f"Votre place à «{NBSP}L’école et la prison, ensemble{NBSP}» est confirmée" in thanks

    registration = Registration.objects.get()
    assert (registration.event_id, registration.language) == (english.pk, "fr")
    # The consent is to the notice the form linked: the French one.
    french_notice = site_content_fr_privacy()
    assert registration.privacy_notice_version == (
        f"page-{french_notice.pk}-revision-{french_notice.live_revision_id}"
    )

    (message,) = mail.outbox
    assert message.subject == f"Votre place est confirmée{NBSP}: L’école et la prison, ensemble"
    assert message.extra_headers["Content-Language"] == "fr"
    assert "Bonjour Ana," in message.body
    assert "jeudi 1er avril 2027, 14 h 00–15 h 30 (Europe/Brussels, UTC+02:00)" in message.body
    assert f"http://testserver{french.url}" in message.body
    html, _mimetype = message.alternatives[0]
    assert "jeudi 1er avril 2027, 14 h 00" in unescape(html)

    (name, content, _type) = message.attachments[0]
    entry = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    manage_url = f"http://testserver{registration.manage_path()}"
    assert str(entry["summary"]) == "L’école et la prison, ensemble"
    assert str(entry["description"]) == f"Votre inscription{NBSP}: {manage_url}"
    assert str(entry["url"]) == f"http://testserver{french.url}"
    assert str(entry["uid"]) == f"cope-event-{english.pk}-registration-{registration.pk}@events"
    (by_thunderbird,) = read_with_icaljs(
        [content if isinstance(content, bytes) else content.encode()]
    )
    (read,) = by_thunderbird["events"]
    assert read["summary"] == "L’école et la prison, ensemble"
    assert read["description"] == f"Votre inscription{NBSP}: {manage_url}"


def test_the_manage_page_is_in_the_registrants_language_whatever_the_browser(
    april_event, client, django_capture_on_commit_callbacks
):
    _english, french = april_event
    register_in_french(client, french, django_capture_on_commit_callbacks)
    registration = Registration.objects.get()
    response = client.get(registration.manage_path(), HTTP_ACCEPT_LANGUAGE="en")
    html = unescape(response.content.decode())
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in html
    assert "Votre inscription" in html and "Annuler mon inscription" in html
    assert "L’école et la prison, ensemble" in html
    assert "jeudi 1er avril 2027, 14 h 00" in html
    assert "Cancel my registration" not in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(registration.manage_path() + "cancel/")
    (_confirmation, cancelled) = mail.outbox
    assert cancelled.subject == f"Votre inscription est annulée{NBSP}: {french.title}"


def test_discreet_emails_stay_neutral_in_french(
    april_event, client, django_capture_on_commit_callbacks
):
    _english, french = april_event
    register_in_french(client, french, django_capture_on_commit_callbacks, discreet_emails="on")
    (message,) = mail.outbox
    assert message.subject == "Votre inscription est confirmée"
    assert message.from_email.startswith("Équipe événements") or "=?utf-8?" in message.from_email
    assert "L’école" not in message.subject
    entry = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert str(entry["summary"]) == "Réunion en ligne"


def test_an_event_elsewhere_is_written_in_its_own_time_zone(
    event_index, django_capture_on_commit_callbacks
):
    new_york = zoneinfo.ZoneInfo("America/New_York")
    start = datetime.datetime(2027, 4, 1, 9, 0, tzinfo=new_york)
    event = make_event(
        event_index,
        start=start,
        end=start + datetime.timedelta(hours=1),
        time_zone="America/New_York",
        registration_opens=None,
        registration_closes=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, registration_data(1))
    (message,) = mail.outbox
    # 09:00 in New York is 15:00 in Brussels: the e-mail says the event's own time.
    assert "Thursday 1 April 2027, 09:00–10:00 (America/New_York, UTC-04:00)" in message.body


def test_staff_see_and_filter_each_registrants_language(
    bilingual_event, admin_client, django_capture_on_commit_callbacks
):
    english, french = bilingual_event
    services.register(english, registration_data(1))
    services.register(french, registration_data(2, language="fr"))
    html = admin_client.get("/admin/registrations/").content.decode()
    assert "Français" in html and "English" in html
    html = admin_client.get("/admin/registrations/?language=fr").content.decode()
    assert "person2@example.org" in html and "person1@example.org" not in html
    export = admin_client.get("/admin/registrations/?export=csv")
    exported = b"".join(export.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert sorted(row["Language"] for row in rows) == ["en", "fr"]


def spaced(text):
    """`text` with its non-breaking spaces as plain ones: where French typography puts
    them in dates is the format modules' business (cope_site/formats)."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


def register(page, capture, number=0, **overrides):
    """Register from `page` (either language's), its e-mails sent."""
    with capture(execute=True):
        return services.register(page, registration_data(number, **overrides))


def test_the_french_page_shows_the_places_the_english_page_has(bilingual_event, client):
    english, french = bilingual_event
    services.register(english, registration_data(1))
    html = client.get(french.url).content.decode()
    assert f"Les inscriptions sont ouvertes{NBSP}: 2 places restantes." in html

    # Editors added places to the English page and have not synced the French one yet:
    # the French page already counts them, as registrations from it do.
    english.capacity = 5
    english.save_revision().publish()
    french.refresh_from_db()
    assert french.capacity == 3
    html = client.get(french.url).content.decode()
    assert "4 places restantes." in html
    for number in (2, 3, 4):
        services.register(french, registration_data(number))
    assert english.registrations.count() == 4

    # "Sync translated pages" copies the seat fields; translators cannot change them.
    french = translate(english, {})
    assert french.capacity == 5


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


def test_the_french_form_lists_its_errors_in_french(bilingual_event, client):
    _english, french = bilingual_event
    response = client.post(french.url + "register/", form_post(name="", email="pas-une-adresse"))
    assert response.status_code == 400
    summary = BeautifulSoup(response.content, "html.parser").find(class_="error-summary")
    assert summary.h2.get_text(strip=True) == "Veuillez corriger ce qui suit"
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
    assert "l’événement auquel vous êtes inscrit·e commence bientôt." in spaced(reminder.body)
    # Labels carry their colon into the catalogue, so French spaces it.
    assert f"Quand{NBSP}: " in reminder.body
    assert f"Rejoindre l’événement{NBSP}: {SECRET_JOIN_LINK}" in reminder.body
