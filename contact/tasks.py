"""Background work for the forms: the staff e-mail goes out from the task queue, never
from the request, so a slow or failing mail server cannot block or undo a submission."""

from django_tasks import task


@task()
def send_submission_email(submission_id, attempt=1):
    # Only the submission's id: the task's stored arguments hold no personal data.
    from .emails import deliver

    deliver(submission_id, attempt)
