"""The member directory's map in a real browser: nothing is fetched from anywhere but
the site, a keyboard reaches each country with members and follows it, and the map
fits a 360 px phone."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .pages import VIEWPORTS

pytestmark = pytest.mark.browser


def test_no_request_of_the_directory_page_leaves_the_site(site_url, browser):
    """Asked for at 127.0.0.1 (the live server listens on loopback), every request the
    directory makes, its map included, goes there and nowhere else."""
    origin = site_url.replace("//localhost:", "//127.0.0.1:")
    assert urlsplit(origin).hostname == "127.0.0.1"
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ["/en/members/", "/fr/membres/"]:
        page.goto(origin + path)
        page.wait_for_load_state("networkidle")
        # Every country link of the map, focused as a keyboard user would.
        for country in page.locator("svg a").all():
            country.focus()
    assert any(url.endswith("/members/members.css") for url in requests)
    assert {urlsplit(url).hostname for url in requests} == {"127.0.0.1"}
    context.close()


def test_a_keyboard_reaches_a_country_on_the_map_and_follows_it(site_url, browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(site_url + "/en/members/")
    link = page.locator("svg a").first
    expect(link).to_have_attribute("aria-label", "France: 1 member")
    # From the map's heading, Tab goes to the map's first country.
    page.get_by_role("heading", name="Where our members are").click()
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/members/france/")
    expect(page.get_by_role("heading", level=1)).to_have_text("France")
    context.close()


def test_the_map_fits_a_phone_and_keeps_its_proportions(site_url, browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(site_url + "/fr/membres/")
    box = page.locator("svg.europe-map__svg").bounding_box()
    assert 300 <= box["width"] <= 360
    assert abs(box["height"] / box["width"] - 815 / 1000) < 0.01
    # Each linked country is big enough to see on the phone (Malta-sized ones aside).
    for country in page.locator("svg a").all():
        shape = country.bounding_box()
        assert shape["width"] > 5 and shape["height"] > 5, country.get_attribute("aria-label")
    context.close()
