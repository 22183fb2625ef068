"""Query counts per page are fixed numbers with nothing cached at all, whatever the
amount of content.

Counted with Django's cache off (the dummy backend: not even Wagtail's site root paths
are kept), as a page is rendered when the edge cache asks for it after a change. The
edge cache hides queries; it must not be what keeps a page cheap to render.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.signal_handlers import disable_reference_index_auto_update

import pytest

from news.models import NewsPage
from tests.conftest import make_image, make_topics

ARTICLE = "/en/news/game-with-mum-and-dad/"
# Measured and fixed: a change here is a change in how pages fetch their data. Three of
# each are the languages: Wagtail routes from the site's root page in the language of
# the address (the Locale, then that translation of the root page), and the page's
# translations give the language switcher and hreflang links. One more is the header's
# and footer's words in the page's language (cope_site.models.HeaderFooterTexts).
# French pages (not grown: the articles added are English) read their topics' French
# names, one query, and the language's own locale and root, which English finds among
# the defaults.
EXPECTED_QUERIES = {
    "/en/": 26,
    "/en/news/": 20,
    "/en/news/?topic=growth": 20,
    ARTICLE: 18,
    "/fr/actualites/": 22,
    "/fr/actualites/game-with-mum-and-dad/": 21,
}


def count_queries(client, url):
    client.get(url)  # the first visit makes image renditions: stored data, not a cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def grow_news(site_content, total, settings):
    """Live articles added as an import would add them: without revisions, reference
    index or search index entries (the search backend's AUTO_UPDATE off), and every
    tenth one filed under topics. The counts are about reading pages; writing a thousand the
    editor's way only slows the test."""
    image = make_image()
    existing = len(site_content.articles)
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**backend, "AUTO_UPDATE": False}
        for name, backend in settings.WAGTAILSEARCH_BACKENDS.items()
    }
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
                article.topics.set(make_topics("growth", f"topic-{number % 7}"))
                article.save()


@pytest.mark.parametrize("total", [10, 1000])
def test_page_queries_are_few_and_do_not_grow_with_articles(
    site_content, client, nothing_cached, settings, total
):
    grow_news(site_content, total, settings)
    counts = {url: count_queries(client, url) for url in EXPECTED_QUERIES}
    assert counts == EXPECTED_QUERIES
