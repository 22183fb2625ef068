"""The e-mail to staff about a submission: queued after the transaction commits, sent
by a task, written in the language the visitor used (the page's labels in that
language, the e-mail's own words from the catalogue)."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from cope_site.mail import given_up, retry_later

logger = logging.getLogger(__name__)


def queue_staff_email(submission):
    from .tasks import send_submission_email

    submission_id = submission.pk
    transaction.on_commit(lambda: send_submission_email.enqueue(submission_id))


def build_email(submission):
    page = submission.page.specific
    with translation.override(submission.language):
        answers = []
        for name, label in page.get_data_fields():
            if name in ("submit_time", "language", "privacy_notice_version"):
                continue
            value = submission.form_data.get(name)
            if isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            elif isinstance(value, bool):
                value = translation.gettext("Yes") if value else translation.gettext("No")
            answers.append((label, "" if value is None else str(value)))
        context = {
            "page": page,
            "answers": answers,
            "submission": submission,
            "submitted": date_format(
                submission.submit_time.astimezone(datetime.UTC), "DATETIME_FORMAT"
            ),
            "submissions_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("wagtailforms:list_submissions", args=[page.pk]),
        }
        subject = page.subject or translation.gettext("New submission: %(title)s") % {
            "title": page.title
        }
        body = render_to_string("contact/emails/submission.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        to=[address.strip() for address in page.to_address.split(",") if address.strip()],
        reply_to=_reply_to(page, submission),
    )


def _reply_to(page, submission):
    """The visitor's address, when the form asked for one: staff answer with Reply."""
    for field in page.get_form_fields():
        if field.field_type == "email":
            address = submission.form_data.get(field.clean_name)
            if address:
                try:
                    validate_email(address)
                except ValidationError:  # stored before a validator changed
                    return None
                return [address]
    return None


def deliver(submission_id, attempt=1):
    """Send the e-mail now. A failure the mail server may get over is queued again for
    later (cope_site.mail.retry_later); any other, or the last attempt's, is raised as
    MailNotSent, without the addresses, so the task queue marks the task failed."""
    from .models import FormPageSubmission
    from .tasks import send_submission_email

    submission = FormPageSubmission.objects.select_related("page").filter(pk=submission_id).first()
    if submission is None:
        return  # erased (retention, or staff deleted it) before the task ran
    try:
        build_email(submission).send()
    except Exception as error:
        what = f"Staff e-mail about form submission {submission_id}"
        if retry_later(send_submission_email, attempt, error, what, submission_id, attempt + 1):
            return
        raise given_up(what, attempt, error) from None
    logger.info("Staff e-mail about form submission %s sent", submission_id)
