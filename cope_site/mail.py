"""E-mails sent by tasks: what one that failed raises, and when it is tried again.

Registrants' e-mails (events/notifications.py) and password-reset e-mails
(accounts/tasks.py) share this: a failure the mail server may get over queues the task
again after the next of settings.EMAIL_RETRY_DELAYS; the last attempt's, or any other,
is logged and raised as MailNotSent. Log lines and the exception name what failed by
id (`what`) and the error by its class, never an address, a name or a link.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


class MailNotSent(Exception):
    """Raised in place of the mail server's error, whose text can hold the recipient's
    address (a refused recipient: {'name@example.org': (550, …)}). The task queue keeps
    the exception's text and traceback in its results and the worker logs them: they
    get this one, which names what failed by id and the error by its class."""

    def __init__(self, what, error):
        super().__init__(f"{what} not sent: {type(error).__name__}")


def retry_later(task, attempt, error, what, /, *args, **kwargs):
    """Queue `task(*args, **kwargs)` (the next attempt's arguments) to run after this
    attempt's wait, if the error may pass and attempts are left; True if it was. Only a
    queue that can defer a task retries: one that runs it at once (the immediate
    backend) would meet the same mail server."""
    delays = settings.EMAIL_RETRY_DELAYS
    if attempt > len(delays) or not mail_server_may_recover(error):
        return False
    if not task.get_backend().supports_defer:
        return False
    delay = delays[attempt - 1]
    logger.warning(
        "%s failed (attempt %d: %s); trying again in %d s",
        what,
        attempt,
        type(error).__name__,
        delay,
    )
    task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay)).enqueue(
        *args, **kwargs
    )
    return True


def given_up(what, attempt, error):
    """Logs that an e-mail will not be tried again; the MailNotSent to raise, `from
    None`, so that not even the cause keeps the mail server's text."""
    logger.error("%s failed (attempt %d, not tried again): %s", what, attempt, type(error).__name__)
    return MailNotSent(what, error)


def mail_server_may_recover(error):
    """A server that cannot be reached or a temporary (4xx) refusal may pass; a
    permanent (5xx) refusal, such as an address the server does not know, will not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code < 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return isinstance(error, OSError)  # refused, timed out, disconnected, no such host
