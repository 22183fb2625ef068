"""iCalendar (RFC 5545) files built with the icalendar package."""

import datetime

from django.utils import timezone

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
