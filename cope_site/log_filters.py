"""Logging pieces the LOGGING setting and gunicorn's logger (cope_site/gunicorn_logging.py)
refer to. No Django imports: gunicorn's master process loads this module too."""

import logging
import re

# Path segments that are secrets: the registrant's manage link (events/urls.py) and the
# uid and token of the admin's password-reset link. Whoever reads them controls a
# registration or an account.
_END = r"[^/?#\s'\"]+"
SECRET_PATHS = re.compile(rf"(/registrations/){_END}|(/admin/password_reset/confirm/){_END}/{_END}")
# A query string: its values are what visitors searched for, what staff typed in the
# registrant search, or the thank-you link's reference. Only the names are kept.
QUERY = re.compile(r"\?([^\s'\"#]+)")
PARAMETER_NAME = re.compile(r"[A-Za-z0-9_.-]{1,40}")
# A backstop for anything else: an address written out or percent-encoded.
EMAIL_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _names_only(match):
    names = [part.split("=", 1)[0] for part in re.split("[&;]", match[1]) if part]
    return "?" + "&".join(f"{name}=*" if PARAMETER_NAME.fullmatch(name) else "*" for name in names)


def redact(text):
    """`text` with manage tokens, reset tokens, query values and e-mail addresses
    replaced by `*`: /registrations/*/cancel/, /search/?q=*, [e-mail]."""
    text = SECRET_PATHS.sub(lambda match: match[1] + "*" if match[1] else match[2] + "*/*", text)
    text = QUERY.sub(_names_only, text)
    return EMAIL_ADDRESS.sub("[e-mail]", text)


class RedactSecrets(logging.Filter):
    """Rewrites a record's message and traceback through redact(): URLs in Django's
    and gunicorn's lines ("Forbidden (CSRF token missing.): /registrations/…") and an
    address in an exception's text."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)  # a bad format: logging reports it as it would
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class AsOneLineWarning(logging.Filter):
    """Passes a record as a WARNING without its traceback: for errors the client
    caused, such as a Host header the site does not serve."""

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        return True
