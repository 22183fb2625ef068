"""Dates as visitors read them in their language: the format modules
(cope_site/formats/<language>/formats.py) say how; the catalogue says how the first day
of a month is written ('1er' in French), so a new language needs no code."""

from django import template
from django.utils import formats
from django.utils.translation import pgettext

register = template.Library()


def first_day_format(format_name):
    """The language's format for the first day of a month: its day letter as the
    catalogue writes it."""
    # Translators: the day-of-month letter of Django's date format for the first day
    # of a month; escape literal letters with a backslash ("j\e\r" gives "1er").
    return formats.get_format(format_name).replace("j", pgettext("first day of the month", "j"), 1)


def _in_language(value, format_name):
    if not value:
        return ""
    if value.day == 1:
        return formats.date_format(value, first_day_format(format_name))
    return formats.date_format(value, format_name)


@register.filter(expects_localtime=True)
def long_date(value):
    """'31 December 2026', '1er décembre 2026'."""
    return _in_language(value, "DATE_FORMAT")


@register.filter(expects_localtime=True)
def long_datetime(value):
    """'Thursday 31 December 2026, 14:00', 'jeudi 31 décembre 2026, 14 h 00'."""
    return _in_language(value, "DATETIME_FORMAT")


@register.filter(expects_localtime=True)
def time_of_day(value):
    """'14:00', '14 h 00'."""
    return formats.date_format(value, "TIME_FORMAT") if value else ""


@register.simple_tag
def date_formats():
    """The active language's formats, for a script that writes a date the way the
    page does (events/static/events/local-time.js): Django's format letters."""
    return {
        "datetime": formats.get_format("DATETIME_FORMAT"),
        "datetime_first_day": first_day_format("DATETIME_FORMAT"),
        "time": formats.get_format("TIME_FORMAT"),
    }
