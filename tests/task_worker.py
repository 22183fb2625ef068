"""The real task worker (`manage.py db_worker`) and its database queue, for tests of
what it does later: retries of e-mails the mail server did not take."""

import io

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from django_tasks_db.models import DBTaskResult


def run_worker():
    """The worker as production runs it, until nothing is due."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", stdout=io.StringIO())


def waiting_retries(task_path):
    return DBTaskResult.objects.filter(task_path=task_path, status="READY")


def let_the_wait_pass(task_path):
    waiting_retries(task_path).update(run_after=timezone.now())


def run_until_given_up(task_path):
    """The first attempt and every retry settings.EMAIL_RETRY_DELAYS allows, each as
    soon as it is due, then the worker once more: nothing is left to try."""
    for _attempt in range(len(settings.EMAIL_RETRY_DELAYS) + 1):
        run_worker()
        let_the_wait_pass(task_path)
    run_worker()
