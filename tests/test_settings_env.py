"""The readers of configuration from environment variables (cope_site/settings/env.py)."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

import pytest

from cope_site.settings.env import env_rate

DEFAULT = (20, 3600)


def test_a_rate_unset_or_empty_is_the_default(monkeypatch):
    monkeypatch.delenv("TEST_RATE", raising=False)
    assert env_rate("TEST_RATE", DEFAULT) == DEFAULT
    monkeypatch.setenv("TEST_RATE", "")
    assert env_rate("TEST_RATE", DEFAULT) == DEFAULT


@pytest.mark.parametrize(
    ("value", "rate"), [("20/3600", (20, 3600)), (" 5 / 60 ", (5, 60)), ("0/60", (0, 60))]
)
def test_a_rate_is_requests_per_seconds(monkeypatch, value, rate):
    monkeypatch.setenv("TEST_RATE", value)
    assert env_rate("TEST_RATE", DEFAULT) == rate


@pytest.mark.parametrize("value", ["20", "20/3600/1", "twenty/3600", "20/0", "-1/60", "20/1.5"])
def test_a_malformed_rate_stops_the_site_with_its_name(monkeypatch, value):
    monkeypatch.setenv("TEST_RATE", value)
    with pytest.raises(ImproperlyConfigured, match="TEST_RATE must be requests/seconds"):
        env_rate("TEST_RATE", DEFAULT)


@pytest.mark.skipif(
    bool(os.environ.get("EVENTS_REGISTRATION_RATE")), reason="set in this environment"
)
def test_the_registration_form_allows_20_posts_an_hour_by_default():
    assert settings.EVENTS_REGISTRATION_RATE == (20, 3600)
