"""The site search finds pages in the reader's language only: /fr/search/ French
pages, /en/search/ English ones, whatever words the two share."""

import re
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.conftest import add_article


def search(client, language_code, query):
    """The addresses of the results, in order, and the summary line above them."""
    response = client.get(f"/{language_code}/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    summary = unescape(re.search(r'<h2 class="search-summary">(.*?)</h2>', html).group(1))
    return re.findall(r'<li><h3><a href="([^"]*)"', html), summary


def test_the_name_both_languages_share_finds_each_readers_own_pages(site_content, client):
    """ "Children of Prisoners Europe" is in the English and the French pages alike."""
    english, _summary = search(client, "en", "children prisoners")
    french, _summary = search(client, "fr", "children prisoners")
    assert english and french
    assert all(url.startswith("/en/") for url in english), english
    assert all(url.startswith("/fr/") for url in french), french
    assert site_content.about.url in english
    assert site_content.fr.about.url in french


def test_an_article_title_found_in_both_languages_leads_to_its_own_translation(
    site_content, client
):
    english, french = site_content.articles[0], site_content.fr.articles[0]
    assert "Game with Mum" in english.title and "Game with Mum" in french.title
    assert search(client, "en", "Game with Mum")[0] == [english.url]
    assert search(client, "fr", "Game with Mum")[0] == [french.url]


def test_a_french_word_finds_nothing_in_english(site_content, client):
    french, _summary = search(client, "fr", "enfants")
    assert site_content.fr.about.url in french
    assert all(url.startswith("/fr/") for url in french)
    assert search(client, "en", "enfants") == ([], "0 results for “enfants”")


def test_a_page_in_one_language_is_found_in_that_language_only(site_content, client):
    article = add_article(
        site_content.news_index, "Visiting rooms in Zanzibar", date="2031-01-01", intro="A report."
    )
    assert search(client, "en", "Zanzibar")[0] == [article.url]
    assert search(client, "fr", "Zanzibar")[0] == []


def test_french_plurals_find_the_singular_on_postgresql(site_content, client):
    """PostgreSQL's index stems words (SQLite's matches whole words only): "enfants"
    also finds the submission, which says "enfant" only. One text-search
    configuration serves both languages, the server's default (english): French
    plurals in -s stem as English ones do, but not feminine endings or French stop
    words (docs/editors-guide.md, "Translating")."""
    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL's: DATABASE_URL=postgres://... make test")
    submission = site_content.fr.articles[-1]
    text = unescape(client.get(submission.url).content.decode())
    assert "enfant" in text and "enfants" not in text
    assert submission.url in search(client, "fr", "enfants")[0]


def search_queries(client, language_code, query):
    with CaptureQueriesContext(connection) as queries:
        search(client, language_code, query)
    return len(queries)


def test_search_queries_do_not_grow_with_results(site_content, client, nothing_cached):
    """A page of results costs the same with two matches as with a full page of them
    and more pages behind it."""

    def add_french_articles(count):
        for number in range(count):
            add_article(
                site_content.fr.news_index,
                f"Parloirs, épisode {number}",
                date="2030-01-01",
                intro="Un reportage.",
            )

    add_french_articles(2)
    few = search_queries(client, "fr", "parloirs")
    add_french_articles(10)
    # The count leads the summary line, whatever the words around it in French.
    assert search(client, "fr", "parloirs")[1].split()[0] == "12"
    assert search_queries(client, "fr", "parloirs") == few
