"""The calendar files as calendar apps read them: Mozilla's ical.js (Thunderbird's parser)
and Python's icalendar, each converting times with the file's own VTIMEZONE."""

import datetime
import json
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core import mail

import icalendar
import pytest

from cope_site.models import SiteSettings
from events import services
from events.calendar import event_uid, registration_uid, time_zone_definition
from events.models import EventPage, RegistrationStatus
from tests.conftest import skip_or_fail
from tests.events.conftest import make_event, registration_data

PROJECT = Path(__file__).resolve().parents[2]
ICALJS_READER = Path(__file__).with_name("read_with_icaljs.mjs")
NEXT_YEAR = datetime.date.today().year + 1
CONTACT = "events@cope.example"


def read_with_icaljs(texts):
    """What ical.js makes of each .ics text: one Node process for them all."""
    node = shutil.which("node")
    if not node:
        skip_or_fail("node not found: install Node.js 20, e.g. apt-get install nodejs npm")
    if not (PROJECT / "node_modules" / "ical.js" / "package.json").exists():
        skip_or_fail("ical.js not installed: run `make install` (needs npm)")
    done = subprocess.run(
        [node, str(ICALJS_READER)],
        input=json.dumps([text.decode() for text in texts]),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def read_with_icalendar(text):
    """What Python's icalendar makes of an .ics text. A known TZID is read with the tz
    database, so each start is also converted with the file's VTIMEZONE alone."""
    calendar = icalendar.Calendar.from_ical(text)
    own_zones = {
        str(zone["TZID"]): zone.to_tz(lookup_tzid=False) for zone in calendar.walk("VTIMEZONE")
    }
    events = []
    for vevent in calendar.walk("VEVENT"):
        start = vevent["DTSTART"]
        wall_clock = start.dt.replace(tzinfo=None)
        by_definition = wall_clock.replace(tzinfo=own_zones[start.params["TZID"]])
        events.append(
            {
                "uid": str(vevent["UID"]),
                "sequence": int(vevent.get("SEQUENCE", 0)),  # RFC 5545: 0 if absent
                "status": str(vevent.get("STATUS", "")),
                "start_utc": start.dt.astimezone(datetime.UTC),
                "start_utc_by_definition": by_definition.astimezone(datetime.UTC),
                "organizer": str(vevent.get("ORGANIZER", "")),
                "attendees": [str(attendee) for attendee in vevent.attendees],
            }
        )
    return {"method": str(calendar.get("METHOD", "")), "events": events}


def as_utc(iso):
    return datetime.datetime.fromisoformat(iso.replace("Z", "+00:00"))


def calendar_attachment(message):
    (name, content, mimetype) = message.attachments[0]
    assert name == "event.ics"
    return content if isinstance(content, bytes) else content.encode(), mimetype


def register(event, capture, number, **overrides):
    with capture(execute=True):
        return services.register(event, registration_data(number, **overrides))[0]


# Brussels and Helsinki keep summer time from March to October, Lisbon is on UTC in
# winter: each of these was an hour off with one RDATE line listing many dates.
ZONES_AND_DATES = [
    ("Europe/Brussels", datetime.datetime(NEXT_YEAR, 1, 20, 18, 30)),
    ("Europe/Brussels", datetime.datetime(NEXT_YEAR, 7, 14, 9, 0)),
    ("Europe/Lisbon", datetime.datetime(NEXT_YEAR, 1, 20, 18, 30)),
    ("Europe/Lisbon", datetime.datetime(NEXT_YEAR, 7, 14, 9, 0)),
    ("Europe/Helsinki", datetime.datetime(NEXT_YEAR, 1, 20, 18, 30)),
    ("Europe/Helsinki", datetime.datetime(NEXT_YEAR, 7, 14, 9, 0)),
    # Far beyond 2038, where icalendar's own definitions stop.
    ("Europe/Brussels", datetime.datetime(2047, 7, 10, 10, 0)),
]


def test_every_parser_places_the_feed_and_email_events_at_their_database_time(
    event_index, client, django_capture_on_commit_callbacks
):
    database_starts = {}  # UID -> start as stored
    for number, (zone, wall_clock) in enumerate(ZONES_AND_DATES):
        start = wall_clock.replace(tzinfo=ZoneInfo(zone))
        event = make_event(
            event_index,
            f"{zone} {wall_clock:%Y-%m}",
            start=start,
            end=start + datetime.timedelta(hours=2),
            time_zone=zone,
        )
        registration = register(event, django_capture_on_commit_callbacks, number)
        stored = EventPage.objects.get(pk=event.pk).start
        database_starts[event_uid(event, "testserver")] = (stored, zone)
        database_starts[registration_uid(registration)] = (stored, zone)
    feed = client.get(event_index.url + "calendar/").content
    attachments = [calendar_attachment(message)[0] for message in mail.outbox]
    assert len(attachments) == len(ZONES_AND_DATES)

    checked = set()
    texts = [feed, *attachments]
    for text, by_js in zip(texts, read_with_icaljs(texts), strict=True):
        by_python = {entry["uid"]: entry for entry in read_with_icalendar(text)["events"]}
        for entry in by_js["events"]:
            if entry["uid"] not in database_starts:
                continue  # the initial content's own events
            stored, zone = database_starts[entry["uid"]]
            python_entry = by_python[entry["uid"]]
            assert entry["start_zone"] == zone
            assert as_utc(entry["start_utc"]) == stored, (entry["uid"], zone, "ical.js")
            assert python_entry["start_utc"] == stored, (entry["uid"], zone)
            assert python_entry["start_utc_by_definition"] == stored, (entry["uid"], zone)
            checked.add(entry["uid"])
    assert checked == set(database_starts)


def test_time_zone_definitions_use_yearly_rules_as_big_clients_write_them(event_index, client):
    start = datetime.datetime(NEXT_YEAR, 7, 14, 9, 0, tzinfo=ZoneInfo("Europe/Lisbon"))
    make_event(
        event_index,
        "Lisbon",
        start=start,
        end=start + datetime.timedelta(hours=1),
        time_zone="Europe/Lisbon",
    )
    text = client.get(event_index.url + "calendar/").content.decode()
    zones = icalendar.Calendar.from_ical(text).walk("VTIMEZONE")
    (zone,) = [zone for zone in zones if zone["TZID"] == "Europe/Lisbon"]
    rules = {sub.name: sub["RRULE"].to_ical().decode() for sub in zone.subcomponents}
    assert rules == {
        "STANDARD": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "DAYLIGHT": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    }
    assert all("RDATE" not in observance for observance in zone.subcomponents)


def test_a_zone_whose_rule_changed_gets_every_transition_one_rdate_a_line():
    """São Paulo kept summer time until 2019: its current rule (none) would put an
    event of January 2018 an hour off, so the exact transitions are written."""
    zone = ZoneInfo("America/Sao_Paulo")
    start = datetime.datetime(2018, 1, 10, 10, 0, tzinfo=zone)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    calendar.add_component(time_zone_definition("America/Sao_Paulo", [start]))
    vevent = icalendar.Event()
    vevent.add("uid", "sao-paulo@test")
    vevent.add("dtstamp", start)
    vevent.add("dtstart", start)
    calendar.add_component(vevent)
    text = calendar.to_ical()

    assert b"RDATE" in text
    assert all(b"," not in line for line in text.splitlines() if line.startswith(b"RDATE"))
    ((entry,),) = [read["events"] for read in read_with_icaljs([text])]
    assert as_utc(entry["start_utc"]) == start == as_utc("2018-01-10T12:00:00Z")
    (read_by_python,) = read_with_icalendar(text)["events"]
    assert read_by_python["start_utc_by_definition"] == start


def feed_entry(client, event_index, event):
    feed = read_with_icalendar(client.get(event_index.url + "calendar/").content)
    (entry,) = [e for e in feed["events"] if e["uid"] == event_uid(event, "testserver")]
    return {**entry, "method": feed["method"]}


def entries(messages):
    """(recipient, METHOD, the entry as ical.js and icalendar read it) per e-mail with a
    calendar file, in the order sent."""
    with_calendar = [m for m in messages if m.attachments]
    texts = [calendar_attachment(m)[0] for m in with_calendar]
    read = []
    for message, text, by_js in zip(with_calendar, texts, read_with_icaljs(texts), strict=True):
        by_python = read_with_icalendar(text)
        assert by_js["method"] == by_python["method"]
        (js_entry,) = by_js["events"]
        (python_entry,) = by_python["events"]
        assert js_entry["uid"] == python_entry["uid"]
        assert js_entry["sequence"] == python_entry["sequence"]
        assert as_utc(js_entry["start_utc"]) == python_entry["start_utc_by_definition"]
        assert js_entry["organizer"]["address"] == python_entry["organizer"]
        assert [a["address"] for a in js_entry["attendees"]] == python_entry["attendees"]
        _, mimetype = calendar_attachment(message)
        assert f"method={by_js['method']}" in mimetype
        read.append((message.to[0], by_js["method"], js_entry))
    return read


def test_a_moved_event_updates_and_a_cancellation_removes_the_registrants_entry(
    event_index, site_content, client, django_capture_on_commit_callbacks
):
    site_settings = SiteSettings.for_site(site_content.site)
    site_settings.contact_email = CONTACT
    site_settings.save()
    event = make_event(event_index, capacity=2)
    capture = django_capture_on_commit_callbacks
    ana = register(event, capture, 1, name="Ana")
    register(event, capture, 2)
    waiting = register(event, capture, 3)
    assert waiting.status == RegistrationStatus.WAITLISTED

    [(to, method, confirmed), (_, _, second)] = entries(mail.outbox)
    assert (to, method) == ("person1@example.org", "REQUEST")
    assert confirmed["organizer"]["address"] == f"mailto:{CONTACT}"
    assert confirmed["organizer"]["cn"] == site_settings.organisation_name
    assert confirmed["attendees"] == [
        {"address": "mailto:person1@example.org", "cn": "Ana", "partstat": "ACCEPTED"}
    ]
    feed_before = feed_entry(client, event_index, event)
    mail.outbox.clear()

    # The editor moves the event by a day and publishes.
    event.start += datetime.timedelta(days=1)
    event.end += datetime.timedelta(days=1)
    with capture(execute=True):
        event.save_revision().publish()
    moved = entries(mail.outbox)
    # The waiting registrant hears of it but gets no calendar entry.
    assert sorted(to for to, _, _ in moved) == ["person1@example.org", "person2@example.org"]
    for to, method, entry in moved:
        before = confirmed if to == "person1@example.org" else second
        assert method == "REQUEST"
        assert entry["uid"] == before["uid"]
        assert entry["sequence"] > before["sequence"]
        assert as_utc(entry["start_utc"]) == event.start
        assert entry["organizer"]["address"] == f"mailto:{CONTACT}"
        assert entry["attendees"][0]["address"] == f"mailto:{to}"
    # The public feed stays a subscription, its entry updated in place.
    feed_after = feed_entry(client, event_index, event)
    assert feed_after["method"] == "PUBLISH"
    assert feed_after["sequence"] > feed_before["sequence"]
    last_sent = {to: entry for to, _, entry in moved}
    mail.outbox.clear()

    # Ana cancels her registration: her entry is cancelled; her place goes to person 3.
    with capture(execute=True):
        services.cancel(ana)
    after_cancel = {to: (method, entry) for to, method, entry in entries(mail.outbox)}
    method, entry = after_cancel["person1@example.org"]
    assert method == "CANCEL" and entry["status"] == "CANCELLED"
    assert entry["uid"] == last_sent["person1@example.org"]["uid"]
    assert entry["sequence"] > last_sent["person1@example.org"]["sequence"]
    assert entry["organizer"]["address"] == f"mailto:{CONTACT}"
    assert entry["attendees"][0]["address"] == "mailto:person1@example.org"
    method, entry = after_cancel["person3@example.org"]
    assert method == "REQUEST"
    last_sent["person3@example.org"] = entry
    mail.outbox.clear()

    # The editor cancels the event: every entry left is cancelled.
    event.is_cancelled = True
    with capture(execute=True):
        event.save_revision().publish()
    cancelled = entries(mail.outbox)
    assert sorted(to for to, _, _ in cancelled) == ["person2@example.org", "person3@example.org"]
    for to, method, entry in cancelled:
        assert method == "CANCEL" and entry["status"] == "CANCELLED"
        assert entry["uid"] == last_sent[to]["uid"]
        assert entry["sequence"] > last_sent[to]["sequence"]
        assert entry["organizer"]["address"] == f"mailto:{CONTACT}"
        assert entry["attendees"][0]["address"] == f"mailto:{to}"


def test_a_waiting_registrant_who_cancels_gets_no_calendar_file(
    event_index, django_capture_on_commit_callbacks
):
    event = make_event(event_index, capacity=1)
    register(event, django_capture_on_commit_callbacks, 1)
    waiting = register(event, django_capture_on_commit_callbacks, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(waiting)
    (message,) = mail.outbox
    assert message.subject.startswith("Your registration is cancelled")
    assert message.attachments == []


@pytest.mark.parametrize(
    ("change", "raises"),
    [
        ({"venue": "Rue Haute 1, Brussels", "kind": "hybrid"}, True),
        ({"online_platform": "Teams"}, True),
        ({"title": "A clearer title"}, False),
    ],
)
def test_calendar_sequence_rises_on_publishes_that_change_time_or_place(
    event_index, change, raises
):
    event = make_event(event_index)
    first_revision = event.latest_revision
    for field, value in change.items():
        setattr(event, field, value)
    event.save_revision()
    assert EventPage.objects.get(pk=event.pk).calendar_sequence == 0, "a draft tells nobody"
    event.latest_revision.publish()
    assert EventPage.objects.get(pk=event.pk).calendar_sequence == (1 if raises else 0)

    # Publishing an older revision (which recorded 0) never takes the number back.
    first_revision.publish()
    assert EventPage.objects.get(pk=event.pk).calendar_sequence == (2 if raises else 0)
