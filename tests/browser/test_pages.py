"""Every page type in a real browser at phone and desktop sizes: no sideways
scrolling, a usable navigation, nothing broken in the console or the network, and
zero axe-core violations."""

import time

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, PageWatcher
from .pages import ENGLISH_PAGE_IDS, ENGLISH_PAGE_TYPES, PAGE_IDS, PAGE_TYPES, VIEWPORTS

pytestmark = pytest.mark.browser

# Below 72em (site.css) the main links fold behind a Menu button.
MENU_BREAKPOINT = 1152

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

AXE_VIOLATIONS = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return results.violations.map((violation) => ({
        rule: violation.id,
        help: violation.help,
        where: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
}"""


# The layout shift a visitor has seen so far (the CLS sum; shifts right after input
# don't count).
LAYOUT_SHIFT = """() => new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(total), 200);
})"""


def delay_site_script(page, seconds=0.5):
    """Hold site.js back, as a slow phone network would, so the page paints before the
    script runs: whatever the script changes must not move what is already shown."""

    def hold(route):
        time.sleep(seconds)
        route.continue_()

    page.route("**/js/site*.js", hold)


def horizontal_overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def assert_navigation_usable(page, width):
    nav = page.get_by_role("navigation", name="Main")
    news_link = nav.get_by_role("link", name="News", exact=True)
    menu = page.get_by_role("button", name="Menu")
    if width < MENU_BREAKPOINT:
        expect(news_link).to_be_hidden()
        expect(menu).to_have_attribute("aria-expanded", "false")
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
    else:
        expect(menu).to_be_hidden()
    expect(news_link).to_be_visible()
    box = news_link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "nav link off screen"
    expect(page.get_by_role("searchbox", name="Search the site")).to_be_visible()


# The layout is the same in every language; the navigation is found by its English names.
@pytest.mark.parametrize("page_type", ENGLISH_PAGE_TYPES, ids=ENGLISH_PAGE_IDS)
def test_page_works_at_phone_and_desktop_sizes(site_url, browser, page_type):
    for label, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        watcher = PageWatcher(page, site_url, expected_status=page_type.status)
        delay_site_script(page)
        response = page.goto(site_url + page_type.path)
        assert response.status == page_type.status
        page.wait_for_load_state("networkidle")
        assert page.evaluate(LAYOUT_SHIFT) < 0.01, f"{label}: the layout moves as it loads"

        assert horizontal_overflow(page) <= 0, f"{label}: the page scrolls sideways"
        page.screenshot(
            path=ARTIFACTS / "screenshots" / f"{page_type.slug}-{viewport['width']}.png",
            full_page=True,
        )
        assert_navigation_usable(page, viewport["width"])
        assert horizontal_overflow(page) <= 0, f"{label}: open menu scrolls sideways"
        assert watcher.problems == [], label
        context.close()


@pytest.mark.sqlite_pass
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=PAGE_IDS)
def test_page_has_no_axe_violations(site_url, browser, axe_script, page_type):
    for label, viewport in VIEWPORTS.items():
        # axe is injected as a script, which the site's strict CSP would rightly block.
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        page = context.new_page()
        page.goto(site_url + page_type.path)
        page.add_script_tag(path=axe_script)
        assert page.evaluate(AXE_VIOLATIONS, AXE_TAGS) == [], label
        context.close()


HEADER_OVERFLOW = """() => {
    const inner = document.querySelector(".site-header__inner");
    const padding = parseFloat(getComputedStyle(inner).paddingRight);
    const edge = inner.getBoundingClientRect().right - padding;
    const parts = inner.querySelectorAll(":scope > *, .site-search > *, .site-nav__list li");
    const visible = Array.from(parts).filter((el) => el.getBoundingClientRect().width > 0);
    return Math.max(...visible.map((el) => el.getBoundingClientRect().right)) - edge;
}"""


def test_header_fits_at_every_width_in_between(site_url, browser):
    """The header is the widest thing on a page: logo, four links and the search form
    must sit inside the page's margins at the sizes between a phone and a laptop too."""
    context = browser.new_context()
    page = context.new_page()
    for width in (320, 600, 768, 1024, 1151, 1152, 1440):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(site_url + "/en/news/game-with-mum-and-dad/")
        assert horizontal_overflow(page) <= 0, width
        assert page.evaluate(HEADER_OVERFLOW) <= 0.5, f"header sticks out at {width}px"
        search = page.get_by_role("searchbox", name="Search the site")
        if search.is_visible():
            assert search.bounding_box()["width"] >= 120, f"search box too narrow at {width}px"
    context.close()
