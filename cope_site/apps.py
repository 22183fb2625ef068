from django.apps import AppConfig


class CopeSiteConfig(AppConfig):
    name = "cope_site"
    verbose_name = "Site-wide settings"
