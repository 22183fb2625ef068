"""Webinars and events: the pages visitors read and the registrations they make.

Times are stored aware (UTC) and shown in the event's own time zone. The join link of an
online event is private: it is kept out of search, feeds and structured data, and only
`Registration.join_link_visible()` decides when a registrant may see it.
"""

import datetime
import secrets
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, Length
from django.db.models.lookups import LessThanOrEqual
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from django_countries.fields import CountryField
from wagtail_localize.fields import SynchronizedField

from cope_site.cache_headers import expire_at
from cope_site.languages import language_name, localize_pages
from cope_site.models import Topic, TopicsMixin
from cope_site.sharing import json_ld, structured_data_images
from home.blocks import BodyStreamBlock
from home.models import ListingFields, VideoEmbedsMixin

from .admin_forms import EventPageForm
from .panels import RegistrationSummaryPanel

PAST_EVENTS_PER_PAGE = 10
DEFAULT_TIME_ZONE = "Europe/Brussels"
# How long before the start a confirmed registrant sees the join link on the manage page.
JOIN_LINK_LEAD_TIME = datetime.timedelta(hours=24)


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Brussels."),
            params={"value": value},
        ) from error


class EventKind(models.TextChoices):
    WEBINAR = "webinar", _("Webinar")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class RegistrationState(models.TextChoices):
    """Where an event's registration stands, as the page and the service see it."""

    NOT_OPEN_YET = "not_open_yet", _("Registration not open yet")
    OPEN = "open", _("Registration open")
    FULL_WAITLIST = "full_waitlist", _("Full: waiting list open")
    FULL = "full", _("Full")
    CLOSED = "closed", _("Registration closed")
    CANCELLED = "cancelled", _("Cancelled")
    PAST = "past", _("Past event")


class EventIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(
        blank=True, max_length=400, help_text=_("A sentence or two above the list of events.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Events index")

    def events(self):
        """Live events visitors may see."""
        return EventPage.objects.live().public().child_of(self)

    def upcoming_events(self, now=None, events=None):
        """Events that have not ended yet, soonest first."""
        now = now or timezone.now()
        events = self.events() if events is None else events
        return events.filter(end__gte=now).order_by("start", "pk")

    def past_events(self, now=None, events=None):
        now = now or timezone.now()
        events = self.events() if events is None else events
        return events.filter(end__lt=now).order_by("-start", "-pk")

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # An event moves from 'upcoming' to 'past' when it ends: no cache keeps the
        # lists past that moment.
        next_end = getattr(response, "context_data", {}).get("next_end")
        return expire_at(response, [next_end])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        # Wagtail's public() reads the view restrictions when it is called: once here.
        events = self.events()
        # The lists change when the next event ends, whichever topic is chosen.
        next_end = (
            self.upcoming_events(now, events).order_by("end").values_list("end", flat=True).first()
        )
        filters = {}
        events, topics = Topic.filter_pages(request, events, filters)
        upcoming = self.upcoming_events(now, events)
        past = self.past_events(now, events)

        kind = request.GET.get("kind", "").strip()
        if kind:
            if kind not in EventKind.values:
                raise Http404(_("There is no such kind of event."))
            filters["kind"] = EventKind(kind)
            upcoming = upcoming.filter(kind=kind)
            past = past.filter(kind=kind)

        paginator = Paginator(with_listing_data(past), PAST_EVENTS_PER_PAGE)
        try:
            page_of_past = paginator.page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(_("There is no such page of events.")) from error

        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            upcoming=with_listing_data(upcoming),
            past=page_of_past,
            next_end=next_end,
            filters=filters,
            kinds=EventKind.choices,
            topics=topics,
            query_without_page=query.urlencode(),
        )
        return context

    # Wagtail's page paths take no dots, so the calendar lives at calendar/.
    @path("calendar/", name="ical")
    def ical_feed(self, request):
        from .calendar import upcoming_events_calendar

        response = HttpResponse(
            upcoming_events_calendar(self, request), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="cope-events.ics"'
        return response


def with_listing_data(events):
    """What cards need, in a fixed number of queries whatever the number of events."""
    return events.select_related("listing_image").prefetch_related("listing_image__renditions")


class EventPage(VideoEmbedsMixin, RoutablePageMixin, TopicsMixin, ListingFields, Page):
    kind = models.CharField(
        _("kind of event"),
        max_length=20,
        choices=EventKind.choices,
        default=EventKind.WEBINAR,
        help_text=_("Webinars and hybrid events are online and may have a join link."),
    )
    start = models.DateTimeField(
        _("starts"),
        help_text=_("Enter it in the event's time zone, chosen below."),
    )
    end = models.DateTimeField(_("ends"), help_text=_("In the event's time zone too."))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_(
            "The event's time zone, as a name such as Europe/Brussels or Europe/Lisbon. "
            "Times are shown in it, with the UTC offset."
        ),
    )
    venue = models.TextField(
        _("venue"),
        blank=True,
        max_length=500,
        help_text=_("Address of an in-person or hybrid event. Leave empty for a webinar."),
    )
    online_platform = models.CharField(
        _("online platform"),
        max_length=100,
        blank=True,
        help_text=_("Where online attendees join, e.g. Zoom or Teams (shown publicly)."),
    )
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Language(s) spoken and interpreted, e.g. 'English, French'."),
    )
    body = StreamField(BodyStreamBlock(), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("How many people can register. Leave empty for no limit."),
    )
    registration_opens = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_("Leave empty to open registration as soon as the page is published."),
    )
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to close registration when the event starts."),
    )
    waitlist_enabled = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_(
            "When the event is full, people can join a waiting list and get a place "
            "when someone cancels."
        ),
    )
    join_link = models.URLField(
        _("join link"),
        blank=True,
        max_length=500,
        help_text=_(
            "Private: never shown on the public page. Confirmed registrants get it by "
            "e-mail and on their registration page shortly before the event."
        ),
    )
    recording_link = models.URLField(
        _("recording link"),
        blank=True,
        max_length=500,
        help_text=_("Shown on the page once the event is over."),
    )
    is_cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("Keeps the page online with a clear 'cancelled' notice; registration stops."),
    )
    # iCalendar's SEQUENCE: raised on each publish that changes when or where the event
    # is (events/signals.py), so calendar apps replace the entry they hold.
    calendar_sequence = models.PositiveIntegerField(
        _("calendar revision"),
        default=0,
        editable=False,
        help_text=_("Raised whenever a publish changes the time, place or cancellation."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone"),
                FieldPanel("venue"),
                FieldPanel("online_platform"),
                FieldPanel("languages"),
                TopicsMixin.topics_panel,
                FieldPanel("is_cancelled"),
            ],
            heading=_("When and where"),
        ),
        *ListingFields.listing_panels,
        FieldPanel("body"),
        InlinePanel("speakers", label=_("Speaker"), heading=_("Speakers")),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                ),
                FieldPanel("waitlist_enabled"),
                FieldPanel("join_link"),
                FieldPanel("recording_link"),
            ],
            heading=_("Registration and links"),
        ),
        RegistrationSummaryPanel(heading=_("Registrations")),
    ]
    # The join link is deliberately absent: search results must never reveal it.
    search_fields = [
        *Page.search_fields,
        *ListingFields.search_fields,
        index.SearchField("body"),
        index.SearchField("venue"),
        index.FilterField("start"),
        index.FilterField("kind"),
    ]
    # One event, whatever the language of its page: what decides seats, times and access
    # is copied from the original page to each translation, never translated or
    # overridden there (wagtail-localize would offer the free-text ones, the time zone's
    # name and the join link, to translators). Registrations belong to the original page.
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in (
            "kind",
            "start",
            "end",
            "time_zone",
            "capacity",
            "registration_opens",
            "registration_closes",
            "waitlist_enabled",
            "join_link",
            "is_cancelled",
        )
    ] + TopicsMixin.override_translatable_fields
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("Event")

    # --- times -----------------------------------------------------------------------

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)

    def local_start(self):
        return self.start.astimezone(self.zone)

    def local_end(self):
        return self.end.astimezone(self.zone)

    def clean(self):
        super().clean()
        errors = {}
        try:
            validate_time_zone(self.time_zone)
        except ValidationError as error:
            errors["time_zone"] = error
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The event must end after it starts.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = _("Registration must close after it opens.")
        if self.kind == EventKind.IN_PERSON and self.join_link:
            errors["join_link"] = _("An in-person event has no join link.")
        if errors:
            raise ValidationError(errors)

    # --- registration ----------------------------------------------------------------

    @property
    def is_online(self):
        return self.kind in (EventKind.WEBINAR, EventKind.HYBRID)

    def event_pages(self):
        """The event's pages in every language, its original first (the first made;
        wagtail-localize makes translations from it)."""
        return EventPage.objects.filter(translation_key=self.translation_key).order_by("pk")

    def registration_event(self):
        """The event's original page: the one row whose capacity, dates and
        registrations count, whichever language's page is read."""
        original = self.event_pages().first()
        return self if original is None or original.pk == self.pk else original

    def event_registrations(self):
        """The event's registrations, from whichever language's page: they are stored on
        the original page, which every translation shares a translation key with."""
        return Registration.objects.filter(event__translation_key=self.translation_key)

    def confirmed_count(self):
        return self.event_registrations().filter(status=RegistrationStatus.CONFIRMED).count()

    def places_left(self):
        """None when places are unlimited, else how many remain (never negative).
        Shown, not decided: the registration service counts afresh under its lock."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.confirmed_count())

    def registration_closes_at(self):
        return self.registration_closes or self.start

    def state_changes(self):
        """The moments at which registration_state() may change by itself."""
        return [self.registration_opens, self.registration_closes_at(), self.end]

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return expire_at(response, self.state_changes())

    def registration_state(self, now=None, places_left=...):
        """The state in one word. Pass places_left when it is already known, to save a
        query; the registration service always counts afresh under its lock."""
        now = now or timezone.now()
        if self.is_cancelled:
            return RegistrationState.CANCELLED
        if self.end and now >= self.end:
            return RegistrationState.PAST
        if self.registration_opens and now < self.registration_opens:
            return RegistrationState.NOT_OPEN_YET
        if now >= self.registration_closes_at():
            return RegistrationState.CLOSED
        if places_left is ...:
            places_left = self.places_left()
        if places_left == 0:
            return (
                RegistrationState.FULL_WAITLIST if self.waitlist_enabled else RegistrationState.FULL
            )
        return RegistrationState.OPEN

    def accepts_registrations(self, now=None):
        return self.registration_state(now) in (
            RegistrationState.OPEN,
            RegistrationState.FULL_WAITLIST,
        )

    def card_kind_label(self):
        return self.get_kind_display()

    # --- structured data -------------------------------------------------------------

    def structured_data(self, request=None, speakers=None):
        """schema.org Event, built from public fields only (never the join link)."""
        attendance = {
            EventKind.WEBINAR: "OnlineEventAttendanceMode",
            EventKind.IN_PERSON: "OfflineEventAttendanceMode",
            EventKind.HYBRID: "MixedEventAttendanceMode",
        }[self.kind]
        page_url = self.get_full_url(request)
        site = Site.find_for_request(request) if request else self.get_site()
        locations = []
        if self.is_online:
            locations.append({"@type": "VirtualLocation", "url": page_url})
        if self.kind != EventKind.WEBINAR and self.venue:
            locations.append({"@type": "Place", "name": self.venue, "address": self.venue})
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.summary,
            "startDate": self.local_start().isoformat(),
            "endDate": self.local_end().isoformat(),
            "eventAttendanceMode": f"https://schema.org/{attendance}",
            "eventStatus": "https://schema.org/"
            + ("EventCancelled" if self.is_cancelled else "EventScheduled"),
            "location": locations[0] if len(locations) == 1 else locations,
            "organizer": {
                "@type": "Organization",
                "name": (site.site_name if site else "") or "Children of Prisoners Europe",
                "url": site.root_url if site else page_url,
            },
            "url": page_url,
            "image": structured_data_images(request, self),
        }
        if self.languages:
            data["inLanguage"] = self.languages
        speakers = self.speakers.all() if speakers is None else speakers
        performers = [{"@type": "Person", "name": speaker.name} for speaker in speakers]
        if performers:
            data["performer"] = performers
        return json_ld(data)

    # --- routes ----------------------------------------------------------------------

    @path("register/", name="register")
    def register_view(self, request):
        from .views import register

        return register(request, self)

    # The encrypted reference travels in the query string: Wagtail's page paths allow only
    # letters, digits, - and _.
    @path("register/thanks/", name="thanks")
    def thanks_view(self, request):
        from .views import thanks

        return thanks(request, self, request.GET.get("r", ""))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The state as the original page has it: a translation's copy of the dates and
        # capacity waits for editors to sync it, the registrations are the original's.
        event = self.registration_event()
        places_left = event.places_left()
        speakers = list(self.speakers.select_related("photo").prefetch_related("photo__renditions"))
        context.update(
            state=event.registration_state(places_left=places_left),
            places_left=places_left,
            speakers=speakers,
            structured_data=self.structured_data(request, speakers),
            States=RegistrationState,
        )
        return context


class EventSpeaker(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(
        _("role"), max_length=160, blank=True, help_text=_("E.g. 'Head teacher' or 'Chair'.")
    )
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. A square portrait works best."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("speaker")


# --- registrations --------------------------------------------------------------------


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrantRole(models.TextChoices):
    SCHOOL_STAFF = "school_staff", _("School staff")
    PRISON_PROFESSIONAL = "prison_professional", _("Prison professional")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    RESEARCHER = "researcher", _("Researcher")
    FAMILY_MEMBER = "family_member", _("Family member")
    OTHER = "other", _("Other")


class AccessNeed(models.TextChoices):
    """Fixed choices only: the form never asks for health details in free text."""

    LIVE_CAPTIONS = "live_captions", _("Live captions")
    SIGN_LANGUAGE = "sign_language", _("Sign-language interpretation")
    STEP_FREE_ACCESS = "step_free_access", _("Step-free access")
    OTHER_CONTACT_ME = "other_contact_me", _("Something else: please contact me")


def new_token():
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    # Not in Wagtail's reference index: a registrant is not content "using" the event
    # page, and indexing would queue a task for every registration.
    wagtail_reference_index_ignore = True

    # CASCADE: deleting an event page takes its registrants' personal data with it, so
    # nothing is left orphaned for the erase command; PROTECT would make Wagtail's page
    # deletion (including deleting a parent) fail with an error for editors.
    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, db_index=True
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=RegistrantRole.choices)
    country = CountryField(_("country"), blank=True)
    access_needs = models.JSONField(
        _("access needs"),
        default=list,
        blank=True,
        help_text=_("Chosen from a fixed list; never free text."),
    )
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=40)
    privacy_consented_at = models.DateTimeField(_("privacy notice accepted at"))
    news_consent = models.BooleanField(_("agreed to receive news"), default=False)
    discreet_emails = models.BooleanField(_("discreet e-mails"), default=False)
    language = models.CharField(_("language"), max_length=10, default="en")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("promoted from waiting list at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        ordering = ["created_at", "pk"]
        constraints = [
            # One active registration per person and event; cancelled ones may repeat.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="events_one_active_registration_per_email",
            ),
            # Lengths the database enforces as well as the form, SQLite included (it
            # does not enforce varchar lengths). Access needs are distinct fixed
            # choices: their JSON never needs more than this.
            *(
                models.CheckConstraint(
                    condition=LessThanOrEqual(Length(field), limit),
                    name=f"events_registration_{name}_length",
                )
                for name, field, limit in [
                    ("name", "name", 120),
                    ("email", "email", 254),
                    ("organisation", "organisation", 160),
                    ("access_needs", Cast("access_needs", models.TextField()), 200),
                ]
            ),
        ]
        indexes = [
            models.Index(
                fields=["event", "status", "created_at"], name="events_reg_event_status_idx"
            )
        ]
        permissions = [
            ("view_registrant_data", "Can see and export registrants' personal data"),
        ]

    def __str__(self):
        return f"{_('Registration')} {self.pk}"

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_active(self):
        return self.status != RegistrationStatus.CANCELLED

    def get_access_needs_display(self):
        labels = dict(AccessNeed.choices)
        return [labels[key] for key in self.access_needs if key in labels]

    def manage_path(self):
        return reverse("events:manage", kwargs={"token": self.token})

    def language_name(self):
        """The language they registered in, named in itself ('Français')."""
        return language_name(self.language)

    @cached_property
    def event_page(self):
        """The event's page in the registrant's language, for what they read (its title,
        venue and address); the original page when that translation is not live.
        Seats, times and the calendar entry's identity stay with `event`."""
        with translation.override(self.language):
            return localize_pages([self.event], specific=True)[self.event.pk]

    def join_link_visible(self, now=None):
        """The join link shows only to confirmed registrants of an online event, from
        shortly before it starts until it ends."""
        event = self.event
        now = now or timezone.now()
        return (
            self.status == RegistrationStatus.CONFIRMED
            and event.is_online
            and bool(event.join_link)
            and not event.is_cancelled
            and event.start - JOIN_LINK_LEAD_TIME <= now < event.end
        )


class RegistrationCount(models.Model):
    """Anonymous counts kept when registrants' personal data is erased."""

    wagtail_reference_index_ignore = True  # as Registration

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="registration_counts"
    )
    role = models.CharField(max_length=30, choices=RegistrantRole.choices)
    country = CountryField(blank=True)
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("anonymous registration count")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "role", "country", "status"],
                name="events_one_count_per_group",
            )
        ]

    def __str__(self):
        return f"{self.event_id} {self.role} {self.country} {self.status}: {self.count}"


class RegistrationEmail(models.Model):
    """One attempt to e-mail a registrant: lets staff see a failed e-mail and resend it.
    Holds no personal data of its own."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(_("e-mail"), max_length=30)
    status = models.CharField(_("outcome"), max_length=10, choices=Status.choices)
    error = models.CharField(_("error"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration e-mail")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind}: {self.status}"
