"""Capacity holds whatever the concurrency: 30 people register at once for 10 places.

On PostgreSQL each thread has its own connection and the service's row lock decides.
SQLite serialises writers (and its in-memory test database is not shared between
threads), so there the same registrations run one after the other.
"""

import threading
import time

from django.db import connection

import pytest

from events import services
from events.models import Registration
from tests.localize import make_bilingual_event

from .conftest import get_event_index, make_event, registration_data

pytestmark = pytest.mark.django_db(transaction=True)
PEOPLE = 30
PLACES = 10
ON_POSTGRES = connection.vendor == "postgresql"


def register_at_once(*pages, people=PEOPLE):
    """Return the outcomes (or refusal states) and any unexpected errors. With several
    pages (an event's languages), people take turns at them."""

    def page_for(number):
        return pages[number % len(pages)]

    if not ON_POSTGRES:
        return [_attempt(page_for(number), number) for number in range(people)], []
    barrier = threading.Barrier(people)
    outcomes, errors = [], []

    def worker(number):
        try:
            barrier.wait(timeout=30)
            outcomes.append(_attempt(page_for(number), number))
        except Exception as error:  # any error fails the test below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, errors


def _attempt(event, number):
    try:
        data = registration_data(number, language=event.locale.language_code)
        return str(services.register(event, data)[1])
    except services.RegistrationRefused as refusal:
        return f"refused: {refusal.state}"


def timed_race(*pages, capsys, waitlist):
    """register_at_once, with no unexpected error, and its time printed for the log."""
    started = time.perf_counter()
    outcomes, errors = register_at_once(*pages)
    elapsed = time.perf_counter() - started
    assert errors == []
    with capsys.disabled():
        print(
            f"\n[race] {connection.vendor}: 30 registrations, waitlist {waitlist}, {elapsed:.2f}s"
        )
    return outcomes


@pytest.fixture
def race_index(live_site_content):
    return get_event_index(live_site_content.home)


def test_thirty_at_once_with_waiting_list(race_index, capsys):
    event = make_event(race_index, capacity=PLACES, waitlist_enabled=True)
    outcomes = timed_race(event, capsys=capsys, waitlist="on")
    assert sorted(outcomes).count("confirmed") == PLACES
    assert sorted(outcomes).count("waitlisted") == PEOPLE - PLACES
    assert Registration.objects.filter(event=event, status="confirmed").count() == PLACES
    assert Registration.objects.filter(event=event, status="waitlisted").count() == 20

    # Cancellations at the same time: each frees one place and promotes one person.
    confirmed = list(Registration.objects.filter(event=event, status="confirmed")[:3])
    first_waiting = list(
        Registration.objects.filter(event=event, status="waitlisted").order_by("created_at", "pk")
    )[:3]
    promoted = _cancel_at_once(confirmed)
    assert sorted(p.pk for p in promoted) == sorted(r.pk for r in first_waiting)
    assert Registration.objects.filter(event=event, status="confirmed").count() == PLACES
    assert Registration.objects.filter(event=event, status="waitlisted").count() == 17


def test_a_single_cancel_promotes_exactly_one(race_index):
    event = make_event(race_index, capacity=PLACES, waitlist_enabled=True)
    register_at_once(event)
    victim = Registration.objects.filter(event=event, status="confirmed").first()
    result = services.cancel(victim)
    assert result.promoted is not None
    assert Registration.objects.filter(event=event, status="confirmed").count() == PLACES
    assert Registration.objects.filter(event=event, status="waitlisted").count() == 19
    assert Registration.objects.filter(event=event, promoted_at__isnull=False).count() == 1


def test_thirty_at_once_without_waiting_list(race_index, capsys):
    event = make_event(race_index, capacity=PLACES, waitlist_enabled=False)
    outcomes = timed_race(event, capsys=capsys, waitlist="off")
    assert outcomes.count("confirmed") == PLACES
    assert outcomes.count("refused: full") == PEOPLE - PLACES
    assert Registration.objects.filter(event=event).count() == PLACES


def test_thirty_at_once_split_across_the_english_and_french_pages(race_index, capsys):
    """One event, one capacity: half the people use the French page, and the seat
    decision locks the same row for both."""
    english, french = make_bilingual_event(race_index, capacity=PLACES, waitlist_enabled=False)
    outcomes = timed_race(english, french, capsys=capsys, waitlist="off, en+fr")
    assert outcomes.count("confirmed") == PLACES
    assert outcomes.count("refused: full") == PEOPLE - PLACES
    confirmed = Registration.objects.filter(event=english, status="confirmed")
    assert confirmed.count() == PLACES
    assert Registration.objects.filter(event=french).count() == 0
    languages = set(Registration.objects.values_list("language", flat=True))
    assert languages == {"en", "fr"}


def test_the_same_person_submitting_five_times_at_once_gets_one_place(race_index):
    event = make_event(race_index, capacity=PLACES)
    if not ON_POSTGRES:
        outcomes = [_attempt_same(event) for _ in range(5)]
    else:
        barrier = threading.Barrier(5)
        outcomes = []

        def worker():
            try:
                barrier.wait(timeout=30)
                outcomes.append(_attempt_same(event))
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sorted(outcomes) == ["already_registered"] * 4 + ["confirmed"]
    assert Registration.objects.filter(event=event).count() == 1


def _attempt_same(event):
    return str(services.register(event, registration_data(7))[1])


def _cancel_at_once(registrations):
    if not ON_POSTGRES:
        return [services.cancel(r).promoted for r in registrations]
    barrier = threading.Barrier(len(registrations))
    promoted = []

    def worker(registration):
        try:
            barrier.wait(timeout=30)
            promoted.append(services.cancel(registration).promoted)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(r,)) for r in registrations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return [p for p in promoted if p is not None]
