"""Query counts per page are fixed numbers: they must not grow with the content."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import add_article, make_image

# Measured once and fixed: a change here is a change in how pages fetch their data.
EXPECTED_QUERIES = {"/": 19, "/news/": 18, "/news/?tag=growth": 19}


def count_queries(client, url):
    client.get(url)  # warm per-process caches (site root paths, settings) as a server would
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def grow_news(site_content, total):
    image = make_image()
    existing = len(site_content.articles)
    for number in range(total - existing):
        article = add_article(
            site_content.news_index,
            f"Article {number}",
            date="2025-06-01",
            intro="Summary",
            listing_image=image,
        )
        article.tags.add("growth", f"topic-{number % 7}")
        article.save_revision().publish()


def test_homepage_and_news_index_queries_are_flat(site_content, client):
    grow_news(site_content, 3)
    small = {url: count_queries(client, url) for url in ("/", "/news/", "/news/?tag=growth")}
    grow_news(site_content, 200)
    large = {url: count_queries(client, url) for url in ("/", "/news/", "/news/?tag=growth")}
    assert small == large
    assert small == EXPECTED_QUERIES
