from django.db.models import Count, Q
from django.urls import reverse

from wagtail.admin.panels import Panel


class RegistrationSummaryPanel(Panel):
    """Counts of an event's registrations for every editor; the link to the registrants
    themselves only for staff allowed to see personal data."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/registration_summary_panel.html"

        def get_context_data(self, parent_context=None):
            # Imported here: models.py imports this panel for EventPage's panels.
            from .admin_views import can_see_registrants
            from .models import RegistrationStatus

            context = super().get_context_data(parent_context)
            # A translation's registrations are its original page's (one event).
            event = self.instance.registration_event() if self.instance.pk else self.instance
            counts = {}
            if event.pk:
                counts = event.registrations.aggregate(
                    **{
                        status: Count("pk", filter=Q(status=status))
                        for status in RegistrationStatus.values
                    }
                )
            context["counts"] = counts
            context["capacity"] = event.capacity
            if event.pk and can_see_registrants(self.request.user):
                context["registrants_url"] = reverse("registrations:index") + f"?event={event.pk}"
            return context
