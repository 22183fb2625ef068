"""Who may keep each response: public pages are shared-cacheable and set no cookie;
everything personal is private and never stored."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_max_age

from wagtail.models import PageViewRestriction

from events import services
from tests.conftest import sign_in_to_admin
from tests.events.conftest import form_post, get_event_index, make_event, registration_data


def directives(response):
    """Cache-Control as a dict: {'public': True, 's-maxage': '3600', ...}."""
    found = {}
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            found[name.lower()] = value or True
    return found


def assert_shared(response, url=""):
    assert response.status_code in (200, 404), url
    cache_control = directives(response)
    assert cache_control.get("public") is True, (url, response.get("Cache-Control"))
    assert "private" not in cache_control and "no-store" not in cache_control, url
    assert int(cache_control["s-maxage"]) > int(cache_control["max-age"]) > 0, url
    assert "stale-if-error" in cache_control, url
    assert not response.cookies, (url, response.cookies)
    return cache_control


def assert_private(response, url=""):
    cache_control = directives(response)
    assert "private" in cache_control and "no-store" in cache_control, (
        url,
        response.get("Cache-Control"),
    )
    assert "public" not in cache_control and "s-maxage" not in cache_control, url


PUBLIC_URLS = [
    "/en/",
    "/en/who-we-are/",
    "/en/news/",
    "/en/news/?topic=growth&page=1",
    "/en/news/game-with-mum-and-dad/",
    "/en/news/feed/rss/",
    "/en/news/feed/atom/",
    "/en/webinars/",
    "/en/webinars/calendar/",
    "/en/publications/",
    "/en/publications/?kind=toolkit&language=fr",
    "/fr/publications/visites-en-prison-adaptees-aux-enfants/",
    "/sitemap.xml",
    "/robots.txt",
]


def test_public_pages_may_be_kept_by_the_edge_and_set_no_cookie(site_content, client):
    for url in PUBLIC_URLS:
        assert_shared(client.get(url), url)
    # The edge may answer from a copy a little past its lifetime while it fetches anew.
    assert int(directives(client.get("/en/"))["stale-while-revalidate"]) > 0


def test_an_unknown_address_is_a_shared_404(site_content, client):
    assert_shared(client.get("/en/no-such-page/"))


def test_a_redirect_is_not_kept(site_content, client, settings):
    # The production settings' http-to-https redirect, as an edge would fetch it.
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/en/")
    assert response.status_code == 301 and "Cache-Control" not in response


def test_an_event_is_kept_no_longer_than_its_next_registration_change(site_content, client):
    closes = timezone.now() + datetime.timedelta(minutes=10)
    event = make_event(get_event_index(site_content.home), registration_closes=closes)
    cache_control = assert_shared(client.get(event.url))
    # No serving it stale either: the state moves on at that moment.
    assert "stale-while-revalidate" not in cache_control
    assert 0 < int(cache_control["s-maxage"]) <= 600

    index = client.get(get_event_index(site_content.home).url)
    # The index lists the event as upcoming until it ends, in an hour or so.
    assert 0 < int(directives(index)["s-maxage"]) <= (event.end - timezone.now()).seconds + 1


def test_the_registration_form_thanks_and_manage_pages_are_private(site_content, client):
    event = make_event(get_event_index(site_content.home))
    assert_private(client.get(event.url + "register/"))
    registration, _outcome = services.register(event, registration_data(1))
    assert_private(client.get(registration.manage_path()))
    posted = client.post(event.url + "register/", form_post())
    assert posted.status_code == 302
    assert_private(posted)
    assert_private(client.get(posted["Location"]))


def test_search_results_are_private(site_content, client):
    assert_private(client.get("/en/search/?q=children"))


def test_a_restricted_page_is_private_for_everyone(site_content, client):
    about = site_content.about
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    prompt = client.get(about.url)
    assert prompt.status_code == 200 and "password" in prompt.content.decode().lower()
    assert_private(prompt)

    restriction = PageViewRestriction.objects.get(page=about)
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, about.pk]),
        {"password": "members", "return_url": about.url},
    )
    shown = client.get(about.url)
    assert shown.status_code == 200 and about.vision[:40] in shown.content.decode()
    assert_private(shown)


def test_anything_for_a_logged_in_editor_is_private(site_content, client):
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    sign_in_to_admin(client, editor)
    for url in ["/en/", "/en/news/", "/admin/"]:
        assert_private(client.get(url), url)


def test_a_preview_is_private(site_content, client):
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    sign_in_to_admin(client, editor)
    response = client.get(f"/admin/pages/{site_content.home.pk}/edit/preview/")
    assert_private(response)


def test_the_django_admin_login_is_private(site_content, client):
    assert_private(client.get("/django-admin/login/"))


def test_static_files_keep_their_own_long_lifetime(site_content, client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert get_max_age(response) >= 60
    assert "private" not in directives(response)


def test_the_health_check_is_never_cached(site_content, client):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok"
    assert "no-store" in directives(response)
