"""The sitemap lists every live page in English and French, each with its translations
as hreflang alternates, as search engines read them."""

from lxml import etree

from tests.conftest import add_article

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
ROOT = "http://testserver"


def read_sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("x:link[@rel='alternate']", namespaces=NS)
        }
        for url in tree.findall("s:url", namespaces=NS)
    }


def test_both_languages_are_listed_with_their_alternates(site_content, client):
    sitemap = read_sitemap(client)
    english, french = site_content.about.url, site_content.fr.about.url
    assert french == "/fr/qui-sommes-nous/"
    expected = {"en": ROOT + english, "fr": ROOT + french, "x-default": ROOT + english}
    assert sitemap[ROOT + english] == expected
    assert sitemap[ROOT + french] == expected
    assert ROOT + "/fr/" in sitemap and ROOT + "/en/" in sitemap
    french_pages = [address for address in sitemap if address.startswith(ROOT + "/fr/")]
    english_pages = [address for address in sitemap if address.startswith(ROOT + "/en/")]
    assert len(french_pages) == len(english_pages) >= 8


def test_an_untranslated_page_is_listed_alone_and_a_draft_not_at_all(site_content, client):
    article = add_article(site_content.news_index, "Only in English", intro="Not yet.")
    draft = add_article(site_content.news_index, "A draft", intro="Unpublished.")
    draft.unpublish()
    sitemap = read_sitemap(client)
    assert sitemap[ROOT + article.url] == {}
    assert ROOT + draft.url not in sitemap
