"""The production settings for the outage tests' app servers, with static files found
in the app folders as the test settings do: no half-minute collectstatic per run."""

from cope_site.settings.production import *  # noqa: F403
from cope_site.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
