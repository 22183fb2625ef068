from django.test import Client
from django.urls import path

from cope_site import urls as project_urls


def broken_view(request):
    raise RuntimeError("something broke")


urlpatterns = [path("broken/", broken_view), *project_urls.urlpatterns]
handler404 = project_urls.handler404
handler500 = project_urls.handler500


def test_server_error_shows_a_friendly_page(site_content, settings):
    settings.ROOT_URLCONF = "tests.test_error_pages"
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong on our side" in html
    assert 'href="/"' in html
    assert "RuntimeError" not in html and "something broke" not in html


def test_unknown_address_shows_a_friendly_404_with_the_site_around_it(site_content, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "find that page" in html
    assert 'href="/search/"' in html
    assert 'class="skip-link"' in html
