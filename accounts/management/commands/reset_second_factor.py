from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

import django_otp


class Command(BaseCommand):
    help = (
        "Remove a staff member's two-step verification (lost phone and backup codes). "
        "They sign in with their password and set it up again at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get_by_natural_key(username)
        except user_model.DoesNotExist as error:
            raise CommandError(f"No account with the username {username!r}.") from error
        removed = 0
        for device in django_otp.devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        self.stdout.write(f"Removed {removed} two-step verification device(s) of {username!r}.")
