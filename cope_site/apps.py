from django.apps import AppConfig


class CopeSiteConfig(AppConfig):
    name = "cope_site"
    verbose_name = "Site-wide settings"

    def ready(self):
        from . import signals  # noqa: F401  (connects the edge-cache purges)
