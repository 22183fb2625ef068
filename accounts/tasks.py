"""Password-reset e-mails, sent outside the request (accounts/forms.py)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.template import loader

from wagtail.admin.forms.auth import PasswordResetForm

from django_tasks import task

from cope_site.mail import given_up, retry_later

# One reset e-mail per account in this time, however often the form is sent.
RESET_EMAIL_INTERVAL = datetime.timedelta(minutes=15)


class OneAccountPasswordResetForm(PasswordResetForm):
    """Django's own reset e-mail (link, token, templates) for one chosen account."""

    def __init__(self, user):
        super().__init__({"email": getattr(user, user.get_email_field_name())})
        self.user = user

    def get_users(self, email):
        return [self.user] if self.user.is_active and self.user.has_usable_password() else []

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Django's, except that a mail server's error is raised: Django logs it, with a
        traceback whose text can hold the address, and carries on as if the e-mail had
        gone, so it would never be tried again."""
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        message.send()


@task()
def send_password_reset_emails(user_ids, *, domain, use_https, attempt=1, **templates):
    """One reset e-mail to each account, unless one went out in the last
    RESET_EMAIL_INTERVAL. An e-mail the mail server did not take is queued again for its
    account alone, with a new link made when it is sent (cope_site.mail.retry_later);
    the task's arguments and log lines hold account ids only."""
    not_sent = []
    for user in get_user_model().objects.filter(pk__in=user_ids):
        key = f"password-reset-sent:{user.pk}"
        # A later attempt at the same e-mail: the interval counts from the request.
        if attempt == 1:
            # Read, then set: with the cache down this sends rather than never sending.
            if cache.get(key):
                continue
            cache.set(key, True, RESET_EMAIL_INTERVAL.total_seconds())
        form = OneAccountPasswordResetForm(user)
        if not form.is_valid():
            continue
        try:
            form.save(domain_override=domain, use_https=use_https, **templates)
        except Exception as error:
            what = f"Password reset e-mail to user {user.pk}"
            if not retry_later(
                send_password_reset_emails,
                attempt,
                error,
                what,
                [user.pk],
                domain=domain,
                use_https=use_https,
                attempt=attempt + 1,
                **templates,
            ):
                not_sent.append(given_up(what, attempt, error))
    if not_sent:
        # The mail server's error may hold the address; the task result must not.
        raise not_sent[0]
