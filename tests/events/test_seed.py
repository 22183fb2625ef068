"""The initial content makes COPE's webinar a real, open event; reloading changes nothing."""

import io

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page

from cope_site.models import HeaderFooterTexts
from events.models import EventIndexPage, EventPage, RegistrationState
from home.initial_content import load_content_data, load_initial_content
from home.models import CarouselSlide, HomePage, StandardPage
from tests.conftest import ensure_wagtail_root


def test_the_webinar_is_an_open_future_event_first_in_the_carousel(site_content, client):
    webinar = EventPage.objects.get(locale__language_code="en")
    assert webinar.title.startswith("Collaborative solutions")
    assert webinar.get_parent().specific_class is EventIndexPage
    assert webinar.url == "/en/webinars/collaborative-solutions/"
    local = webinar.local_start()
    assert (local.hour, local.minute, str(local.tzinfo)) == (14, 0, "Europe/Brussels")
    assert 29 <= (webinar.start - timezone.now()).days <= 30
    assert (webinar.end - webinar.start).total_seconds() == 90 * 60
    assert webinar.registration_state() == RegistrationState.OPEN
    assert (webinar.capacity, webinar.waitlist_enabled, webinar.is_online) == (100, True, True)
    first_slide = site_content.home.carousel_slides.first()
    assert first_slide.link_page_id == webinar.pk
    assert "/en/webinars/collaborative-solutions/" in client.get("/en/").content.decode()


def test_loading_twice_keeps_one_webinar(site_content):
    call_command("load_initial_content", stdout=io.StringIO())
    # One in each language.
    assert sorted(EventPage.objects.values_list("locale__language_code", flat=True)) == ["en", "fr"]
    assert EventIndexPage.objects.count() == 2


def test_a_site_loaded_before_events_gets_its_placeholders_replaced(db):
    """Build the old seed's placeholder pages, then load again."""
    ensure_wagtail_root()
    data = load_content_data()
    root = Page.get_first_root_node()
    home = HomePage(title="Home", slug="cope-home")
    root.add_child(instance=home)
    old_index = StandardPage(title=data["webinars"]["title"], slug="webinars")
    home.add_child(instance=old_index)
    old_webinar = StandardPage(title=data["webinar"]["title"], slug="collaborative-solutions")
    old_index.add_child(instance=old_webinar)
    home.carousel_slides = [CarouselSlide(link_page=old_webinar, sort_order=0)]
    home.body = [
        {
            "type": "call_to_action",
            "value": {
                "heading": "Join",
                "text": "Join us",
                "link": {"page": old_webinar.pk, "url": "", "label": "Register"},
            },
        }
    ]
    home.save_revision().publish()
    from wagtail.models import Site

    Site.objects.update(root_page=home)
    HeaderFooterTexts.objects.create(
        site=Site.objects.get(),
        locale=home.locale,
        main_navigation=[{"type": "link", "value": {"page": old_index.pk, "url": "", "label": ""}}],
    )

    load_initial_content()

    webinar = EventPage.objects.get(locale__language_code="en")
    assert webinar.url_path.endswith("/webinars/collaborative-solutions/")
    assert not StandardPage.objects.filter(pk__in=[old_index.pk, old_webinar.pk]).exists()
    home = HomePage.objects.get()
    assert home.carousel_slides.get().link_page_id == webinar.pk
    assert home.body[0].value["link"]["page"].pk == webinar.pk
    texts = HeaderFooterTexts.objects.get(locale=home.locale)
    assert texts.main_navigation[0].value["page"].pk == webinar.get_parent().pk
