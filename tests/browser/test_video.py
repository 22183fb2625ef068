"""The video block in the browser: nothing is requested from the video host until the
visitor plays the video, then the player takes the poster's place; without JavaScript
the poster is a link to the video's own page. Off-site requests are stopped in the
browser (test traffic stays on this machine) and recorded."""

import pytest
from playwright.sync_api import expect

from tests.test_video import PLAYER, WATCH_URL, add_video, content_page

pytestmark = pytest.mark.browser


@pytest.fixture
def video_page(live_site_content):
    return add_video(content_page(live_site_content))


def stop_and_record_off_site_requests(page, origin):
    off_site = []

    def route(request_route):
        if request_route.request.url.startswith(origin):
            request_route.continue_()
        else:
            off_site.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    return off_site


def test_the_player_loads_only_when_the_visitor_plays_it(video_page, live_server, page):
    off_site = stop_and_record_off_site_requests(page, live_server.url)
    page.goto(live_server.url + video_page.url)
    page.wait_for_load_state("networkidle")
    play = page.get_by_role("link", name="Play “Children's rights in prison visits” (on YouTube)")
    expect(play).to_be_visible()
    assert off_site == [], "the page asked the video host for something before the click"

    play.focus()
    page.keyboard.press("Enter")
    player = page.locator("figure.video iframe")
    expect(player).to_have_attribute("src", PLAYER)
    expect(player).to_have_attribute("title", "Children's rights in prison visits")
    expect(player).to_be_focused()
    page.wait_for_timeout(300)
    assert off_site and all(url.startswith("https://www.youtube-nocookie.com/") for url in off_site)


def test_without_javascript_the_poster_links_to_the_video(video_page, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    off_site = stop_and_record_off_site_requests(page, live_server.url)
    page.goto(live_server.url + video_page.url)
    play = page.get_by_role("link", name="Play “Children's rights in prison visits” (on YouTube)")
    expect(play).to_have_attribute("href", WATCH_URL)
    assert page.locator("iframe").count() == 0
    assert off_site == []
    context.close()
