"""Logging pieces the LOGGING setting refers to."""

import logging


class AsOneLineWarning(logging.Filter):
    """Passes a record as a WARNING without its traceback: for errors the client
    caused, such as a Host header the site does not serve."""

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        return True
