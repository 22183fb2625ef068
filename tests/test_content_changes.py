"""What visitors see follows every change at once: the app keeps no page, list, count
or route between requests (the edge cache in front is purged instead: tests/edge/).

Each test visits a page twice first, as a server would have, then changes what it
shows and looks again.
"""

import datetime

from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Page, PageViewRestriction

from cope_site.models import SiteSettings
from events import services
from events.models import Registration
from tests.conftest import add_article
from tests.events.conftest import form_post, get_event_index, make_event, registration_data


def visit_twice(client, url):
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_unpublished_article_is_gone_at_once(site_content, client):
    article = site_content.articles[0]
    assert escape(article.title) in visit_twice(client, article.url)
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_a_new_address_takes_over_at_once(site_content, client, django_capture_on_commit_callbacks):
    article = site_content.articles[0]
    old_url = article.url
    visit_twice(client, old_url)
    article.slug = "a-new-address"
    article.title = "A new title"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail adds the redirect then
        article.save_revision().publish()

    new = client.get("/en/news/a-new-address/")
    assert new.status_code == 200 and "A new title" in new.content.decode()
    # Wagtail redirects the old address to the new one.
    old = client.get(old_url)
    assert (old.status_code, old["Location"]) == (301, "/en/news/a-new-address/")


def test_an_article_shows_a_related_page_renamed_since(site_content, client):
    article = site_content.articles[0]
    article.related_pages.create(page=site_content.about)
    article.save_revision().publish()
    assert "Who we are" in visit_twice(client, article.url)

    about = Page.objects.get(pk=site_content.about.pk).specific
    about.title = "About the network"
    about.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "About the network" in html and "Who we are" not in html


def test_each_page_of_the_news_and_each_filter_has_its_own_list(site_content, client):
    titles = [f"Article of 2025 number {number:02}" for number in range(12)]
    for title in titles:
        add_article(site_content.news_index, title, date="2025-01-01")
    first = visit_twice(client, "/en/news/?year=2025")
    second = visit_twice(client, "/en/news/?year=2025&page=2")
    everything = visit_twice(client, "/en/news/")

    assert "12 articles" in first and "Page 1 of 2" in first
    assert "Page 2 of 2" in second
    on_first = {title for title in titles if title in first}
    on_second = {title for title in titles if title in second}
    assert (len(on_first), len(on_second)) == (10, 2)
    assert not on_first & on_second
    assert f"{12 + len(site_content.articles)} articles" in everything


def test_a_new_article_is_counted_and_listed_at_once(site_content, client):
    before = visit_twice(client, "/en/news/")
    assert f"{len(site_content.articles)} articles" in before
    add_article(site_content.news_index, "Just published", date="2030-01-01")
    after = client.get("/en/news/").content.decode()
    assert f"{len(site_content.articles) + 1} articles" in after
    assert "Just published" in after


def test_an_event_and_its_registration_form_keep_their_own_pages(site_content, client):
    event = make_event(get_event_index(site_content.home), title="Kept apart")
    page = visit_twice(client, event.url)
    form = visit_twice(client, event.url + "register/")
    assert 'name="email"' in form and 'name="email"' not in page
    assert 'name="email"' not in client.get(event.url).content.decode()


def test_an_event_page_follows_registrations_and_the_clock(site_content, client, monkeypatch):
    closes = timezone.now() + datetime.timedelta(days=1)
    index = get_event_index(site_content.home)
    event = make_event(index, capacity=2, registration_closes=closes)
    other = make_event(index, "Another webinar", capacity=5)
    services.register(other, registration_data(9))
    assert "Registration is open: 4 places left." in visit_twice(client, other.url)
    assert "Registration is open: 2 places left." in visit_twice(client, event.url)

    services.register(event, registration_data(1))
    assert "Registration is open: 1 place left." in client.get(event.url).content.decode()

    # Nothing changed in the database, but registration has closed since.
    later = closes + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    html = client.get(event.url).content.decode()
    assert "Registration has closed." in html and "place left" not in html


def test_the_registration_form_follows_its_event_and_privacy_notice(site_content, client):
    event = make_event(get_event_index(site_content.home), title="Kept form")
    form_url = event.url + "register/"
    assert 'name="email"' in visit_twice(client, form_url)

    # The privacy notice gets a new text: a registration records the one it was shown.
    privacy = SiteSettings.for_site(site_content.site).privacy_policy_page.specific
    revision = privacy.save_revision()
    revision.publish()
    assert privacy.url in client.get(form_url).content.decode()
    client.post(form_url, form_post())
    version = Registration.objects.get().privacy_notice_version
    assert version == f"page-{privacy.pk}-revision-{revision.pk}"

    event.is_cancelled = True
    event.save_revision().publish()
    html = client.get(form_url).content.decode()
    assert "This event has been cancelled." in html and 'name="email"' not in html


def test_the_events_lists_follow_the_clock_and_new_private_sections(
    site_content, client, monkeypatch
):
    index = get_event_index(site_content.home)
    soon = make_event(index, "Ends soon", starts_in=datetime.timedelta(hours=1))
    make_event(index, "Members only", starts_in=datetime.timedelta(days=3))
    html = visit_twice(client, index.url)
    assert "Ends soon" in html.split("Past events")[0] and "Members only" in html

    # Nothing changed in the database, but the first event has ended since.
    later = soon.end + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    html = client.get(index.url).content.decode()
    assert "Past events" in html and "Ends soon" in html.split("Past events")[1]

    private = Page.objects.get(title="Members only")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    for url in (index.url, index.url + "calendar/"):
        assert "Members only" not in client.get(url).content.decode(), url
