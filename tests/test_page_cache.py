"""The page cache: anonymous visitors get stored pages, and never a stale or personal one."""

from django.contrib.auth import get_user_model
from django.http import HttpResponse

from wagtail.models import Page, PageViewRestriction

import pytest

from cope_site.models import SiteSettings
from cope_site.page_cache import LocalCopies, PageCacheApplication
from events import services
from tests.conftest import add_article
from tests.events.conftest import get_event_index, make_event, registration_data


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True


def cache_state(response):
    return response.headers.get("X-Page-Cache")


def test_second_anonymous_visit_is_served_from_the_cache(site_content, client, page_cache):
    first = client.get("/")
    second = client.get("/")
    assert (cache_state(first), cache_state(second)) == ("miss", "hit")
    assert second.content == first.content
    # The stored page keeps its security headers.
    assert "frame-ancestors 'none'" in second.headers["Content-Security-Policy"]
    assert second.headers["Content-Type"] == first.headers["Content-Type"]


def test_publishing_an_article_shows_at_once(site_content, client, page_cache):
    for url in ["/", "/news/", "/news/feed/rss/"]:
        client.get(url)
        assert cache_state(client.get(url)) == "hit"

    add_article(site_content.news_index, "Fresh from the press", date="2030-01-01")

    for url in ["/", "/news/", "/news/feed/rss/"]:
        response = client.get(url)
        assert "Fresh from the press" in response.content.decode(), url


def test_unpublishing_moving_and_deleting_refresh_pages(site_content, client, page_cache):
    article = Page.objects.get(slug="game-with-mum-and-dad").specific
    client.get("/news/")
    article.unpublish()
    assert "Game with Mum" not in client.get("/news/").content.decode()

    article.save_revision().publish()
    client.get(article.url)
    article.move(site_content.about, pos="last-child")
    # Wagtail redirects the old address to the new one; the cached old page is gone.
    moved = client.get("/news/game-with-mum-and-dad/")
    assert (moved.status_code, moved["Location"]) == (301, "/who-we-are/game-with-mum-and-dad/")

    client.get("/")
    Page.objects.get(pk=article.pk).delete()
    assert "Game with Mum" not in client.get("/").content.decode()


def test_a_site_setting_change_shows_on_every_page(site_content, client, page_cache):
    for url in ["/", "/news/"]:
        client.get(url)
    site_settings = SiteSettings.for_site(site_content.site)
    site_settings.organisation_name = "Children of Prisoners Europe (renamed)"
    site_settings.save()
    for url in ["/", "/news/"]:
        assert "(renamed)" in client.get(url).content.decode(), url


def test_logged_in_editor_gets_a_fresh_page_and_never_fills_the_cache(
    site_content, client, page_cache
):
    client.get("/")
    # Change the content behind the cache's back: the cached copy is now stale.
    Page.objects.filter(pk=site_content.about.pk).update(title="Changed quietly")

    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(editor)
    fresh = client.get("/")
    assert cache_state(fresh) is None
    assert "wagtail-userbar" in fresh.content.decode()

    client.logout()
    anonymous = client.get("/")
    assert cache_state(anonymous) == "hit"
    assert "wagtail-userbar" not in anonymous.content.decode()


def test_other_cookies_neither_split_nor_bypass_the_cache(site_content, client, page_cache):
    client.get("/")
    client.cookies["_pk_id"] = "analytics-visitor-123"
    client.cookies["csrftoken"] = "a" * 32
    assert cache_state(client.get("/")) == "hit"


def test_session_or_messages_cookie_bypasses_the_cache(site_content, client, page_cache):
    client.get("/")
    for cookie in ["sessionid", "messages"]:
        client.cookies.clear()
        client.cookies[cookie] = "something-personal"
        assert cache_state(client.get("/")) is None, cookie


def test_page_with_a_csrf_form_is_never_cached(site_content, client, page_cache):
    private = add_article(site_content.news_index, "Members-only briefing")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    for _ in range(2):
        response = client.get(private.url)
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert cache_state(response) is None


def test_post_admin_and_unknown_query_parameters_are_never_cached(site_content, client, page_cache):
    for _ in range(2):
        assert cache_state(client.get("/?utm_source=newsletter")) is None
        assert cache_state(client.get("/search/?q=my+own+name")) is None
        assert cache_state(client.get("/admin/login/")) is None
        assert cache_state(client.post("/news/")) is None
    # Public listing filters are cached, each on its own.
    client.get("/news/?tag=safeguarding")
    assert cache_state(client.get("/news/?tag=safeguarding")) == "hit"
    assert "General Comment 27" not in client.get("/news/?tag=safeguarding").content.decode()


def test_cache_off_serves_everything_fresh(site_content, client, settings):
    settings.PAGE_CACHE = False
    client.get("/")
    assert cache_state(client.get("/")) is None


def test_a_page_that_changes_soon_is_kept_only_until_then(settings, rf):
    from django.http import HttpResponse

    from cope_site.page_cache import PageCacheMiddleware

    short = HttpResponse("opens in a minute")
    short["Cache-Control"] = "max-age=60"
    assert PageCacheMiddleware.lifetime(short) == 60
    assert PageCacheMiddleware.lifetime(HttpResponse("plain")) == settings.PAGE_CACHE_SECONDS


def test_local_copies_keep_the_newest_pages_only():
    copies = LocalCopies(size=2)
    for key in ("a", "b"):
        copies.put(key, "generation-1", {}, HttpResponse(key))
    copies.get("a")  # used lately: kept
    copies.put("c", "generation-1", {}, HttpResponse("c"))
    assert [key for key in "abc" if copies.get(key)] == ["a", "c"]


class DjangoStandIn:
    """What the WSGI front passes requests on to: records them, answers plainly."""

    def __init__(self):
        self.paths = []

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"rendered by Django"]


def ask(front, rf, path, **headers):
    """One GET through the WSGI front: (status, headers, body)."""
    answer = {}
    body = front(
        rf.get(path, **headers).environ,
        lambda status, headers: answer.update(status=status, headers=dict(headers)),
    )
    return answer["status"], answer["headers"], b"".join(body).decode()


def test_the_wsgi_front_answers_current_copies_and_passes_the_rest_on(
    site_content, client, rf, redis_page_cache
):
    django = DjangoStandIn()
    front = PageCacheApplication(django)

    def get(path, **headers):
        return ask(front, rf, path, **headers)

    assert get("/")[2] == "rendered by Django"  # nothing kept yet
    # Through Django: rendered and stored, then found in Redis and kept by this process.
    assert [cache_state(client.get("/")) for _ in range(2)] == ["miss", "hit"]

    status, headers, html = get("/")
    assert (status, headers["X-Page-Cache"]) == ("200 OK", "hit")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert html == client.get("/").content.decode()
    assert django.paths == ["/"]

    # Editors and other requests never get the copy.
    assert get("/", HTTP_COOKIE="sessionid=abc")[2] == "rendered by Django"
    assert get("/?q=x")[2] == "rendered by Django"

    # A publish, here or on any other server: the copy is stale at once.
    add_article(site_content.news_index, "Fresh from the press", date="2030-01-01")
    assert get("/")[2] == "rendered by Django"
    assert "Fresh from the press" in client.get("/").content.decode()


def test_a_registration_shows_on_the_cached_event_page_at_once(site_content, client, page_cache):
    event = make_event(get_event_index(site_content.home), capacity=2)
    client.get(event.url)
    assert cache_state(client.get(event.url)) == "hit"
    services.register(event, registration_data(1))
    response = client.get(event.url)
    assert "Registration is open: 1 place left." in response.content.decode()
    assert cache_state(response) == "miss"


def test_a_registration_leaves_the_rest_of_the_site_cached(site_content, client, page_cache):
    index = get_event_index(site_content.home)
    event, other = make_event(index, capacity=2), make_event(index, "Another", capacity=5)
    urls = ["/", "/news/", index.url, other.url]
    for url in [*urls, event.url]:
        client.get(url)
    services.register(event, registration_data(1))
    assert [cache_state(client.get(url)) for url in urls] == ["hit"] * len(urls)
    assert cache_state(client.get(event.url)) == "miss"


def test_a_registration_makes_the_kept_copies_of_its_event_page_stale(
    site_content, client, rf, redis_page_cache
):
    event = make_event(get_event_index(site_content.home), capacity=2)
    front = PageCacheApplication(DjangoStandIn())
    # Stored, then found in Redis and kept by this process, then answered by the front.
    assert [cache_state(client.get(event.url)) for _ in range(2)] == ["miss", "hit"]
    _status, headers, html = ask(front, rf, event.url)
    assert headers["X-Page-Cache"] == "hit" and "2 places left" in html

    services.register(event, registration_data(1))
    assert ask(front, rf, event.url)[2] == "rendered by Django"
    response = client.get(event.url)
    assert cache_state(response) == "miss"
    assert "Registration is open: 1 place left." in response.content.decode()
