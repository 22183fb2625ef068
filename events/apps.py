from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and webinars"

    def ready(self):
        from . import signals  # noqa: F401  (connects the schedule-change notices)
