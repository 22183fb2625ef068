"""Redis stops, starts again empty, and freezes under the site: pages and registration
still work; the registration rate limit is counted only while Redis answers, and each
cache call that failed is logged. On a redis-server of the test's own (conftest.py).

Django's cache is only what app servers share (rate-limit counters, Wagtail's site root
paths): a miss is worked out afresh (cope_site/cache_backends.py)."""

import logging
import signal
import time

import pytest

from events.models import Registration
from tests.events.conftest import form_post, get_event_index, make_event


@pytest.fixture
def cache_on_own_redis(settings, redis_server):
    settings.CACHES = {
        "default": {
            "BACKEND": "cope_site.cache_backends.ForgivingRedisCache",
            "LOCATION": redis_server.url,
            # As in settings/base.py.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Two posts an hour from one address: the limit shows within a few posts.
    settings.EVENTS_REGISTRATION_RATE = (2, 3600)
    return redis_server


def hung(signum, frame):
    raise AssertionError("a request hung on the frozen Redis")


def test_pages_and_registration_work_while_redis_is_down_or_frozen(
    site_content, client, cache_on_own_redis, caplog
):
    redis = cache_on_own_redis
    event = make_event(get_event_index(site_content.home), "While Redis is away")
    pages = ["/", "/news/", site_content.articles[0].url, "/webinars/", event.url]
    numbers = iter(range(100))

    def register():
        number = next(numbers)
        fields = form_post(name=f"Person {number}", email=f"person{number}@example.org")
        return client.post(event.url + "register/", fields).status_code

    # Redis answers: the third post from one address within the hour is refused.
    assert [register() for _ in range(3)] == [302, 302, 429]

    redis.stop()
    caplog.set_level(logging.WARNING, logger="cope_site.cache_backends")
    for url in pages:
        assert client.get(url).status_code == 200, url
    # Not counted while Redis is down: every post goes through, and the log says why.
    assert [register() for _ in range(3)] == [302, 302, 302]
    assert "Cache unavailable (incr)" in caplog.text

    redis.start()  # empty: no persistence, counting starts again
    assert [register() for _ in range(3)] == [302, 302, 429]

    redis.freeze()
    # Without socket timeouts the requests below wait for ever: a guard, not a
    # measurement (SIGALRM interrupts a blocked read in this, the main, thread).
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        started = time.monotonic()
        assert [client.get(url).status_code for url in pages] == [200] * len(pages)
        assert register() == 302
        print(
            f"{len(pages)} pages, a registration, Redis frozen: {time.monotonic() - started:.1f} s"
        )
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        redis.thaw()

    # Everyone told they were registered is, once; the refused ones are not.
    stored = sorted(Registration.objects.filter(event=event).values_list("email", flat=True))
    told = [f"person{n}@example.org" for n in (0, 1, 3, 4, 5, 6, 7, 9)]
    assert stored == sorted(told)
