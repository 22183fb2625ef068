"""The e-mails a registrant receives, built in their language, with a discreet
variant (neutral subject and sender, no topic in the calendar entry) for shared phones."""

from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cope_site.models import SiteSettings

from .calendar import add_to_calendar_links, registration_calendar_attachment


@dataclass(frozen=True)
class EmailKind:
    subject: str
    discreet_subject: str
    message: str
    attach_calendar: bool = False
    calendar_links: bool = False
    join_link: bool = False


EMAIL_KINDS = {
    "confirmation": EmailKind(
        subject=_("Your place is confirmed: %(title)s"),
        discreet_subject=_("Your registration is confirmed"),
        message=_("Your place is confirmed. We look forward to seeing you."),
        attach_calendar=True,
        calendar_links=True,
    ),
    "waitlisted": EmailKind(
        subject=_("You are on the waiting list: %(title)s"),
        discreet_subject=_("Your registration: waiting list"),
        message=_(
            "The event is full, so you are on the waiting list. If a place frees up, "
            "it is given to the first person waiting and we will e-mail you at once."
        ),
    ),
    "promoted": EmailKind(
        subject=_("A place is now yours: %(title)s"),
        discreet_subject=_("Your registration is confirmed"),
        message=_("Good news: a place has freed up and it is now yours."),
        attach_calendar=True,
        calendar_links=True,
    ),
    "cancelled": EmailKind(
        subject=_("Your registration is cancelled: %(title)s"),
        discreet_subject=_("Your registration is cancelled"),
        message=_("Your registration is cancelled and your place has been freed for someone else."),
        attach_calendar=True,
    ),
    "reminder": EmailKind(
        subject=_("Reminder: %(title)s starts soon"),
        discreet_subject=_("Reminder of your appointment"),
        message=_("This is a reminder that the event you registered for starts soon."),
        join_link=True,
    ),
    "event_cancelled": EmailKind(
        subject=_("Cancelled: %(title)s"),
        discreet_subject=_("A change to your registration"),
        message=_("We are sorry: this event has been cancelled. Your calendar entry is updated."),
        attach_calendar=True,
    ),
    "event_moved": EmailKind(
        subject=_("New date and time: %(title)s"),
        discreet_subject=_("A change to your registration"),
        message=_(
            "The event has moved to a new date or time, shown below. Your registration "
            "still stands; the attached calendar file updates your calendar."
        ),
        attach_calendar=True,
        calendar_links=True,
    ),
}


def sender(discreet):
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if discreet:
        name = str(_("Events team"))
    return formataddr((name, address))


def build_email(registration, kind):
    """The message for one registrant, ready to send."""
    spec = EMAIL_KINDS[kind]
    # What they read (title, venue, page address) from the page in their language;
    # times and the join link from the original page, which registrations belong to.
    event = registration.event_page
    original = registration.event
    site = event.get_site()
    manage_url = site.root_url + registration.manage_path()
    # A registrant's reply reaches the organisation's public contact address (site
    # settings, read by people) rather than the events mailbox that sends.
    contact_email = SiteSettings.for_site(site).contact_email
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        if registration.discreet_emails:
            subject = str(spec.discreet_subject)
        else:
            subject = str(spec.subject) % {"title": event.title}
        show_join_link = (
            spec.join_link
            and registration.status == "confirmed"
            and original.kind != "in_person"
            and bool(original.join_link)
        )
        context = {
            "registration": registration,
            "event": event,
            "message": spec.message,
            "manage_url": manage_url,
            "join_link": original.join_link if show_join_link else "",
            "calendar_links": add_to_calendar_links(registration) if spec.calendar_links else [],
            "local_start": original.local_start(),
            "local_end": original.local_end(),
            "time_zone": original.zone.key,
            "organisation": settings.WAGTAIL_SITE_NAME,
        }
        text_body = render_to_string("events/emails/registration.txt", context)
        html_body = render_to_string("events/emails/registration.html", context)
        # REQUEST or CANCEL, decided from the registration's state (events/calendar.py).
        attachment = spec.attach_calendar and registration_calendar_attachment(
            registration, manage_url
        )
        from_email = sender(registration.discreet_emails)
    message = EmailMultiAlternatives(
        subject=subject.replace("\n", " ")[:200],
        body=text_body,
        from_email=from_email,
        to=[registration.email],
        reply_to=[contact_email] if contact_email else None,
    )
    message.attach_alternative(html_body, "text/html")
    message.extra_headers["Content-Language"] = registration.language
    if attachment:
        message.attach(*attachment)
    return message
