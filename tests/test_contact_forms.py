"""The contact form and the membership application (contact/): what a visitor sends is
stored once and e-mailed to staff after commit, in their language; hostile input is a
form error with nothing stored; staff need the dedicated permission to read and export
submissions, and the export never holds a formula; old submissions are erased."""

import csv
import datetime
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from contact.models import FormField, FormPage, FormPageSubmission
from cope_site.models import SiteSettings
from tests.conftest import sign_in_to_admin


@pytest.fixture(autouse=True)
def fresh_rate_limit_counters():
    # The rate limit counts in the cache, which outlives a test in one process.
    cache.clear()
    yield
    cache.clear()


def form_page(slug="contact", language="en"):
    return FormPage.objects.get(slug=slug, locale__language_code=language)


@pytest.fixture
def contact(site_content):
    return form_page()


def contact_post(**overrides):
    data = {
        "your_name": "Ana Silva",
        "e_mail_address": "ana@example.org",
        "organisation": "Crianças Primeiro",
        "what_is_it_about": "Becoming a member",
        "your_message": "We work with families in Porto and would like to know more.",
        "privacy-consent": "on",
        "your-website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def privacy_version(language="en"):
    privacy = SiteSettings.objects.get().privacy_policy_page
    privacy = privacy.get_translation(privacy.locale.__class__.objects.get(language_code=language))
    return f"page-{privacy.pk}-revision-{privacy.live_revision_id}"


# --- a valid submission --------------------------------------------------------------


def test_a_valid_submission_is_stored_once_and_the_staff_email_waits_for_the_commit(
    contact, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(contact.url, contact_post())
    assert response.status_code == 302
    assert response["Location"] == "/en/contact/thanks/"
    assert mail.outbox == [], "nothing is sent before the transaction commits"
    assert len(callbacks) == 1

    submission = FormPageSubmission.objects.get()
    assert submission.page_id == contact.pk
    assert submission.form_data == {
        "your_name": "Ana Silva",
        "e_mail_address": "ana@example.org",
        "organisation": "Crianças Primeiro",
        "what_is_it_about": "Becoming a member",
        "your_message": "We work with families in Porto and would like to know more.",
    }
    assert submission.language == "en"
    assert submission.privacy_notice_version == privacy_version("en")
    assert submission.privacy_consented_at is not None

    callbacks[0]()  # the commit: the task runs (at once in tests)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["info@childrenofprisoners.eu"]
    assert message.reply_to == ["ana@example.org"]
    assert message.subject == "Contact form: a new message"
    assert "Someone sent the form “Contact us” on the website." in message.body
    assert "Your message:\nWe work with families in Porto" in message.body
    assert "What is it about?:\nBecoming a member" in message.body
    assert privacy_version("en") in message.body
    assert f"/admin/forms/submissions/{contact.pk}/" in message.body
    assert FormPageSubmission.objects.count() == 1


def test_a_mail_server_that_is_down_loses_no_submission(
    contact, client, django_capture_on_commit_callbacks, caplog
):
    from tests.events.test_emails import FAILING_MAILER

    with (
        override_settings(MAILERS=FAILING_MAILER),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(contact.url, contact_post())
    assert response.status_code == 302, "the visitor is thanked all the same"
    assert FormPageSubmission.objects.count() == 1
    assert mail.outbox == []
    failure = " ".join(record.getMessage() for record in caplog.records)
    assert "form submission" in failure
    assert "ana@example.org" not in failure and "info@childrenofprisoners.eu" not in failure


def test_the_visitor_sees_the_thank_you_page_which_no_cache_keeps(contact, client):
    response = client.post(contact.url, contact_post(), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thank you for writing to Children of Prisoners Europe." in html
    assert 'name="robots" content="noindex"' in html
    assert "no-store" in response["Cache-Control"]


def test_the_form_page_is_never_kept_by_a_cache(contact, client):
    for response in (client.get(contact.url), client.post(contact.url, contact_post(name=""))):
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
    assert client.put(contact.url).status_code == 405


def test_without_a_staff_address_it_is_stored_and_no_email_queued(
    contact, client, django_capture_on_commit_callbacks
):
    contact.to_address = ""
    contact.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.post(contact.url, contact_post()).status_code == 302
    assert callbacks == []
    assert mail.outbox == []
    assert FormPageSubmission.objects.count() == 1


def test_a_french_submission_is_mailed_to_staff_in_french(
    site_content, client, django_capture_on_commit_callbacks
):
    page = form_page("contact", "fr")
    data = contact_post(what_is_it_about="Presse et médias")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, data)
    assert response["Location"] == "/fr/contact/thanks/"
    submission = FormPageSubmission.objects.get()
    assert submission.language == "fr"
    assert submission.page_id == page.pk
    assert submission.privacy_notice_version == privacy_version("fr")
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Formulaire de contact : un nouveau message"
    # French puts a non-breaking space inside « » and before : and ?.
    assert "Quelqu’un a envoyé le formulaire «\u00a0Nous contacter\u00a0» sur le site." in body
    assert "Votre message\u00a0:\nWe work with families" in body
    assert "À quel sujet ?\u00a0:\nPresse et médias" in body
    assert "Politique de confidentialité acceptée" in body


def test_the_membership_application_is_stored_with_its_own_fields(
    site_content, client, django_capture_on_commit_callbacks
):
    page = form_page("become-a-member")
    data = {
        "organisation_name": "Bambinisenzasbarre",
        "country": "Italy",
        "website": "https://www.bambinisenzasbarre.org",
        "contact_person": "Lia Sacerdote",
        "e_mail_address": "lia@example.org",
        "type_of_organisation": "Non-governmental organisation",
        "membership_category": "Full member",
        "your_work_with_children_of_prisoners": "Support in Italian prisons.",
        "privacy-consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, data)
    assert response.status_code == 302
    submission = FormPageSubmission.objects.get()
    assert submission.form_data["website"] == "https://www.bambinisenzasbarre.org"
    assert mail.outbox[0].subject == "Membership application"


# --- hostile input --------------------------------------------------------------------


def assert_refused(response, message):
    html = response.content.decode()
    assert response.status_code == 400, html[:500]
    assert "Please correct the following" in html
    assert message in html, message
    assert FormPageSubmission.objects.count() == 0
    assert mail.outbox == []
    return html


HOSTILE_INPUT = [
    ("your_name", "A" * 300, "Ensure this value has at most 255 characters"),
    ("your_message", "x" * 5001, "Ensure this value has at most 5000 characters"),
    ("your_message", "Hello\x00there", "Null characters are not allowed."),
    ("your_name", "Ana\x07\x1b[2J", "This contains control characters: please type it again."),
    ("organisation", '<script>alert("x")</script>', "Please leave out the characters"),
    ("your_message", "<img src=x onerror=alert(1)>", "Please leave out the characters"),
    ("what_is_it_about", "<b>Not a choice</b>", "Select a valid choice."),
    ("e_mail_address", "not-an-address", "Enter a valid email address."),
    ("your_name", "   ", "This field is required."),
    ("privacy-consent", None, "Please agree to the privacy notice to send this form."),
]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    HOSTILE_INPUT,
    ids=[f"{f}-{m[:20]}" for f, _v, m in HOSTILE_INPUT],
)
def test_hostile_input_is_a_form_error_and_nothing_is_stored(
    contact, client, field, value, message
):
    html = assert_refused(client.post(contact.url, contact_post(**{field: value})), message)
    if value and "<" in value:
        assert value not in html, "reflected unescaped"
    soup = BeautifulSoup(html, "html.parser")
    field_id = f"id_{field}" if field != "what_is_it_about" else "id_what_is_it_about_0"
    # The error summary links to the field, which says its error to screen readers.
    assert soup.select_one(f'.error-summary a[href="#{field_id}"]') is not None
    described = soup.find(id=field_id)
    assert described["aria-invalid"] == "true"
    assert f"id_{field}_errors" in described["aria-describedby"].split()
    assert soup.find(id=f"id_{field}_errors") is not None
    # What else the visitor typed is kept.
    if field != "organisation":
        assert soup.find(id="id_organisation")["value"] == "Crianças Primeiro"
    if field != "your_message":
        assert "We work with families in Porto" in soup.find(id="id_your_message").text


def test_markup_is_shown_back_escaped(contact, client):
    script = '<script>alert("x")</script>'
    html = assert_refused(
        client.post(contact.url, contact_post(your_name=script, your_message=script)),
        "Please leave out the characters &lt; and &gt;.",
    )
    assert script not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_repeated_and_mistyped_values_are_form_errors_not_500s(contact, client):
    data = contact_post()
    data["what_is_it_about"] = ["Becoming a member", "Press and media", "x" * 10_000]
    response = client.post(contact.url, data)
    assert_refused(response, "Select a valid choice.")


def test_invalid_utf8_in_the_body_is_a_form_error(contact, client):
    body = (
        b"your_name=%FF%FEAna&e_mail_address=ana%40example.org&what_is_it_about=Something+else"
        b"&your_message=Hi&privacy-consent=on"
    )
    response = client.post(contact.url, body, content_type="application/x-www-form-urlencoded")
    assert_refused(response, "This contains characters we could not read.")


def test_bidirectional_controls_are_taken_out(contact, client):
    response = client.post(contact.url, contact_post(your_name="\u202eAna\u202c Silva"))
    assert response.status_code == 302
    assert FormPageSubmission.objects.get().form_data["your_name"] == "Ana Silva"


def test_the_honeypot_stores_nothing(contact, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            contact.url, contact_post(**{"your-website": "https://spam.example"})
        )
    assert response.status_code == 400
    assert "looked automated" in response.content.decode()
    assert FormPageSubmission.objects.count() == 0
    assert mail.outbox == []


@override_settings(FORM_SUBMISSION_RATE=(2, 3600))
def test_too_many_posts_from_one_address_get_a_429_and_keep_what_was_typed(contact, client):
    for number in range(2):
        client.post(contact.url, contact_post(your_name=f"Person {number}"))
    response = client.post(contact.url, contact_post(your_name="Third person"))
    html = response.content.decode()
    assert response.status_code == 429
    assert "too many messages from your connection" in html
    assert int(response["Retry-After"]) > 0
    assert 'value="Third person"' in html
    assert FormPageSubmission.objects.count() == 2
    other = client.post(contact.url, contact_post(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302, "another address is not limited"


# --- French ------------------------------------------------------------------------


def test_the_french_form_has_french_labels_and_errors(site_content, client):
    page = form_page("contact", "fr")
    html = client.get(page.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("html")["lang"] == "fr"
    assert soup.find("label", attrs={"for": "id_your_name"}).text.startswith("Votre nom")
    assert "(obligatoire)" in html
    assert "Nous vous répondons à cette adresse." in html
    consent = soup.find("label", attrs={"for": "id_privacy-consent"})
    assert "J’ai lu la politique de confidentialité" in consent.text
    assert consent.find("a")["href"] == "/fr/confidentialite/"
    assert soup.select_one("form.site-form button").text == "Envoyer"

    response = client.post(page.url, {"your_name": "Ana"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Veuillez corriger ce qui suit" in html
    assert "Champ requis." in html  # Django's own French
    assert "Veuillez accepter la politique de confidentialité pour envoyer ce formulaire." in html
    assert 'value="Ana"' in html
    assert FormPageSubmission.objects.count() == 0


# --- initial content ------------------------------------------------------------------


def test_both_forms_exist_in_both_languages_once(site_content):
    for slug, french_slug in (("contact", "contact"), ("become-a-member", "devenir-membre")):
        english = form_page(slug, "en")
        french = form_page(french_slug, "fr")
        assert french.translation_key == english.translation_key
        assert french.live and english.live
        english_names = [field.clean_name for field in english.form_fields.all()]
        assert [field.clean_name for field in french.form_fields.all()] == english_names
        assert [field.label for field in french.form_fields.all()] != [
            field.label for field in english.form_fields.all()
        ]
    fields = FormField.objects.count()
    call_command("load_initial_content", stdout=io.StringIO())
    assert FormPage.objects.count() == 4
    assert FormField.objects.count() == fields


def test_the_footer_leads_to_both_forms_in_each_language(site_content, client):
    for home, links in (
        ("/en/", {"/en/contact/": "Contact us", "/en/become-a-member/": "Become a member"}),
        ("/fr/", {"/fr/contact/": "Nous contacter", "/fr/devenir-membre/": "Devenir membre"}),
    ):
        footer = BeautifulSoup(client.get(home).content, "html.parser").find("footer")
        for href, text in links.items():
            assert footer.find("a", href=href).text.strip() == text, href


def test_the_form_page_costs_the_same_queries_with_many_fields(contact, client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(contact.url).status_code == 200
        return len(captured)

    client.get(contact.url)  # caches warmed as for any later visitor
    few = queries()
    for number in range(30):
        FormField.objects.create(
            page=contact, label=f"Extra question {number}", field_type="singleline", required=False
        )
    assert queries() == few


# --- staff: building forms, permission, export, retention -----------------------------


def test_an_editor_builds_a_form_in_the_admin_and_visitors_use_it(site_content, admin_client):
    fields = [
        {"label": "Your name", "field_type": "singleline", "required": "on"},
        {"label": "Date of your event", "field_type": "date", "help_text": "Day/month/year"},
        {"label": "Audience", "field_type": "checkboxes", "choices": "Families\nProfessionals"},
    ]
    defaults = {"help_text": "", "choices": "", "default_value": ""}
    data = nested_form_data(
        {
            "title": "Ask for a speaker",
            "slug": "ask-for-a-speaker",
            "intro": "Invite COPE to your conference.",
            "form_fields": inline_formset(
                [{**defaults, **field, "ORDER": str(n)} for n, field in enumerate(fields)]
            ),
            "thank_you_text": rich_text("<p>We will be in touch.</p>"),
            "to_address": "events@example.org",
            "from_address": "",
            "subject": "",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(f"/admin/pages/add/contact/formpage/{site_content.home.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = FormPage.objects.get(slug="ask-for-a-speaker")
    assert page.live
    assert [field.clean_name for field in page.form_fields.all()] == [
        "your_name",
        "date_of_your_event",
        "audience",
    ]
    visitor = type(admin_client)()
    html = visitor.get(page.url).content.decode()
    assert "Date of your event" in html and "Professionals" in html
    response = visitor.post(
        page.url,
        {
            "your_name": "Ana",
            "date_of_your_event": "2031-05-04",
            "audience": ["Families", "Professionals"],
            "privacy-consent": "on",
        },
    )
    assert response.status_code == 302
    assert FormPageSubmission.objects.get(page=page).form_data == {
        "your_name": "Ana",
        "date_of_your_event": "2031-05-04",
        "audience": ["Families", "Professionals"],
    }
    assert "We will be in touch." in visitor.get(response["Location"]).content.decode()


def test_editors_preview_the_form_and_its_thank_you_page(contact, admin_client):
    response = admin_client.get(f"/admin/pages/{contact.pk}/view_draft/")
    assert response.status_code == 200
    assert 'name="your_message"' in response.content.decode()
    landing = contact.make_preview_request(preview_mode="landing")
    assert "Thank you for writing to Children of Prisoners Europe." in landing.rendered_content


def staff_user(username, *, submissions_access):
    user = get_user_model().objects.create_user(username, f"{username}@cope.example", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    if submissions_access:
        user.user_permissions.add(Permission.objects.get(codename="view_form_submissions"))
    return user


def submit(page, **form_data):
    return FormPageSubmission.objects.create(
        page=page,
        form_data=form_data,
        language=page.locale.language_code,
        privacy_notice_version="page-1-revision-1",
        privacy_consented_at=timezone.now(),
    )


def submissions_url(page, query=""):
    return reverse("wagtailforms:list_submissions", args=[page.pk]) + query


def test_an_editor_without_the_permission_gets_403_on_the_submissions(contact, client):
    submission = submit(contact, your_name="Ana Silva", your_message="Private words")
    sign_in_to_admin(client, staff_user("editor", submissions_access=False))
    assert client.get(f"/admin/pages/{contact.pk}/edit/").status_code == 200
    for query in ("", "?export=csv", "?export=xlsx"):
        response = client.get(submissions_url(contact, query))
        assert response.status_code == 403, query
        assert b"Private words" not in response.content
        assert b"Can see what visitors sent through forms" in response.content
    response = client.post(
        f"/admin/forms/submissions/{contact.pk}/delete/?selected-submissions={submission.pk}"
    )
    assert response.status_code in (302, 403)
    assert FormPageSubmission.objects.filter(pk=submission.pk).exists()
    assert b"/admin/forms/" not in client.get("/admin/").content, "no Forms menu"


def test_staff_with_the_permission_read_the_submissions(contact, client):
    submit(contact, your_name="Ana Silva", your_message="Words for staff")
    sign_in_to_admin(client, staff_user("coordinator", submissions_access=True))
    response = client.get(submissions_url(contact))
    assert response.status_code == 200
    assert "Words for staff" in response.content.decode()
    assert b"/admin/forms/" in client.get("/admin/").content, "the Forms menu"


FORMULAS = [
    "=1+1",
    '=HYPERLINK("http://evil.example")',
    "+SUM(A1:A9)",
    "-2+3",
    "@cmd",
    "\tx",
    "\rx",
]


def test_the_export_never_holds_a_formula(contact, admin_client):
    for value in FORMULAS:
        submit(contact, your_name=value, your_message="safe words", what_is_it_about=value)

    response = admin_client.get(submissions_url(contact, "?export=csv"))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["Your name"] for row in rows] == ["'" + value for value in FORMULAS]
    assert [row["What is it about?"] for row in rows] == ["'" + value for value in FORMULAS]
    assert {row["Your message"] for row in rows} == {"safe words"}
    assert {row["Language"] for row in rows} == {"en"}
    assert {row["Privacy notice version"] for row in rows} == {"page-1-revision-1"}

    response = admin_client.get(submissions_url(contact, "?export=xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows())
    headings = [cell.value for cell in rows[0]]
    name = headings.index("Your name")
    assert {cell.data_type for row in rows for cell in row if cell.value is not None} <= {
        "s",
        "d",
        "n",
    }, "no cell is a formula"
    assert [row[name].value for row in rows[1:]] == list(FORMULAS)


def test_retention_erases_old_submissions_only(contact, settings):
    settings.FORM_SUBMISSION_RETENTION_DAYS = 30
    old = submit(contact, your_name="Old")
    recent = submit(contact, your_name="Recent")
    FormPageSubmission.objects.filter(pk=old.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=31)
    )
    FormPageSubmission.objects.filter(pk=recent.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=29)
    )
    out = io.StringIO()
    call_command("erase_old_form_submissions", stdout=out)
    assert "Erased 1 form submissions older than 30 days." in out.getvalue()
    assert list(FormPageSubmission.objects.values_list("pk", flat=True)) == [recent.pk]

    call_command("erase_old_form_submissions", "--days=7", stdout=io.StringIO())
    assert not FormPageSubmission.objects.exists()


def test_an_email_task_for_an_erased_submission_sends_nothing(contact):
    from contact.tasks import send_submission_email

    submission = submit(contact, your_name="Gone")
    submission_id = submission.pk
    submission.delete()
    send_submission_email.enqueue(submission_id)
    assert mail.outbox == []
