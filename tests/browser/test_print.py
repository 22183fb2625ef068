"""Printing the homepage and an article: Chromium with print media emulation, then a
real PDF. Printers drop background colours, so text is checked against white paper."""

import re

import pytest

from news.models import NewsPage

pytestmark = pytest.mark.browser

EXTERNAL_LINK = "https://www.ohchr.org/en/treaty-bodies/crc"

# Every element with visible text of its own: its colour (alpha laid on white), size
# and weight, to check WCAG AA contrast on white paper.
TEXT_COLOURS = """() => {
    const shown = (el) => {
        const box = el.getBoundingClientRect();
        return el.checkVisibility({visibilityProperty: true}) && box.width > 1 && box.height > 1;
    };
    return Array.from(document.body.querySelectorAll("*"))
        .filter((el) => Array.from(el.childNodes)
            .some((n) => n.nodeType === 3 && n.textContent.trim()))
        .filter(shown)
        .map((el) => {
            const style = getComputedStyle(el);
            const [r, g, b, a = 1] = style.color.match(/[\\d.]+/g).map(Number);
            return {
                text: el.textContent.trim().slice(0, 40),
                rgb: [r, g, b].map((c) => c * a + 255 * (1 - a)),
                size: parseFloat(style.fontSize),
                bold: Number(style.fontWeight) >= 700,
            };
        });
}"""

# Boxes meant for a picture: on paper each must hold a loaded image or not show at all.
EMPTY_IMAGE_BOXES = """() => Array.from(document.querySelectorAll(
        ".placeholder, .card__media, .carousel__media, .article__image, .figure"))
    .filter((el) => el.checkVisibility() && el.getBoundingClientRect().height > 0)
    .filter((el) => !Array.from(el.querySelectorAll("img")).some((img) => img.naturalWidth > 0))
    .map((el) => el.className)"""

SPLITTABLE = """() => Array.from(document.querySelectorAll(".card, .quote"))
    .filter((el) => el.checkVisibility())
    .map((el) => ({name: el.className, breakInside: getComputedStyle(el).breakInside}))"""

LINK_ADDRESSES = """() => Array.from(document.querySelectorAll(".article .prose a[href]"))
    .map((a) => [a.getAttribute("href"), getComputedStyle(a, "::after").content])"""


def relative_luminance(rgb):
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(rgb):
    return 1.05 / (relative_luminance(rgb) + 0.05)


def is_large(text):
    # WCAG: 18 pt (24 px), or 14 pt (18.66 px) bold.
    return text["size"] >= 24 or (text["bold"] and text["size"] >= 18.66)


def assert_prints_well(page):
    page.emulate_media(media="print")
    texts = page.evaluate(TEXT_COLOURS)
    assert len(texts) > 5
    low = [
        (text["text"], round(contrast_on_white(text["rgb"]), 2))
        for text in texts
        if contrast_on_white(text["rgb"]) < (3 if is_large(text) else 4.5)
    ]
    assert low == [], "text too pale on white paper"
    boxes = page.evaluate(SPLITTABLE)
    assert boxes, "the page has cards or quotes to keep whole"
    assert [box for box in boxes if box["breakInside"] not in ("avoid", "avoid-page")] == []
    assert page.evaluate(EMPTY_IMAGE_BOXES) == []
    for chrome in (".site-header", ".site-footer", ".breadcrumbs"):
        assert not page.locator(chrome).is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1


def test_homepage_prints_dark_text_whole_cards_and_no_empty_boxes(site_url, page):
    page.goto(site_url + "/en/")
    assert_prints_well(page)


def test_article_prints_with_link_addresses(site_url, page):
    article = NewsPage.objects.get(slug="game-with-mum-and-dad", locale__language_code="en")
    article.body = [
        {
            "type": "paragraph",
            "value": f'<p>Read the <a href="{EXTERNAL_LINK}">committee page</a>.</p>',
        },
        {
            "type": "quote",
            "value": {"quote": "I wish visits were longer", "attribution": "A child"},
        },
    ]
    article.save_revision().publish()
    page.goto(site_url + article.url)
    assert_prints_well(page)
    ((href, after),) = page.evaluate(LINK_ADDRESSES)
    assert href == EXTERNAL_LINK
    assert after in (f'" ({EXTERNAL_LINK})"', '" (" attr(href) ")"'), after
