"""Registration rules: every seat decision happens here, under a lock on the event row.

Views, commands and the admin call these functions; none of them decides a seat itself.
"""

import enum
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import ModelLogEntry

from . import notifications, tasks
from .models import (
    EventPage,
    Registration,
    RegistrationState,
    RegistrationStatus,
)

logger = logging.getLogger(__name__)

# What the visitor is told when the server refuses a registration.
REFUSAL_MESSAGES = {
    RegistrationState.NOT_OPEN_YET: _("Registration for this event is not open yet."),
    RegistrationState.CLOSED: _("Registration for this event has closed."),
    RegistrationState.CANCELLED: _("This event has been cancelled."),
    RegistrationState.PAST: _("This event is over."),
    RegistrationState.FULL: _("Sorry, this event is full."),
}


class Outcome(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    ALREADY_REGISTERED = "already_registered"


class RegistrationRefused(Exception):
    """Nothing was stored; `state` says why and `message` says it to the visitor."""

    def __init__(self, state):
        self.state = RegistrationState(state)
        self.message = REFUSAL_MESSAGES[self.state]
        super().__init__(str(self.state))


@dataclass(frozen=True)
class CancelResult:
    registration: Registration
    promoted: Registration | None


REGISTRATION_FIELDS = (
    "name",
    "email",
    "organisation",
    "role",
    "country",
    "access_needs",
    "news_consent",
    "discreet_emails",
    "privacy_notice_version",
)


def _lock_event(events):
    """The first event row of `events`, locked until the transaction ends: concurrent
    decisions about the same event wait for each other (SQLite serialises writers)."""
    # of=("self",): lock the event's own row, not Wagtail's shared page row. Only what
    # seat decisions read: the page's other columns (its body among them) stay behind.
    return events.select_for_update(of=("self",)).only(*SEAT_DECISION_FIELDS).first()


def _lock_original_event(page):
    """The original of an event's pages (EventPage.registration_event), locked:
    registrations from every language's page are decided on that one row."""
    return _lock_event(page.event_pages())


SEAT_DECISION_FIELDS = (
    "is_cancelled",
    "start",
    "end",
    "registration_opens",
    "registration_closes",
    "capacity",
    "waitlist_enabled",
)


def _confirmed_count(event):
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def register(event, cleaned_data, now=None):
    """Register someone for an event; return (registration, Outcome).

    Raises RegistrationRefused when the event is not taking registrations or is full
    without a waiting list; nothing is stored then. A person already registered gets
    their existing registration back (and its e-mail again), never an error.
    `event` is the page they registered from, in any language: its language is theirs
    (their e-mails and manage page), the seat is the original page's.
    """
    now = now or timezone.now()
    email = cleaned_data["email"].strip().lower()
    try:
        with transaction.atomic():
            locked = _lock_original_event(event)
            existing = _active_registration(locked.registrations, email)
            if existing is not None:
                return _already_registered(existing)

            state = locked.registration_state(now, places_left=_places_left(locked))
            if state == RegistrationState.OPEN:
                status = RegistrationStatus.CONFIRMED
            elif state == RegistrationState.FULL_WAITLIST:
                status = RegistrationStatus.WAITLISTED
            else:
                raise RegistrationRefused(state)

            fields = {
                name: cleaned_data[name] for name in REGISTRATION_FIELDS if name in cleaned_data
            }
            fields["email"] = email
            fields["language"] = event.locale.language_code
            registration = Registration.objects.create(
                **fields,
                event=locked,
                status=status,
                privacy_consented_at=now,
            )
            outcome = (
                Outcome.CONFIRMED if status == RegistrationStatus.CONFIRMED else Outcome.WAITLISTED
            )
            notifications.notify(
                registration, "confirmation" if outcome == Outcome.CONFIRMED else "waitlisted"
            )
    except IntegrityError:
        # Two submits of the same address raced past the check above; the database
        # constraint kept one. Answer the second like any repeat.
        existing = _active_registration(event.event_registrations(), email)
        if existing is None:
            raise
        return _already_registered(existing)
    logger.info("Registration %s for event %s: %s", registration.pk, event.pk, outcome)
    return registration, outcome


def _places_left(event):
    if event.capacity is None:
        return None
    return max(0, event.capacity - _confirmed_count(event))


def _active_registration(registrations, email):
    return registrations.filter(email=email).exclude(status=RegistrationStatus.CANCELLED).first()


def _already_registered(registration):
    kind = "confirmation" if registration.status == RegistrationStatus.CONFIRMED else "waitlisted"
    notifications.notify(registration, kind)
    return registration, Outcome.ALREADY_REGISTERED


def cancel(registration, now=None, notify=True):
    """Cancel a registration; a freed place goes to the first person waiting.

    Returns CancelResult. Cancelling twice is harmless: nothing changes the second time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(EventPage.objects.filter(pk=registration.event_id))
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            return CancelResult(current, None)
        freed_a_place = current.status == RegistrationStatus.CONFIRMED
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        if notify:
            notifications.notify(current, "cancelled")
        promoted = _promote_next(event, now) if freed_a_place else None
    registration.status, registration.cancelled_at = current.status, current.cancelled_at
    logger.info(
        "Registration %s cancelled; promoted %s", current.pk, promoted.pk if promoted else None
    )
    return CancelResult(current, promoted)


def _promote_next(event, now):
    """Give free places to the people waiting longest. Called with the event locked."""
    if event.is_cancelled or now >= event.end:
        return None
    places = _places_left(event)
    if places == 0:
        return None
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )
    promoted = waiting.first()
    if promoted is None:
        return None
    promoted.status = RegistrationStatus.CONFIRMED
    promoted.promoted_at = now
    promoted.save(update_fields=["status", "promoted_at"])
    notifications.notify(promoted, "promoted")
    return promoted


def erase(registration, now=None):
    """A registrant's own erasure: cancel (freeing the place) and anonymise the row.

    The row stays, without personal data, so the event's counts by role, country and
    status still add up.
    """
    now = now or timezone.now()
    cancel(registration, now=now, notify=False)
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        anonymise(current, now)
        tasks.forget_email_tasks([current.pk])
    return current


def anonymise(registration, now):
    """Replace personal fields in place; role, country and status are kept for counts."""
    registration.name = ""
    registration.email = f"erased-{registration.pk}@invalid"
    registration.organisation = ""
    registration.access_needs = []
    registration.news_consent = False
    registration.erased_at = now
    registration.save(
        update_fields=[
            "name",
            "email",
            "organisation",
            "access_needs",
            "news_consent",
            "erased_at",
        ]
    )


def export_personal_data(registration):
    """Everything stored about a registrant, for their own download: the registration,
    the e-mails sent to them (or tried) and what staff did with their registration."""
    event = registration.event
    emails = registration.emails.order_by("created_at", "pk")
    history = ModelLogEntry.objects.for_instance(registration).order_by("timestamp", "pk")
    return {
        "event": {
            "title": registration.event_page.title,
            "start": event.local_start().isoformat(),
            "end": event.local_end().isoformat(),
            "time_zone": event.time_zone,
        },
        "status": registration.status,
        "name": registration.name,
        "email": registration.email,
        "organisation": registration.organisation,
        "role": registration.role,
        "country": str(registration.country),
        "access_needs": list(registration.access_needs),
        "privacy_notice_version": registration.privacy_notice_version,
        "privacy_consented_at": _iso(registration.privacy_consented_at),
        "news_consent": registration.news_consent,
        "discreet_emails": registration.discreet_emails,
        "language": registration.language,
        "registered_at": _iso(registration.created_at),
        "cancelled_at": _iso(registration.cancelled_at),
        "promoted_at": _iso(registration.promoted_at),
        "reminder_sent_at": _iso(registration.reminder_sent_at),
        "attended": registration.attended,
        "emails": [
            {
                "email": email.kind,
                "outcome": email.status,
                "at": _iso(email.created_at),
                "error": email.error or None,
            }
            for email in emails
        ],
        # Staff names are their own personal data: the export says "staff".
        "history": [
            {
                "action": str(entry.message),
                "at": _iso(entry.timestamp),
                "by": "staff" if entry.user_id else "the site",
            }
            for entry in history
        ],
    }


def _iso(value):
    return value.isoformat() if value else None
