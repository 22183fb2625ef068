"""What visitors send through the forms is kept only as long as staff need it."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import FormPageSubmission


@transaction.atomic
def erase_old_submissions(days=None, now=None):
    """Delete submissions that arrived more than `days` ago."""
    days = settings.FORM_SUBMISSION_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    erased, _ = FormPageSubmission.objects.filter(submit_time__lt=cutoff).delete()
    return erased
