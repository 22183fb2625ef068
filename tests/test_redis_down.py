"""With Redis down, the site still answers: Django's cache is only what app servers share
(rate-limit counters, Wagtail's site root paths), and a miss is worked out afresh."""

import pytest

from events.models import Registration
from tests.edge.harness import free_port
from tests.events.conftest import form_post, get_event_index, make_event


@pytest.fixture
def redis_stopped(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "cope_site.cache_backends.ForgivingRedisCache",
            # A free loopback port is one nothing listens on: a stopped Redis.
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_every_page_answers_and_a_registration_goes_through(site_content, client, redis_stopped):
    event = make_event(get_event_index(site_content.home), "While Redis is down")
    for url in ["/", "/news/", site_content.articles[0].url, "/webinars/", event.url]:
        assert client.get(url).status_code == 200, url
    response = client.post(event.url + "register/", form_post())
    assert response.status_code == 302
    assert Registration.objects.filter(event=event).count() == 1
