"""Passkeys as the second step of staff sign-in (django-otp-webauthn), in Chromium with
its virtual authenticator (the DevTools protocol's WebAuthn domain) standing in for a
phone or security key."""

from django.contrib.auth import get_user_model

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from tests.conftest import TEST_BACKUP_CODE

pytestmark = pytest.mark.browser

PASSWORD = "a long staff passphrase"


def sign_in_with_password(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()


def test_staff_add_a_passkey_then_sign_in_with_it_instead_of_a_code(
    live_site_content, live_server, page, settings
):
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    user = get_user_model().objects.create_superuser("coordinator", "c@cope.example", PASSWORD)
    StaticDevice.objects.create(user=user, name="Backup codes").token_set.create(
        token=TEST_BACKUP_CODE
    )
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    authenticator = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]

    # Signed in with a backup code, staff add a passkey from the account's page.
    sign_in_with_password(page, live_server.url)
    page.get_by_label("Code").fill(TEST_BACKUP_CODE)
    page.get_by_role("button", name="Continue").click()
    page.goto(live_server.url + "/admin/two-factor/")
    page.get_by_role("button", name="Add a passkey").click()
    # The library's script says how it went in this element (aria-live).
    expect(page.locator("#passkey-register-status-message")).to_have_text(
        "Registration successful!"
    )
    assert WebAuthnCredential.objects.filter(user=user).count() == 1
    assert (
        len(
            devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})[
                "credentials"
            ]
        )
        == 1
    )
    page.reload()
    expect(page.get_by_text("Passkey added")).to_be_visible()

    # Next time, the passkey is the second step: no code typed, and the admin opens.
    page.context.clear_cookies()
    sign_in_with_password(page, live_server.url)
    assert page.url.startswith(live_server.url + "/admin/two-factor/verify/")
    page.get_by_role("button", name="Use a passkey").click()
    expect(page).to_have_url(live_server.url + "/admin/")
    page.goto(live_server.url + "/admin/registrations/")
    expect(page.get_by_role("heading", name="Registrations")).to_be_visible()
    assert WebAuthnCredential.objects.get(user=user).last_used_at is not None
