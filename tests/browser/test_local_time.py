"""The visitor's own time under an event's time (events/static/events/local-time.js),
written as the page writes dates in its language."""

import datetime
import zoneinfo

import pytest
from playwright.sync_api import expect

from events.models import EventPage

pytestmark = pytest.mark.browser


@pytest.fixture
def webinar_on_the_first_of_june(site_url):
    """Tuesday 1 June 2027, 14:00–15:30 in Brussels: 08:00–09:30 in New York."""
    start = datetime.datetime(2027, 6, 1, 14, tzinfo=zoneinfo.ZoneInfo("Europe/Brussels"))
    EventPage.objects.update(start=start, end=start + datetime.timedelta(minutes=90))
    return site_url


@pytest.mark.parametrize(
    ("path", "hint"),
    [
        (
            "/fr/webinaires/solutions-collaboratives/",
            "mardi 1er juin 2027, 8 h 00–9 h 30 (UTC−4)",
        ),
        ("/en/webinars/collaborative-solutions/", "Tuesday 1 June 2027, 08:00–09:30 (EDT)"),
    ],
)
def test_a_visitor_in_another_time_zone_reads_their_time_in_the_page_language(
    webinar_on_the_first_of_june, browser, path, hint
):
    context = browser.new_context(timezone_id="America/New_York")
    page = context.new_page()
    page.goto(webinar_on_the_first_of_june + path)
    local_time = page.locator(".event-local-time")
    expect(local_time).to_be_visible()
    label = local_time.get_attribute("data-label")
    expect(local_time).to_have_text(f"{label} {hint}")
    context.close()


def test_a_visitor_in_the_event_time_zone_gets_no_hint(webinar_on_the_first_of_june, browser):
    context = browser.new_context(timezone_id="Europe/Paris")  # the same offset as Brussels
    page = context.new_page()
    page.goto(webinar_on_the_first_of_june + "/fr/webinaires/solutions-collaboratives/")
    expect(page.get_by_text("mardi 1er juin 2027, 14 h 00")).to_be_visible()
    expect(page.locator(".event-local-time")).to_be_hidden()
    context.close()
