"""Redis freezes, stops and starts again empty under the site: pages and registration
still work; the registration rate limit is counted only while Redis answers, and the
log says when it does not. On a redis-server of the test's own (conftest.py).

Django's cache is only what app servers share (rate-limit counters, Wagtail's site root
paths): a miss is worked out afresh (cope_site/cache_backends.py)."""

import logging
import signal
import time

import pytest

from events.models import Registration
from tests.events.conftest import form_post, get_event_index, make_event

PAUSE_AFTER_FAILURE = 3


@pytest.fixture
def cache_on_own_redis(settings, redis_server):
    settings.CACHES = {
        "default": {
            "BACKEND": "cope_site.cache_backends.ForgivingRedisCache",
            "LOCATION": redis_server.url,
            # As in settings/base.py, with a shorter pause for the test to wait out.
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "pause_after_failure": PAUSE_AFTER_FAILURE,
            },
        }
    }
    # Two posts an hour from one address: the limit shows within a few posts.
    settings.EVENTS_REGISTRATION_RATE = (2, 3600)
    return redis_server


def hung(signum, frame):
    raise AssertionError("a request hung on the frozen Redis")


def cache_warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "cope_site.cache_backends"]


def test_pages_and_registration_work_while_redis_is_frozen_or_down(
    site_content, client, cache_on_own_redis, caplog
):
    redis = cache_on_own_redis
    caplog.set_level(logging.WARNING, logger="cope_site.cache_backends")
    event = make_event(get_event_index(site_content.home), "While Redis is away")
    pages = ["/en/", "/en/news/", site_content.articles[0].url, "/en/webinars/", event.url]
    numbers = iter(range(100))
    told_registered = []

    def register():
        number = next(numbers)
        email = f"person{number}@example.org"
        status = client.post(event.url + "register/", form_post(email=email)).status_code
        if status == 302:  # to the thank-you page
            told_registered.append(email)
        return status

    # Redis answers: the third post from one address within the hour is refused.
    assert [register() for _ in range(3)] == [302, 302, 429]

    redis.freeze()
    # Without socket timeouts the requests below wait for ever: a guard, not a
    # measurement (SIGALRM interrupts a blocked read in this, the main, thread).
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        started = time.monotonic()
        assert [client.get(url).status_code for url in pages] == [200] * len(pages)
        # Not counted while Redis does not answer: the post goes through.
        assert register() == 302
        print(
            f"{len(pages)} pages, a registration, Redis frozen: {time.monotonic() - started:.1f} s"
        )
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        redis.thaw()
    # One line, for the first call that timed out; the others did not wait for Redis.
    assert cache_warnings(caplog) == [
        f"Cache unavailable (get), not asked again for {PAUSE_AFTER_FAILURE} s: "
        "Timeout reading from socket"
    ]

    redis.stop()
    time.sleep(PAUSE_AFTER_FAILURE)
    for url in pages:
        assert client.get(url).status_code == 200, url
    assert [register() for _ in range(3)] == [302, 302, 302]
    assert "Connection refused" in cache_warnings(caplog)[-1]

    redis.start()  # empty: no persistence, counting starts again
    time.sleep(PAUSE_AFTER_FAILURE)
    assert [register() for _ in range(3)] == [302, 302, 429]

    # Everyone told they were registered is, once; the refused ones are not.
    stored = sorted(Registration.objects.filter(event=event).values_list("email", flat=True))
    assert len(told_registered) == 8
    assert stored == sorted(told_registered)
