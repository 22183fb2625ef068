"""What the registration benchmark stored, counted in the database (see run.py)."""

import json
import os

from django.db.models import Count

from django_tasks_db.models import DBTaskResult

from events.models import EventPage, RegistrationEmail

event = EventPage.objects.get(pk=int(os.environ["BENCH_EVENT_ID"]))
by_status = dict(event.registrations.values_list("status").annotate(Count("pk")))
counts = {
    "capacity": event.capacity,
    "confirmed": by_status.pop("confirmed", 0),
    "waitlisted": by_status.pop("waitlisted", 0),
    "other": sum(by_status.values()),
    # Confirmations wait in the task queue; no worker runs, so no e-mail is ever sent.
    "emails_queued": DBTaskResult.objects.filter(
        task_path__endswith=".send_registration_email", status="READY"
    ).count(),
    "emails_sent": RegistrationEmail.objects.filter(registration__event=event).count(),
}
print("REGISTRATIONS " + json.dumps(counts))
