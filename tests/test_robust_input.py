"""Odd addresses, queries, bodies and hosts get a 4xx or a clean page, never a 5xx."""

import io
import logging

from django.test import Client

import pytest

from cope_site.log_filters import AsOneLineWarning
from home.models import StandardPage
from tests.events.conftest import form_post, get_event_index, make_event


@pytest.fixture
def visitor():
    """A client that gets the 500 page as a visitor would, instead of the exception."""
    return Client(raise_request_exception=False)


# One test each, looping: each case needs only a request, not a database of its own.
NUL_ADDRESSES = [
    "/en/search/?q=%00",
    "/en/search/?q=a%00b",
    "/en/news/?topic=%00",
    "/en/webinars/?topic=%00",
    "/en/news/?%00=1",
    "/registrations/%00/",
    "/registrations/a%00b/my-data.json",
    "/admin/pages/search/?q=%00",
    "/%00/",
]


def test_a_nul_character_in_the_address_is_a_clean_400(site_content, visitor):
    get_event_index(site_content.home)
    for url in NUL_ADDRESSES:
        response = visitor.get(url)
        assert response.status_code == 400, url
        assert "We could not read that request" in response.content.decode()


def test_unicode_and_undecodable_paths_are_the_404_page(site_content, visitor):
    for url in ["/en/%E2%82%AC/", "/en/news/%CE%B1%CE%B2/", "/en/%F0%9F%98%80/", "/%FF/"]:
        response = visitor.get(url)
        assert response.status_code == 404, url
        assert "find that page" in response.content.decode()


def test_published_pages_with_polish_greek_or_french_slugs_answer(site_content, visitor):
    for slug in ["zażółć-gęślą-jaźń", "αβγ-δελτα", "événements"]:
        page = StandardPage(title=f"Page {slug}", slug=slug)
        site_content.home.add_child(instance=page)
        page.save_revision().publish()
        response = visitor.get(page.url)
        assert response.status_code == 200, slug
        assert f"Page {slug}" in response.content.decode()


@pytest.mark.parametrize("charset", ["utf-16", "latin-1"])
def test_a_form_body_in_another_charset_is_the_400_page_with_csrf_checks_on(site_content, charset):
    event = make_event(get_event_index(site_content.home))
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.get(event.url + "register/")  # the CSRF cookie, as a browser gets it
    token = browser.cookies["csrftoken"].value
    body = f"csrfmiddlewaretoken={token}&name=Ana&email=ana%40example.org&role=other"
    response = browser.generic(
        "POST",
        event.url + "register/",
        body.encode(charset),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_a_refused_csrf_token_shows_the_sites_own_page(site_content):
    event = make_event(get_event_index(site_content.home))
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(event.url + "register/", form_post())
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form has expired" in html
    assert 'class="skip-link"' in html, "the site's header and footer around it"
    assert "CSRF" not in html
    assert response["Cache-Control"] == "private, no-store"


@pytest.fixture
def disallowed_host_log(settings):
    """What the configured handler for bad Host headers writes, in a buffer."""
    settings.ALLOWED_HOSTS = ["localhost"]
    # The handler LOGGING configures, not the ones pytest adds for its own reports.
    (handler,) = [
        handler
        for handler in logging.getLogger("django.security.DisallowedHost").handlers
        if any(isinstance(item, AsOneLineWarning) for item in handler.filters)
    ]
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def test_a_host_we_do_not_serve_is_a_400_and_one_warning_line(
    site_content, visitor, disallowed_host_log
):
    for host in ("evil.example", "evil.example:80@localhost", "x" * 300):
        response = visitor.get("/en/", headers={"host": host})
        assert response.status_code == 400
        assert "We could not read that request" in response.content.decode()
    lines = disallowed_host_log.getvalue().splitlines()
    assert len(lines) == 3
    assert all(line.startswith("WARNING django.security.DisallowedHost: ") for line in lines)
    assert "Traceback" not in disallowed_host_log.getvalue()
    assert visitor.get("/en/", headers={"host": "localhost"}).status_code == 200
