"""A task for the worker's outage test: it is running when the database goes away."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model

from django_tasks import task


@task()
def read_once_told(flag_path):
    """Waits until `flag_path` exists (the test has stopped the database), then reads
    from the database, as any task would."""
    while not Path(flag_path).exists():
        time.sleep(0.05)
    return get_user_model().objects.count()
