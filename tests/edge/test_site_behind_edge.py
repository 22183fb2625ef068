"""The site through Varnish: two gunicorn app servers (production settings) on the
PostgreSQL test database, deploy/varnish/default.vcl in front of them.

Every change is made in this process with Wagtail's API, as an editor's would be; the
purges it sends must make the edge show the change on the very next request. Needs
PostgreSQL (skipped with a reason on SQLite) and varnishd.
"""

import re
import time
from pathlib import Path
from urllib.parse import urlencode

from wagtail.models import PageViewRestriction, Site

import pytest

from cope_site.models import HeaderFooterTexts, SiteSettings
from events.services import register
from home.models import AboutPage, HomePage, StandardPage
from news.models import NewsIndexPage
from tests.conftest import add_article
from tests.edge.harness import BRANDED_503_HEADING, SECURITY_HEADERS
from tests.events.conftest import form_post, get_event_index, make_event, registration_data

pytestmark = pytest.mark.edge

LISTINGS = ["/en/", "/en/news/"]


def warm(site, *paths):
    """Each path asked for until the edge answers it from its cache."""
    for path in paths:
        site.get(path)
        answer = site.get(path)
        assert (answer.status, answer.cache) == (200, "HIT"), path


def news_index():
    return NewsIndexPage.objects.get(locale__language_code="en")


def test_the_homepage_is_fetched_once_then_served_by_the_edge(site):
    first = site.get("/en/")
    assert (first.status, first.cache) == (200, "MISS")
    assert "s-maxage=" in first.headers.get("Cache-Control", "")
    second = site.get("/en/")
    assert (second.status, second.cache, second.body) == (200, "HIT", first.body)


def test_a_new_article_is_seen_at_once(site):
    warm(site, *LISTINGS, "/en/news/feed/rss/")
    add_article(news_index(), "Fresh from the newsroom", date="2030-01-01")
    for path in [*LISTINGS, "/en/news/feed/rss/"]:
        assert "Fresh from the newsroom" in site.get(path).body, path


def test_an_unpublished_article_is_gone_at_once(site):
    article = add_article(news_index(), "Soon withdrawn", date="2030-01-01")
    warm(site, *LISTINGS, article.url)
    article.unpublish()
    assert site.get(article.url).status == 404
    for path in LISTINGS:
        assert "Soon withdrawn" not in site.get(path).body, path


def assert_moved(site, old_url, new_url, title):
    """The old address no longer shows the page (gone, or a redirect to the new one)."""
    old = site.get(old_url)
    assert old.status in (301, 302, 404), old_url
    if old.status != 404:
        assert old.headers["Location"].endswith(new_url)
    new = site.get(new_url)
    assert new.status == 200 and title in new.body


def test_a_moved_page_is_seen_at_once(site):
    page = StandardPage(title="Visiting rooms", slug="visiting-rooms")
    HomePage.objects.get(locale__language_code="en").add_child(instance=page)
    page.save_revision().publish()
    old_url = page.url
    warm(site, old_url)
    page.move(AboutPage.objects.get(locale__language_code="en"), pos="last-child")
    page.refresh_from_db()
    assert page.url != old_url
    assert_moved(site, old_url, page.url, "Visiting rooms")


def test_a_new_slug_is_seen_at_once(site):
    index = news_index()
    article = add_article(index, "Renamed article", slug="before-renaming", date="2030-01-01")
    old_url = article.url
    warm(site, *LISTINGS, old_url)
    article.slug = "after-renaming"
    article.save_revision().publish()
    article.refresh_from_db()
    assert_moved(site, old_url, article.url, "Renamed article")
    for path in LISTINGS:
        listing = site.get(path).body
        assert "after-renaming" in listing and "before-renaming" not in listing, path


def test_a_view_restriction_is_seen_at_once(site):
    article = add_article(news_index(), "Members-only briefing", date="2030-01-01")
    warm(site, *LISTINGS, article.url)
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        answer = site.get(article.url)
        assert (answer.status, answer.cache) == (302, "MISS")
        assert "login" in answer.headers["Location"]
    for path in LISTINGS:
        assert "Members-only briefing" not in site.get(path).body, path


def test_a_site_settings_change_is_seen_at_once(site):
    warm(site, *LISTINGS)
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.contact_email = "hello-again@example.org"
    site_settings.save()
    for path in LISTINGS:
        assert "hello-again@example.org" in site.get(path).body, path


def test_a_header_and_footer_change_is_seen_at_once(site):
    warm(site, *LISTINGS)
    texts = HeaderFooterTexts.objects.get(locale__language_code="en")
    texts.tagline = "Every child with a parent in prison matters"
    texts.save()
    for path in LISTINGS:
        assert "Every child with a parent in prison matters" in site.get(path).body, path


def test_a_registration_changes_its_event_page_only(site):
    event = make_event(
        get_event_index(HomePage.objects.get(locale__language_code="en")),
        "Edge webinar",
        capacity=10,
    )
    warm(site, event.url, *LISTINGS)
    assert "10 places left" in site.get(event.url).body
    register(event, registration_data())
    assert "9 places left" in site.get(event.url).body
    # The rest of the site keeps its copies.
    for path in LISTINGS:
        assert site.get(path).cache == "HIT", path


def csrf_cookie(answer, cookie):
    """The CSRF cookie a browser holds after `answer`: the one it set, else `cookie`."""
    for header in answer.headers.get_all("Set-Cookie") or []:
        if header.startswith("csrftoken="):
            return header.split(";")[0]
    return cookie


def test_a_registration_form_open_in_two_tabs_posts_from_either(site):
    event = make_event(
        get_event_index(HomePage.objects.get(locale__language_code="en")), "Two tabs", capacity=10
    )
    form = event.url + "register/"
    first_tab = site.get(form)
    cookie = csrf_cookie(first_tab, "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first_tab.body).group(1)
    second_tab = site.get(form, headers={"Cookie": cookie})
    cookie = csrf_cookie(second_tab, cookie)
    # The first tab posts with the cookie the browser holds now.
    answer = site.get(
        form,
        method="POST",
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        body=urlencode({**form_post(), "csrfmiddlewaretoken": token}, doseq=True),
    )
    assert answer.status == 302, answer.body[:300]


def test_the_edge_serves_the_homepage_while_both_app_servers_are_down(
    start_site_behind_edge, collected_static
):
    # Copies expire after a second, so what is served below is a stale one.
    site = start_site_behind_edge(CACHE_SHARED_SECONDS="1", CACHE_BROWSER_SECONDS="1")
    warm(site, "/en/")
    cached = site.get("/en/")
    site.stop_app_servers()
    site.edge.wait_until_sick()
    time.sleep(1.5)
    answer = site.get("/en/")
    assert (answer.status, answer.cache, answer.body) == (200, "HIT", cached.body)

    # A page it does not hold: the site's 503 page, answered by Varnish itself, with
    # the headers the app sends and, to visitors on https, HSTS.
    down = site.get("/en/news/")
    assert (down.status, down.headers["Retry-After"]) == (503, "30")
    assert BRANDED_503_HEADING in down.body
    assert "| Children of Prisoners Europe</title>" in down.body
    assert down.headers["Cache-Control"] == "no-store"
    for name in SECURITY_HEADERS:
        assert down.headers[name] == cached.headers[name], name
    assert "Strict-Transport-Security" not in down.headers
    secure = site.get("/en/news/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status == 503
    assert secure.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    # Its stylesheet is the homepage's, hashed, and the edge has it even uncached.
    link = re.compile(r'<link rel="stylesheet" href="(/static/css/site\.[0-9a-f]{12}\.css)"')
    stylesheet = link.search(down.body).group(1)
    assert stylesheet == link.search(cached.body).group(1)
    css = site.get(stylesheet)
    assert (css.status, css.cache) == (200, "MISS")
    assert css.body == Path(collected_static, stylesheet.removeprefix("/static/")).read_text()


@pytest.mark.parametrize("slug", ["zażółć-gęślą", "café"])
def test_a_unicode_slug_is_served_and_purged(site, slug):
    article = add_article(news_index(), "An article with a Unicode address", slug=slug)
    # Wagtail gives the address percent-encoded, as browsers send it.
    assert article.url.isascii() and article.url.startswith("/en/news/")
    for server in site.servers:
        assert server.get(article.url).status == 200
    warm(site, article.url)
    article.title = "The same article renamed"
    article.save_revision().publish()
    assert "The same article renamed" in site.get(article.url).body


def test_the_contact_form_is_never_kept_by_the_edge_and_posts_through_it(site):
    from contact.models import FormPageSubmission

    for _attempt in range(2):
        form = site.get("/en/contact/")
        assert (form.status, form.cache) == (200, "MISS")
        assert "no-store" in form.headers.get("Cache-Control", "")
    cookie = csrf_cookie(form, "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1)
    answer = site.get(
        "/en/contact/",
        method="POST",
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        body=urlencode(
            {
                "your_name": "Ana Silva",
                "e_mail_address": "ana@example.org",
                "what_is_it_about": "Something else",
                "your_message": "Through the edge.",
                "privacy-consent": "on",
                "csrfmiddlewaretoken": token,
            }
        ),
    )
    assert answer.status == 302, answer.body[:300]
    assert FormPageSubmission.objects.get().form_data["your_message"] == "Through the edge."
    for _attempt in range(2):
        thanks = site.get("/en/contact/thanks/")
        assert (thanks.status, thanks.cache) == (200, "MISS")
