"""What registrants receive: the e-mails, their calendar file and links."""

import datetime
import re

from django.core import mail
from django.test import override_settings

import pytest
from icalendar import Calendar

from events import services
from events.models import RegistrationEmail, RegistrationStatus
from tests.events.conftest import SECRET_JOIN_LINK, make_event, registration_data

FAILING_MAILER = {"default": {"BACKEND": "tests.events.failing_mail.BrokenSmtpBackend"}}


def register(event, django_capture_on_commit_callbacks, number=0, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return services.register(event, registration_data(number, **overrides))


def calendar_of(message):
    (name, content, mimetype) = message.attachments[0]
    assert name == "event.ics"
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_confirmation_email_holds_details_calendar_and_manage_link(
    event, django_capture_on_commit_callbacks
):
    registration, outcome = register(event, django_capture_on_commit_callbacks, name="Amélie")
    assert outcome == "confirmed"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["person0@example.org"]
    assert message.subject == f"Your place is confirmed: {event.title}"
    assert "Children of Prisoners Europe" in message.from_email
    assert "Hello Amélie," in message.body
    assert event.title in message.body
    manage_url = f"http://testserver/registrations/{registration.token}/"
    assert manage_url in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{manage_url}"' in html
    assert "calendar.google.com" in message.body
    # The join link is for the reminder and the manage page, never the confirmation.
    assert SECRET_JOIN_LINK not in message.body and SECRET_JOIN_LINK not in html

    calendar = calendar_of(message)
    # The registrant's own entry: an invitation the organisation can update or cancel.
    assert calendar["method"] == "REQUEST"
    entry = calendar.walk("VEVENT")[0]
    assert str(entry["summary"]) == event.title
    assert entry["dtstart"].params["TZID"] == "Europe/Brussels"
    assert entry["dtstart"].dt == event.start
    assert str(entry["url"]) == event.full_url
    assert str(entry["uid"]) == f"cope-event-{event.pk}-registration-{registration.pk}@events"
    assert calendar.walk("VTIMEZONE"), "calendar apps need the time zone definition"
    assert RegistrationEmail.objects.get(registration=registration).status == "sent"


def test_calendar_uid_is_stable_for_a_registration(event, django_capture_on_commit_callbacks):
    registration, _ = register(event, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    register(event, django_capture_on_commit_callbacks)  # a repeat re-sends the e-mail
    assert "already" in mail.outbox[0].body.lower() or mail.outbox[0].attachments
    uid = str(calendar_of(mail.outbox[0]).walk("VEVENT")[0]["uid"])
    assert uid == f"cope-event-{event.pk}-registration-{registration.pk}@events"


def test_discreet_emails_keep_the_topic_out_of_subject_sender_and_calendar(
    event, django_capture_on_commit_callbacks
):
    register(event, django_capture_on_commit_callbacks, discreet_emails=True)
    message = mail.outbox[0]
    assert message.subject == "Your registration is confirmed"
    assert "prison" not in message.subject.lower()
    assert "Children of Prisoners" not in message.from_email
    assert message.from_email.startswith("Events team")
    entry = calendar_of(message).walk("VEVENT")[0]
    assert str(entry["summary"]) == "Online meeting"


def test_waitlist_notice_then_promotion_when_a_place_frees_up(
    event_index, django_capture_on_commit_callbacks
):
    small = make_event(event_index, "Small webinar", capacity=1)
    first, _ = register(small, django_capture_on_commit_callbacks, 1)
    second, outcome = register(small, django_capture_on_commit_callbacks, 2)
    assert outcome == "waitlisted"
    waitlist_notice = mail.outbox[-1]
    assert waitlist_notice.subject.startswith("You are on the waiting list")
    assert not waitlist_notice.attachments
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(first)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["person1@example.org"].startswith("Your registration is cancelled")
    assert subjects["person2@example.org"].startswith("A place is now yours")
    promotion = next(m for m in mail.outbox if m.to == ["person2@example.org"])
    assert calendar_of(promotion).walk("VEVENT")
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED


def test_failing_mail_server_keeps_the_registration_and_the_seat(
    event, django_capture_on_commit_callbacks
):
    with override_settings(MAILERS=FAILING_MAILER):
        registration, outcome = register(event, django_capture_on_commit_callbacks)
    assert outcome == "confirmed"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert event.places_left() == event.capacity - 1
    assert RegistrationEmail.objects.get(registration=registration).status == "failed"
    assert mail.outbox == []


def test_reminder_is_sent_once_with_the_join_link(event_index, django_capture_on_commit_callbacks):
    soon = make_event(event_index, "Starting soon", starts_in=datetime.timedelta(hours=5))
    later = make_event(event_index, "Next month", starts_in=datetime.timedelta(days=30))
    register(soon, django_capture_on_commit_callbacks, 1)
    register(later, django_capture_on_commit_callbacks, 2)
    waiting = register(soon, django_capture_on_commit_callbacks, 3)[0]
    waiting.status = RegistrationStatus.WAITLISTED
    waiting.save()
    mail.outbox.clear()

    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [["person1@example.org"]]
    reminder = mail.outbox[0]
    assert reminder.subject == "Reminder: Starting soon starts soon"
    assert SECRET_JOIN_LINK in reminder.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_registrants_are_told_when_the_event_is_moved_or_cancelled(
    event, django_capture_on_commit_callbacks
):
    register(event, django_capture_on_commit_callbacks, 1)
    register(event, django_capture_on_commit_callbacks, 2)
    mail.outbox.clear()

    event.start += datetime.timedelta(days=1)
    event.end += datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert sorted(m.to[0] for m in mail.outbox) == ["person1@example.org", "person2@example.org"]
    moved = mail.outbox[0]
    assert moved.subject.startswith("New date and time")
    entry = calendar_of(moved).walk("VEVENT")[0]
    assert entry["dtstart"].dt == event.start
    assert int(entry["sequence"]) > 0
    mail.outbox.clear()

    # Saving a draft tells nobody; publishing the cancellation does.
    event.is_cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        revision = event.save_revision()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject.startswith("Cancelled:")
    assert str(calendar_of(mail.outbox[0]).walk("VEVENT")[0]["status"]) == "CANCELLED"


@pytest.mark.parametrize("field", ["name", "organisation"])
def test_text_from_the_form_is_escaped_in_html_emails(
    event, django_capture_on_commit_callbacks, field
):
    register(event, django_capture_on_commit_callbacks, **{field: "<script>alert(1)</script>"})
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html
    assert not re.search(r"<script", html)
