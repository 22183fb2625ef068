"""Editors create events in the admin, typing times in the event's own time zone."""

import datetime

from django.contrib.auth import get_user_model

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import EventIndexPage, EventPage
from home.models import HomePage
from tests.conftest import load_site_content, make_topics, sign_in_to_admin


class EventEditorTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        load_site_content()
        cls.index = EventIndexPage.objects.get(locale__language_code="en")
        cls.editor = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw")

    def setUp(self):
        sign_in_to_admin(self.client, self.editor)

    def event_form(self, **fields):
        form = nested_form_data(
            {
                "title": "Family day in Lisbon",
                "slug": "family-day-lisbon",
                "kind": "hybrid",
                "start": "2031-05-10 14:00",
                "end": "2031-05-10 16:30",
                "time_zone": "Europe/Lisbon",
                "venue": "Rua Augusta 1, Lisbon",
                "online_platform": "Zoom",
                "languages": "Portuguese, English",
                "intro": "A day for families.",
                "body": streamfield([("paragraph", rich_text("<p>Programme.</p>"))]),
                "speakers": inline_formset(
                    [{"name": "Rita", "role": "Chair", "organisation": "COPE", "photo": ""}]
                ),
                "capacity": "40",
                "registration_opens": "2031-04-01 09:00",
                "registration_closes": "",
                "waitlist_enabled": "on",
                "join_link": "https://meet.example.org/j/lisbon",
                "recording_link": "",
                "action-publish": "publish",
                **fields,
            }
        )
        # Ticked boxes: one value each under the field's name.
        return {**form, "topics": [topic.pk for topic in make_topics("families")]}

    def test_times_are_read_in_the_event_time_zone(self):
        self.assertCanCreateAt(EventIndexPage, EventPage)
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertCanCreate(self.index, EventPage, self.event_form())
        event = EventPage.objects.get(slug="family-day-lisbon")
        # 14:00 in Lisbon (UTC+1 in May) is 13:00 UTC, whatever the admin's own zone.
        assert event.start == datetime.datetime(2031, 5, 10, 13, 0, tzinfo=datetime.UTC)
        assert event.registration_opens == datetime.datetime(2031, 4, 1, 8, 0, tzinfo=datetime.UTC)
        assert event.speakers.get().name == "Rita"
        assert [topic.slug for topic in event.topics.all()] == ["families"]

        # The edit form shows the same wall-clock time back.
        response = self.client.get(f"/admin/pages/{event.pk}/edit/")
        assert response.context["form"].initial["start"] == datetime.datetime(2031, 5, 10, 14, 0)

    def test_bad_time_zone_and_end_before_start_are_form_errors(self):
        response = self.client.post(
            f"/admin/pages/add/events/eventpage/{self.index.pk}/",
            self.event_form(time_zone="Mars/Olympus", end="2031-05-10 10:00"),
        )
        assert response.status_code == 200
        form = response.context["form"]
        assert "time_zone" in form.errors
        assert not EventPage.objects.filter(slug="family-day-lisbon").exists()
