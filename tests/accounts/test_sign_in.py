"""Staff sign-in as an attacker and as staff meet it: lockout, the second factor,
enrolment, password reset and idle sessions."""

import re
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks import default_task_backend

from events import services
from tests.conftest import sign_in_to_admin
from tests.events.conftest import get_event_index, make_event, registration_data

LOGIN = "/admin/login/"
PASSWORD = "a long staff passphrase"
REGISTRANT_URLS = [
    "/admin/registrations/",
    "/admin/registrations/?export=csv",
    "/admin/registrations/?export=xlsx",
    "/admin/registrations/results/",
]


def staff(username, *, superuser=False, registrant_access=False):
    users = get_user_model().objects
    if superuser:
        return users.create_superuser(username, f"{username}@cope.example", PASSWORD)
    user = users.create_user(username, f"{username}@cope.example", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    if registrant_access:
        user.user_permissions.add(Permission.objects.get(codename="view_registrant_data"))
    return user


def sign_in_with_password(client, username, password=PASSWORD, **meta):
    return client.post(LOGIN, {"username": username, "password": password}, **meta)


def is_signed_in(client):
    return client.get("/admin/account/").status_code == 200


@pytest.fixture
def coordinator(db):
    return staff("coordinator", registrant_access=True)


@pytest.fixture
def registration(site_content, django_capture_on_commit_callbacks):
    event = make_event(get_event_index(site_content.home))
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(event, registration_data(1))[0]
    mail.outbox.clear()
    return registration


# Lockout


def test_wrong_passwords_lock_the_account_until_staff_unlock_it(client, coordinator, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in_with_password(client, "coordinator", "wrong guess")
        assert response.status_code == 200
        assert "Your username and password didn" in response.text
    # The last failure allowed locks at once; then even the right password is refused.
    assert sign_in_with_password(client, "coordinator", "wrong guess").status_code == 429
    response = sign_in_with_password(client, "coordinator")
    assert response.status_code == 429
    assert "Sign-in locked" in response.text
    assert "Too many failed sign-in attempts" in response.text
    assert not is_signed_in(client)

    call_command("axes_reset_username", "coordinator")
    call_command("axes_reset_ip", "127.0.0.1")
    response = sign_in_with_password(client, "coordinator")
    assert response.status_code == 302
    assert is_signed_in(client) or "/two-factor/" in client.get("/admin/").url


def test_one_address_trying_many_accounts_is_locked_for_all(client, db, settings):
    staff("editor")
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(client, f"guess{number}", "wrong guess")
    response = sign_in_with_password(client, "editor")
    assert response.status_code == 429
    # Another address may still sign in to that account.
    other = sign_in_with_password(client, "editor", REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_varnish_the_address_counted_is_the_one_varnish_saw(client, db, settings):
    """Varnish appends the address it was reached from; an attacker's own
    X-Forwarded-For entries before it change nothing."""
    staff("editor")
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(
            client,
            f"guess{number}",
            "wrong guess",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{number}, 203.0.113.5",
        )
    locked = sign_in_with_password(client, "editor", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.status_code == 429
    elsewhere = sign_in_with_password(client, "editor", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert elsewhere.status_code == 302


# The second factor


@pytest.mark.parametrize("role", ["superuser", "registrant_access"])
def test_a_password_alone_does_not_open_registrant_data(client, db, registration, role):
    user = staff("staffer", superuser=role == "superuser", registrant_access=True)
    assert sign_in_with_password(client, "staffer").status_code == 302
    urls = [*REGISTRANT_URLS, f"/admin/registrations/inspect/{registration.pk}/"]
    for url in urls + ["/admin/", f"/admin/users/edit/{user.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/admin/two-factor/set-up/?next="), url
        assert registration.email.encode() not in response.content
    for url in [f"/admin/registrations/{registration.pk}/cancel/"]:
        assert client.post(url).status_code == 302
    registration.refresh_from_db()
    assert registration.status == "confirmed"

    # Once enrolled, a new session without the code is sent to give it.
    StaticDevice.objects.create(user=user, name="Backup codes").token_set.create(token="abcd1234")
    client.logout()
    sign_in_with_password(client, "staffer")
    for url in urls:
        response = client.get(url)
        assert response.url.startswith("/admin/two-factor/verify/?next="), url
        assert registration.email.encode() not in response.content


def test_an_editor_without_registrant_access_needs_no_second_factor(client, db):
    staff("editor")
    sign_in_with_password(client, "editor")
    assert client.get("/admin/").status_code == 200


def test_staff_enrol_an_authenticator_app_and_get_backup_codes(client, coordinator, registration):
    sign_in_with_password(client, "coordinator")
    enrol_url = client.get("/admin/registrations/").url
    page = client.get(enrol_url)
    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in page.text
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    # The key typed by hand gives the same codes as the QR code's.
    typed_key = re.search(r'<code id="otp-secret">([A-Z2-7 ]+)</code>', page.text)[1]
    assert typed_key.replace(" ", "") in device.config_url

    wrong = client.post(enrol_url, {"code": "000000"})
    assert "That code is not right" in wrong.text
    time.sleep(1.1)  # django-otp makes a device wait a second after a wrong code
    done = client.post(enrol_url, {"code": f"{totp(device.bin_key):06d}"})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.text)
    assert len(codes) == 10
    assert client.get("/admin/registrations/").status_code == 200

    # Next time: password, then a backup code, which works once only.
    client.logout()
    sign_in_with_password(client, "coordinator")
    verify_url = client.get("/admin/registrations/").url
    assert client.post(verify_url, {"code": codes[0].upper()}).status_code == 302
    assert registration.email in client.get("/admin/registrations/").text
    client.logout()
    sign_in_with_password(client, "coordinator")
    again = client.post(verify_url, {"code": codes[0]})
    assert again.status_code == 200 and "That code is not right" in again.text


def test_the_account_page_leads_to_two_step_verification(client, coordinator):
    sign_in_to_admin(client, coordinator)
    account = client.get("/admin/account/")
    assert "Two-step verification" in account.text
    assert 'href="/admin/two-factor/"' in account.text
    # The backup code sign_in_to_admin gave was used up by signing in.
    assert "0 backup codes left" in client.get("/admin/two-factor/").text
    fresh = client.post("/admin/two-factor/backup-codes/")
    assert len(re.findall(r"<li><code>([a-z0-9]+)</code></li>", fresh.text)) == 10
    assert "10 backup codes left" in client.get("/admin/two-factor/").text
    # Required for this role: it cannot be turned off by the user.
    refused = client.post("/admin/two-factor/turn-off/", follow=True)
    assert "Sorry, you do not have permission" in refused.text
    assert StaticDevice.objects.get(user=coordinator).token_set.count() == 10


def test_staff_reset_a_lost_second_factor_with_a_command(client, coordinator):
    sign_in_to_admin(client, coordinator)
    call_command("reset_second_factor", "coordinator")
    client.logout()
    sign_in_with_password(client, "coordinator")
    assert client.get("/admin/").url.startswith("/admin/two-factor/set-up/")


# Password reset


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_password_reset_answers_alike_and_sends_from_a_task(client, coordinator):
    default_task_backend.clear()
    known = client.post("/admin/password_reset/", {"email": "coordinator@cope.example"})
    unknown = client.post("/admin/password_reset/", {"email": "nobody@cope.example"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert mail.outbox == []
    queued = default_task_backend.results
    assert len(queued) == 2
    assert "cope.example" not in repr([result.args for result in queued])

    for result in queued:
        result.task.call(*result.args, **result.kwargs)
    assert [message.to for message in mail.outbox] == [["coordinator@cope.example"]]
    link = re.search(r"http://testserver(/admin/password_reset/confirm/\S+)", mail.outbox[0].body)
    assert client.get(link[1]).status_code == 302

    # Asking again at once sends nothing more: no inbox flooding.
    queued[0].task.call(*queued[0].args, **queued[0].kwargs)
    assert len(mail.outbox) == 1


# Idle sessions


@override_settings(SESSION_COOKIE_AGE=1, SESSION_IDLE_REFRESH_SECONDS=0)
def test_an_idle_admin_session_ends_and_a_used_one_does_not(client, db):
    staff("editor")
    sign_in_with_password(client, "editor")
    for _request in range(3):
        time.sleep(0.6)
        assert client.get("/admin/").status_code == 200
    time.sleep(1.2)
    assert client.get("/admin/").url.startswith("/admin/login/")


def test_short_passwords_are_refused(client, coordinator):
    sign_in_to_admin(client, coordinator)
    response = client.post(
        "/admin/account/",
        {
            "password-old_password": PASSWORD,
            "password-new_password1": "short9pass",
            "password-new_password2": "short9pass",
            "name_email-first_name": "C",
            "name_email-last_name": "O",
            "name_email-email": "coordinator@cope.example",
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert "at least 12 characters" in response.text
