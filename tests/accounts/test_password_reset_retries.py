"""A password-reset e-mail the mail server did not take is sent again later, as a
registrant's is (tests/events/test_email_retries.py): by the real task worker and the
database queue production uses, through Django's SMTP backend."""

import logging
import re
from email import message_from_bytes, policy

from django.core.cache import cache
from django.test import Client
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from tests.accounts.test_sign_in import staff
from tests.events.smtp_sink import SmtpSink
from tests.events.test_email_retries import MAIL_SERVER_DOWN
from tests.task_worker import let_the_wait_pass, run_until_given_up, run_worker, waiting_retries

TASK = "accounts.tasks.send_password_reset_emails"
ADDRESS = "coordinator@cope.example"
RESET_LINK = re.compile(r"http://testserver(/admin/password_reset/confirm/[^/\s]+/([^/\s]+)/)")


@pytest.fixture
def sink():
    server = SmtpSink()
    yield server
    server.stop()


@pytest.fixture
def reset_asked(transactional_db, settings):
    """The coordinator asked for a reset while the mail server is down; the worker has
    not run yet. Committed rows: the worker runs transactions of its own."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_RETRY_DELAYS = [60, 300]
    settings.MAILERS = MAIL_SERVER_DOWN
    # A superuser: transactional_db leaves no Editors group after the first test.
    user = staff("coordinator", superuser=True)
    cache.delete(f"password-reset-sent:{user.pk}")
    answer = Client().post("/admin/password_reset/", {"email": ADDRESS})
    assert answer.status_code == 302
    return user


def assert_nothing_personal(caplog, tokens=()):
    stored = repr(list(DBTaskResult.objects.filter(task_path=TASK).values()))
    for secret in (ADDRESS, "password_reset/confirm", *tokens):
        assert secret not in caplog.text, secret
        assert secret not in stored, secret


def test_a_reset_email_the_mail_server_missed_is_sent_once_it_is_back(
    reset_asked, settings, sink, caplog
):
    caplog.set_level(logging.INFO)
    run_worker()
    assert sink.accepted == []
    retry = waiting_retries(TASK).get()
    assert 50 < (retry.run_after - timezone.now()).total_seconds() <= 60
    assert retry.args_kwargs["args"] == [[reset_asked.pk]]
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert f"Password reset e-mail to user {reset_asked.pk} failed (attempt 1: " in warnings[0]
    assert warnings[0].endswith("ConnectionRefusedError); trying again in 60 s")

    # Within the 15 minutes one request is allowed: the retry is that request's e-mail.
    settings.MAILERS = sink.mailer()
    let_the_wait_pass(TASK)
    run_worker()
    [(recipients, message)] = sink.accepted
    assert recipients == [ADDRESS]
    text = message_from_bytes(message, policy=policy.default).get_body(("plain",)).get_content()
    link = RESET_LINK.search(text)
    # The link works: it opens the form to choose a new password.
    assert Client().get(link[1]).status_code == 302
    assert not waiting_retries(TASK).exists()
    attempts = DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at")
    assert [task.status for task in attempts] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert_nothing_personal(caplog, tokens=[link[2]])


def test_after_the_last_attempt_it_gives_up_with_a_line_that_names_no_one(reset_asked, caplog):
    caplog.set_level(logging.INFO)
    run_until_given_up(TASK)  # three attempts: EMAIL_RETRY_DELAYS has two delays
    assert not waiting_retries(TASK).exists()
    attempts = DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at")
    assert [task.status for task in attempts] == ["SUCCESSFUL", "SUCCESSFUL", "FAILED"]
    assert attempts[2].exception_class_path == "cope_site.mail.MailNotSent"
    errors = [
        r for r in caplog.records if r.levelno >= logging.ERROR and r.name == "cope_site.mail"
    ]
    assert [r.getMessage() for r in errors] == [
        f"Password reset e-mail to user {reset_asked.pk} failed "
        "(attempt 3, not tried again): ConnectionRefusedError"
    ]
    assert not any(r.exc_info for r in errors)
    assert_nothing_personal(caplog)


def test_a_refused_address_is_not_tried_again_and_not_logged(reset_asked, settings, caplog):
    caplog.set_level(logging.INFO)
    refusing = SmtpSink(refused=[ADDRESS])
    try:
        settings.MAILERS = refusing.mailer()
        run_worker()
    finally:
        refusing.stop()
    assert not waiting_retries(TASK).exists()
    assert [r.getMessage() for r in caplog.records if r.name == "cope_site.mail"] == [
        f"Password reset e-mail to user {reset_asked.pk} failed "
        "(attempt 1, not tried again): SMTPRecipientsRefused"
    ]
    assert DBTaskResult.objects.get(task_path=TASK).status == "FAILED"
    assert_nothing_personal(caplog)
