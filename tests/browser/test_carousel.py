import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_visitor_moves_the_carousel_and_follows_a_slide(live_site_content, live_server, page):
    page.goto(live_server.url + "/")
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
    expect(page).to_have_url(re.compile(r"/news/game-with-mum-and-dad/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Game with Mum & Dad")
