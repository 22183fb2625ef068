"""Odd request lines through a real gunicorn, as an attacker's script sends them: what
gunicorn refuses is a 400, what reaches Django is a page or its 404, never a 5xx.

Browsers percent-encode addresses; scripts may send raw UTF-8, which HTTP does not
allow (RFC 9112 3.2) and gunicorn answers with its own 400 before Django runs.
gunicorn shares the PostgreSQL test database, so this runs in CI's PostgreSQL pass.
"""

import os
import socket
import tempfile

import pytest

from home.initial_content import load_initial_content
from home.models import HomePage, StandardPage
from tests.conftest import ensure_wagtail_root
from tests.edge.conftest import HOST, AppServer, shared_database_url


def raw_get(port, target):
    """One request with the target's bytes as given (http.client would refuse them)."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as connection:
        connection.sendall(
            b"GET " + target + f" HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()
        )
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.decode("utf-8", "replace")


@pytest.fixture
def app_server(postgresql, transactional_db, settings):
    ensure_wagtail_root()
    load_initial_content()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cope_site.settings.test",
        "DATABASE_URL": shared_database_url(settings),
    }
    with tempfile.TemporaryDirectory(prefix="cope-odd-paths-") as log_folder:
        server = AppServer(env, log_folder)
        try:
            server.wait_until_serving()
            yield server
        finally:
            server.stop()
            print(server.log_path.read_text()[-4000:])


def test_odd_request_lines_never_get_a_server_error(app_server):

    page = StandardPage(title="Polish slug", slug="zażółć")
    HomePage.objects.get(locale__language_code="en").add_child(instance=page)
    page.save_revision().publish()

    raw = ["/en/€/", "/en/news/αβ/", "/en/😀/", "//evil。example", "/en/zażółć/", "/en/search/?q=€"]
    for target in raw:
        status, _body = raw_get(app_server.port, target.encode())
        assert status == 400, target

    encoded = {
        "/en/%E2%82%AC/": 404,
        "/en/news/%CE%B1%CE%B2/": 404,
        "/en/%F0%9F%98%80/": 404,
        "//evil%E3%80%82example": 404,
        "/%FF/": 404,
        "/en/za%C5%BC%C3%B3%C5%82%C4%87/": 200,
        "/en/search/?q=%E2%82%AC": 200,
        "/en/search/?q=%00": 400,
        "/en/news/?topic=%00": 400,
        "/registrations/%00/": 400,
    }
    for target, expected in encoded.items():
        status, body = raw_get(app_server.port, target.encode())
        assert status == expected, target
        if expected == 404:
            assert "find that page" in body, target
    assert "Traceback" not in app_server.log_path.read_text()
