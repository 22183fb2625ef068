"""E-mails to registrants.

The registration service calls `notify(registration, kind)` with kind one of
"confirmation", "waitlisted", "promoted" or "cancelled". Sending is queued with
`transaction.on_commit`, so a slow or failing mail server never undoes a registration.
This module only fixes that contract; the e-mail tasks themselves (templates, calendar
attachments, the task queue) are the second phase of the events work and replace the
body of `notify`.
"""

from django.db import transaction

KINDS = ("confirmation", "waitlisted", "promoted", "cancelled")


def notify(registration, kind):
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    transaction.on_commit(lambda: None)
