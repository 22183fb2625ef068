"""Passkeys cannot be a way round the second factor: adding one needs a session that gave
it, and the sign-in views accept only a real answer to their own challenge. (Adding and
using one in a browser: tests/browser/test_passkeys.py.)"""

import pytest
from django_otp_webauthn.models import WebAuthnCredential

from tests.accounts.test_sign_in import REGISTRANT_URLS, sign_in_with_password, staff
from tests.conftest import sign_in_to_admin

PASSKEYS = "/admin/two-factor/passkeys/"


@pytest.fixture
def enrolled(db, client):
    """A coordinator with backup codes, signed in with their password only."""
    user = staff("coordinator", registrant_access=True)
    sign_in_to_admin(client, user)  # enrols them (backup codes) ...
    client.logout()
    assert sign_in_with_password(client, "coordinator").status_code == 302
    return user


def test_a_password_alone_cannot_add_a_passkey(client, enrolled):
    response = client.post(PASSKEYS + "registration/begin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/verify/")
    assert "otp_webauthn_register_state" not in client.session


def test_a_forged_passkey_answer_does_not_open_registrant_data(client, enrolled):
    begun = client.post(PASSKEYS + "authentication/begin/")
    assert begun.status_code == 200 and begun.json()["challenge"]
    forged = {
        "id": "AAAA",
        "rawId": "AAAA",
        "type": "public-key",
        "response": {"authenticatorData": "", "clientDataJSON": "", "signature": ""},
    }
    response = client.post(
        PASSKEYS + "authentication/complete/", forged, content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    # The challenge is used up, and the session still has no second factor.
    again = client.post(
        PASSKEYS + "authentication/complete/", forged, content_type="application/json"
    )
    assert again.json()["code"] == "invalid_state"
    for url in REGISTRANT_URLS:
        assert client.get(url)["Location"].startswith("/admin/two-factor/verify/"), url


def test_staff_remove_a_passkey_from_their_account_page(client, admin_user):
    sign_in_to_admin(client, admin_user)
    passkey = WebAuthnCredential.objects.create(
        user=admin_user, credential_id=b"key", public_key=b"public", sign_count=0
    )
    someone_elses = WebAuthnCredential.objects.create(
        user=staff("editor"), credential_id=b"other", public_key=b"public", sign_count=0
    )
    assert client.post(f"/admin/two-factor/passkeys/{someone_elses.pk}/remove/").status_code == 404
    page = client.get("/admin/two-factor/").content.decode()
    assert "Passkey added" in page and "Add a passkey" in page
    response = client.post(f"/admin/two-factor/passkeys/{passkey.pk}/remove/", follow=True)
    assert "The passkey is removed." in response.content.decode()
    assert list(WebAuthnCredential.objects.all()) == [someone_elses]
