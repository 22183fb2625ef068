"""Local development: DEBUG on, a throwaway key, e-mails printed to the console."""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_str

DEBUG = env_bool("DEBUG", True)
# Not a secret: this key only ever signs sessions on a developer's own machine.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
# `make run` creates this account; production settings have no such value.
DEV_ADMIN_USERNAME = "admin"
DEV_ADMIN_PASSWORD = "cope-dev-admin"
# Its second step (README, "Signing in"): backup codes, each usable once per `make run`.
DEV_ADMIN_BACKUP_CODES = [f"devcode{number}" for number in range(1, 6)]
# Static files come straight from the app folders; collectstatic is for production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Template and content edits show on the next reload: no browser keeps a page.
CACHE_BROWSER_SECONDS = env_int("CACHE_BROWSER_SECONDS", 0)
