"""Who opened registrants' personal data, and what staff did with it, in Wagtail's
audit log (Reports → Site history). Entries name the staff member, the registration
by number or the event by title, and counts: never a registrant's name or address,
nor what staff typed in the search box."""

from collections import Counter

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.log_actions import LogFormatter, log

LISTED = "events.registrants_listed"
EXPORTED = "events.registrants_exported"
INSPECTED = "events.registration_inspected"
EMAIL_RESENT = "events.registration_email_resent"
CANCELLED = "events.registration_cancelled"
ERASED = "events.registration_erased"

# Filters whose values are choices, safe to record; the search text is not recorded.
RECORDED_FILTERS = ("event", "status", "role", "attended")


class RegistrantListFormatter(LogFormatter):
    label = _("View registrants")

    def format_message(self, log_entry):
        rows = log_entry.data.get("rows", 0)
        return ngettext(
            "Viewed %(rows)s registrant in the list",
            "Viewed %(rows)s registrants in the list",
            rows,
        ) % {"rows": rows}


class RegistrantExportFormatter(LogFormatter):
    label = _("Export registrants")

    def format_message(self, log_entry):
        rows = log_entry.data.get("rows", 0)
        return ngettext(
            "Exported %(rows)s registrant (%(format)s)",
            "Exported %(rows)s registrants (%(format)s)",
            rows,
        ) % {"rows": rows, "format": log_entry.data.get("format", "").upper()}


def register_actions(actions):
    actions.register_action(LISTED)(RegistrantListFormatter)
    actions.register_action(EXPORTED)(RegistrantExportFormatter)
    actions.register_action(INSPECTED, _("View registration"), _("Registration viewed"))
    actions.register_action(
        EMAIL_RESENT, _("Re-send registration e-mail"), _("Registration e-mail re-sent")
    )
    actions.register_action(
        CANCELLED, _("Cancel registration"), _("Registration cancelled by staff")
    )
    actions.register_action(
        ERASED, _("Erase registrant's data"), _("Registrant's personal data erased")
    )


def record_listing(request, registrations, *, export_format=None, page_number=None):
    """One entry per event whose registrants were shown (a page of the list, already
    loaded) or exported (a queryset: only its event ids are read here)."""
    from .models import EventPage

    if export_format:
        event_ids = registrations.values_list("event_id", flat=True)
    else:
        event_ids = [registration.event_id for registration in registrations]
    counts = Counter(event_ids)
    filters = {name: request.GET[name] for name in RECORDED_FILTERS if request.GET.get(name)}
    for event in EventPage.objects.filter(pk__in=counts):
        log(
            event,
            EXPORTED if export_format else LISTED,
            user=request.user,
            data={
                "rows": counts[event.pk],
                "format": export_format or "",
                "page": page_number,
                "filters": filters,
                "searched": bool(request.GET.get("q")),
            },
        )


def record(registration, action, user=None, **data):
    """An entry on the registration, titled by its number ("Registration 12")."""
    log(registration, action, user=user, title=str(registration), data=data)
