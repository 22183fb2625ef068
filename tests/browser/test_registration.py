import re

import pytest
from playwright.sync_api import expect

from events.models import Registration

pytestmark = pytest.mark.browser


def test_visitor_registers_for_the_webinar_from_the_homepage_and_cancels(
    live_site_content, live_server, page
):
    page.goto(live_server.url + "/")
    page.locator("[data-carousel-slide]").first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/webinars/collaborative-solutions/$"))
    expect(page.get_by_text("Registration is open: 100 places left.")).to_be_visible()

    page.get_by_role("link", name="Register", exact=True).click()
    page.get_by_label("Your name").fill("Ana")
    page.get_by_label("E-mail address").fill("ana@example.org")
    page.get_by_label("School staff").check()
    page.get_by_label("Live captions").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Register", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You are registered")
    assert Registration.objects.get().status == "confirmed"

    page.get_by_role("link", name="manage your registration").click()
    expect(page.get_by_text("Confirmed: you have a place.")).to_be_visible()
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()
    assert Registration.objects.get().status == "cancelled"


def test_a_missing_answer_is_announced_and_linked_to_its_field(
    live_site_content, live_server, page
):
    page.goto(live_server.url + "/webinars/collaborative-solutions/register/")
    page.get_by_label("Your name").fill("Ana")
    page.get_by_role("button", name="Register", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please agree to the privacy notice to register.")
    link = summary.get_by_role("link", name=re.compile("E-mail address"))
    expect(link).to_have_attribute("href", "#id_email")
    expect(page.get_by_label("E-mail address")).to_have_attribute("aria-invalid", "true")
    assert not Registration.objects.exists()
