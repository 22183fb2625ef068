import datetime

from django.core.cache import cache
from django.utils import timezone

import pytest

from events.models import EventIndexPage, EventKind, EventPage
from tests.conftest import make_topics

SECRET_JOIN_LINK = "https://meet.example.org/j/private-join-8d41f0c2"


@pytest.fixture(autouse=True)
def fresh_rate_limit_counters():
    # The rate limit counts in the cache, which outlives a test in one process.
    cache.clear()
    yield
    cache.clear()


def get_event_index(home):
    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(title="Webinars and events", slug="webinars")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def make_event(index, title="Schools and prisons together", *, starts_in=None, **fields):
    starts_in = datetime.timedelta(days=10) if starts_in is None else starts_in
    start = (timezone.now() + starts_in).replace(microsecond=0)
    values = {
        "kind": EventKind.WEBINAR,
        "start": start,
        "end": start + datetime.timedelta(minutes=90),
        "time_zone": "Europe/Brussels",
        "online_platform": "Zoom",
        "languages": "English",
        "intro": "How school staff and prison professionals can work together.",
        "capacity": 10,
        "waitlist_enabled": True,
        "join_link": SECRET_JOIN_LINK,
        **fields,
    }
    topics = values.pop("topics", [])
    event = EventPage(title=title, **values)
    index.add_child(instance=event)
    if topics:
        event.topics.set(make_topics(*topics))
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


@pytest.fixture
def event_index(site_content):
    return get_event_index(site_content.home)


@pytest.fixture
def event(event_index):
    return make_event(event_index)


def registration_data(number=0, **overrides):
    """What the form's cleaned_data holds, for the service."""
    return {
        "name": f"Person {number}",
        "email": f"person{number}@example.org",
        "organisation": "A school",
        "role": "school_staff",
        "country": "BE",
        "access_needs": [],
        "news_consent": False,
        "discreet_emails": False,
        "privacy_notice_version": "test",
        "language": "en",
        **overrides,
    }


def form_post(**overrides):
    """What a browser posts to the registration form."""
    data = {
        "name": "Ana",
        "email": "ana@example.org",
        "organisation": "École Jean Jaurès",
        "role": "school_staff",
        "country": "FR",
        "access_needs": ["live_captions"],
        "privacy_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
