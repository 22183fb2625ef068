"""The registration service: seats, waiting list, duplicates, cancelling, erasure."""

import datetime

from django.db import IntegrityError
from django.utils import timezone

import pytest
from django_tasks import default_task_backend

from events import notifications, services
from events.models import Registration, RegistrationState, RegistrationStatus

from .conftest import make_event, registration_data


@pytest.fixture
def sent(monkeypatch):
    """The notifications the service asked for, as (registration e-mail, kind)."""
    calls = []
    real_notify = notifications.notify

    def record(registration, kind):
        calls.append((registration.email, kind))
        real_notify(registration, kind)

    monkeypatch.setattr(notifications, "notify", record)
    return calls


def test_places_are_confirmed_then_waitlisted(event_index, sent):
    event = make_event(event_index, capacity=2)
    outcomes = [services.register(event, registration_data(n))[1] for n in range(3)]
    assert outcomes == ["confirmed", "confirmed", "waitlisted"]
    assert event.places_left() == 0
    assert event.registration_state() == RegistrationState.FULL_WAITLIST
    assert [kind for _email, kind in sent] == ["confirmation", "confirmation", "waitlisted"]


def test_full_event_without_waiting_list_refuses_and_stores_nothing(event_index):
    event = make_event(event_index, capacity=1, waitlist_enabled=False)
    services.register(event, registration_data(1))
    with pytest.raises(services.RegistrationRefused) as refusal:
        services.register(event, registration_data(2))
    assert refusal.value.state == RegistrationState.FULL
    assert "full" in str(refusal.value.message)
    assert Registration.objects.count() == 1


def test_unlimited_event_always_confirms(event_index):
    event = make_event(event_index, capacity=None)
    for number in range(5):
        assert services.register(event, registration_data(number))[1] == "confirmed"
    assert event.places_left() is None


@pytest.mark.parametrize(
    ("fields", "state", "words"),
    [
        (
            {"registration_opens": timezone.now() + datetime.timedelta(days=1)},
            RegistrationState.NOT_OPEN_YET,
            "not open yet",
        ),
        (
            {"registration_closes": timezone.now() - datetime.timedelta(minutes=1)},
            RegistrationState.CLOSED,
            "has closed",
        ),
        ({"starts_in": datetime.timedelta(minutes=-10)}, RegistrationState.CLOSED, "has closed"),
        ({"starts_in": datetime.timedelta(days=-2)}, RegistrationState.PAST, "is over"),
        ({"is_cancelled": True}, RegistrationState.CANCELLED, "cancelled"),
    ],
)
def test_registration_window_is_enforced_by_the_service(event_index, fields, state, words):
    event = make_event(event_index, **fields)
    with pytest.raises(services.RegistrationRefused) as refusal:
        services.register(event, registration_data())
    assert refusal.value.state == state
    assert words in str(refusal.value.message)
    assert not Registration.objects.exists()


def test_a_repeat_registration_is_answered_and_the_email_sent_again(event_index, sent):
    event = make_event(event_index)
    first, outcome = services.register(event, registration_data(email="Ana@Example.org"))
    assert outcome == "confirmed" and first.email == "ana@example.org"
    again, outcome = services.register(event, registration_data(email=" ANA@example.ORG "))
    assert outcome == services.Outcome.ALREADY_REGISTERED
    assert again.pk == first.pk
    assert Registration.objects.count() == 1
    assert sent == [("ana@example.org", "confirmation"), ("ana@example.org", "confirmation")]


def test_the_database_constraint_catches_a_duplicate_the_check_missed(event_index, monkeypatch):
    event = make_event(event_index)
    first, _outcome = services.register(event, registration_data(1))
    real_lookup = services._active_registration
    calls = []

    def miss_once(event, email):
        calls.append(email)
        return None if len(calls) == 1 else real_lookup(event, email)

    monkeypatch.setattr(services, "_active_registration", miss_once)
    registration, outcome = services.register(event, registration_data(1))
    assert outcome == services.Outcome.ALREADY_REGISTERED
    assert registration.pk == first.pk
    assert Registration.objects.count() == 1


def test_the_constraint_allows_registering_again_after_cancelling(event_index):
    event = make_event(event_index)
    first, _outcome = services.register(event, registration_data(1))
    services.cancel(first)
    second, outcome = services.register(event, registration_data(1))
    assert outcome == "confirmed" and second.pk != first.pk
    with pytest.raises(IntegrityError):
        Registration.objects.create(
            event=event,
            status=RegistrationStatus.WAITLISTED,
            privacy_consented_at=timezone.now(),
            **{k: v for k, v in registration_data(1).items() if k != "language"},
        )


def test_cancel_frees_the_place_and_promotes_the_first_waiting(event_index, sent):
    event = make_event(event_index, capacity=2)
    people = [services.register(event, registration_data(n))[0] for n in range(4)]
    result = services.cancel(people[0])
    assert result.registration.status == RegistrationStatus.CANCELLED
    assert result.registration.cancelled_at is not None
    assert result.promoted.pk == people[2].pk
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[people[2].pk] == "confirmed"
    assert statuses[people[3].pk] == "waitlisted"
    assert Registration.objects.get(pk=people[2].pk).promoted_at is not None
    assert ("person0@example.org", "cancelled") in sent
    assert ("person2@example.org", "promoted") in sent
    assert event.places_left() == 0

    # Cancelling twice, or leaving the waiting list, promotes nobody.
    assert services.cancel(people[0]).promoted is None
    assert services.cancel(people[3]).promoted is None
    assert Registration.objects.filter(status="confirmed").count() == 2


def test_erase_anonymises_frees_the_place_and_keeps_what_counts(event_index):
    event = make_event(event_index, capacity=1)
    person, _outcome = services.register(
        event, registration_data(1, access_needs=["live_captions"], country="PT")
    )
    waiting, _outcome = services.register(event, registration_data(2))
    erased = services.erase(person)
    assert erased.name == "" and erased.organisation == "" and erased.access_needs == []
    assert "person1" not in erased.email and erased.erased_at is not None
    assert erased.status == "cancelled"
    assert (erased.role, str(erased.country)) == ("school_staff", "PT")
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_export_holds_what_is_stored(event_index):
    event = make_event(event_index)
    person, _outcome = services.register(event, registration_data(1, news_consent=True))
    data = services.export_personal_data(person)
    assert data["email"] == "person1@example.org"
    assert data["name"] == "Person 1"
    assert data["news_consent"] is True
    assert data["event"]["title"] == event.title


def test_a_registration_queues_one_task_its_email(
    event_index, client, settings, django_capture_on_commit_callbacks
):
    """Each queued task is a row and a worker run in production: a registration rush
    must queue the e-mails and nothing else."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    event = make_event(event_index, capacity=5)
    # A request loads the URLs, and with them the admin's viewsets, as on a running site.
    assert client.get(event.url).status_code == 200
    default_task_backend.clear()  # the event page's own indexing tasks
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, registration_data(1))
    queued = [result.task.name for result in default_task_backend.results]
    assert queued == ["send_registration_email"]
