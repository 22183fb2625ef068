"""Registrants' personal data is kept only as long as the event needs it."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from .models import Registration, RegistrationCount
from .tasks import forget_email_tasks


@transaction.atomic
def erase_old_registrations(days=None, now=None):
    """Delete registrations of events that ended more than `days` ago, first adding
    them to the anonymous counts per event, role, country and status."""
    days = settings.REGISTRATION_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    old = Registration.objects.filter(event__end__lt=cutoff)
    groups = old.values("event_id", "role", "country", "status").annotate(number=Count("pk"))
    for group in groups:
        counted, created = RegistrationCount.objects.get_or_create(
            event_id=group["event_id"],
            role=group["role"],
            country=group["country"],
            status=group["status"],
            defaults={"count": group["number"]},
        )
        if not created:
            RegistrationCount.objects.filter(pk=counted.pk).update(
                count=F("count") + group["number"]
            )
    forget_email_tasks(old.values_list("pk", flat=True))
    erased, _ = old.delete()
    return erased
