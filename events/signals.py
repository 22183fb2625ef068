"""Registrants hear about it when an editor publishes a cancelled or moved event; the
edge cache shows a registration on the event's page at once."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from cope_site.edge import purge_page

from .models import EventPage, Registration
from .notifications import notify_event_change


@receiver(post_save, sender=Registration)
@receiver(post_delete, sender=Registration)
def registrations_changed(sender, instance, **kwargs):
    """The places left on the event's pages, in every language: only those are purged,
    never the rest of the site, which stays cached through a registration rush
    (docs/caching.md)."""
    # Looked up, not followed: when the event itself is deleted, it is gone already.
    event = EventPage.objects.filter(pk=instance.event_id).first()
    if event is not None:
        for page in event.get_translations(inclusive=True).live().specific():
            purge_page(page)


SCHEDULE_FIELDS = ("start", "end", "is_cancelled", "live")
# What a registrant's calendar entry shows of the event's time and place.
CALENDAR_FIELDS = ("start", "end", "venue", "online_platform", "is_cancelled")


@receiver(pre_save, sender=EventPage)
def remember_live_schedule(sender, instance, update_fields=None, **kwargs):
    # Drafts only touch revision bookkeeping; the page row holds the live schedule
    # until a publish saves the new one, so that is the moment to compare.
    watched = {*SCHEDULE_FIELDS, *CALENDAR_FIELDS}
    if not instance.pk or (update_fields and not set(update_fields) & watched):
        return
    instance._live_schedule = (
        EventPage.objects.filter(pk=instance.pk).values(*watched, "calendar_sequence").first()
    )
    if instance._live_schedule and (update_fields is None or "calendar_sequence" in update_fields):
        raise_calendar_sequence(instance, instance._live_schedule)


def raise_calendar_sequence(instance, before):
    """Counted from the row, never from the revision being published: a revision made
    earlier holds an older number, and SEQUENCE must never go back."""
    changed = any(getattr(instance, field) != before[field] for field in CALENDAR_FIELDS)
    instance.calendar_sequence = before["calendar_sequence"] + (1 if changed else 0)


@receiver(post_save, sender=EventPage)
def announce_schedule_change(sender, instance, **kwargs):
    before = getattr(instance, "_live_schedule", None)
    instance._live_schedule = None
    if not before or not before["live"] or not instance.live:
        return
    if instance.is_cancelled and not before["is_cancelled"]:
        notify_event_change(instance, "event_cancelled")
    elif not instance.is_cancelled and (
        instance.start != before["start"] or instance.end != before["end"]
    ):
        notify_event_change(instance, "event_moved")
