"""Query counts per page are fixed numbers, under 15, whatever the amount of content.

Counted without the page cache (tests run with it off): the page cache hides queries,
it must not be what keeps a page cheap to render. Counted twice: with the fragment
cache warm, as a server is after its first request, and with it off, as a page is
first rendered after any change.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.signal_handlers import disable_reference_index_auto_update

import pytest

from news.models import NewsPage
from tests.conftest import make_image

ARTICLE = "/news/game-with-mum-and-dad/"
# Measured and fixed: a change here is a change in how pages fetch their data. Warm, the
# routes, contents and counts of these pages are all kept (docs/caching.md).
EXPECTED_QUERIES = {"/": 0, "/news/": 0, "/news/?tag=growth": 0, ARTICLE: 0}
# With nothing kept: the site, its settings, the navigation's pages, the private
# sections and the filter choices are looked up again. Fixed too, if over 15.
EXPECTED_QUERIES_UNCACHED = {"/": 18, "/news/": 17, "/news/?tag=growth": 17, ARTICLE: 13}
LIMIT = 15


def count_queries(client, url):
    client.get(url)  # warm per-process caches (site root paths, fragments) as a server would
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def grow_news(site_content, total):
    """Live articles added as an import would add them: without revisions or reference
    index entries, and every tenth one tagged. The counts are about reading pages;
    writing a thousand the editor's way only slows the test."""
    image = make_image()
    existing = len(site_content.articles)
    with disable_reference_index_auto_update():
        for number in range(total - existing):
            article = NewsPage(
                title=f"Article {number}",
                date="2025-06-01",
                intro="Summary",
                listing_image=image,
                live=True,
            )
            site_content.news_index.add_child(instance=article)
            if number % 10 == 0:
                article.tags.add("growth", f"topic-{number % 7}")
                article.save()


@pytest.mark.parametrize("total", [10, 1000])
def test_page_queries_are_few_and_do_not_grow_with_articles(site_content, client, settings, total):
    grow_news(site_content, total)
    counts = {url: count_queries(client, url) for url in EXPECTED_QUERIES}
    assert counts == EXPECTED_QUERIES
    assert max(counts.values()) < LIMIT

    settings.FRAGMENT_CACHE = False
    counts = {url: count_queries(client, url) for url in EXPECTED_QUERIES_UNCACHED}
    assert counts == EXPECTED_QUERIES_UNCACHED
