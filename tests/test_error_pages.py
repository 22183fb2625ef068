import logging

from django.db import OperationalError
from django.test import Client
from django.urls import path

from cope_site import urls as project_urls


def broken_view(request):
    raise RuntimeError("something broke")


def database_gone_view(request):
    # What a query raises when PostgreSQL is down (tests/outages/ stops a real one).
    raise OperationalError("connection refused: is the server running on 127.0.0.1?")


urlpatterns = [
    path("broken/", broken_view),
    path("database-gone/", database_gone_view),
    *project_urls.urlpatterns,
]
handler404 = project_urls.handler404
handler500 = project_urls.handler500


def test_server_error_shows_a_friendly_page(site_content, settings):
    settings.ROOT_URLCONF = "tests.test_error_pages"
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong on our side" in html
    assert 'href="/en/"' in html
    assert "RuntimeError" not in html and "something broke" not in html


def test_unknown_address_shows_a_friendly_404_with_the_site_around_it(site_content, client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "find that page" in html
    assert 'href="/en/search/"' in html
    assert 'class="skip-link"' in html


def test_a_database_outage_shows_the_branded_503_and_logs_one_warning(
    site_content, settings, caplog
):
    settings.ROOT_URLCONF = "tests.test_error_pages"
    caplog.set_level(logging.INFO)
    response = Client().get("/database-gone/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "The website is unavailable for a moment" in html
    assert "| Children of Prisoners Europe</title>" in html
    assert 'href="/en/"' in html
    assert "OperationalError" not in html and "127.0.0.1" not in html
    assert [
        (r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING
    ] == [("WARNING", "Database unavailable (OperationalError): answered 503")]
    assert not any(r.exc_info for r in caplog.records)
