import re
from html import unescape

import pytest

from tests.conftest import add_article


def test_index_lists_newest_first_and_filters_by_kind_tag_and_year(site_content, client):
    add_article(
        site_content.news_index, "Annual report 2024", kind="publication", date="2024-05-01"
    )
    html = client.get("/en/news/").content.decode()
    assert (
        html.index("Game with Mum")
        < html.index("General Comment 27")
        < html.index("Annual report 2024")
    )

    policy = client.get("/en/news/?kind=policy").content.decode()
    assert "General Comment 27" in policy and "Game with Mum" not in policy

    on_topic = client.get("/en/news/?topic=safeguarding").content.decode()
    assert "Game with Mum" in on_topic and "General Comment 27" not in on_topic

    year = client.get("/en/news/?year=2024").content.decode()
    assert "Annual report 2024" in year and "Game with Mum" not in year


def test_unknown_topic_gives_a_clean_empty_page(site_content, client):
    response = client.get("/en/news/?topic=no-such-topic")
    assert response.status_code == 200
    assert "No articles match these filters." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["page=999", "page=abc", "page=-1", "page=0", "year=20x", "year=99999", "kind=rumour"],
)
def test_bad_page_year_or_kind_is_a_404_not_a_500(site_content, client, query):
    response = client.get(f"/en/news/?{query}")
    assert response.status_code == 404
    assert "find that page" in response.content.decode()


def test_pagination_keeps_filters(site_content, client):
    for number in range(12):
        add_article(site_content.news_index, f"Policy {number}", kind="policy", date="2025-01-01")
    html = client.get("/en/news/?kind=policy").content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?kind=policy&amp;page=2"' in html
    assert client.get("/en/news/?kind=policy&page=2").status_code == 200


def test_article_shows_date_kind_topics_and_related_pages(site_content, client):
    article = site_content.articles[0]
    article.related_pages.create(page=site_content.about)
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert '<time datetime="2026-10-20">20 October 2026</time>' in html
    assert "News" in html
    assert 'href="/en/news/?topic=safeguarding">Safeguarding</a>' in html
    assert "Related" in html and "Who we are" in html


def test_rss_and_atom_feeds_list_articles(site_content, client):
    rss = client.get("/en/news/feed/rss/")
    assert rss.status_code == 200
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "COPE submission to General Comment 27" in rss.content.decode()
    atom = client.get("/en/news/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "http://testserver/en/news/game-with-mum-and-dad/" in atom.content.decode()


def test_search_finds_articles_and_handles_odd_input(site_content, client):
    html = client.get("/en/search/?q=safeguarding").content.decode()
    assert "Game with Mum" in html
    assert client.get("/en/search/?q=" + "x" * 5000).status_code == 200
    # The query is shown escaped, never as markup (the page's own head script aside).
    plain = client.get("/en/search/?q=prison").content.decode().count("<script>")
    echoed = client.get("/en/search/?q=%3Cscript%3Ealert(1)%3C/script%3E").content.decode()
    assert echoed.count("<script>") == plain
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in echoed
    assert client.get("/en/search/?q=prison&page=abc").status_code == 404


def test_sitemap_and_robots(site_content, client):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/en/news/game-with-mum-and-dad/" in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()


def test_private_articles_stay_out_of_lists(site_content, client):
    from wagtail.models import PageViewRestriction

    private = add_article(site_content.news_index, "Members-only briefing", date="2030-01-01")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    for url in ["/en/", "/en/news/"]:
        assert "Members-only briefing" not in client.get(url).content.decode(), url
    # The article itself asks for the password rather than showing its text.
    assert "password" in client.get(private.url).content.decode().lower()

    # A restriction on a section hides everything under it.
    PageViewRestriction.objects.create(
        page=site_content.news_index, restriction_type=PageViewRestriction.LOGIN
    )
    assert "Game with Mum" not in client.get("/en/").content.decode()


def test_article_breadcrumbs_lead_from_home_through_news(site_content, client):
    article = site_content.articles[0]
    html = client.get(article.url).content.decode()
    trail = html[html.index('aria-label="Breadcrumb"') :]
    trail = trail[: trail.index("</nav>")]
    assert re.findall(r'<a href="([^"]+)"', trail) == ["/en/", "/en/news/", article.url]
    assert [unescape(t) for t in re.findall(r">([^<>]+)</a>", trail)] == [
        "Home",
        "News",
        article.title,
    ]


def test_the_french_news_index_lists_french_articles_with_french_filters(site_content, client):
    french = site_content.fr
    html = unescape(client.get(french.news_index.url).content.decode())
    for article in french.articles:
        assert article.title in html
    for article in site_content.articles:
        assert article.title not in html
    assert '<option value="">Tous les types</option>' in html
    assert '<option value="policy">Contribution aux politiques publiques</option>' in html
    assert '<option value="">Tous les thèmes</option>' in html
    assert "Afficher les articles" in html
    assert f"{len(french.articles)} articles" in html
    assert "Suivre les actualités\u00a0:" in html


def test_the_french_news_pages_are_numbered_in_french(site_content, client):
    for number in range(10):
        add_article(site_content.fr.news_index, f"Article en français {number}", date="2020-01-01")
    html = client.get(site_content.fr.news_index.url).content.decode()
    assert "Page 1 sur 2" in html and 'rel="next">Suivante</a>' in html
    second = client.get(site_content.fr.news_index.url + "?page=2").content.decode()
    assert 'rel="prev">Précédente</a>' in second
    english = client.get(site_content.news_index.url).content.decode()
    assert "Article en français" not in english and "Page 1 of" not in english


def test_the_french_webinars_index_lists_only_the_french_events(site_content, client):
    from events.models import EventPage

    english = EventPage.objects.get(locale__language_code="en")
    french = EventPage.objects.get(locale__language_code="fr")
    html = unescape(client.get(french.get_parent().url).content.decode())
    assert french.title in html and english.title not in html
    assert '<option value="">Tous les types</option>' in html
