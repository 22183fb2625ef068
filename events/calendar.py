"""iCalendar (RFC 5545) files built with the icalendar package.

Two kinds of file: the public feed (`METHOD:PUBLISH`, a subscription) and a registrant's
own entry in their e-mails (`METHOD:REQUEST` from the organisation to the registrant, then
`METHOD:CANCEL`), both with the time-zone definitions calendar apps convert times with.
"""

import datetime
import functools
from email.utils import parseaddr
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

import icalendar
from ical.calendar import Calendar as TzifCalendar
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import Timezone as TzifTimezone
from ical.tzif.timezoneinfo import TimezoneInfoError

PRODUCT_ID = "-//Children of Prisoners Europe//Events//EN"
# The e-mails that put a registrant's entry in their calendar (METHOD:REQUEST); whoever
# was sent one holds an entry that a cancellation must remove.
ENTRY_EMAIL_KINDS = ("confirmation", "promoted")
# How far the exact list of transitions reaches when a zone's current rule cannot
# describe its events (see time_zone_definition).
TRANSITIONS_REACH_YEARS = 75


@functools.cache
def _rule_based_definition(tzid, first_year):
    """The zone's current rule as RRULEs, as Outlook, Google and Apple write it, read
    from the tz database's own rule (TZif footer) by the `ical` package."""
    rules = TzifTimezone.from_tzif(tzid, start=datetime.datetime(first_year, 1, 1))
    return IcsCalendarStream.calendar_to_ics(TzifCalendar(timezones=[rules]))


def _exact_transitions_definition(tzid, first, last):
    """Every transition from `first` to `last`, one RDATE a line: ical.js (Thunderbird)
    reads only the first date of an RDATE line that lists several."""
    definition = icalendar.Timezone.from_tzinfo(ZoneInfo(tzid), tzid, first, last)
    for observance in definition.subcomponents:
        listed = observance.pop("RDATE", [])
        for line in listed if isinstance(listed, list) else [listed]:
            for moment in line.dts:
                observance.add("RDATE", moment.dt)
    return definition


def _agrees_with_tz_database(definition, moments):
    """Whether a client converting with this definition alone gets each moment right."""
    own_reading = definition.to_tz(lookup_tzid=False)
    return all(
        moment.replace(tzinfo=None).replace(tzinfo=own_reading).utcoffset() == moment.utcoffset()
        for moment in moments
    )


def time_zone_definition(tzid, moments):
    """A VTIMEZONE for `tzid` that places every one of `moments` (aware, in that zone)
    right, for years to come: the zone's yearly rule where it covers them (every European
    zone), else the exact transitions far ahead."""
    first_year = min(moment.year for moment in moments) - 1
    try:
        rules = _rule_based_definition(tzid, first_year)
    except (TimezoneInfoError, ValueError):
        rules = None  # no rule in the footer, or a zone only the system database has
    if rules:
        definition = icalendar.Calendar.from_ical(rules).timezones[0]
        if _agrees_with_tz_database(definition, moments):
            return definition
    last = max(moment.year for moment in moments) + TRANSITIONS_REACH_YEARS
    return _exact_transitions_definition(
        tzid, datetime.date(first_year, 1, 1), datetime.date(last, 1, 1)
    )


def add_time_zones(calendar, events):
    """Each event zone's definition, placed before the events that refer to it."""
    moments_by_zone = {}
    for event in events:
        moments_by_zone.setdefault(event.zone.key, []).extend(
            [event.local_start(), event.local_end()]
        )
    for tzid, moments in sorted(moments_by_zone.items()):
        calendar.add_component(time_zone_definition(tzid, moments))


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
    vevent.add("sequence", event.calendar_sequence)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return vevent


def upcoming_events_calendar(index_page, request):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    # The feed of the index in one language: its texts say which (RFC 5545 LANGUAGE).
    language = {"LANGUAGE": index_page.locale.language_code}
    calendar.add("x-wr-calname", index_page.title, parameters=language)
    events = list(index_page.upcoming_events())
    add_time_zones(calendar, events)
    for event in events:
        vevent = vevent_for(event, request)
        for text in ("summary", "description", "location"):
            if text in vevent:
                vevent[text].params.update(language)
        calendar.add_component(vevent)
    return calendar.to_ical()


def discreet_title(event):
    """What a shared phone may show instead of the event's topic."""
    return _("Online meeting") if event.kind == "webinar" else _("Meeting")


def calendar_title(registration):
    return (
        discreet_title(registration.event)
        if registration.discreet_emails
        else registration.event_page.title
    )


def registration_uid(registration):
    # Stable for the registration's whole life, so a moved event updates the same entry;
    # built from ids, never from the secret manage token.
    return f"cope-event-{registration.event_id}-registration-{registration.pk}@events"


def event_location(event):
    return event.venue or event.online_platform or _("Online")


def organiser(registration):
    """The organisation's contact address from site settings (the sender's address when
    none is set), under a neutral name for discreet e-mails."""
    from cope_site.models import SiteSettings

    site_settings = SiteSettings.for_site(registration.event.get_site())
    address = site_settings.contact_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    name = _("Events team") if registration.discreet_emails else site_settings.organisation_name
    organiser = icalendar.vCalAddress(f"mailto:{address}")
    organiser.params["CN"] = name
    return organiser


def attendee(registration, method):
    address = icalendar.vCalAddress(f"mailto:{registration.email}")
    address.params["CN"] = registration.name
    address.params["ROLE"] = "REQ-PARTICIPANT"
    if method == "REQUEST":
        # They registered, so the entry is accepted; no reply is asked of them.
        address.params["PARTSTAT"] = "ACCEPTED"
        address.params["RSVP"] = "FALSE"
    return address


def registration_method(registration):
    """REQUEST puts or updates the registrant's entry, CANCEL removes it; None when they
    hold no entry and should get none (waiting list, or never sent one)."""
    from .models import RegistrationEmail, RegistrationStatus

    if registration.status == RegistrationStatus.CANCELLED or registration.event.is_cancelled:
        holds_entry = registration.emails.filter(
            kind__in=ENTRY_EMAIL_KINDS, status=RegistrationEmail.Status.SENT
        ).exists()
        return "CANCEL" if holds_entry else None
    if registration.status == RegistrationStatus.CONFIRMED:
        return "REQUEST"
    return None


def registration_sequence(registration):
    """The event's revision; one more once the registrant cancels, so their CANCEL
    outranks the last REQUEST they were sent."""
    from .models import RegistrationStatus

    cancelled_by_them = registration.status == RegistrationStatus.CANCELLED
    return registration.event.calendar_sequence + (1 if cancelled_by_them else 0)


def registration_calendar(registration, manage_url, method):
    """A registrant's own entry, attached to their e-mails, in their language: its
    words from the page in that language, its times from the original page."""
    event = registration.event_page
    original = registration.event
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    add_time_zones(calendar, [original])

    entry = icalendar.Event()
    entry.add("uid", registration_uid(registration))
    entry.add("dtstamp", timezone.now())
    entry.add("sequence", registration_sequence(registration))
    entry.add("organizer", organiser(registration))
    entry.add("attendee", attendee(registration, method))
    entry.add("dtstart", original.local_start())
    entry.add("dtend", original.local_end())
    entry.add("summary", calendar_title(registration))
    entry.add("location", event_location(event))
    entry.add("url", event.full_url)
    entry.add("description", _("Your registration: %(url)s") % {"url": manage_url})
    entry.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    calendar.add_component(entry)
    return calendar.to_ical()


def registration_calendar_attachment(registration, manage_url):
    """(file name, content, MIME type) for the e-mail, or None when it carries no entry.
    The method is in the MIME type too: Outlook and Gmail read it there."""
    method = registration_method(registration)
    if method is None:
        return None
    return (
        "event.ics",
        registration_calendar(registration, manage_url, method),
        f"text/calendar; method={method}; charset=utf-8",
    )


def _utc_stamp(moment):
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


def add_to_calendar_links(registration):
    """Links that open a prefilled entry in the common web calendars."""
    event = registration.event_page
    original = registration.event
    title = calendar_title(registration)
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": f"{_utc_stamp(original.start)}/{_utc_stamp(original.end)}",
            "details": event.full_url,
            "location": event_location(event),
        }
    )
    outlook = "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(
        {
            "subject": title,
            "startdt": original.start.astimezone(ZoneInfo("UTC")).isoformat(),
            "enddt": original.end.astimezone(ZoneInfo("UTC")).isoformat(),
            "body": event.full_url,
            "location": event_location(event),
            "path": "/calendar/action/compose",
            "rru": "addevent",
        }
    )
    return [("Google Calendar", google), ("Outlook", outlook)]
