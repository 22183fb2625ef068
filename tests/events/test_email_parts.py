"""What a registrant's mail app receives, read with Python's own e-mail parser: who a
reply goes to, and a plain-text part that says what the HTML part says."""

import datetime
import email
import email.policy
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from cope_site.models import SiteSettings
from events import services
from tests.events.conftest import make_event, registration_data

CONTACT = "info@childrenofprisoners.example"


def a_january_event(event_index):
    """Brussels is on UTC+01:00 in January, whatever day the tests run."""
    year = timezone.now().year + 1
    start = datetime.datetime(year, 1, 20, 14, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    return make_event(
        event_index, "Visits in winter", start=start, end=start + datetime.timedelta(hours=2)
    )


def received(django_capture_on_commit_callbacks, event):
    """The confirmation as the recipient's mail app parses it."""
    with django_capture_on_commit_callbacks(execute=True):
        registration, _ = services.register(event, registration_data(1))
    (message,) = mail.outbox
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    return registration, parsed


def one_line(text):
    return " ".join(text.split())


@pytest.fixture
def contact_address(site_content):
    site_settings = SiteSettings.for_site(site_content.site)
    site_settings.contact_email = CONTACT
    site_settings.save()
    return CONTACT


def test_replies_go_to_the_organisations_contact_address(
    contact_address, event_index, django_capture_on_commit_callbacks
):
    _, parsed = received(django_capture_on_commit_callbacks, a_january_event(event_index))
    assert parsed["Reply-To"].addresses[0].addr_spec == contact_address
    assert parsed["From"].addresses[0].addr_spec != contact_address


def test_plain_text_part_says_what_the_html_part_says(
    event_index, django_capture_on_commit_callbacks
):
    event = a_january_event(event_index)
    registration, parsed = received(django_capture_on_commit_callbacks, event)
    text = one_line(parsed.get_body(("plain",)).get_content())
    html = parsed.get_body(("html",)).get_content()
    soup = BeautifulSoup(html, "html.parser")

    # The facts, in both parts, with the offset written as the site writes it.
    manage_url = f"http://testserver/registrations/{registration.token}/"
    local = event.start.astimezone(ZoneInfo("Europe/Brussels"))
    when = f"{local:%A} 20 January {local.year}, 14:00–16:00 (Europe/Brussels, UTC+01:00)"
    for fact in (event.title, when, manage_url):
        assert fact in text
    assert when in one_line(soup.get_text(" "))
    assert soup.find("a", href=manage_url)
    assert "UTC+0100" not in text and "UTC+0100" not in html
    # Mail apps drop or rewrite style sheets and classes: the layout is in inline styles.
    assert not soup.find(["style", "link"]) and not soup.find(class_=True)
    assert soup.find("meta", attrs={"name": "viewport"})

    # Every paragraph, heading and list item of the HTML, its links written out as
    # their addresses, is in the text part.
    for link in soup.find_all("a"):
        link.replace_with(link["href"])
    blocks = [one_line(block.get_text()) for block in soup.body.find_all(["p", "h1", "li"])]
    assert len(blocks) >= 8
    missing = [block for block in blocks if block not in text]
    assert missing == []
