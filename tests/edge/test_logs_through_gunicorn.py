"""What a real gunicorn writes to its logs while a registrant registers, opens their
manage link and exports their data, a visitor searches for an address and staff search
registrants: an operator reading the log sees every request, and no one's name, e-mail
address, organisation, manage token or thank-you reference (gunicorn.conf.py's logger
class, LOGGING's filter). Shares the PostgreSQL test database, as the app servers do."""

import os
import re
import tempfile
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest

from events.models import Registration
from tests.edge.conftest import AppServer, shared_database_url
from tests.edge.test_odd_addresses_through_gunicorn import raw_get
from tests.events.conftest import form_post, get_event_index, make_event
from tests.events.smtp_sink import SmtpSink

NAME, EMAIL, ORGANISATION = "Ana Lopez", "ana@example.org", "Family Aid Lisbon"


@pytest.fixture
def mail_server():
    # Refuses her address, as a real server does for a mistyped mailbox: smtplib's
    # error then names it, and the e-mail task (run in the request here) fails on it.
    sink = SmtpSink(refused=[EMAIL])
    yield sink
    sink.stop()


@pytest.fixture
def logged_server(postgresql, live_site_content, settings, mail_server):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cope_site.settings.test",
        "DATABASE_URL": shared_database_url(settings),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_server.port),
        "EMAIL_USE_TLS": "false",
    }
    with tempfile.TemporaryDirectory(prefix="cope-logs-") as log_folder:
        # The access log as bin/prod-run writes it: gunicorn's default format (request
        # line, status, Referer, user agent) on stdout.
        server = AppServer(env, log_folder, extra_args=["--access-logfile", "-"])
        try:
            server.wait_until_serving()
            yield server
        finally:
            server.stop()


def test_the_logs_hold_every_request_and_no_personal_data_or_secret(
    live_site_content, logged_server
):
    server = logged_server
    event = make_event(get_event_index(live_site_content.home))
    form = server.get(event.url + "register/")
    csrf_cookie = SimpleCookie(form.headers["Set-Cookie"])["csrftoken"].value
    csrf_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)[1]
    body = urlencode(
        {
            **form_post(name=NAME, email=EMAIL, organisation=ORGANISATION),
            "csrfmiddlewaretoken": csrf_field,
        },
        doseq=True,
    )
    posted = server.get(
        event.url + "register/",
        method="POST",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
        },
    )
    assert posted.status == 302
    thanks_url = posted.headers["Location"]
    reference = urlsplit(thanks_url).query.split("r=", 1)[1]  # as sent: percent-encoded
    registration = Registration.objects.get()
    manage = registration.manage_path()
    assert manage in server.get(thanks_url).body

    site = f"http://localhost{thanks_url}"
    assert server.get(manage, headers={"Referer": site}).status == 200
    assert server.get(manage + "my-data.json").status == 200
    # No CSRF token: the 403 page, and Django's "Forbidden (CSRF …): <path>" line.
    assert server.get(manage + "cancel/", method="POST").status == 403
    assert server.get("/en/search/?" + urlencode({"q": f"{NAME} {EMAIL}"})).status == 200
    assert server.get("/admin/registrations/?" + urlencode({"q": NAME})).status == 302
    assert server.get("/admin/password_reset/confirm/MQ/c4k3-reset-token/").status == 200
    # Raw UTF-8 in the query: gunicorn's own 400, and its "Invalid request" line.
    assert raw_get(server.port, f"/en/search/?q=€{EMAIL}".encode())[0] == 400

    server.stop()
    log = server.log_path.read_text()
    for secret in (
        registration.token,
        reference,
        reference[:40],
        EMAIL,
        EMAIL.replace("@", "%40"),
        NAME,
        NAME.replace(" ", "+"),
        ORGANISATION,
        "c4k3-reset-token",
    ):
        assert secret not in log, secret
    # What the operator still reads: each request, its status, where secrets were.
    thanks_path = urlsplit(thanks_url).path
    for line in (
        f'"POST {event.url}register/ HTTP/1.1" 302',
        f'"GET {thanks_path}?r=* HTTP/1.1" 200',
        '"GET /registrations/*/ HTTP/1.1" 200',
        f'"http://localhost{thanks_path}?r=*"',
        '"GET /registrations/*/my-data.json HTTP/1.1" 200',
        '"POST /registrations/*/cancel/ HTTP/1.1" 403',
        "Forbidden (CSRF cookie not set.): /registrations/*/cancel/",
        '"GET /en/search/?q=* HTTP/1.1" 200',
        '"GET /admin/registrations/?q=* HTTP/1.1" 302',
        '"GET /admin/password_reset/confirm/*/*/ HTTP/1.1" 200',
        "Invalid request from ip=127.0.0.1: Invalid HTTP request line: 'GET /en/search/?q=* ",
        # A permanent refusal (550): logged by number, not tried again (EMAIL_RETRY_DELAYS).
        f"E-mail confirmation to registration {registration.pk} failed (attempt 1, "
        "not tried again): SMTPRecipientsRefused",
    ):
        assert line in log, line
