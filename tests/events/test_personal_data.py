"""What the site keeps about a registrant, as the registrant and an auditor would look:
the thank-you link reads as nothing without the key, the export holds the e-mail
history, and once they erase their data the task queue keeps no trace of them."""

import base64
import io
import json
import logging
from urllib.parse import parse_qs, urlsplit

from django.core.management import call_command
from django.test import Client

import pytest
from django_tasks_db.models import DBTaskResult

from cope_site.log_filters import RedactSecrets
from events import services
from events.models import Registration, RegistrationEmail
from events.retention import erase_old_registrations
from tests.conftest import sign_in_to_admin
from tests.events.conftest import form_post, get_event_index, make_event, registration_data
from tests.events.smtp_sink import SmtpSink
from tests.events.test_emails import FAILING_MAILER
from tests.events.test_registrations_admin import staff_user

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def thank_you_reference(location):
    return parse_qs(urlsplit(location).query)["r"][0]


def test_the_thank_you_link_reads_as_nothing_without_the_key(event, client, settings):
    location = client.post(event.url + "register/", form_post())["Location"]
    registration = Registration.objects.get()
    reference = thank_you_reference(location)
    decoded = base64.urlsafe_b64decode(reference + "=" * (-len(reference) % 4))
    for secret in (registration.token, "ana@example.org", '"e"', "confirmed"):
        assert secret not in reference
        assert secret.encode() not in decoded

    # It still opens the page with the manage link, through a key rotation too.
    assert registration.manage_path() in client.get(location).content.decode()
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the-next-key"
    assert registration.manage_path() in client.get(location).content.decode()
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get(location).status_code == 404

    fresh = client.post(event.url + "register/", form_post(email="bo@example.org"))["Location"]
    assert client.get(fresh).status_code == 200
    reference = thank_you_reference(fresh)
    tampered = reference[:20] + ("A" if reference[20] != "A" else "B") + reference[21:]
    assert client.get(fresh.replace(reference, tampered)).status_code == 404


def test_the_export_holds_the_email_history_and_what_staff_did(
    event, client, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url + "register/", form_post())
    registration = Registration.objects.get()
    coordinator = staff_user("coordinator", registrant_access=True)
    staff = type(client)()
    sign_in_to_admin(staff, coordinator)
    assert staff.get(f"/admin/registrations/inspect/{registration.pk}/").status_code == 200
    settings.MAILERS = FAILING_MAILER
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/admin/registrations/{registration.pk}/resend/")

    data = json.loads(client.get(registration.manage_path() + "my-data.json").content)
    sent = list(RegistrationEmail.objects.order_by("created_at", "pk"))
    assert data["emails"] == [
        {
            "email": "confirmation",
            "outcome": "sent",
            "at": sent[0].created_at.isoformat(),
            "error": None,
        },
        {
            "email": "confirmation",
            "outcome": "failed",
            "at": sent[1].created_at.isoformat(),
            "error": "SMTPServerDisconnected",
        },
    ]
    assert [(item["action"], item["by"]) for item in data["history"]] == [
        ("Registration viewed", "staff"),
        ("Registration e-mail re-sent", "staff"),
    ]
    assert "coordinator" not in json.dumps(data), "staff stay unnamed"


@pytest.fixture
def task_worker():
    """Runs `manage.py db_worker --batch`: every queued task, then it stops. The worker
    sets its loggers to INFO (and may give them a handler): put them back afterwards."""
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    before = [(each.level, list(each.handlers)) for each in loggers]
    yield lambda: call_command("db_worker", batch=True, startup_delay=False, verbosity=1)
    for each, (level, handlers) in zip(loggers, before, strict=True):
        each.setLevel(level)
        each.handlers[:] = handlers


def email_tasks():
    return DBTaskResult.objects.filter(task_path="events.tasks.send_registration_email")


def task_table_text():
    return json.dumps(list(DBTaskResult.objects.values()), default=str)


@pytest.fixture
def refusing_mail_server(settings):
    sink = SmtpSink(refused=["ana@example.org"])
    settings.MAILERS = sink.mailer()
    settings.TASKS = DATABASE_TASKS
    yield sink
    sink.stop()


def test_a_refused_address_reaches_neither_the_worker_log_nor_the_task_results(
    live_site_content, client, refusing_mail_server, task_worker, caplog
):
    caplog.set_level(logging.INFO)
    event = make_event(get_event_index(live_site_content.home))
    client.post(event.url + "register/", form_post(name="Ana Lopez"))
    client.post(event.url + "register/", form_post(name="Bo", email="bo@example.org"))
    ana = Registration.objects.get(email="ana@example.org")
    task_worker()

    (recipients, _message) = refusing_mail_server.accepted[0]
    assert recipients == ["bo@example.org"]
    assert RegistrationEmail.objects.get(registration=ana).error == "SMTPRecipientsRefused"
    failed = email_tasks().get(status="FAILED")
    assert failed.exception_class_path == "cope_site.mail.MailNotSent"
    assert f"E-mail confirmation to registration {ana.pk} not sent: SMTPRecipientsRefused" in (
        failed.traceback
    )
    assert f"E-mail confirmation to registration {ana.pk} failed" in caplog.text
    for personal in ("ana@example.org", "Ana Lopez", ana.token):
        assert personal not in caplog.text
        assert personal not in task_table_text()

    # Erased: the queue keeps nothing of her e-mails; Bo's stay.
    client.post(ana.manage_path() + "erase/", {"confirm": "yes"})
    assert email_tasks().filter(args_kwargs__args__0=ana.pk).count() == 0
    assert email_tasks().count() == 1


def test_staff_erasure_and_the_retention_job_clear_the_task_results(
    live_site_content, client, refusing_mail_server, task_worker, django_user_model
):
    event = make_event(get_event_index(live_site_content.home))
    person = services.register(event, registration_data(1))[0]
    services.register(event, registration_data(2))
    task_worker()
    assert email_tasks().filter(status="SUCCESSFUL").count() == 2

    sign_in_to_admin(client, django_user_model.objects.create_superuser("chief", "", "pw"))
    client.post(f"/admin/registrations/{person.pk}/erase/")
    assert Registration.objects.get(pk=person.pk).erased_at is not None
    assert email_tasks().filter(args_kwargs__args__0=person.pk).count() == 0
    assert email_tasks().count() == 1

    erase_old_registrations(days=-30)  # the event ends within 30 days: it counts as old
    assert not Registration.objects.exists()
    assert email_tasks().count() == 0


@pytest.fixture
def console_log():
    """What LOGGING's console handler (every logger's, through the root) writes."""
    (handler,) = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(item, RedactSecrets) for item in handler.filters)
    ]
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def test_django_log_lines_give_the_manage_path_without_its_token(event, console_log):
    registration = services.register(event, registration_data(1, name="Ana Lopez"))[0]
    response = Client(enforce_csrf_checks=True).post(registration.manage_path() + "cancel/")
    assert response.status_code == 403
    log = console_log.getvalue()
    assert "Forbidden (CSRF cookie not set.): /registrations/*/cancel/" in log
    for personal in (registration.token, "Ana Lopez", "person1@example.org"):
        assert personal not in log
