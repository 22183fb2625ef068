from django.conf import settings
from django.core.management.base import BaseCommand

from events.notifications import send_due_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminder e-mail (with the join link) for events starting within the "
        "next EVENT_REMINDER_HOURS hours. Each registrant gets it once; run it hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=settings.EVENT_REMINDER_HOURS)

    def handle(self, *args, hours, **options):
        queued = send_due_reminders(hours=hours)
        self.stdout.write(f"Queued {queued} reminders.")
