"""The news feeds as feed readers and the feed validators see them."""

from email.utils import parsedate_to_datetime

import pytest
from lxml import etree

from .conftest import add_article
from .feed_validator import NAMESPACES, atom_errors, rss_errors

pytestmark = pytest.mark.django_db

DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


@pytest.fixture
def news_with_named_author(site_content):
    add_article(site_content.news_index, "Written by a person", author="Liz Ayre", intro="Hi.")
    return site_content


def get_feed(client, site_content, kind, **extra):
    response = client.get(site_content.news_index.url + f"feed/{kind}/", **extra)
    assert response.status_code == 200
    return response


def test_atom_feed_is_valid_with_an_author_on_every_entry(news_with_named_author, client):
    content = get_feed(client, news_with_named_author, "atom").content
    assert atom_errors(content) == []

    feed = etree.fromstring(content)
    assert feed.findtext("atom:author/atom:name", namespaces=NAMESPACES) == (
        "Children of Prisoners Europe"
    )
    authors = {
        entry.findtext("atom:title", namespaces=NAMESPACES): entry.findtext(
            "atom:author/atom:name", namespaces=NAMESPACES
        )
        for entry in feed.iterfind("atom:entry", namespaces=NAMESPACES)
    }
    assert len(authors) == len(news_with_named_author.articles) + 1
    assert authors.pop("Written by a person") == "Liz Ayre"
    assert set(authors.values()) == {"Children of Prisoners Europe"}  # the organisation
    for entry in feed.iterfind("atom:entry", namespaces=NAMESPACES):
        assert entry.findtext("atom:id", namespaces=NAMESPACES).startswith("tag:testserver,")
        assert entry.find("atom:updated", namespaces=NAMESPACES) is not None


def test_an_atom_entry_without_author_fails_the_validator(news_with_named_author, client):
    """The check above can fail: the same feed without its authors is rejected."""
    feed = etree.fromstring(get_feed(client, news_with_named_author, "atom").content)
    for author in feed.findall(".//atom:author", namespaces=NAMESPACES):
        author.getparent().remove(author)

    errors = atom_errors(etree.tostring(feed))

    assert "An atom:entry must have an atom:author if its feed does not." in errors


def test_rss_feed_is_valid_with_creators_dates_and_ids(news_with_named_author, client):
    content = get_feed(client, news_with_named_author, "rss").content
    assert rss_errors(content) == []

    channel = etree.fromstring(content).find("channel")
    items = channel.findall("item")
    assert len(items) == len(news_with_named_author.articles) + 1
    assert {item.findtext(DC_CREATOR) for item in items} == {
        "Liz Ayre",
        "Children of Prisoners Europe",
    }
    for item in items:
        assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
        assert item.find("guid").get("isPermaLink") == "false"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == "http://testserver/en/news/feed/rss/"


def test_an_rss_item_without_title_or_description_fails_the_validator(site_content, client):
    """The RSS check can fail too: an item needs a title or a description."""
    feed = etree.fromstring(get_feed(client, site_content, "rss").content)
    item = feed.find("channel/item")
    for element in item.findall("title") + item.findall("description"):
        item.remove(element)

    assert rss_errors(etree.tostring(feed)) != []


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_addresses_come_from_the_site_not_the_requests_host(
    site_content, client, settings, kind
):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "internal.example"]
    content = get_feed(client, site_content, kind, HTTP_HOST="internal.example").content
    assert b"internal.example" not in content
    assert b"http://testserver/en/news/" in content


def test_the_french_feeds_carry_the_french_articles_in_french(site_content, client):
    french = site_content.fr
    french_titles = {article.title for article in french.articles}
    english_titles = {article.title for article in site_content.articles}
    assert french_titles and not french_titles & english_titles

    rss = get_feed(client, french, "rss").content
    assert rss_errors(rss) == []
    channel = etree.fromstring(rss).find("channel")
    assert channel.findtext("language") == "fr"
    assert channel.findtext("title") == "Children of Prisoners Europe\u00a0: actualités"
    assert channel.findtext("description") == french.news_index.intro
    assert {item.findtext("title") for item in channel.iterfind("item")} == french_titles
    assert {item.findtext("category") for item in channel.iterfind("item")} <= {
        "Actualités",
        "Contribution aux politiques publiques",
    }

    atom = get_feed(client, french, "atom").content
    assert atom_errors(atom) == []
    feed = etree.fromstring(atom)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    entries = feed.iterfind("atom:entry", namespaces=NAMESPACES)
    titles = {entry.findtext("atom:title", namespaces=NAMESPACES) for entry in entries}
    assert titles == french_titles


def test_the_english_feeds_say_they_are_english(site_content, client):
    rss = etree.fromstring(get_feed(client, site_content, "rss").content)
    assert rss.find("channel").findtext("language") == "en"
    assert rss.find("channel").findtext("title") == "Children of Prisoners Europe: news"
    atom = etree.fromstring(get_feed(client, site_content, "atom").content)
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_the_french_calendar_lists_the_french_events_in_french(site_content, client):
    import icalendar

    from events.models import EventPage

    english = EventPage.objects.get(locale__language_code="en")
    french = EventPage.objects.get(locale__language_code="fr")
    response = client.get(french.get_parent().url + "calendar/")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["X-WR-CALNAME"] == french.get_parent().title
    assert calendar["X-WR-CALNAME"].params["LANGUAGE"] == "fr"
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == french.title != english.title
    assert event["SUMMARY"].params["LANGUAGE"] == "fr"
    assert str(event["URL"]).endswith(french.url)
