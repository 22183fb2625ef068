from django.conf import settings
from django.core.management.base import BaseCommand

from contact.retention import erase_old_submissions


class Command(BaseCommand):
    help = (
        "Erase what visitors sent through the contact and membership forms more than N "
        "days ago (FORM_SUBMISSION_RETENTION_DAYS). Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.FORM_SUBMISSION_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        erased = erase_old_submissions(days=days)
        self.stdout.write(f"Erased {erased} form submissions older than {days} days.")
