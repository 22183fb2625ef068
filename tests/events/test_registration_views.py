"""Registering, the thank-you page and the manage link, as a visitor meets them."""

import contextlib
import datetime
import json
import re

from django.test import override_settings
from django.utils import timezone

import pytest

from events import services
from events.models import Registration

from .conftest import SECRET_JOIN_LINK, form_post, make_event, registration_data


def register_url(event):
    return event.url + "register/"


def test_form_is_accessible_and_links_the_privacy_notice(event, client):
    html = client.get(register_url(event)).content.decode()
    assert '<label class="form-field__label" for="id_name">' in html
    assert "A first name or a nickname is enough." in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert re.search(r"<legend[^>]*>Which describes you best\?", html)
    assert re.search(r"<legend[^>]*>Access needs \(optional\)", html)
    assert 'href="/en/privacy/">privacy notice</a>' in html
    assert 'name="news_consent"' in html and 'name="news_consent" checked' not in html
    assert "Send me discreet e-mails" in html
    assert "subject and sender name stay neutral" in html


def test_a_visitor_registers_and_sees_the_confirmation(event, client):
    response = client.post(register_url(event), form_post())
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "You are registered" in html
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    assert registration.email == "ana@example.org"
    assert registration.access_needs == ["live_captions"]
    assert registration.privacy_notice_version.startswith("page-")
    assert registration.privacy_consented_at is not None
    assert registration.news_consent is False
    assert registration.manage_path() in html

    # Reopened after cancelling, the thank-you page tells the truth.
    client.post(registration.manage_path() + "cancel/")
    html = client.get(response["Location"]).content.decode()
    assert "This registration is cancelled" in html
    assert "You are registered" not in html
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]


def test_a_full_event_puts_the_visitor_on_the_waiting_list(event_index, client):
    event = make_event(event_index, capacity=1)
    services.register(event, registration_data(1))
    html = client.get(register_url(event)).content.decode()
    assert "Join the waiting list" in html
    response = client.post(register_url(event), form_post(), follow=True)
    assert "You are on the waiting list" in response.content.decode()
    assert Registration.objects.get(email="ana@example.org").status == "waitlisted"


def test_a_second_submit_says_already_registered_without_revealing_details(event, client):
    client.post(register_url(event), form_post())
    response = client.post(register_url(event), form_post(name="Someone else"), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "already registered" in html
    assert "/registrations/" not in html, "a stranger typing an address gets no manage link"
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"registration_opens": timezone.now() + datetime.timedelta(days=1)}, "not open yet"),
        ({"registration_closes": timezone.now() - datetime.timedelta(hours=1)}, "has closed"),
        ({"is_cancelled": True}, "This event has been cancelled."),
        ({"starts_in": datetime.timedelta(days=-1)}, "This event is over."),
    ],
)
def test_the_server_refuses_outside_the_window(event_index, client, fields, words):
    event = make_event(event_index, **fields)
    page = client.get(register_url(event)).content.decode()
    assert words in page and 'name="email"' not in page
    response = client.post(register_url(event), form_post())
    assert response.status_code == 409
    assert words in response.content.decode()
    assert not Registration.objects.exists()


def test_a_full_event_without_waiting_list_refuses_clearly(event_index, client):
    event = make_event(event_index, capacity=1, waitlist_enabled=False)
    services.register(event, registration_data(1))
    response = client.post(register_url(event), form_post())
    assert response.status_code == 409
    assert "Sorry, this event is full." in response.content.decode()
    assert Registration.objects.count() == 1


def assert_refused(response, message):
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'class="error-summary"' in html
    assert not Registration.objects.exists()
    return html


def test_missing_consent_is_a_form_error(event, client):
    html = assert_refused(
        client.post(register_url(event), form_post(privacy_consent=None)),
        "Please agree to the privacy notice to register.",
    )
    assert 'href="#id_privacy_consent"' in html
    assert 'aria-invalid="true"' in html


def test_invalid_email_is_a_form_error(event, client):
    assert_refused(
        client.post(register_url(event), form_post(email="not-an-address")),
        "Enter a valid email address.",
    )


def test_the_chosen_country_stays_chosen_when_the_form_comes_back(event, client):
    html = assert_refused(
        client.post(register_url(event), form_post(email="not-an-address", country="PT")),
        "Enter a valid email address.",
    )
    assert '<option value="PT" selected>Portugal</option>' in html
    assert 'aria-invalid="true"' in html

    # The next visitor's form has nothing chosen.
    html = client.get(register_url(event)).content.decode()
    assert '<option value="" selected>Choose a country</option>' in html
    assert '<option value="PT">Portugal</option>' in html


def test_a_10kb_name_is_a_form_error(event, client):
    html = assert_refused(
        client.post(register_url(event), form_post(name="A" * 10_240)),
        "Ensure this value has at most 120 characters",
    )
    assert len(html) < 60_000


def test_html_in_every_field_is_refused_and_shown_back_escaped(event, client):
    script = '<script>alert("x")</script>'
    data = form_post(
        name=script,
        email=script,
        organisation=script,
        role=script,
        country=script,
        access_needs=[script],
        website="",
    )
    html = assert_refused(client.post(register_url(event), data), "Please correct")
    assert script not in html
    assert "&lt;script&gt;" in html


def test_invalid_utf8_in_the_body_is_a_form_error(event, client):
    body = b"name=%FF%FEAna&email=ana%40example.org&role=other&privacy_consent=on"
    response = client.post(
        register_url(event), body, content_type="application/x-www-form-urlencoded"
    )
    assert_refused(response, "This contains characters we could not read.")


def test_the_honeypot_stores_nothing(event, client):
    response = client.post(register_url(event), form_post(website="https://spam.example"))
    assert response.status_code == 400
    assert "looked automated" in response.content.decode()
    assert not Registration.objects.exists()


@override_settings(EVENTS_REGISTRATION_RATE=(2, 3600))
def test_too_many_posts_from_one_address_get_a_429(event, client):
    for number in range(2):
        client.post(register_url(event), form_post(email=f"p{number}@example.org"))
    response = client.post(register_url(event), form_post(email="third@example.org"))
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert not Registration.objects.filter(email="third@example.org").exists()
    other = client.post(
        register_url(event), form_post(email="x@example.org"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302, "another address is not limited"


def test_tampered_or_unknown_tokens_are_404(event, client):
    registration, _outcome = services.register(event, registration_data(1))
    token = registration.token
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "unknown", "x" * 500):
        assert client.get(f"/registrations/{bad}/").status_code == 404
        assert client.post(f"/registrations/{bad}/cancel/").status_code == 404
        assert client.get(f"/registrations/{bad}/my-data.json").status_code == 404
        assert client.post(f"/registrations/{bad}/erase/", {"confirm": "yes"}).status_code == 404
    assert client.get(event.url + "register/thanks/?r=forged-value").status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_manage_page_shows_the_registration_escaped(event, client):
    registration, _outcome = services.register(
        event, registration_data(1, name="Ana <b>B</b>", access_needs=["sign_language"])
    )
    response = client.get(registration.manage_path())
    html = response.content.decode()
    assert "Confirmed: you have a place." in html
    assert "Ana &lt;b&gt;B&lt;/b&gt;" in html
    assert "Sign-language interpretation" in html
    assert "noindex" in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert SECRET_JOIN_LINK not in html, "ten days ahead, the join link is not shown yet"


def test_join_link_shows_only_to_confirmed_registrants_close_to_the_start(event_index, client):
    event = make_event(event_index, capacity=1, starts_in=datetime.timedelta(hours=3))
    confirmed, _outcome = services.register(event, registration_data(1))
    waiting, _outcome = services.register(event, registration_data(2))
    assert SECRET_JOIN_LINK in client.get(confirmed.manage_path()).content.decode()
    assert SECRET_JOIN_LINK not in client.get(waiting.manage_path()).content.decode()
    assert SECRET_JOIN_LINK not in client.get(event.url).content.decode()


def test_cancel_through_the_manage_link(event, client):
    registration, _outcome = services.register(event, registration_data(1))
    assert client.get(f"/registrations/{registration.token}/cancel/").status_code == 405
    response = client.post(f"/registrations/{registration.token}/cancel/", follow=True)
    assert "Your registration is cancelled." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert event.places_left() == 10


def test_registrant_downloads_and_erases_their_data(event, client):
    registration, _outcome = services.register(event, registration_data(1))
    response = client.get(f"/registrations/{registration.token}/my-data.json")
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content)["email"] == "person1@example.org"

    # Without the confirmation tick nothing happens, and the page says why.
    response = client.post(f"/registrations/{registration.token}/erase/", follow=True)
    assert "Nothing was erased: tick the box to confirm first." in response.content.decode()
    registration.refresh_from_db()
    assert registration.erased_at is None

    response = client.post(f"/registrations/{registration.token}/erase/", {"confirm": "yes"})
    assert "Your data has been erased" in response.content.decode()
    registration.refresh_from_db()
    assert registration.erased_at is not None and registration.name == ""
    assert registration.status == "cancelled"
    assert client.get(registration.manage_path()).status_code == 404


def test_error_reports_hide_what_the_registrant_sent(event, rf):
    from django.views.debug import SafeExceptionReporterFilter

    from events.views import register

    request = rf.post(register_url(event), form_post())
    # The view marks the request before it runs; a failure later changes nothing here.
    with contextlib.suppress(Exception):
        register(request, event)
    reported = SafeExceptionReporterFilter().get_post_parameters(request)
    assert "ana@example.org" not in str(reported)
    assert reported["email"] == "********************"


@override_settings(EVENTS_REGISTRATION_RATE=(2, 3600), TRUSTED_PROXY_COUNT=1)
def test_behind_varnish_each_visitor_has_an_allowance_of_their_own(event, client):
    """Every request reaches the app from Varnish's address; the visitor's is the last
    entry of X-Forwarded-For. Entries before it are the client's own and may be forged."""

    def post_from(visitor, email, forged=""):
        forwarded = f"{forged}, {visitor}" if forged else visitor
        return client.post(
            register_url(event),
            form_post(email=email),
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for number in range(2):
        assert post_from("198.51.100.7", f"a{number}@example.org").status_code == 302
    assert post_from("198.51.100.7", "a3@example.org", forged="10.9.9.9").status_code == 429
    assert post_from("203.0.113.20", "b@example.org").status_code == 302
