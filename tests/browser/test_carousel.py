import re

import pytest
from playwright.sync_api import expect

from .pages import VIEWPORTS

pytestmark = pytest.mark.browser

SLIDE_LINKS = [
    "/en/webinars/collaborative-solutions/",
    "/en/news/game-with-mum-and-dad/",
    "/en/news/general-comment-27-submission/",
]


def test_visitor_moves_the_carousel_and_follows_a_slide(live_site_content, live_server, page):
    page.goto(live_server.url + "/en/")
    status = page.locator("[data-carousel-status]")
    expect(status).to_have_text("1 of 3")

    page.get_by_role("button", name="Next slide").click()
    expect(status).to_have_text("2 of 3")
    page.get_by_role("button", name="Next slide").click()
    expect(status).to_have_text("3 of 3")
    page.get_by_role("button", name="Previous slide").click()
    expect(status).to_have_text("2 of 3")

    slide = page.locator("[data-carousel-slide]").nth(1)
    expect(slide).to_have_attribute("aria-hidden", "false")
    slide.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/en/news/game-with-mum-and-dad/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Game with Mum & Dad")


def tab_to(page, name, limit=40):
    """Press Tab until the focused element's accessible text is `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"{name!r} is not reachable with the Tab key")


def focus_ring(page):
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")


def test_carousel_works_with_the_keyboard_alone(live_site_content, live_server, page):
    page.goto(live_server.url + "/en/")
    status = page.locator("[data-carousel-status]")

    tab_to(page, "›Next slide")
    assert focus_ring(page) != "none", "the focused button shows no focus ring"
    page.keyboard.press("Enter")
    expect(status).to_have_text("2 of 3")
    page.keyboard.press("Space")
    expect(status).to_have_text("3 of 3")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "‹Previous slide"
    page.keyboard.press("Enter")
    expect(status).to_have_text("2 of 3")

    # Only the shown slide's link is in the tab order; it opens with Enter.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == SLIDE_LINKS[1]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/news/game-with-mum-and-dad/$"))


def scrolls_into_view(page, href, width):
    """Whether the link ends up wholly on screen (the row may scroll smoothly there)."""
    link = page.locator(f".carousel a[href='{href}']")
    for _ in range(30):
        box = link.bounding_box()
        if box["x"] >= 0 and box["x"] + box["width"] <= width + 1:
            return True
        page.wait_for_timeout(100)
    return False


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_every_slide_is_reachable_without_javascript(
    live_site_content, live_server, browser, viewport
):
    context = browser.new_context(viewport=viewport, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/en/")
    expect(page.get_by_role("button", name="Next slide")).to_be_hidden()

    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href')")
        if href in SLIDE_LINKS and href not in reached:
            reached.append(href)
            # The focused slide scrolls into view, so a sighted keyboard user sees it.
            assert scrolls_into_view(page, href, viewport["width"]), href
    assert reached == SLIDE_LINKS

    page.locator(f".carousel a[href='{SLIDE_LINKS[2]}']").click()
    expect(page).to_have_url(re.compile(SLIDE_LINKS[2] + "$"))
    context.close()


def test_nothing_animates_for_visitors_who_ask_for_reduced_motion(
    live_site_content, live_server, browser
):
    context = browser.new_context(reduced_motion="reduce", viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(live_server.url + "/en/")
    expect(page.get_by_role("button", name="Next slide")).to_be_visible()

    track = page.locator("[data-carousel-track]")
    assert track.evaluate("el => getComputedStyle(el).scrollBehavior") == "auto"
    moving = page.evaluate(
        """() => Array.from(document.querySelectorAll("*")).filter((el) => {
            const style = getComputedStyle(el);
            const timed = (value) => value.split(",").some((part) => parseFloat(part) > 0);
            return timed(style.transitionDuration) || style.animationName !== "none";
        }).map((el) => el.className)"""
    )
    assert moving == []
    # The track jumps straight to the next slide: no smooth scroll in between.
    jumped = page.evaluate(
        """() => {
            const track = document.querySelector("[data-carousel-track]");
            document.querySelector("[data-carousel-next]").click();
            const slide = document.querySelectorAll("[data-carousel-slide]")[1];
            return Math.abs(track.scrollLeft - (slide.offsetLeft - track.offsetLeft)) < 2;
        }"""
    )
    assert jumped
    expect(page.locator("[data-carousel-status]")).to_have_text("2 of 3")
    context.close()
