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
from django_tasks_db.models import DBTaskResult

from cope_site.views import DATABASE_UNAVAILABLE

logger = logging.getLogger("cope_site.outages")

# Seconds between attempts to reach the database again: doubling up to the last.
FIRST_WAIT, LONGEST_WAIT = 0.5, 5.0


class TaskInterrupted(Exception):
    """What a task's result says when a database outage cut it off: whether it did its
    work (an e-mail sent before the outage) cannot be known, so it is not run again."""

    def __init__(self, error):
        super().__init__(
            f"Interrupted by a database outage ({type(error).__name__}): it may or may "
            "not have done its work, and is not run again"
        )


class OutageTolerantWorker(db_worker.Worker):
    # The task being run, until its outcome is recorded, and the outage that cut it off.
    unfinished = outage = None

    def run(self):
        while True:
            try:
                self.record_interrupted_task()
                return super().run()
            except DATABASE_UNAVAILABLE as error:
                # Out of run_task: the outage met the task, or its outcome being saved.
                logger.warning(
                    "Database unavailable (%s): the task worker waits for it",
                    type(error).__name__,
                )
                self.outage = error
            self.wait_for_database()
            logger.warning("Database available again: the task worker carries on")

    def run_task(self, db_task_result):
        self.unfinished = db_task_result
        super().run_task(db_task_result)
        self.unfinished = None

    def record_interrupted_task(self):
        """The task the outage cut off, still "Running" in the results, is marked failed
        once the database is back, as django_tasks_db marks any task that raised (it
        could not: the database was gone). Not queued again: an e-mail may have gone
        out before the outage, and staff can re-send one from Registrations."""
        if self.unfinished is None:
            return
        interrupted = DBTaskResult.objects.running().filter(pk=self.unfinished.pk).first()
        # Still this worker's claim: no other worker takes a running task.
        if interrupted is not None and interrupted.worker_ids[-1:] == [self.worker_id]:
            interrupted.set_failed(TaskInterrupted(self.outage))
            logger.warning(
                "Task id=%s path=%s was cut off by the database outage: marked failed",
                interrupted.id,
                interrupted.task_path,
            )
        self.unfinished = None

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
