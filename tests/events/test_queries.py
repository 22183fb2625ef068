"""Event pages fetch their data in a fixed number of queries, however many events, with
nothing cached."""

import datetime

from events import services
from tests.conftest import make_image
from tests.test_queries import count_queries

from .conftest import make_event, registration_data


def grow(event_index, total, image):
    existing = event_index.get_children().count()
    for number in range(existing, total):
        days = datetime.timedelta(days=number - total // 2)
        event = make_event(
            event_index,
            f"Event {number}",
            starts_in=days,
            listing_image=image,
            topics=["growth", f"topic-{number % 5}"],
        )
        if days.days > 0:
            services.register(event, registration_data(number))


def test_event_index_and_page_queries_do_not_grow(event_index, client, nothing_cached):
    image = make_image()
    grow(event_index, 4, image)
    event = make_event(event_index, "Measured", listing_image=image)
    urls = [
        event_index.url,
        event_index.url + "?topic=growth",
        event.url,
        event_index.url + "calendar/",
    ]
    small = {url: count_queries(client, url) for url in urls}
    grow(event_index, 40, image)
    for number in range(5):
        services.register(event, registration_data(100 + number))
    large = {url: count_queries(client, url) for url in urls}
    assert small == large
    # Nothing cached, like the homepage, news index and article (tests/test_queries.py).
    # The event page's 19 include one lookup of the JSON-LD's three image renditions
    # (Wagtail keeps renditions in the shared cache, so warm servers skip it). Each has
    # the same three for the request's languages as those pages (tests/test_queries.py),
    # and the header and footer texts in the page's language; the event page one more
    # for its original page, whose dates and registrations count in every language
    # (EventPage.registration_event). The calendar feed reads its index's locale, for
    # the LANGUAGE of its texts.
    assert large == dict(zip(urls, [22, 22, 24, 12], strict=True)), large
