"""A webinar of its own for the registration benchmark, printed as JSON for run.py.

BENCH_CAPACITY places and a waiting list, so the benchmark's posts fill every place and
then queue: seats are decided both ways, under the lock. Created after the pages to
measure are chosen (bench/pages.py takes the first event), so it changes none of them.
"""

import datetime
import json
import os

from django.utils import timezone

from events.models import EventIndexPage, EventKind, EventPage

start = (timezone.now() + datetime.timedelta(days=60)).replace(microsecond=0)
event = EventPage(
    title="Benchmark webinar: registrations under load",
    slug="benchmark-registrations",
    kind=EventKind.WEBINAR,
    start=start,
    end=start + datetime.timedelta(minutes=90),
    online_platform="Zoom",
    capacity=int(os.environ["BENCH_CAPACITY"]),
    waitlist_enabled=True,
    live=True,
)
EventIndexPage.objects.get().add_child(instance=event)
print("EVENT " + json.dumps({"id": event.pk, "url": event.url, "capacity": event.capacity}))
