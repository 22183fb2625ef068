"""/sitemap.xml lists every live, public page in each language it is published in,
each with its translations as hreflang alternates; read with an XML parser."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from lxml import etree

from news.models import NewsPage
from tests.conftest import add_article

NAMESPACES = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
ROOT = "http://testserver"


def read_sitemap(client):
    """{address: {hreflang: address}} for each <url> of the sitemap, in its order."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    entries = {}
    for url in etree.fromstring(response.content).findall("sm:url", NAMESPACES):
        location = url.findtext("sm:loc", namespaces=NAMESPACES)
        assert location not in entries, f"{location} is listed twice"
        links = url.findall("xhtml:link", NAMESPACES)
        assert all(link.get("rel") == "alternate" for link in links)
        entries[location] = {link.get("hreflang"): link.get("href") for link in links}
    return entries


def test_every_page_is_listed_in_english_and_in_french(site_content, client):
    entries = read_sitemap(client)
    english = {f"{ROOT}{path}" for path in ENGLISH_PATHS}
    french = {f"{ROOT}{path}" for path in FRENCH_PATHS}
    assert set(entries) == english | french


ENGLISH_PATHS = [
    "/en/",
    "/en/who-we-are/",
    "/en/childrens-rights/",
    "/en/news/",
    "/en/news/game-with-mum-and-dad/",
    "/en/news/general-comment-27-submission/",
    "/en/webinars/",
    "/en/webinars/collaborative-solutions/",
    "/en/privacy/",
]
FRENCH_PATHS = [
    "/fr/",
    "/fr/qui-sommes-nous/",
    "/fr/droits-de-l-enfant/",
    "/fr/actualites/",
    "/fr/actualites/game-with-mum-and-dad/",
    "/fr/actualites/contribution-observation-generale-27/",
    "/fr/webinaires/",
    "/fr/webinaires/solutions-collaboratives/",
    "/fr/confidentialite/",
]


def test_each_language_of_a_page_names_the_others_as_alternates(site_content, client):
    entries = read_sitemap(client)
    for english, french in zip(ENGLISH_PATHS, FRENCH_PATHS, strict=True):
        expected = {"en": ROOT + english, "fr": ROOT + french, "x-default": ROOT + english}
        assert entries[ROOT + english] == expected
        assert entries[ROOT + french] == expected


def test_the_alternates_agree_with_the_pages_own_hreflang_links(site_content, client):
    for location, alternates in read_sitemap(client).items():
        html = client.get(location.removeprefix(ROOT)).content.decode()
        for hreflang, href in alternates.items():
            assert f'<link rel="alternate" hreflang="{hreflang}" href="{href}">' in html


def test_a_page_in_one_language_is_listed_in_that_language_only(site_content, client):
    english_only = add_article(site_content.news_index, "Only in English", date="2031-01-01")
    french_only = add_article(
        site_content.fr.news_index, "Seulement en français", date="2031-01-02"
    )
    entries = read_sitemap(client)
    english_url, french_url = english_only.get_full_url(), french_only.get_full_url()
    assert entries[english_url] == {"en": english_url, "x-default": english_url}
    # No English version, so no x-default either: it would have to be this page.
    assert entries[french_url] == {"fr": french_url}
    assert sum(url.startswith(f"{ROOT}/en/news/only-in-english") for url in entries) == 1


def test_unpublished_and_private_translations_are_not_alternates(site_content, client):
    french_article, french_about = site_content.fr.articles[0], site_content.fr.about
    french_article.unpublish()
    PageViewRestriction.objects.create(
        page=french_about, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    entries = read_sitemap(client)
    for english, french in [
        (site_content.articles[0], french_article),
        (site_content.about, french_about),
    ]:
        assert french.get_full_url() not in entries
        assert entries[english.get_full_url()] == {
            "en": english.get_full_url(),
            "x-default": english.get_full_url(),
        }


def sitemap_queries(client):
    with CaptureQueriesContext(connection) as queries:
        read_sitemap(client)
    return len(queries)


def test_sitemap_queries_do_not_grow_with_pages(site_content, client, nothing_cached):
    few = sitemap_queries(client)
    for number in range(30):
        article = add_article(site_content.news_index, f"Article {number}", date="2030-01-01")
        if number % 2:
            article.copy_for_translation(site_content.fr.home.locale).save_revision().publish()
    assert NewsPage.objects.live().count() > 30
    assert sitemap_queries(client) == few
