"""What social networks and messaging apps read when a page is shared: Open Graph
tags and the JSON-LD that search engines read on articles and events."""

import datetime
import json

from django.contrib.staticfiles import finders

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PillowImage

from cope_site.models import SiteSettings
from home.models import StandardPage

from .conftest import add_article, make_image
from .events.conftest import get_event_index, make_event

pytestmark = pytest.mark.django_db

OTHER_HOST = "internal.example"


def og(html, name):
    tag = BeautifulSoup(html, "html.parser").find("meta", property=f"og:{name}")
    return tag["content"] if tag else None


def json_ld(html):
    script = BeautifulSoup(html, "html.parser").find("script", type="application/ld+json")
    return json.loads(script.string)


@pytest.fixture
def public_pages(site_content):
    """One address of every public page type, none of them with a listing image."""
    event_index = get_event_index(site_content.home)
    event = make_event(event_index)
    standard = StandardPage.objects.live().first()
    assert standard is not None, "the initial content has a standard page"
    for page in (site_content.about, site_content.articles[0]):
        assert page.listing_image_id is None
    return {
        "home": site_content.home.url,
        "about": site_content.about.url,
        "standard page": standard.url,
        "news index": site_content.news_index.url,
        "article": site_content.articles[0].url,
        "event index": event_index.url,
        "event": event.url,
        "event registration": event.url + "register/",
        "search": "/en/search/?q=prison",
    }


def test_every_public_page_type_has_the_default_sharing_image(public_pages, client):
    default_image = finders.find("images/sharing-default.png")
    with PillowImage.open(default_image) as image:
        assert image.size == (1200, 630)  # Open Graph's recommended size
    for name, url in public_pages.items():
        html = client.get(url).content.decode()
        assert og(html, "image") == "http://testserver/static/images/sharing-default.png", name
        assert og(html, "image:width") == "1200", name
        assert og(html, "title"), name
        assert og(html, "url").startswith("http://testserver/"), name
    assert og(client.get(public_pages["search"]).content.decode(), "url") == (
        "http://testserver/en/search/"  # never the query someone typed
    )


def test_the_sharing_image_from_site_settings_replaces_the_default(site_content, client):
    settings = SiteSettings.for_site(site_content.site)
    settings.sharing_image = make_image("COPE conference banner")
    settings.save()
    with_own_image = add_article(
        site_content.news_index, "Pictured", listing_image=make_image("Prison visit")
    )

    for url in (site_content.about.url, "/en/search/"):
        image_url = og(client.get(url).content.decode(), "image")
        assert image_url.startswith("http://testserver/media/images/test"), url
        assert ".fill-1200x630" in image_url, url
    article_image = og(client.get(with_own_image.url).content.decode(), "image")
    assert article_image.startswith("http://testserver/media/images/test")
    assert article_image != og(client.get(site_content.about.url).content.decode(), "image")


def test_sharing_addresses_name_the_sites_root_url_whatever_the_host(
    site_content, client, settings
):
    """A page first rendered through another host name is kept by the edge cache and
    sent to everyone: its addresses must come from the Site, not the Host header."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OTHER_HOST]
    pictured = add_article(site_content.news_index, "Pictured", listing_image=make_image())

    for url in (pictured.url, site_content.about.url, "/en/search/"):
        html = client.get(url, HTTP_HOST=OTHER_HOST).content.decode()
        assert og(html, "image").startswith(site_content.site.root_url + "/"), url
        assert og(html, "url").startswith(site_content.site.root_url + "/"), url
        assert OTHER_HOST not in html, url


def test_articles_carry_news_article_data_for_rich_results(site_content, client):
    """Google's Article rich results read headline, image, datePublished,
    dateModified and author (name, and url for an organisation)."""
    organisation = add_article(site_content.news_index, "No byline </script>")
    person = add_article(
        site_content.news_index,
        "With byline",
        author="Liz Ayre",
        listing_image=make_image(),
        date=datetime.date(2020, 5, 4),  # an older article added later
    )

    data = json_ld(client.get(organisation.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "No byline </script>"
    assert data["author"] == [
        {
            "@type": "Organization",
            "name": "Children of Prisoners Europe",
            "url": "http://testserver/",
        }
    ]
    assert data["publisher"]["name"] == "Children of Prisoners Europe"
    assert data["image"] == ["http://testserver/static/images/sharing-default.png"]
    published = datetime.datetime.fromisoformat(data["datePublished"])
    assert published.tzinfo is not None
    assert datetime.datetime.fromisoformat(data["dateModified"]) >= published

    data = json_ld(client.get(person.url).content.decode())
    assert data["author"] == [{"@type": "Person", "name": "Liz Ayre"}]
    assert data["datePublished"].startswith("2020-05-04T00:00:00")
    assert len(data["image"]) == 3  # 16x9, 4x3 and 1x1, as Google asks
    assert all(url.startswith("http://testserver/media/images/") for url in data["image"])
    assert "By Liz Ayre" in client.get(person.url).content.decode()


def test_events_carry_event_data_with_an_image(site_content, client):
    """Google's Event rich results require name, startDate and location; image is
    recommended."""
    event = make_event(get_event_index(site_content.home), listing_image=make_image())

    data = json_ld(client.get(event.url).content.decode())

    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert datetime.datetime.fromisoformat(data["startDate"]).tzinfo is not None
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["location"]["url"] == "http://testserver" + event.url
    assert len(data["image"]) == 3
    assert all(url.startswith("http://testserver/media/images/") for url in data["image"])
