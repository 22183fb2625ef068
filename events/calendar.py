"""iCalendar (RFC 5545) files built with the icalendar package."""

import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

import icalendar

PRODUCT_ID = "-//Children of Prisoners Europe//Events//EN"


def event_uid(event, host):
    return f"event-{event.pk}@{host}"


def vevent_for(event, request):
    """A public VEVENT: title, times in the event's zone, page address. No join link."""
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event, request.get_host().split(":")[0]))
    vevent.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    vevent.add("dtstart", event.local_start())
    vevent.add("dtend", event.local_end())
    vevent.add("summary", event.title)
    if event.summary:
        vevent.add("description", event.summary)
    vevent.add("url", event.get_full_url(request))
    if event.venue:
        vevent.add("location", event.venue)
    elif event.online_platform:
        vevent.add("location", event.online_platform)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return vevent


def upcoming_events_calendar(index_page, request):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", index_page.title)
    for event in index_page.upcoming_events():
        calendar.add_component(vevent_for(event, request))
    # VTIMEZONE components for every TZID used, so calendar apps place times right.
    calendar.add_missing_timezones()
    return calendar.to_ical()


def discreet_title(event):
    """What a shared phone may show instead of the event's topic."""
    return _("Online meeting") if event.kind == "webinar" else _("Meeting")


def calendar_title(registration):
    return (
        discreet_title(registration.event)
        if registration.discreet_emails
        else registration.event.title
    )


def registration_uid(registration):
    # Stable for the registration's whole life, so a moved event updates the same entry;
    # built from ids, never from the secret manage token.
    return f"cope-event-{registration.event_id}-registration-{registration.pk}@events"


def event_location(event):
    return event.venue or event.online_platform or _("Online")


def registration_calendar(registration, manage_url, sequence=0):
    """The .ics attached to confirmation, promotion and change e-mails."""
    event = registration.event
    zone = ZoneInfo(event.time_zone)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")

    entry = icalendar.Event()
    entry.add("uid", registration_uid(registration))
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.start.astimezone(zone))
    entry.add("dtend", event.end.astimezone(zone))
    entry.add("summary", calendar_title(registration))
    entry.add("location", event_location(event))
    entry.add("url", event.full_url)
    entry.add("description", _("Your registration: %(url)s") % {"url": manage_url})
    entry.add("sequence", sequence)
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _utc_stamp(moment):
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


def add_to_calendar_links(registration):
    """Links that open a prefilled entry in the common web calendars."""
    event = registration.event
    title = calendar_title(registration)
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": f"{_utc_stamp(event.start)}/{_utc_stamp(event.end)}",
            "details": event.full_url,
            "location": event_location(event),
        }
    )
    outlook = "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(
        {
            "subject": title,
            "startdt": event.start.astimezone(ZoneInfo("UTC")).isoformat(),
            "enddt": event.end.astimezone(ZoneInfo("UTC")).isoformat(),
            "body": event.full_url,
            "location": event_location(event),
            "path": "/calendar/action/compose",
            "rru": "addevent",
        }
    )
    return [("Google Calendar", google), ("Outlook", outlook)]
