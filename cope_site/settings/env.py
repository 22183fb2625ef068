"""Small readers for configuration that comes from environment variables."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}


def env_str(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


def env_list(name, default=()):
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_required(name):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_rate(name, default):
    """A rate written as "requests/seconds", e.g. "20/3600", read as (20, 3600)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        requests, seconds = (int(part) for part in value.split("/"))
        if requests < 0 or seconds <= 0:
            raise ValueError("out of range")
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{name} must be requests/seconds such as 20/3600, not {value!r}"
        ) from error
    return requests, seconds
