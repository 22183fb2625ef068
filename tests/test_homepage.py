import re
from html import unescape

from wagtail.models import Locale, Page, PageViewRestriction

import pytest

from home.models import StandardPage
from tests.conftest import add_article, make_image
from tests.localize import translation_editor


def slide_headings(html):
    return re.findall(r'class="carousel__heading"><a href="[^"]*">([^<]*)</a>', html)


def test_carousel_shows_three_slides_in_editor_order(site_content, client):
    html = client.get("/en/").content.decode()
    assert slide_headings(html) == [
        "Collaborative solutions: how schools and prisons can join hands to support "
        "children with imprisoned parents",
        "How does &#x27;Game with Mum &amp; Dad&#x27; strive to embed child safeguarding "
        "within prisons?",
        # The editor's heading, in place of the article's title.
        "Children&#x27;s access to justice: COPE&#x27;s submission to the UN",
    ]
    assert 'aria-label="2 of 3"' in html
    assert "Previous slide" in html and "Next slide" in html
    # Without the editor turning it on, nothing rotates and there is no pause button.
    assert "data-autoplay" not in html
    assert "data-carousel-pause" not in html


def test_slide_defaults_to_linked_page_and_accepts_overrides(site_content, client):
    home = site_content.home
    slide = home.carousel_slides.order_by("sort_order")[1]
    slide.heading = "Safeguarding children in prison visits"
    slide.summary = "An editor's own summary."
    slide.save()
    html = client.get("/en/").content.decode()
    assert "Safeguarding children in prison visits" in html
    assert "An editor&#x27;s own summary." in html
    # Defaults still come from the linked page on the other slides.
    assert "The COPE Network has provided a significant contribution" in html


def test_autoplay_offers_a_pause_button(site_content, client):
    home = site_content.home
    home.carousel_autoplay = True
    home.carousel_interval = 6
    home.save_revision().publish()
    html = client.get("/en/").content.decode()
    assert 'data-autoplay="6"' in html
    assert "data-carousel-pause" in html


def test_draft_article_never_appears_in_carousel_or_lists(site_content, client):
    article = Page.objects.get(slug="game-with-mum-and-dad", locale__language_code="en").specific
    article.unpublish()
    draft = add_article(site_content.news_index, "A draft nobody should see")
    draft.unpublish()

    for url in ["/en/", "/en/news/", "/en/news/feed/rss/", "/en/news/feed/atom/", "/sitemap.xml"]:
        html = client.get(url).content.decode()
        assert "Game with Mum" not in html, url
        assert "A draft nobody should see" not in html, url
    assert len(slide_headings(client.get("/en/").content.decode())) == 2


def test_mission_and_vision_are_edited_in_one_place(site_content, client):
    about = site_content.about
    about.vision = "Every child keeps the bond with their parent."
    about.save_revision().publish()
    assert "Every child keeps the bond with their parent." in client.get("/en/").content.decode()
    assert "Every child keeps the bond with their parent." in client.get(about.url).content.decode()


@pytest.mark.parametrize("hide", ["restrict", "unpublish"])
def test_a_hidden_who_we_are_page_lends_no_words_to_the_homepage(site_content, client, hide):
    about = site_content.about
    assert about.vision in unescape(client.get("/en/").content.decode())
    if hide == "restrict":
        PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    else:
        about.unpublish()
    html = unescape(client.get("/en/").content.decode())
    assert about.vision not in html and about.mission not in html
    assert "Our vision" not in html


def test_every_block_type_renders(site_content, client):
    image = make_image("Children drawing")
    page = StandardPage(
        title="All the blocks",
        slug="all-the-blocks",
        body=[
            {
                "type": "section",
                "value": {"heading": "A section heading", "body": "<p>Section text</p>"},
            },
            {"type": "paragraph", "value": "<p>Plain paragraph</p>"},
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": image.pk,
                        "alt_text": "Two children drawing",
                        "decorative": False,
                    },
                    "caption": "A caption",
                },
            },
            {
                "type": "quote",
                "value": {"quote": "A single quote", "attribution": "a child, aged 9"},
            },
            {
                "type": "quotes",
                "value": {
                    "heading": "Voices",
                    "quotes": [
                        {"quote": "First", "attribution": ""},
                        {"quote": "Second", "attribution": ""},
                    ],
                },
            },
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Act now",
                    "text": "Why",
                    "link": {"page": None, "url": "https://example.org/", "label": "Go"},
                },
            },
        ],
    )
    site_content.home.add_child(instance=page)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "<h2>A section heading</h2>" in html
    assert "Plain paragraph" in html
    assert '<figure class="quote">' in html
    assert "<blockquote" in html and "a child, aged 9</figcaption>" in html
    assert "<h2 id=" in html and "Voices" in html
    assert '<a class="button" href="https://example.org/">Go</a>' in html
    # Images: modern formats with a JPEG fallback, explicit size, lazy below the fold.
    assert "<picture>" in html
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    assert re.search(r'<img[^>]+alt="Two children drawing"', html)
    assert re.search(
        r'<img[^>]+width="\d+"[^>]+height="\d+"|<img[^>]+height="\d+"[^>]+width="\d+"', html
    )
    assert 'loading="lazy"' in html


def test_homepage_lists_latest_news_newest_first(site_content, client):
    add_article(site_content.news_index, "Brand new article", date="2030-01-01", intro="Fresh.")
    html = client.get("/en/").content.decode()
    latest = html[html.index('class="latest-news') :]
    assert latest.index("Brand new article") < latest.index("Game with Mum")


@pytest.mark.parametrize("url", ["/en/", "/en/news/", "/en/who-we-are/", "/en/childrens-rights/"])
def test_pages_have_titles_descriptions_and_open_graph(site_content, client, url):
    html = client.get(url).content.decode()
    assert re.search(r"<title>[^<]+ \| Children of Prisoners Europe</title>", html)
    assert '<meta name="description" content="' in html
    assert '<meta property="og:title"' in html
    assert 'class="skip-link" href="#main"' in html


def test_the_french_homepage_shows_its_slides_in_french(site_content, client):
    html = client.get("/fr/").content.decode()
    # French typography's no-break spaces (before ':', '?', inside « ») read as spaces.
    assert [" ".join(heading.split()) for heading in slide_headings(html)] == [
        "Solutions collaboratives : comment l&#x27;école et la prison peuvent unir leurs "
        "efforts pour soutenir les enfants de parents détenus",
        "Comment « Game with Mum &amp; Dad » s&#x27;efforce d&#x27;ancrer la protection de "
        "l&#x27;enfance dans les prisons ?",
        # The slide's own heading, translated with the homepage.
        "L&#x27;accès des enfants à la justice : la contribution de COPE aux Nations unies",
    ]
    assert 'href="/fr/actualites/game-with-mum-and-dad/"' in html


def test_translators_are_offered_the_slides_own_headings(site_content, editor_client):
    french_home = site_content.home.get_translation(Locale.objects.get(language_code="fr"))
    segments = translation_editor(editor_client, french_home)["segments"]
    sources = {segment["source"] for segment in segments if segment["type"] == "string"}
    assert "Children's access to justice: COPE's submission to the UN" in sources
