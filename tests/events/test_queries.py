"""Event pages fetch their data in a fixed number of queries, however many events."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from tests.conftest import make_image

from .conftest import make_event, registration_data


def count_queries(client, url):
    client.get(url)  # warm per-process caches (site root paths, settings), as a server would
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def grow(event_index, total, image):
    existing = event_index.get_children().count()
    for number in range(existing, total):
        days = datetime.timedelta(days=number - total // 2)
        event = make_event(
            event_index,
            f"Event {number}",
            starts_in=days,
            listing_image=image,
            tags=["growth", f"topic-{number % 5}"],
        )
        if days.days > 0:
            services.register(event, registration_data(number))


def test_event_index_and_page_queries_do_not_grow(event_index, client):
    image = make_image()
    grow(event_index, 4, image)
    event = make_event(event_index, "Measured", listing_image=image)
    urls = [
        event_index.url,
        event_index.url + "?tag=growth",
        event.url,
        event_index.url + "calendar/",
    ]
    small = {url: count_queries(client, url) for url in urls}
    grow(event_index, 40, image)
    for number in range(5):
        services.register(event, registration_data(100 + number))
    large = {url: count_queries(client, url) for url in urls}
    assert small == large
    # Under 15, like the homepage, news index and article (tests/test_queries.py). The
    # routes, lists, contents and places left are kept until the next change (or, for
    # the lists, the next event's end); the calendar reads its events afresh.
    assert large == {**dict.fromkeys(urls, 0), event_index.url + "calendar/": 1}, large
