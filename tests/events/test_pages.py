"""What visitors see on the events index and an event page."""

import datetime
import json
import re

from django.utils import timezone
from django.utils.cache import get_max_age

import pytest

from events.models import EventKind, RegistrationState
from tests.conftest import assert_nothing_inline_the_policy_blocks

from .conftest import SECRET_JOIN_LINK, make_event


def test_event_page_shows_times_in_the_event_zone_with_offset(event_index, client):
    start = datetime.datetime(2030, 1, 15, 13, 0, tzinfo=datetime.UTC)  # 14:00 in Brussels
    event = make_event(
        event_index,
        start=start,
        end=start + datetime.timedelta(minutes=90),
        starts_in=datetime.timedelta(0),
    )
    html = client.get(event.url).content.decode()
    assert "Tuesday 15 January 2030, 14:00" in html
    assert "15:30" in html
    assert "Europe/Brussels, UTC+01:00" in html

    lisbon = make_event(
        event_index,
        title="Lisbon meeting",
        start=start,
        end=start + datetime.timedelta(hours=1),
        time_zone="Europe/Lisbon",
        starts_in=datetime.timedelta(0),
    )
    assert "13:00" in client.get(lisbon.url).content.decode()
    assert lisbon.local_start().hour == 13 and lisbon.local_start().tzinfo.key == "Europe/Lisbon"


def cards(html, section):
    """Titles of the event cards in one section of the index, in order."""
    part = html.split(f'id="{section}-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="card__title"><a href="[^"]*">([^<]*)</a>', part)


def test_index_lists_upcoming_soonest_first_then_past_newest_first(event_index, client):
    day = datetime.timedelta(days=1)
    make_event(event_index, "Later", starts_in=20 * day)
    make_event(event_index, "Sooner", starts_in=2 * day)
    make_event(event_index, "Long ago", starts_in=-60 * day)
    make_event(event_index, "Last month", starts_in=-30 * day)
    html = client.get(event_index.url).content.decode()
    assert cards(html, "upcoming")[-2:] == ["Sooner", "Later"][-2:] or cards(html, "upcoming")
    upcoming = cards(html, "upcoming")
    assert upcoming.index("Sooner") < upcoming.index("Later")
    assert cards(html, "past") == ["Last month", "Long ago"]


def test_index_filters_by_kind_and_topic_and_refuses_unknown_values(event_index, client):
    make_event(event_index, "Online talk", kind=EventKind.WEBINAR, topics=["schools"])
    make_event(
        event_index,
        "Meeting in Brussels",
        kind=EventKind.IN_PERSON,
        venue="Rue 1, Brussels",
        join_link="",
        topics=["prisons"],
    )
    html = client.get(event_index.url + "?kind=in_person").content.decode()
    assert cards(html, "upcoming") == ["Meeting in Brussels"]
    html = client.get(event_index.url + "?topic=schools").content.decode()
    assert cards(html, "upcoming") == ["Online talk"]
    assert client.get(event_index.url + "?kind=party").status_code == 404
    assert client.get(event_index.url + "?page=99").status_code == 404
    assert client.get(event_index.url + "?page=abc").status_code == 404


def test_past_events_are_paginated(event_index, client):
    for number in range(12):
        make_event(event_index, f"Past {number:02}", starts_in=datetime.timedelta(days=-number - 1))
    first = cards(client.get(event_index.url).content.decode(), "past")
    second = cards(client.get(event_index.url + "?page=2").content.decode(), "past")
    assert first[:2] == ["Past 00", "Past 01"] and len(first) == 10
    assert second == ["Past 10", "Past 11"]


def test_calendar_feed_parses_back_with_time_zones(event_index, client):
    import icalendar

    start = datetime.datetime(2031, 3, 4, 13, 0, tzinfo=datetime.UTC)
    make_event(
        event_index,
        "Feed event",
        start=start,
        end=start + datetime.timedelta(hours=1),
        starts_in=datetime.timedelta(0),
    )
    make_event(event_index, "Old event", starts_in=datetime.timedelta(days=-5))
    response = client.get(event_index.url + "calendar/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert "Old event" not in events
    feed_event = events["Feed event"]
    assert feed_event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert feed_event.decoded("DTSTART") == start
    assert feed_event.decoded("DTSTART").hour == 14  # Brussels wall-clock time
    assert str(feed_event["URL"]).endswith("/feed-event/")
    assert str(feed_event["UID"]).startswith("event-")
    assert calendar.walk("VTIMEZONE"), "calendar apps need the zone's definition"
    assert SECRET_JOIN_LINK not in response.content.decode()


def structured_data(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_event_page_has_schema_org_event_data(event_index, client):
    event = make_event(event_index, "Data <b>&</b> </script> event")
    data = structured_data(client.get(event.url).content.decode())
    assert data["@type"] == "Event"
    assert data["name"] == "Data <b>&</b> </script> event"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["startDate"] == event.local_start().isoformat()

    event.is_cancelled = True
    event.kind = EventKind.HYBRID
    event.venue = "Rue 1, Brussels"
    event.save_revision().publish()
    data = structured_data(client.get(event.url).content.decode())
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"


def test_join_link_is_on_no_public_page_feed_sitemap_search_or_data(event_index, client):
    event = make_event(event_index, "Secret link webinar", intro="Joinable online")
    pages = [
        "/en/",
        event_index.url,
        event_index.url + "calendar/",
        event.url,
        event.url + "register/",
        "/sitemap.xml",
        "/en/search/?q=Secret",
        "/en/search/?q=private-join",
        "/en/search/?q=meet.example.org",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET_JOIN_LINK not in response.content.decode(), url
    assert "Secret link webinar" in client.get("/en/search/?q=Secret").content.decode()
    for query in ("private-join", "meet.example.org"):
        html = client.get(f"/en/search/?q={query}").content.decode()
        assert "Secret link webinar" not in html, "the join link is not searchable"


def test_event_pages_carry_nothing_inline_the_policy_blocks(event_index, client):
    event = make_event(event_index)
    for url in [event_index.url, event.url, event.url + "register/"]:
        assert_nothing_inline_the_policy_blocks(client.get(url), url)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (
            {"registration_opens": timezone.now() + datetime.timedelta(days=2)},
            "Registration opens on",
        ),
        ({}, "Registration is open: 10 places left."),
        ({"capacity": None}, "Registration is open."),
        (
            {"registration_closes": timezone.now() - datetime.timedelta(hours=1)},
            "Registration has closed.",
        ),
        ({"is_cancelled": True}, "This event has been cancelled."),
        (
            {
                "starts_in": datetime.timedelta(days=-3),
                "recording_link": "https://video.example.org/rec",
            },
            "Watch the recording",
        ),
    ],
)
def test_event_page_says_the_registration_state_in_words(event_index, client, fields, words):
    event = make_event(event_index, **fields)
    assert words in client.get(event.url).content.decode()


def test_full_event_offers_the_waiting_list_or_says_full(event_index, client):
    from events import services

    from .conftest import registration_data

    event = make_event(event_index, capacity=1)
    services.register(event, registration_data(1))
    assert event.registration_state() == RegistrationState.FULL_WAITLIST
    html = client.get(event.url).content.decode()
    assert "This event is full — join the waiting list" in html
    event.waitlist_enabled = False
    event.save_revision().publish()
    html = client.get(event.url).content.decode()
    assert "This event is full." in html
    assert "Join the waiting list" not in html


def test_pages_with_time_dependent_state_expire_when_it_changes(event_index, client):
    opening = make_event(
        event_index,
        "Opens in a minute",
        registration_opens=timezone.now() + datetime.timedelta(seconds=60),
    )
    response = client.get(opening.url)
    assert (
        "not open yet" in response.content.decode().lower()
        or "opens on" in response.content.decode().lower()
    )
    max_age = get_max_age(response)
    assert max_age is not None and 0 < max_age <= 61

    index = client.get(event_index.url)
    assert get_max_age(index) is not None
