"""The sitemap lists every live page in English and French, each with its translations
as hreflang alternates, as search engines read them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from lxml import etree

from tests.conftest import add_article

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
ROOT = "http://testserver"

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
    "/en/publications/",
    "/en/publications/child-friendly-prison-visits-toolkit/",
    "/en/publications/european-journal-of-parental-imprisonment-keeping-in-touch/",
    "/en/publications/uncrc-children-with-imprisoned-parents-briefing/",
    "/en/publications/annual-report-2025/",
    "/en/members/",
    "/en/members/france/",
    "/en/members/italy/",
    "/en/members/united-kingdom/",
    "/en/contact/",
    "/en/become-a-member/",
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
    "/fr/publications/",
    "/fr/publications/visites-en-prison-adaptees-aux-enfants/",
    "/fr/publications/european-journal-of-parental-imprisonment-garder-le-lien/",
    "/fr/publications/cide-enfants-de-parents-detenus-note/",
    "/fr/publications/rapport-annuel-2025/",
    "/fr/membres/",
    "/fr/membres/france/",
    "/fr/membres/italie/",
    "/fr/membres/royaume-uni/",
    "/fr/contact/",
    "/fr/devenir-membre/",
]


def read_sitemap(client):
    """{address: {hreflang: address}} for each <url> of the sitemap."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    urls = tree.findall("s:url", namespaces=NS)
    sitemap = {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("x:link[@rel='alternate']", namespaces=NS)
        }
        for url in urls
    }
    assert len(sitemap) == len(urls), "an address is listed twice"
    return sitemap


def test_both_languages_are_listed_with_their_alternates(site_content, client):
    sitemap = read_sitemap(client)
    assert set(sitemap) == {ROOT + path for path in ENGLISH_PATHS + FRENCH_PATHS}
    for english, french in zip(ENGLISH_PATHS, FRENCH_PATHS, strict=True):
        expected = {"en": ROOT + english, "fr": ROOT + french, "x-default": ROOT + english}
        assert sitemap[ROOT + english] == expected
        assert sitemap[ROOT + french] == expected


def test_the_alternates_agree_with_the_pages_own_hreflang_links(site_content, client):
    for location, alternates in read_sitemap(client).items():
        html = client.get(location.removeprefix(ROOT)).content.decode()
        for hreflang, href in alternates.items():
            assert f'<link rel="alternate" hreflang="{hreflang}" href="{href}">' in html


def test_an_untranslated_page_is_listed_alone_and_a_draft_not_at_all(site_content, client):
    article = add_article(site_content.news_index, "Only in English", intro="Not yet.")
    draft = add_article(site_content.news_index, "A draft", intro="Unpublished.")
    draft.unpublish()
    sitemap = read_sitemap(client)
    assert sitemap[ROOT + article.url] == {}
    assert ROOT + draft.url not in sitemap


def test_a_page_written_in_french_only_is_listed_in_french(site_content, client):
    article = add_article(site_content.fr.news_index, "Seulement en français", date="2031-01-02")
    sitemap = read_sitemap(client)
    assert article.url.startswith("/fr/actualites/")
    assert sitemap[ROOT + article.url] == {}


def test_unpublished_and_private_translations_are_neither_listed_nor_alternates(
    site_content, client
):
    french_article, french_about = site_content.fr.articles[0], site_content.fr.about
    french_article.unpublish()
    PageViewRestriction.objects.create(
        page=french_about, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    sitemap = read_sitemap(client)
    for english, french in [
        (site_content.articles[0], french_article),
        (site_content.about, french_about),
    ]:
        assert ROOT + french.url not in sitemap
        assert sitemap[ROOT + english.url] == {}


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
    assert len(read_sitemap(client)) == len(ENGLISH_PATHS + FRENCH_PATHS) + 45
    assert sitemap_queries(client) == few
