"""Every text the registration form keeps has a limit the form and the database both
enforce; repeated choices and bidirectional controls are not kept."""

from django.db import DataError, IntegrityError, transaction

import pytest

from events import services
from events.models import Registration

from .conftest import form_post, registration_data


def register_url(event):
    return event.url + "register/"


def test_each_text_field_over_its_limit_is_a_form_error(event, client):
    for field, limit in [("name", 120), ("organisation", 160), ("email", 254)]:
        value = "a" * (limit + 1)
        if field == "email":
            value = "a" * (limit - len("@example.org") + 1) + "@example.org"
        response = client.post(register_url(event), form_post(**{field: value}))
        assert response.status_code == 400, field
        assert f"at most {limit} characters" in response.content.decode(), field
    assert not Registration.objects.exists()


def test_the_database_refuses_what_the_form_would_have(event):
    """Code that skips the form (a script, a future import) meets the same limits."""
    for field, value in [
        ("name", "a" * 121),
        ("organisation", "a" * 161),
        ("email", "a" * 243 + "@example.org"),
        ("access_needs", ["live_captions"] * 20),
    ]:
        with pytest.raises((IntegrityError, DataError)), transaction.atomic():
            services.register(event, registration_data(1, **{field: value}))
    assert not Registration.objects.exists()


def test_access_needs_repeated_900_times_are_kept_once_each(event, client):
    repeats = ["sign_language", "live_captions"] * 450
    response = client.post(register_url(event), form_post(access_needs=repeats))
    assert response.status_code == 302
    assert Registration.objects.get().access_needs == ["live_captions", "sign_language"]


def test_bidirectional_controls_are_taken_out_of_names(event, client):
    response = client.post(
        register_url(event),
        form_post(
            name="\u202eAna\u2067\u2069 \u202dMaría\u202c\u200f",
            organisation="\u061c\u202b\u2066École\u200e",
        ),
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.name == "Ana María"
    assert registration.organisation == "École"


def test_a_name_of_only_bidirectional_controls_is_a_form_error(event, client):
    response = client.post(register_url(event), form_post(name="\u202e\u202e"))
    assert response.status_code == 400
    assert "Please tell us a name we can call you." in response.content.decode()


def test_right_to_left_names_are_kept_as_written(event, client):
    response = client.post(register_url(event), form_post(name="مريم", organisation="שלום"))
    assert response.status_code == 302
    assert Registration.objects.get().name == "مريم"
