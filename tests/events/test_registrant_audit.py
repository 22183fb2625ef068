"""Every look at registrants' data and every staff action on it is in Wagtail's audit
log, with who and when, and without the registrants' personal data."""

import json

from django.contrib.auth import get_user_model

from wagtail.models import ModelLogEntry, PageLogEntry

import pytest

from events import services
from tests.conftest import sign_in_to_admin
from tests.events.conftest import registration_data
from tests.events.test_registrations_admin import staff_user

INDEX = "/admin/registrations/"


@pytest.fixture
def people(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return [
            services.register(
                event, registration_data(number, organisation=f"Family Aid {number}")
            )[0]
            for number in range(3)
        ]


@pytest.fixture
def coordinator(db):
    return staff_user("coordinator", registrant_access=True)


def entries():
    return list(PageLogEntry.objects.all()) + list(ModelLogEntry.objects.all())


def assert_no_personal_data(people, also=()):
    for entry in entries():
        text = " ".join(
            [entry.label, json.dumps(entry.data), str(entry.message), str(entry.comment)]
        )
        for person in people:
            for value in (person.name, person.email, person.organisation, *also):
                assert value not in text, (entry.action, value)


def test_each_staff_action_on_registrants_is_recorded_without_personal_data(
    client, coordinator, event, people, django_capture_on_commit_callbacks
):
    first, second, third = people
    sign_in_to_admin(client, coordinator)
    PageLogEntry.objects.all().delete()

    def recorded(model, action, instance):
        target = {"page": instance} if model is PageLogEntry else {"object_id": str(instance.pk)}
        return model.objects.filter(action=action, user=coordinator, **target).count()

    client.get(INDEX + "?q=person1&status=confirmed")
    assert recorded(PageLogEntry, "events.registrants_listed", event) == 1
    entry = PageLogEntry.objects.get(action="events.registrants_listed")
    assert entry.data["rows"] == 1 and entry.data["searched"] is True
    assert entry.data["filters"] == {"status": "confirmed"}
    assert entry.timestamp

    for export_format in ("csv", "xlsx"):
        b"".join(client.get(f"{INDEX}?export={export_format}").streaming_content)
    exports = PageLogEntry.objects.filter(action="events.registrants_exported", user=coordinator)
    assert sorted((entry.data["format"], entry.data["rows"]) for entry in exports) == [
        ("csv", 3),
        ("xlsx", 3),
    ]

    assert client.get(f"{INDEX}inspect/{first.pk}/").status_code == 200
    assert recorded(ModelLogEntry, "events.registration_inspected", first) == 1

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{INDEX}{first.pk}/resend/")
        client.post(f"{INDEX}{second.pk}/cancel/")
        client.post(f"{INDEX}{third.pk}/erase/")
    assert recorded(ModelLogEntry, "events.registration_email_resent", first) == 1
    assert recorded(ModelLogEntry, "events.registration_cancelled", second) == 1
    assert recorded(ModelLogEntry, "events.registration_erased", third) == 1
    erased = type(third).objects.get(pk=third.pk)
    assert erased.erased_at and erased.name == ""

    # A confirmation page alone (GET) changes nothing and records no action.
    client.get(f"{INDEX}{first.pk}/cancel/")
    assert recorded(ModelLogEntry, "events.registration_cancelled", first) == 0

    assert_no_personal_data(people, also=["person1"])


def test_a_registrants_own_erasure_is_recorded_without_a_user(client, people):
    person = people[0]
    client.post(f"/registrations/{person.token}/erase/", {"confirm": "yes"})
    entry = ModelLogEntry.objects.get(action="events.registration_erased")
    assert entry.user is None and entry.object_id == str(person.pk)
    assert_no_personal_data(people)


def test_superusers_read_the_record_in_site_history(client, coordinator, event, people):
    sign_in_to_admin(client, coordinator)
    b"".join(client.get(f"{INDEX}?export=csv").streaming_content)
    client.get(f"{INDEX}inspect/{people[0].pk}/")

    boss = get_user_model().objects.create_superuser("boss", "boss@cope.example", "pw")
    sign_in_to_admin(client, boss)
    history = client.get("/admin/reports/site-history/").content.decode()
    assert "Exported 3 registrants (CSV)" in history
    assert "Registration viewed" in history
    assert f"Registration {people[0].pk}" in history
    assert "coordinator" in history
    for person in people:
        assert person.email not in history and person.name not in history
