"""`manage.py db_worker`: django_tasks_db's worker, which also outlives a database outage.

Its own loop stops at the first database error, and queued e-mails then wait until
someone restarts it. This one, found first since `cope_site` comes before
`django_tasks_db` in INSTALLED_APPS, logs one WARNING, waits for the database to answer
again and carries on. It is still run under a supervisor that restarts it should it end
for any other reason (bin/prod-run, deploy/systemd/; docs/operations.md).
"""

import logging
import time

from django.db import connection, connections

from django_tasks_db.management.commands import db_worker

from cope_site.views import DATABASE_UNAVAILABLE

logger = logging.getLogger("cope_site.outages")

# Seconds between attempts to reach the database again: doubling up to the last.
FIRST_WAIT, LONGEST_WAIT = 0.5, 5.0


class OutageTolerantWorker(db_worker.Worker):
    def run(self):
        while True:
            try:
                return super().run()
            except DATABASE_UNAVAILABLE as error:
                # A task it was running stays "Running" (docs/operations.md).
                logger.warning(
                    "Database unavailable (%s): the task worker waits for it",
                    type(error).__name__,
                )
            self.wait_for_database()
            logger.warning("Database available again: the task worker carries on")

    def wait_for_database(self):
        wait = FIRST_WAIT
        while True:
            # The broken connections go; the next query opens a new one.
            connections.close_all()
            try:
                connection.ensure_connection()
                return
            except DATABASE_UNAVAILABLE:
                # SIGTERM during this sleep exits at once (Worker.shutdown).
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)


class Command(db_worker.Command):
    help = "Run the database task worker; it waits out database outages."

    def handle(self, **options):
        if options["reload"]:  # development: django_tasks_db's own, reloading on changes
            return super().handle(**options)
        # As django_tasks_db's handle(), with the worker that waits out outages.
        self.configure_logging(options["verbosity"])
        worker = OutageTolerantWorker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        worker.configure_signals()
        worker.run()
        return None
