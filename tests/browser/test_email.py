"""The confirmation e-mail's HTML part as a phone's mail app shows it (Chromium with
mobile emulation at 360 px: without a viewport, a page is laid out 980 px wide and
shrunk to fit, as phones do)."""

from django.core import mail

import pytest

from events import services
from tests.events.conftest import get_event_index, make_event, registration_data

pytestmark = pytest.mark.browser

# Every element with text of its own: its size as the reader sees it (CSS size times
# the zoom the phone applied to fit the page).
TEXT_SIZES = """() => Array.from(document.body.querySelectorAll("*"))
    .filter((el) => Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim()))
    .map((el) => ({
        text: el.textContent.trim().slice(0, 40),
        size: parseFloat(getComputedStyle(el).fontSize) * window.visualViewport.scale,
    }))"""


@pytest.mark.django_db
def test_confirmation_email_fits_a_phone_with_readable_text(
    site_content, browser, django_capture_on_commit_callbacks
):
    event = make_event(get_event_index(site_content.home), "A webinar with a long title")
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, registration_data(1))
    html, _mimetype = mail.outbox[0].alternatives[0]

    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_content(html)
    widths = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
    )
    assert widths == [360, 360], "laid out at the phone's width, with nothing to scroll sideways"
    sizes = page.evaluate(TEXT_SIZES)
    assert len(sizes) >= 8
    assert [item for item in sizes if item["size"] < 16] == []
    context.close()
