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
# Live-server tests share one SQLite connection among the server's threads, and a
# session saved while another request reads breaks it: a signed-in session is saved
# again after 10 minutes of use here, not 1 (tests/accounts sets it to 0 to test it).
SESSION_IDLE_REFRESH_SECONDS = 600
