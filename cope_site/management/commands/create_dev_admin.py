from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from django_otp.plugins.otp_static.models import StaticDevice


class Command(BaseCommand):
    help = "Create the development-only admin account (refused outside dev settings)."

    def handle(self, *args, **options):
        username = getattr(settings, "DEV_ADMIN_USERNAME", None)
        password = getattr(settings, "DEV_ADMIN_PASSWORD", None)
        if not (settings.DEBUG and username and password):
            raise CommandError(
                "Refused: the development admin exists only with the dev settings and DEBUG on. "
                "In production, use `manage.py createsuperuser`."
            )
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_superuser(username, "admin@localhost", password)
        # Superusers sign in with a second factor here too; these backup codes stand in
        # for a phone, refilled on each run (each works once).
        codes = settings.DEV_ADMIN_BACKUP_CODES
        device, _created = StaticDevice.objects.get_or_create(user=user, name="Backup codes")
        for code in codes:
            device.token_set.get_or_create(token=code)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/  "
                f"user '{username}', password '{password}', then one of the codes "
                f"{', '.join(codes)} (development only)"
            )
        )
