"""deploy/varnish/default.vcl in a real varnishd, in front of a stdlib backend.

The backend answers every path as cacheable (public, s-maxage=3600) except those in
conftest.BACKEND_HEADERS; its answers say how many requests it has had, so a body seen
twice came from the cache.
"""

import re
import socket
import time
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client

import pytest

from tests.edge.harness import BRANDED_503_HEADING, SECURITY_HEADERS

pytestmark = pytest.mark.edge

UNICODE_PATH = "/za%C5%BC%C3%B3%C5%82%C4%87/"  # /zażółć/, as a browser sends it


def assert_cached(edge, path, host="localhost"):
    """Fetched once, then a hit."""
    first = edge.get(path, host=host)
    assert (first.status, first.cache) == (200, "MISS"), path
    assert edge.get(path, host=host).cache == "HIT", path


def test_a_cacheable_answer_is_a_hit_the_second_time(edge, tiny_backend):
    before = tiny_backend.count("/page/")
    first, second = edge.get("/page/"), edge.get("/page/")
    assert (first.cache, second.cache) == ("MISS", "HIT")
    assert second.body == first.body
    assert tiny_backend.count("/page/") == before + 1
    assert second.headers["Age"].isdigit()
    # What purges compare stays inside Varnish.
    assert "x-url" not in second.headers and "x-host" not in second.headers


@pytest.mark.parametrize("path", ["/private/", "/no-store/", "/no-cache-control/", "/set-cookie/"])
def test_personal_or_unmarked_answers_are_never_hits(edge, tiny_backend, path):
    before = tiny_backend.count(path)
    assert [edge.get(path).cache for _ in range(3)] == ["MISS"] * 3
    assert tiny_backend.count(path) == before + 3


@pytest.mark.parametrize(
    ("method", "path", "cookie"),
    [
        ("GET", "/admin/", ""),
        ("GET", "/admin/pages/3/", ""),
        ("GET", "/django-admin/", ""),
        ("POST", "/registrations/", ""),
        ("GET", "/page/", "sessionid=abc123"),
        ("GET", "/page/", "_ga=1; messages=xyz"),
    ],
)
def test_the_admin_posts_and_sessions_go_to_the_app(edge, tiny_backend, method, path, cookie):
    headers = {"Cookie": cookie} if cookie else {}
    body = "a=1" if method == "POST" else None
    before = tiny_backend.count(path)
    for _ in range(2):
        answer = edge.get(path, method=method, headers=headers, body=body)
        assert answer.cache == "MISS"
        # The app gets the visitor's cookies.
        assert answer.body.strip().endswith(f"cookie={cookie}")
    assert tiny_backend.count(path) == before + 2


def test_other_cookies_are_dropped_and_the_page_is_shared(edge):
    first = edge.get("/page/", headers={"Cookie": "_ga=1; csrftoken=abc"})
    assert first.cache == "MISS"
    assert first.body.strip().endswith("cookie=")
    assert edge.get("/page/", headers={"Cookie": "_ga=2"}).cache == "HIT"
    assert edge.get("/page/").cache == "HIT"


def test_a_page_never_stored_gets_the_visitors_csrf_cookie(edge):
    """Two tabs of a form keep one CSRF token: the app sees the cookie it set."""
    cookie = {"Cookie": "_ga=1; csrftoken=abc"}
    first = edge.get("/private/", headers=cookie)
    # The first fetch may be stored as far as Varnish knows: no cookie goes with it.
    assert first.body.strip().endswith("cookie=")
    second = edge.get("/private/", headers=cookie)
    assert second.cache == "MISS"
    assert second.body.strip().endswith("cookie=csrftoken=abc")
    # A page that may be stored never gets it.
    edge.get("/page/", headers=cookie)
    assert edge.get("/page/", headers=cookie).body.strip().endswith("cookie=")


def test_the_host_is_one_spelling(edge):
    edge.get("/page/", host="LocalHost")
    assert edge.get("/page/", host="localhost").cache == "HIT"


def test_http_and_https_visitors_have_copies_of_their_own(edge):
    """The app answers http with a redirect to https: not something to give https."""
    http, https = {"X-Forwarded-Proto": "http"}, {"X-Forwarded-Proto": "https"}
    assert edge.get("/page/", headers=http).cache == "MISS"
    assert edge.get("/page/", headers=https).cache == "MISS"
    assert edge.get("/page/", headers=https).cache == "HIT"
    # A purge drops both.
    assert edge.purge("/page/").status == 200
    assert edge.get("/page/", headers=http).cache == "MISS"
    assert edge.get("/page/", headers=https).cache == "MISS"


def test_purging_a_path_drops_it_with_any_query_string(edge):
    for path in ["/news/", "/news/?tag=a", "/news/?tag=a&page=2", "/news/a/", "/"]:
        assert_cached(edge, path)
    answer = edge.purge("/news/")
    assert (answer.status, answer.body.strip()) == (200, "Purged")
    assert [edge.get(path).cache for path in ["/news/", "/news/?tag=a", "/news/?tag=a&page=2"]] == [
        "MISS"
    ] * 3
    assert [edge.get(path).cache for path in ["/news/a/", "/"]] == ["HIT"] * 2


def test_purging_with_a_star_drops_everything_below(edge):
    for path in ["/news/", "/news/?tag=a", "/news/a/", "/news/a/b/", "/newsletter/", "/"]:
        assert_cached(edge, path)
    assert edge.purge("/news/*").status == 200
    for path in ["/news/", "/news/?tag=a", "/news/a/", "/news/a/b/"]:
        assert edge.get(path).cache == "MISS", path
    assert [edge.get(path).cache for path in ["/newsletter/", "/"]] == ["HIT"] * 2


def test_purging_everything_keeps_other_hosts(edge):
    for host in ["localhost", "other.example"]:
        for path in ["/", "/news/a/", "/?page=2"]:
            assert_cached(edge, path, host=host)
    assert edge.purge("/*").status == 200
    for path in ["/", "/news/a/", "/?page=2"]:
        assert edge.get(path).cache == "MISS", path
        assert edge.get(path, host="other.example").cache == "HIT", path


def test_a_purge_compares_hosts_without_port_or_case(edge):
    assert_cached(edge, "/page/", host="localhost:8080")
    assert_cached(edge, "/page/", host="localhost")
    assert edge.purge("/page/", host="LOCALHOST:80").status == 200
    assert edge.get("/page/", host="localhost:8080").cache == "MISS"
    assert edge.get("/page/", host="localhost").cache == "MISS"


def test_a_dot_in_a_purge_path_is_only_a_dot(edge):
    assert_cached(edge, "/feed.xml")
    assert_cached(edge, "/feedaxml")
    assert edge.purge("/feed.xml").status == 200
    assert edge.get("/feed.xml").cache == "MISS"
    assert edge.get("/feedaxml").cache == "HIT"
    # Not "anything below /": only paths that start with "/.".
    assert edge.purge("/.*").status == 200
    assert edge.get("/feedaxml").cache == "HIT"


@pytest.mark.parametrize(
    "path",
    [
        "/news/a+/",
        "/news/\\w/",
        "/news/(a|b)/",
        "/news/[a]/",
        "/new$/",
        "/news/?tag=a",
        "/*/news/",
        "/news/**",
        "*",
    ],
)
def test_a_purge_path_with_other_characters_is_refused(edge, path):
    assert_cached(edge, "/news/a/")
    assert edge.purge(path).status == 400
    assert edge.get("/news/a/").cache == "HIT"


def test_a_purge_from_outside_the_purgers_is_refused(edge):
    """Sent through the PROXY-protocol port as if from 192.0.2.10."""
    assert_cached(edge, "/news/")
    with socket.create_connection(("127.0.0.1", edge.proxy_port), timeout=10) as sock:
        sock.sendall(
            b"PROXY TCP4 192.0.2.10 127.0.0.1 40000 80\r\n"
            b"PURGE /news/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 403 ")
    assert edge.get("/news/").cache == "HIT"


def test_a_percent_encoded_unicode_path_is_cached_and_purged(edge, tiny_backend):
    before = tiny_backend.count(UNICODE_PATH)
    assert_cached(edge, UNICODE_PATH)
    assert_cached(edge, UNICODE_PATH + "?page=2")
    assert tiny_backend.count(UNICODE_PATH) == before + 1
    assert edge.purge(UNICODE_PATH).status == 200
    assert edge.get(UNICODE_PATH).cache == "MISS"
    assert edge.get(UNICODE_PATH + "?page=2").cache == "MISS"


def test_while_the_app_is_down_a_stale_copy_is_served(lone_backend_and_edge):
    backend, edge = lone_backend_and_edge
    fresh = edge.get("/stale/")  # s-maxage=1, stale-if-error=60
    assert fresh.cache == "MISS"
    backend.stop()
    edge.wait_until_sick()
    time.sleep(1.5)  # past its TTL, within its grace
    stale = edge.get("/stale/")
    assert (stale.status, stale.cache, stale.body) == (200, "HIT", fresh.body)
    assert int(stale.headers["Age"]) >= 1
    # Nothing cached: the site's 503 page, from Varnish itself, which nobody may keep.
    missing = edge.get("/never-asked/")
    assert (missing.status, missing.cache) == (503, "MISS")
    assert missing.headers["Cache-Control"] == "no-store"
    assert missing.headers["Retry-After"] == "30"
    assert BRANDED_503_HEADING in missing.body
    assert backend.count("/never-asked/") == 0


def the_apps_outage_page(settings):
    """The 503 page and its headers as the app answers during a database outage."""
    settings.ROOT_URLCONF = "tests.test_error_pages"
    return Client().get("/database-gone/")


def test_while_the_app_is_sick_the_edge_answers_the_sites_503_page(
    lone_backend_and_edge, settings, db
):
    """The app's own page, headers and all, and its stylesheet, with no request to the
    app; kept by no one: once the app is back, the app answers again."""
    backend, edge = lone_backend_and_edge
    backend.statuses["/healthz/"] = 503
    edge.wait_until_sick()
    app = the_apps_outage_page(settings)

    for method in ["GET", "POST"]:
        answer = edge.get("/page/", method=method, body="a=1" if method == "POST" else None)
        assert answer.status == 503, method
        assert answer.body == app.content.decode(), method
        assert BRANDED_503_HEADING in answer.body
        assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
        assert answer.headers["Retry-After"] == app["Retry-After"] == "30"
        assert answer.headers["Cache-Control"] == "no-store"
        for name in SECURITY_HEADERS:
            assert answer.headers[name] == app[name], name
        assert "Strict-Transport-Security" not in answer.headers  # none in the test settings
    assert edge.get("/page/").cache == "MISS"
    assert answer.headers["Content-Language"] == "en"

    # In the language of the address, as the app's own page is.
    for path, language in [
        ("/fr/page/", "fr"),
        ("/fr", "fr"),
        ("/en/page/", "en"),
        ("/fra/", "en"),
    ]:
        page = edge.get(path)
        assert (page.status, page.headers["Content-Language"]) == (503, language), path
        assert f'<html lang="{language}">' in page.body, path
        assert f'<a href="/{language}/">' in page.body, path

    # The stylesheet the page links comes from Varnish too: the page keeps its look.
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', answer.body).group(1)
    css = edge.get(stylesheet)
    assert css.status == 200
    assert css.headers["Content-Type"] == "text/css; charset=utf-8"
    assert css.headers["Cache-Control"] == "no-store"
    assert css.body == Path(finders.find("css/site.css")).read_text()
    assert [backend.count(path) for path in ["/page/", stylesheet]] == [0, 0]

    del backend.statuses["/healthz/"]
    edge.wait_until_healthy()
    back = edge.get("/page/")
    assert back.status == 200 and back.body.startswith("GET /page/ #")
    assert edge.get(stylesheet).body.startswith(f"GET {stylesheet} ")


def test_an_error_from_the_app_keeps_the_stale_copy(lone_backend_and_edge):
    """Healthy app, expired copy, within the short grace: served, and the failed
    background fetch does not replace it."""
    backend, edge = lone_backend_and_edge
    fresh = edge.get("/stale/")
    backend.statuses["/stale/"] = 500
    time.sleep(1.5)
    assert edge.get("/stale/").body == fresh.body
    time.sleep(0.5)  # the background fetch has had its 500
    assert backend.count("/stale/") == 2
    again = edge.get("/stale/")
    assert (again.status, again.body) == (200, fresh.body)


@pytest.mark.slow
def test_an_error_from_the_app_past_the_short_grace_serves_the_stale_copy(
    lone_backend_and_edge,
):
    """Past the 10 s a healthy app gets, a fetch that fails is dropped and the request
    looks again with the object's whole grace (stale-if-error)."""
    backend, edge = lone_backend_and_edge
    fresh = edge.get("/stale/")
    backend.statuses["/stale/"] = 500
    backend.statuses["/broken/"] = 500
    time.sleep(12)
    again = edge.get("/stale/")
    assert (again.status, again.cache, again.body) == (200, "HIT", fresh.body)
    # With nothing stale to give, the app's own error page is the answer.
    broken = edge.get("/broken/")
    assert broken.status == 500 and broken.body.startswith("GET /broken/")


def test_the_apps_outage_page_is_passed_on_and_the_page_is_cached_again_after(
    lone_backend_and_edge,
):
    """With nothing stale to give, the app's 503 (database down) reaches the visitor
    with its Retry-After. It is not kept, and even marked no-store it does not make the
    URL a pass for an hour: once the app answers, the page is cached again."""
    backend, edge = lone_backend_and_edge
    backend.statuses["/outage/"] = 503
    backend.headers["/outage/"] = {"Cache-Control": "private, no-store", "Retry-After": "30"}
    down = edge.get("/outage/")
    assert (down.status, down.headers["Retry-After"]) == (503, "30")
    assert down.body.startswith("GET /outage/")  # the app's page, not Varnish's
    del backend.statuses["/outage/"], backend.headers["/outage/"]
    assert edge.get("/outage/").status == 200
    assert edge.get("/outage/").cache == "HIT"
