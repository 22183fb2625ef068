"""Password-reset e-mails, sent outside the request (accounts/forms.py)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.cache import cache

from wagtail.admin.forms.auth import PasswordResetForm

from django_tasks import task

from cope_site.mail import MailNotSent

# One reset e-mail per account in this time, however often the form is sent.
RESET_EMAIL_INTERVAL = datetime.timedelta(minutes=15)


class OneAccountPasswordResetForm(PasswordResetForm):
    """Django's own reset e-mail (link, token, templates) for one chosen account."""

    def __init__(self, user):
        super().__init__({"email": getattr(user, user.get_email_field_name())})
        self.user = user

    def get_users(self, email):
        return [self.user] if self.user.is_active and self.user.has_usable_password() else []


@task()
def send_password_reset_emails(user_ids, *, domain, use_https, **templates):
    for user in get_user_model().objects.filter(pk__in=user_ids):
        key = f"password-reset-sent:{user.pk}"
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
            # The mail server's error may hold the address; the task result must not.
            raise MailNotSent(f"Password reset e-mail to user {user.pk}", error) from None
