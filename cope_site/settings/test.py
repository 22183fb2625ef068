"""Tests: fast hashing, no network, e-mails to Django's outbox, tasks run at once."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# WebAuthn's host: the live server's (tests/browser/test_passkeys.py sets its origin).
OTP_WEBAUTHN_RP_ID = "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost"]
MEDIA_ROOT = BASE_DIR / "test-media"  # noqa: F405
# Static files come straight from the app folders; collectstatic is for production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# No edge cache unless a test starts one (tests/edge/).
WAGTAILFRONTENDCACHE = {}
# The same tables as production, whose app servers (tests/edge/) queue tasks in the
# database; tasks in this process still run at once.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # noqa: F405
# SQLite's test database in a file, not in memory: the live server's threads then open
# connections of their own. In memory they share the test's one, and a browser's
# requests at the same moment broke it ("bad parameter or other API misuse").
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}  # noqa: F405
# A signed-in session is saved again after 10 minutes of use here, not 1 (tests/accounts
# sets it to 0 to test it): fewer writes while a live server answers several requests.
SESSION_IDLE_REFRESH_SECONDS = 600
