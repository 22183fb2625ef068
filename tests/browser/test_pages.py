"""Every page type in a real browser at phone and desktop sizes: no sideways
scrolling, a usable navigation, nothing broken in the console or the network, and
zero axe-core violations."""

import time

from django.utils import translation

import pytest
from playwright.sync_api import expect

from tests.conftest import SiteContent

from .conftest import ARTIFACTS, PageWatcher
from .pages import PAGE_IDS, PAGE_TYPE_NAMES, VIEWPORTS, in_every_language

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


def header_names(language_code):
    """The names a visitor's screen reader gives the header's parts in this language:
    the site's own words as its translations have them, the news link's page title."""
    with translation.override(language_code):
        return {
            "navigation": translation.gettext("Main"),
            "menu": translation.gettext("Menu"),
            "search": translation.gettext("Search the site"),
            "news": SiteContent(language_code).news_index.title,
        }


def assert_navigation_usable(page, width, names):
    nav = page.get_by_role("navigation", name=names["navigation"])
    news_link = nav.get_by_role("link", name=names["news"], exact=True)
    menu = page.get_by_role("button", name=names["menu"])
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
    expect(page.get_by_role("searchbox", name=names["search"])).to_be_visible()


# Each page type in every language in one test: the site's content is loaded once.
@pytest.mark.parametrize("name", PAGE_TYPE_NAMES, ids=PAGE_IDS)
def test_page_works_at_phone_and_desktop_sizes(site_url, browser, name):
    for page_type in in_every_language(name):
        names = header_names(page_type.language)
        for label, viewport in VIEWPORTS.items():
            where = f"{page_type.path} ({label})"
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            watcher = PageWatcher(page, site_url, expected_status=page_type.status)
            delay_site_script(page)
            response = page.goto(site_url + page_type.path)
            assert response.status == page_type.status, where
            page.wait_for_load_state("networkidle")
            assert page.evaluate(LAYOUT_SHIFT) < 0.01, f"{where}: the layout moves as it loads"

            assert horizontal_overflow(page) <= 0, f"{where}: the page scrolls sideways"
            page.screenshot(
                path=ARTIFACTS / "screenshots" / f"{page_type.slug}-{viewport['width']}.png",
                full_page=True,
            )
            assert_navigation_usable(page, viewport["width"], names)
            assert horizontal_overflow(page) <= 0, f"{where}: open menu scrolls sideways"
            assert watcher.problems == [], where
            context.close()


@pytest.mark.sqlite_pass
@pytest.mark.parametrize("name", PAGE_TYPE_NAMES, ids=PAGE_IDS)
def test_page_has_no_axe_violations(site_url, browser, axe_script, name):
    for page_type in in_every_language(name):
        for label, viewport in VIEWPORTS.items():
            # axe is injected as a script, which the site's strict CSP would rightly block.
            context = browser.new_context(viewport=viewport, bypass_csp=True)
            page = context.new_page()
            page.goto(site_url + page_type.path)
            page.add_script_tag(path=axe_script)
            violations = page.evaluate(AXE_VIOLATIONS, AXE_TAGS)
            assert violations == [], f"{page_type.path} ({label})"
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
    must sit inside the page's margins at the sizes between a phone and a laptop too,
    in every language (the French links are longer)."""
    context = browser.new_context()
    page = context.new_page()
    for page_type in in_every_language("news article"):
        search_name = header_names(page_type.language)["search"]
        for width in (320, 600, 768, 1024, 1151, 1152, 1440):
            where = f"{page_type.path} at {width}px"
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(site_url + page_type.path)
            assert horizontal_overflow(page) <= 0, where
            assert page.evaluate(HEADER_OVERFLOW) <= 0.5, f"header sticks out: {where}"
            search = page.get_by_role("searchbox", name=search_name)
            if search.is_visible():
                assert search.bounding_box()["width"] >= 120, f"search box too narrow: {where}"
    context.close()
