"""Background work for events: e-mails go out from the task queue, never from the
request, so a slow or failing mail server cannot block or undo a registration."""

from django_tasks import task


@task()
def send_registration_email(registration_id, kind, attempt=1):
    from .notifications import deliver

    deliver(registration_id, kind, attempt)


@task()
def send_due_reminders():
    from .notifications import send_due_reminders as send

    return send()
