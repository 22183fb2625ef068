"""gunicorn's logger for this site (gunicorn.conf.py names it as `logger_class`, the
documented way to change what gunicorn logs): access lines and gunicorn's own error
lines go through cope_site.log_filters.redact, so no manage token, reset token,
search text or e-mail address reaches the log."""

from gunicorn.glogging import Logger

from .log_filters import RedactSecrets, redact


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        # gunicorn's own lines ("Invalid request from ip=…: Invalid HTTP request line:
        # 'GET /search/?q=… HTTP/1.1'") are logged on this logger directly.
        if not any(isinstance(f, RedactSecrets) for f in self.error_log.filters):
            self.error_log.addFilter(RedactSecrets())

    def atoms(self, resp, req, environ, request_time):
        # Every text atom: the request line (%(r)s), path (%(U)s), query (%(q)s), the
        # Referer (%(f)s, which is the manage page after a click from it) and any
        # header or environ value a custom access_log_format may name.
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in super().atoms(resp, req, environ, request_time).items()
        }
