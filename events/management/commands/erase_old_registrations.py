from django.conf import settings
from django.core.management.base import BaseCommand

from events.retention import erase_old_registrations


class Command(BaseCommand):
    help = (
        "Erase registrants' personal data for events that ended more than N days ago "
        "(REGISTRATION_RETENTION_DAYS), keeping anonymous counts. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.REGISTRATION_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        erased = erase_old_registrations(days=days)
        self.stdout.write(f"Erased {erased} registration records older than {days} days.")
