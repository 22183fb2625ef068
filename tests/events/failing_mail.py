import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class BrokenSmtpBackend(BaseEmailBackend):
    """Stands in for a mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("connection refused")
