"""Each process keeps the Site and its settings between requests, never past a change."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, Site

from cope_site import site_memo
from cope_site.models import SiteSettings


def tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_a_warm_page_reads_neither_the_site_nor_its_settings(site_content, client):
    client.get("/who-we-are/")
    sql = tables_read(client, "/who-we-are/")
    assert "wagtailcore_site" not in sql
    assert "cope_site_sitesettings" not in sql


def test_a_settings_change_shows_on_the_next_request(site_content, client):
    client.get("/")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "COPE Renamed Network"
    site_settings.save()
    assert "COPE Renamed Network" in client.get("/").content.decode()


def test_a_site_change_shows_on_the_next_request(site_content, client):
    client.get("/", headers={"host": "cope.example"})
    site = Site.objects.get(is_default_site=True)
    site.is_default_site = False
    site.hostname = "elsewhere.example"
    site.save()
    # No site answers for this host any more: Wagtail's 404, not the kept site.
    assert client.get("/", headers={"host": "cope.example"}).status_code == 404


def test_many_host_names_do_not_grow_the_memo(site_content, client):
    for number in range(site_memo.MAX_KEPT_HOSTS * 3):
        client.get("/robots.txt", headers={"host": f"host-{number}.example"})
        client.get("/", headers={"host": f"host-{number}.example"})
    assert len(site_memo._kept) <= site_memo.MAX_KEPT_HOSTS


def test_publishing_the_homepage_shows_at_once(site_content, client):
    client.get("/")
    home = site_content.home
    home.title = "Every child matters"
    home.save_revision().publish()
    assert "<title>Every child matters" in client.get("/").content.decode()


def test_a_new_restriction_protects_a_page_at_once(site_content, client):
    """With no restriction on the site, pages skip Wagtail's check; the first one
    ends that at once."""
    article = site_content.articles[0]
    assert client.get(article.url).status_code == 200
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302 and "login" in response["Location"]
