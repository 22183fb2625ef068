"""E-mails to registrants: queued after the transaction commits, sent by a task.

`notify(registration, kind)` is what services and signals call. Each delivery is
recorded as a RegistrationEmail, so staff see a failed e-mail and can send it again.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cope_site.mail import given_up, retry_later

from .emails import EMAIL_KINDS, build_email

KINDS = tuple(EMAIL_KINDS)


def notify(registration, kind):
    if kind not in EMAIL_KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    from .tasks import send_registration_email

    registration_id = registration.pk
    transaction.on_commit(lambda: send_registration_email.enqueue(registration_id, kind))


def deliver(registration_id, kind, attempt=1):
    """Send one e-mail now and record the outcome. A failure the mail server may get
    over is recorded and queued again for later (cope_site.mail.retry_later); any
    other, or the last attempt's, is recorded, then raised (as MailNotSent, without the
    address) so the task queue marks the task failed too."""
    from .models import Registration, RegistrationEmail
    from .tasks import send_registration_email

    registration = Registration.objects.select_related("event").get(pk=registration_id)
    if registration.erased_at:
        return
    try:
        build_email(registration, kind).send()
    except Exception as error:
        RegistrationEmail.objects.create(
            registration=registration,
            kind=kind,
            status=RegistrationEmail.Status.FAILED,
            error=type(error).__name__,
        )
        # Only ids: the registrant's address and name stay out of the logs and out of
        # the task's result.
        what = f"E-mail {kind} to registration {registration_id}"
        if retry_later(
            send_registration_email, attempt, error, what, registration_id, kind, attempt + 1
        ):
            return
        raise given_up(what, attempt, error) from None
    RegistrationEmail.objects.create(
        registration=registration, kind=kind, status=RegistrationEmail.Status.SENT
    )


def send_due_reminders(now=None, hours=None):
    """Queue the reminder for confirmed registrants of events starting within `hours`,
    once per registration (the claim is an atomic update, so two runs never double up)."""
    from .models import Registration, RegistrationStatus

    now = now or timezone.now()
    hours = settings.EVENT_REMINDER_HOURS if hours is None else hours
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        erased_at__isnull=True,
        event__is_cancelled=False,
        event__live=True,
        event__start__gt=now,
        event__start__lte=now + datetime.timedelta(hours=hours),
    ).values_list("pk", flat=True)
    queued = 0
    for registration_id in list(due):
        claimed = Registration.objects.filter(
            pk=registration_id, reminder_sent_at__isnull=True
        ).update(reminder_sent_at=now)
        if claimed:
            notify(Registration(pk=registration_id), "reminder")
            queued += 1
    return queued


def notify_event_change(event, kind):
    """Tell every active registrant that the event was cancelled or moved."""
    from .models import RegistrationStatus

    active = event.registrations.exclude(status=RegistrationStatus.CANCELLED).filter(
        erased_at__isnull=True
    )
    for registration in active:
        notify(registration, kind)
