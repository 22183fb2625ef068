from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


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
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username, "admin@localhost", password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/  "
                f"user '{username}', password '{password}' (development only)"
            )
        )
