"""The event editor's form: times are typed in the event's own time zone."""

import zoneinfo

from django.utils import timezone

from wagtail.admin.forms import WagtailAdminPageForm

EVENT_TIME_FIELDS = ("start", "end", "registration_opens", "registration_closes")


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(name or "")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class EventPageForm(WagtailAdminPageForm):
    """Django reads a typed date and time in the editor's time zone. An editor in
    Brussels entering a Lisbon event means Lisbon wall-clock time, so the fields show
    and read times in the event's zone, and the database still stores UTC."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = _zone(self.instance.time_zone)
        if zone is None or not self.instance.pk:
            return
        for name in EVENT_TIME_FIELDS:
            value = getattr(self.instance, name)
            if value is not None and name in self.fields:
                # A naive value is displayed as it is: the event's wall-clock time.
                self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned_data = super().clean()
        zone = _zone(cleaned_data.get("time_zone"))
        if zone is None:
            return cleaned_data
        for name in EVENT_TIME_FIELDS:
            value = cleaned_data.get(name)
            if value is not None:
                wall_clock = timezone.localtime(value).replace(tzinfo=None)
                cleaned_data[name] = timezone.make_aware(wall_clock, zone)
        return cleaned_data
