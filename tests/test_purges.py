"""What the app asks the edge cache to purge, as a real HTTP cache receives it: a PURGE
request on loopback to a small server that records it (tests/edge/ runs Varnish)."""

import http.server
import logging
import threading

from django.contrib.auth import get_user_model

from wagtail.models import PageViewRestriction

import pytest

from cope_site.models import HeaderFooterTexts, SiteSettings
from events import services
from tests.conftest import add_article, sign_in_to_admin
from tests.events.conftest import get_event_index, make_event, registration_data


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    """Answers PURGE with 200, or with 503 while `failures_left` lasts."""

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        server = self.server
        with server.lock:
            failing = server.failures_left > 0
            server.failures_left -= failing
            if not failing:
                server.purged.append((self.headers["Host"], self.path))
        self.send_response(503 if failing else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def edge(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.purged, server.failures_left, server.lock = [], 0, threading.Lock()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "cope_site.edge.VarnishBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield server
    server.shutdown()
    server.server_close()


def site_host(site_content):
    site = site_content.site
    return site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"


def test_a_publish_purges_every_page_of_the_site_after_commit(
    site_content, edge, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        add_article(site_content.news_index, "Fresh from the press")
        assert edge.purged == []  # nothing before the commit: the old page could return
    for callback in callbacks:
        callback()
    assert (site_host(site_content), "/*") in edge.purged


@pytest.mark.parametrize(
    "change",
    ["unpublish", "move", "delete", "restrict", "settings", "header and footer", "image"],
)
def test_every_kind_of_change_purges_the_site(
    site_content, edge, django_capture_on_commit_callbacks, change
):
    article = site_content.articles[0]
    with django_capture_on_commit_callbacks(execute=True):
        if change == "unpublish":
            article.unpublish()
        elif change == "move":
            article.move(site_content.about, pos="last-child")
        elif change == "delete":
            article.delete()
        elif change == "restrict":
            PageViewRestriction.objects.create(
                page=article, restriction_type=PageViewRestriction.LOGIN
            )
        elif change == "settings":
            site_settings = SiteSettings.for_site(site_content.site)
            site_settings.contact_email = "new@example.org"
            site_settings.save()
        elif change == "header and footer":
            texts = HeaderFooterTexts.objects.get(locale__language_code="fr")
            texts.tagline = "Un nouveau slogan"
            texts.save()
        elif change == "image":
            from tests.conftest import make_image

            make_image("A new photo")
    assert set(edge.purged) == {(site_host(site_content), "/*")}


def test_a_draft_purges_nothing(site_content, edge, django_capture_on_commit_callbacks):
    article = site_content.articles[0]
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Still a draft"
        article.save_revision()
    assert edge.purged == []


def test_a_registration_purges_its_event_page_alone(
    site_content, edge, django_capture_on_commit_callbacks
):
    event = make_event(get_event_index(site_content.home), "Purged alone", capacity=3)
    edge.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration, _outcome = services.register(event, registration_data(1))
    assert set(edge.purged) == {(site_host(site_content), event.url)}

    edge.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(registration)
    assert set(edge.purged) == {(site_host(site_content), event.url)}


def test_a_registration_from_either_language_purges_both_pages_of_the_event(
    site_content, edge, django_capture_on_commit_callbacks
):
    from tests.localize import make_bilingual_event

    english, french = make_bilingual_event(get_event_index(site_content.home), capacity=3)
    both = {(site_host(site_content), english.url), (site_host(site_content), french.url)}
    assert french.url.startswith("/fr/")
    edge.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(french, registration_data(1, language="fr"))
    assert set(edge.purged) == both


def test_a_unicode_address_is_purged_percent_encoded(
    site_content, edge, django_capture_on_commit_callbacks
):
    event = make_event(get_event_index(site_content.home), "Zażółć gęślą", slug="zażółć-gęślą")
    edge.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, registration_data(1))
    assert edge.purged == [
        (site_host(site_content), "/en/webinars/za%C5%BC%C3%B3%C5%82%C4%87-g%C4%99%C5%9Bl%C4%85/")
    ]


def test_a_failed_purge_is_retried_and_logged(
    site_content, edge, django_capture_on_commit_callbacks, caplog
):
    edge.failures_left = 2
    with (
        caplog.at_level(logging.WARNING, logger="cope_site.edge"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        add_article(site_content.news_index, "Purged at the third try")
    assert edge.purged == [(site_host(site_content), "/*")]
    assert sum("will be tried again" in message for message in caplog.messages) == 2


def test_a_purge_that_keeps_failing_is_given_up_loudly(
    site_content, edge, django_capture_on_commit_callbacks, caplog
):
    edge.failures_left = 100
    with django_capture_on_commit_callbacks(execute=True):
        add_article(site_content.news_index, "Never purged")
    assert edge.purged == []
    errors = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert any("Gave up purging" in record.getMessage() for record in errors)


def test_an_editor_publishing_in_the_admin_purges_the_site(
    site_content, edge, client, django_capture_on_commit_callbacks
):
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    sign_in_to_admin(client, editor)
    article = site_content.articles[0]
    article.title = "Changed in a draft"
    article.save_revision()
    edge.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/bulk/wagtailcore/page/publish/?id={article.pk}", {"include_descendants": ""}
        )
    assert response.status_code == 302
    assert (site_host(site_content), "/*") in edge.purged


def test_a_member_saved_or_a_country_page_published_purges_the_site(
    site_content, edge, django_capture_on_commit_callbacks
):
    """The directory and the country pages in both languages are among the site's
    pages: the site-wide purge covers them (docs/caching.md)."""
    from members.models import CountryPage, Member

    member = Member.objects.get(locale__language_code="en", name="Families Outside")
    with django_capture_on_commit_callbacks(execute=True):
        member.city = "Glasgow"
        member.save_revision().publish()
    assert set(edge.purged) == {(site_host(site_content), "/*")}

    edge.purged.clear()
    france = CountryPage.objects.get(locale__language_code="fr", country="FR")
    with django_capture_on_commit_callbacks(execute=True):
        france.intro = "Un nouveau texte."
        france.save_revision().publish()
    assert set(edge.purged) == {(site_host(site_content), "/*")}
