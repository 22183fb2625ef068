from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CopeSiteConfig(AppConfig):
    name = "cope_site"
    verbose_name = "Site-wide settings"

    def ready(self):
        from . import signals  # noqa: F401  (connects the edge-cache purges)
        from .languages import ensure_locales

        # A Locale for every content language, also after a test database is flushed.
        post_migrate.connect(ensure_locales, sender=self)
