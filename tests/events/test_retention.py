"""Registrants' personal data leaves once the event is long past; the counts stay."""

import datetime
import io
import logging

from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from events import services
from events.models import Registration, RegistrationCount
from tests.events.conftest import make_event, registration_data
from tests.events.test_emails import FAILING_MAILER


def test_erase_command_removes_old_registrants_and_keeps_counts(event_index, settings):
    old = make_event(event_index, "Last spring", starts_in=datetime.timedelta(days=10))
    recent = make_event(event_index, "Next week", starts_in=datetime.timedelta(days=10))
    for number, role in enumerate(["school_staff", "school_staff", "social_worker"]):
        services.register(old, registration_data(number, role=role, country="BE"))
    services.register(recent, registration_data(10))
    # The old event ended 100 days ago.
    old.start -= datetime.timedelta(days=110)
    old.end -= datetime.timedelta(days=110)
    old.save()

    output = io.StringIO()
    call_command("erase_old_registrations", stdout=output)
    assert "Erased" in output.getvalue()

    assert not Registration.objects.filter(event=old).exists()
    assert Registration.objects.filter(event=recent).count() == 1
    counts = {
        (row.role, str(row.country), row.status): row.count
        for row in RegistrationCount.objects.filter(event=old)
    }
    assert counts == {
        ("school_staff", "BE", "confirmed"): 2,
        ("social_worker", "BE", "confirmed"): 1,
    }

    # Running it again neither fails nor counts anyone twice.
    call_command("erase_old_registrations", stdout=io.StringIO())
    assert sum(RegistrationCount.objects.values_list("count", flat=True)) == 3


def test_retention_period_comes_from_settings(event_index, settings):
    settings.REGISTRATION_RETENTION_DAYS = 400
    old = make_event(event_index, "Last spring", starts_in=datetime.timedelta(days=10))
    services.register(old, registration_data(1))
    old.start -= datetime.timedelta(days=110)
    old.end -= datetime.timedelta(days=110)
    old.save()
    call_command("erase_old_registrations", stdout=io.StringIO())
    assert Registration.objects.filter(event=old).count() == 1


def test_no_personal_data_in_logs(event, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.DEBUG)
    with (
        override_settings(MAILERS=FAILING_MAILER),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.register(event, registration_data(3, name="Zélie Secretname"))
    assert mail.outbox == []
    assert "person3@example.org" not in caplog.text
    assert "Secretname" not in caplog.text
