import datetime
import json
import re
import subprocess
from urllib.parse import urlsplit

from django.core import mail
from django.test import override_settings

import pytest
from playwright.sync_api import expect

from events import services
from events.models import EventPage, Registration
from events.views import thanks_url
from tests.events.conftest import registration_data

from .pages import VIEWPORTS
from .test_pages import AXE_TAGS, AXE_VIOLATIONS

pytestmark = pytest.mark.browser


def test_visitor_registers_for_the_webinar_from_the_homepage_and_cancels(
    live_site_content, live_server, page, mailoutbox
):
    page.goto(live_server.url + "/en/")
    page.locator("[data-carousel-slide]").first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/en/webinars/collaborative-solutions/$"))
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

    # The confirmation e-mail, with its calendar file and the personal manage link.
    (confirmation,) = mail.outbox
    assert confirmation.to == ["ana@example.org"]
    assert confirmation.subject.startswith("Your place is confirmed: Collaborative solutions")
    assert confirmation.attachments[0][0] == "event.ics"
    assert "BEGIN:VEVENT" in str(confirmation.attachments[0][1])
    manage_path = urlsplit(re.search(r"https?://\S+/registrations/\S+/", confirmation.body)[0]).path
    page.goto(live_server.url + manage_path)
    expect(page.get_by_text("Confirmed: you have a place.")).to_be_visible()
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()
    assert Registration.objects.get().status == "cancelled"


def test_a_missing_answer_is_announced_and_linked_to_its_field(
    live_site_content, live_server, page
):
    page.goto(live_server.url + "/en/webinars/collaborative-solutions/register/")
    page.get_by_label("Your name").fill("Ana")
    page.get_by_role("button", name="Register", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please agree to the privacy notice to register.")
    link = summary.get_by_role("link", name=re.compile("E-mail address"))
    expect(link).to_have_attribute("href", "#id_email")
    expect(page.get_by_label("E-mail address")).to_have_attribute("aria-invalid", "true")
    assert not Registration.objects.exists()


REGISTER_PATH = "/en/webinars/collaborative-solutions/register/"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_after_an_invalid_submit_focus_is_on_the_summary_and_its_links_reach_each_field(
    live_site_content, live_server, browser, javascript, axe_script
):
    context = browser.new_context(java_script_enabled=javascript, bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + REGISTER_PATH)
    page.get_by_label("Your name").fill("Ana")
    page.get_by_role("button", name="Register", exact=True).click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    if javascript:
        page.add_script_tag(path=axe_script)
        assert page.evaluate(AXE_VIOLATIONS, AXE_TAGS) == []
    role_group = page.get_by_role("group", name="Which describes you best?")
    fields_in_error = [
        (page.get_by_label("E-mail address"), "This field is required."),
        (role_group.get_by_role("radio").first, "This field is required."),
        (page.get_by_label("I have read the privacy notice"), "Please agree to the privacy notice"),
    ]
    links = summary.get_by_role("link")
    expect(links).to_have_count(len(fields_in_error))
    for index, (field, error) in enumerate(fields_in_error):
        # As a keyboard user: from the summary, Tab to the link, Enter.
        summary.focus()
        for _ in range(index + 1):
            page.keyboard.press("Tab")
        expect(links.nth(index)).to_be_focused()
        page.keyboard.press("Enter")
        expect(field).to_be_focused()
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(re.escape(error)))
    for radio in role_group.get_by_role("radio").all():
        expect(radio).to_have_attribute("aria-invalid", "true")
        expect(radio).to_have_accessible_description("This field is required.")
    context.close()


def test_an_unconfirmed_erase_opens_on_its_error_linked_to_the_checkbox(
    live_site_content, live_server, page
):
    manage_path = registrant_pages(EventPage.objects.get(locale__language_code="en"))["manage"]
    page.goto(live_server.url + manage_path)
    page.get_by_role("button", name="Erase my data").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link").click()
    checkbox = page.get_by_label("Yes, erase my name")
    expect(checkbox).to_be_focused()
    expect(checkbox).to_have_attribute("aria-invalid", "true")
    expect(checkbox).to_have_accessible_description(re.compile("Nothing was erased"))


def registrant_pages(event):
    """The pages only a registrant reaches: thank-you and manage, for a real registration."""
    registration, outcome = services.register(event, registration_data(1))
    return {
        "thank-you": thanks_url(event, registration, outcome),
        "manage": registration.manage_path(),
    }


def test_registrant_pages_have_no_axe_violations(site_url, browser, axe_script):
    event = EventPage.objects.get(locale__language_code="en")
    for name, path in registrant_pages(event).items():
        for label, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, bypass_csp=True)
            page = context.new_page()
            page.goto(site_url + path)
            page.add_script_tag(path=axe_script)
            assert page.evaluate(AXE_VIOLATIONS, AXE_TAGS) == [], f"{name} {label}"
            context.close()


@pytest.mark.django_db
def test_registration_pages_are_valid_html(site_content, client, vnu_command, tmp_path):
    event = EventPage.objects.get(locale__language_code="en")
    register = event.url + "register/"
    registrant_paths = registrant_pages(event)
    pages = {
        "form-with-errors": client.post(register, {"name": "<b>", "email": "x"}),
        "refused": None,
        **{name: client.get(path) for name, path in registrant_paths.items()},
        "erase-unconfirmed": client.get(registrant_paths["manage"] + "?erase=confirm"),
    }
    with override_settings(EVENTS_REGISTRATION_RATE=(0, 3600)):
        pages["rate-limited"] = client.post(register, {})
    event.registration_closes = event.start - datetime.timedelta(days=100)
    event.save_revision().publish()
    pages["refused"] = client.post(register, {})
    registration = Registration.objects.get()
    pages["erased"] = client.post(f"/registrations/{registration.token}/erase/", {"confirm": "yes"})
    for name, response in pages.items():
        (tmp_path / f"{name}.html").write_bytes(response.content)
    run = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", *map(str, tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    assert [(m.get("url", "").rsplit("/", 1)[-1], m["message"]) for m in messages] == []


def test_a_visitor_switches_to_french_on_the_form_registers_and_manages_in_french(
    live_site_content, live_server, page, mailoutbox
):
    page.goto(live_server.url + "/en/webinars/collaborative-solutions/register/")
    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(r"/fr/webinaires/solutions-collaboratives/register/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.get_by_label("Votre nom").fill("Chloé")
    page.get_by_label("Adresse e-mail").fill("chloe@example.org")
    page.get_by_label("Personnel scolaire").check()
    page.get_by_label("J’ai lu l’avis de confidentialité").check()
    page.get_by_role("button", name="S’inscrire", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous êtes inscrit·e")

    registration = Registration.objects.get()
    assert registration.language == "fr"
    english = EventPage.objects.get(locale__language_code="en")
    assert registration.event_id == english.pk  # one list of registrants for both pages

    (confirmation,) = mail.outbox
    assert confirmation.subject.startswith("Votre place est confirmée\u00a0:")
    assert "Bonjour Chloé," in confirmation.body
    manage_path = urlsplit(re.search(r"https?://\S+/registrations/\S+/", confirmation.body)[0]).path
    page.goto(live_server.url + manage_path)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_text("Confirmée : vous avez une place.")).to_be_visible()
    page.get_by_role("button", name="Annuler mon inscription").click()
    expect(page.get_by_text("Votre inscription est annulée.")).to_be_visible()
    assert Registration.objects.get().status == "cancelled"
