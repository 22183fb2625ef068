"""A registrant's e-mail that the mail server did not take is sent again later, by the
real task worker (`manage.py db_worker`) and the database queue production uses."""

import logging

from django.core import mail
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from events import services
from events.models import RegistrationEmail, RegistrationStatus
from tests.edge.harness import free_port
from tests.events.conftest import get_event_index, make_event, registration_data
from tests.task_worker import let_the_wait_pass, run_until_given_up, run_worker, waiting_retries

# Django's SMTP backend aimed at a loopback port nothing listens on: a mail server down.
MAIL_SERVER_DOWN = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
    }
}
MAIL_SERVER_BACK = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASK = "events.tasks.send_registration_email"


@pytest.fixture
def registration(live_site_content, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_RETRY_DELAYS = [60, 300]
    settings.MAILERS = MAIL_SERVER_DOWN
    # Committed pages (live_site_content): the worker runs transactions of its own.
    event = make_event(get_event_index(live_site_content.home))
    registration, outcome = services.register(event, registration_data(7, name="Retrytest Person"))
    assert outcome == "confirmed"
    return registration


def test_an_email_the_mail_server_missed_is_sent_once_it_is_back(registration, settings, caplog):
    caplog.set_level(logging.INFO)
    run_worker()
    assert mail.outbox == []
    assert list(registration.emails.values_list("status", flat=True)) == ["failed"]
    retry = waiting_retries(TASK).get()
    # Not before its wait: the worker just ran and left it queued.
    assert 50 < (retry.run_after - timezone.now()).total_seconds() <= 60
    assert retry.args_kwargs["args"] == [registration.pk, "confirmation", 2]
    assert "trying again in 60 s" in caplog.text

    settings.MAILERS = MAIL_SERVER_BACK
    let_the_wait_pass(TASK)
    run_worker()
    assert [message.to for message in mail.outbox] == [["person7@example.org"]]
    assert mail.outbox[0].subject.startswith("Your place is confirmed")
    assert registration.emails.first().status == RegistrationEmail.Status.SENT
    assert not waiting_retries(TASK).exists()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert "person7@example.org" not in caplog.text and "Retrytest" not in caplog.text


def test_after_the_last_attempt_staff_see_it_failed_and_the_log_says_so(registration, caplog):
    caplog.set_level(logging.INFO)
    run_until_given_up(TASK)  # three attempts: EMAIL_RETRY_DELAYS has two delays
    assert mail.outbox == []
    assert list(registration.emails.values_list("status", flat=True)) == ["failed"] * 3
    assert not waiting_retries(TASK).exists()
    attempts = DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at")
    assert [task.status for task in attempts] == ["SUCCESSFUL", "SUCCESSFUL", "FAILED"]
    final = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert [record.getMessage() for record in final if record.name == "cope_site.mail"] == [
        f"E-mail confirmation to registration {registration.pk} failed "
        "(attempt 3, not tried again): ConnectionRefusedError"
    ]
    assert "person7@example.org" not in caplog.text and "Retrytest" not in caplog.text
