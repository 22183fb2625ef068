"""A visitor writes to COPE through the contact form, in French, in a real browser."""

import re

from django.core import mail

import pytest
from playwright.sync_api import expect

from contact.models import FormPageSubmission

from .test_pages import AXE_TAGS, AXE_VIOLATIONS

pytestmark = pytest.mark.browser


def test_a_visitor_writes_to_cope_in_french(live_site_content, live_server, page, mailoutbox):
    page.goto(live_server.url + "/fr/contact/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nous contacter")

    # First without the consent: the error summary says so and links to the box.
    page.get_by_label("Votre nom").fill("Ana Silva")
    page.get_by_label("Adresse e-mail").fill("ana@example.org")
    page.get_by_label("Devenir membre").check()
    page.get_by_label("Votre message").fill("Nous travaillons avec des familles à Porto.")
    page.get_by_role("button", name="Envoyer").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Veuillez corriger ce qui suit")
    link = summary.get_by_role("link", name=re.compile("J’ai lu la politique de confidentialité"))
    expect(link).to_have_attribute("href", "#id_privacy-consent")
    consent = page.get_by_label("J’ai lu la politique de confidentialité")
    expect(consent).to_have_attribute("aria-invalid", "true")
    # What was typed is still there.
    expect(page.get_by_label("Votre nom")).to_have_value("Ana Silva")
    expect(page.get_by_label("Votre message")).to_have_value(
        "Nous travaillons avec des familles à Porto."
    )
    assert not FormPageSubmission.objects.exists()

    link.click()
    expect(consent).to_be_focused()
    consent.check()
    page.get_by_role("button", name="Envoyer").click()

    expect(page).to_have_url(re.compile(r"/fr/contact/thanks/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci")
    expect(page.get_by_role("status")).to_contain_text("Merci d'avoir écrit à Children")
    submission = FormPageSubmission.objects.get()
    assert submission.language == "fr"
    assert submission.form_data["your_message"] == "Nous travaillons avec des familles à Porto."
    (staff_email,) = mail.outbox
    assert staff_email.to == ["info@childrenofprisoners.eu"]
    assert "Votre message" in staff_email.body


def test_the_thank_you_page_has_no_axe_violations(
    live_site_content, live_server, browser, axe_script
):
    # Not in pages.py: Lighthouse's SEO score counts its noindex (a thank-you page must
    # not be in search results) against it.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    for path in ("/en/contact/thanks/", "/fr/devenir-membre/thanks/"):
        page.goto(live_server.url + path)
        expect(page.get_by_role("status")).to_be_visible()
        page.add_script_tag(path=axe_script)
        assert page.evaluate(AXE_VIOLATIONS, AXE_TAGS) == [], path
    context.close()


def test_the_form_with_errors_has_no_axe_violations(
    live_site_content, live_server, browser, axe_script
):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    for path in ("/en/contact/", "/fr/devenir-membre/"):
        page.goto(live_server.url + path)
        page.locator("form.site-form button[type=submit]").click()
        expect(page.locator(".error-summary")).to_be_visible()
        page.add_script_tag(path=axe_script)
        assert page.evaluate(AXE_VIOLATIONS, AXE_TAGS) == [], path
    context.close()
