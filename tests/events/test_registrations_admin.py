"""Staff see registrants only with the dedicated permission."""

import csv
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import override_settings

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from events import services
from events.models import Registration, RegistrationEmail, RegistrationStatus
from tests.conftest import sign_in_to_admin
from tests.events.conftest import make_event, registration_data
from tests.events.test_emails import FAILING_MAILER
from tests.localize import make_bilingual_event

INDEX = "/admin/registrations/"


def staff_user(username, *, registrant_access):
    user = get_user_model().objects.create_user(username, f"{username}@cope.example", "pw")
    editors = Group.objects.get(name="Editors")
    user.groups.add(editors)
    if registrant_access:
        user.user_permissions.add(Permission.objects.get(codename="view_registrant_data"))
    return user


@pytest.fixture
def registrations(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        people = [services.register(event, registration_data(number))[0] for number in range(3)]
        people.append(
            services.register(
                event,
                registration_data(
                    9,
                    name='=HYPERLINK("http://evil.example")',
                    organisation="+SUM(A1:A9)",
                ),
            )[0]
        )
    mail.outbox.clear()
    return people


@pytest.fixture
def coordinator(db):
    return staff_user("coordinator", registrant_access=True)


@pytest.fixture
def editor(db):
    return staff_user("editor", registrant_access=False)


def test_editor_without_the_permission_cannot_see_or_export_registrants(
    client, editor, registrations
):
    sign_in_to_admin(client, editor)
    for url in [
        INDEX,
        INDEX + "?export=csv",
        INDEX + "?export=xlsx",
        f"{INDEX}inspect/{registrations[0].pk}/",
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"person0@example.org" not in response.content
    assert client.get("/admin/").status_code == 200
    assert b"Registrations" not in client.get("/admin/").content


def test_editor_sees_counts_only_on_the_event_page(
    client, editor, coordinator, event, registrations
):
    sign_in_to_admin(client, editor)
    html = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert "4 confirmed" in html
    assert "person0@example.org" not in html
    assert f"{INDEX}?event={event.pk}" not in html

    sign_in_to_admin(client, coordinator)
    html = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert f"{INDEX}?event={event.pk}" in html


def test_coordinator_lists_filters_and_searches_registrants(
    client, coordinator, event, event_index, registrations
):
    other = make_event(event_index, "Another webinar")
    services.register(other, registration_data(50))
    sign_in_to_admin(client, coordinator)
    html = client.get(f"{INDEX}?event={event.pk}").content.decode()
    assert "person0@example.org" in html
    assert "person50@example.org" not in html
    assert "Confirmed: <strong>4</strong>" in html
    html = client.get(f"{INDEX}?q=person2").content.decode()
    assert "person2@example.org" in html and "person1@example.org" not in html


def test_csv_export_neutralises_formulas(client, coordinator, registrations):
    sign_in_to_admin(client, coordinator)
    response = client.get(INDEX + "?export=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 4
    evil = next(row for row in rows if "HYPERLINK" in row["Name"])
    assert evil["Name"].startswith("'=")
    assert evil["Organisation"].startswith("'+")


def test_xlsx_export_keeps_formulas_as_text(client, coordinator, registrations):
    sign_in_to_admin(client, coordinator)
    response = client.get(INDEX + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    cell = next(
        c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)
    )
    assert cell.data_type == "s"
    assert "person0@example.org" in values


def test_staff_cancel_promotes_the_first_waiting(
    client, coordinator, event_index, django_capture_on_commit_callbacks
):
    small = make_event(event_index, "One seat", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = services.register(small, registration_data(1))
        second, _ = services.register(small, registration_data(2))
    mail.outbox.clear()
    sign_in_to_admin(client, coordinator)
    confirm_page = client.get(f"{INDEX}{first.pk}/cancel/")
    assert "Cancel this registration?" in confirm_page.content.decode()
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED  # a GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{INDEX}{first.pk}/cancel/")
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert second.status == RegistrationStatus.CONFIRMED
    assert {m.to[0] for m in mail.outbox} == {"person1@example.org", "person2@example.org"}


def test_failed_email_is_shown_and_can_be_resent(
    client, coordinator, event, django_capture_on_commit_callbacks
):
    with (
        override_settings(MAILERS=FAILING_MAILER),
        django_capture_on_commit_callbacks(execute=True),
    ):
        registration, _ = services.register(event, registration_data(7))
    assert mail.outbox == []
    sign_in_to_admin(client, coordinator)
    assert "Failed" in client.get(INDEX).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{INDEX}{registration.pk}/resend/")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["person7@example.org"]]
    assert RegistrationEmail.objects.filter(registration=registration).first().status == "sent"


def test_coordinator_marks_attendance(client, coordinator, registrations):
    sign_in_to_admin(client, coordinator)
    registration = registrations[0]
    response = client.post(f"{INDEX}edit/{registration.pk}/", {"attended": "true"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended is True
    assert Registration.objects.get(pk=registration.pk).email == "person0@example.org"


def test_registrant_text_is_escaped_in_the_admin(
    client, coordinator, event, django_capture_on_commit_callbacks
):
    services.register(event, registration_data(8, name="<img src=x onerror=alert(1)>"))
    sign_in_to_admin(client, coordinator)
    html = client.get(INDEX).content.decode()
    assert "<img src=x onerror" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def listing_table(response):
    """The registrations listing as staff read it: one {column heading: text} a row."""
    table = BeautifulSoup(response.content, "html.parser").find("table", class_="listing")
    headings = [th.get_text(" ", strip=True) for th in table.thead.find_all("th")]
    return [
        dict(zip(headings, [td.get_text(" ", strip=True) for td in tr.find_all("td")], strict=True))
        for tr in table.tbody.find_all("tr")
    ]


def test_coordinator_sees_filters_and_exports_the_registrants_language(
    client, coordinator, event_index
):
    english, french = make_bilingual_event(event_index, "Bilingual webinar")
    services.register(english, registration_data(1))
    services.register(french, registration_data(2))
    sign_in_to_admin(client, coordinator)

    table = listing_table(client.get(INDEX))
    assert {row["E-mail address"]: row["Language"] for row in table} == {
        "person1@example.org": "English",
        "person2@example.org": "Français",
    }
    # The event filter offers each event once, by its original page.
    html = client.get(INDEX).content.decode()
    assert html.count(f'<option value="{english.pk}"') == 1
    assert f'<option value="{french.pk}"' not in html

    html = client.get(f"{INDEX}?language=fr").content.decode()
    assert "person2@example.org" in html and "person1@example.org" not in html
    html = client.get(f"{INDEX}?language=en&event={english.pk}").content.decode()
    assert "person1@example.org" in html and "person2@example.org" not in html

    response = client.get(INDEX + "?export=csv")
    rows = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert {row["E-mail address"]: row["Language"] for row in rows} == {
        "person1@example.org": "en",
        "person2@example.org": "fr",
    }
    response = client.get(INDEX + "?export=xlsx&language=fr")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    heading, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [dict(zip(heading, row, strict=True))["Language"] for row in rows] == ["fr"]
