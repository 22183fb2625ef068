from django.core.management.base import BaseCommand

from home.initial_content import load_initial_content


class Command(BaseCommand):
    help = "Create COPE's starting pages, news and navigation. Safe to run again."

    def handle(self, *args, **options):
        created = load_initial_content()
        if created:
            self.stdout.write(self.style.SUCCESS("Created: " + "; ".join(created)))
        else:
            self.stdout.write("Initial content already present; nothing changed.")
