"""Background work for events: e-mails go out from the task queue, never from the
request, so a slow or failing mail server cannot block or undo a registration."""

from django.apps import apps

from django_tasks import TaskResultStatus, task


@task()
def send_registration_email(registration_id, kind, attempt=1):
    # Only ids and the kind of e-mail: the task's stored arguments hold no personal
    # data, and a failure is raised without the address (notifications.deliver).
    from .notifications import deliver

    deliver(registration_id, kind, attempt)


@task()
def send_due_reminders():
    from .notifications import send_due_reminders as send

    return send()


def forget_email_tasks(registration_ids):
    """Deletes what the database task backend keeps of e-mails to these registrations
    (queued, sent or failed), on erasure: it records that the person was written to.
    A task a worker is running now is left to finish; its result holds only ids."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    deleted, _by_model = (
        DBTaskResult.objects.filter(
            task_path=send_registration_email.module_path,
            args_kwargs__args__0__in=list(registration_ids),
        )
        .exclude(status=TaskResultStatus.RUNNING)
        .delete()
    )
    return deleted
