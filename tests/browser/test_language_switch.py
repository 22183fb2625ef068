"""A visitor switches language on the homepage with the keyboard, as a screen-reader or
keyboard user would, and lands on the French homepage, then back."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_visitor_switches_the_homepage_to_french_and_back(live_site_content, live_server, page):
    page.goto(live_server.url + "/en/")
    switcher = page.get_by_role("navigation", name="Language")
    expect(switcher.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")
    french = switcher.get_by_role("link", name="Français")
    expect(french).to_have_attribute("lang", "fr")
    french.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/fr/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Qui sommes-nous").first).to_be_visible()
    expect(page.get_by_text("Avec les mots des enfants").first).to_be_visible()

    page.get_by_role("navigation", name="Langue").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
