"""Tests: fast hashing, no network, e-mails to Django's outbox, tasks run at once."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
MEDIA_ROOT = BASE_DIR / "test-media"  # noqa: F405
# Static files come straight from the app folders; collectstatic is for production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# No edge cache unless a test starts one (tests/edge/).
WAGTAILFRONTENDCACHE = {}
# The same tables as production, whose app servers (tests/edge/) queue tasks in the
# database; tasks in this process still run at once.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # noqa: F405
