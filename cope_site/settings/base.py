"""Settings shared by every environment. All configuration comes from the environment."""

from pathlib import Path
from urllib.parse import urlsplit

from django.utils.csp import CSP

import dj_database_url

from .env import env_bool, env_int, env_list, env_rate, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cope_site",
    "accounts",
    "home",
    "news",
    "events",
    "publications",
    "members",
    "contact",
    # The editors' translation workflow (docs/editors-guide.md): translate a page or
    # snippet in the admin, see what is out of date, export and import PO files.
    # wagtail_localize.locales replaces wagtail.locales (Settings > Locales).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "django_tasks",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail's search index uses its fields on PostgreSQL (check postgres.E005).
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # First, so it sees every cookie the others set: it decides who may keep the
    # response (docs/caching.md).
    "cope_site.cache_headers.CacheHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cope_site.middleware.RefuseNullCharactersMiddleware",
    "cope_site.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The request's language, where Django puts its LocaleMiddleware (after sessions,
    # before CommonMiddleware): from the /en/ or /fr/ prefix; `/` redirects to the
    # browser's language, an old unprefixed address to its /en/ one (cope_site/languages.py).
    "cope_site.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks the session's user verified once they gave a second factor; the next one
    # sends staff who must give one to do so before any admin page (accounts/).
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "cope_site.middleware.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]
INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.embeds"), "wagtail.contrib.redirects")
# The form builder of the contact and membership forms (contact/).
INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.embeds"), "wagtail.contrib.forms")

ROOT_URLCONF = "cope_site.urls"
# The site's own page for a refused form (an expired or missing CSRF token).
CSRF_FAILURE_VIEW = "cope_site.views.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cope_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections with health checks: a new connection per request
        # costs more than rendering a cached page.
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
# Outages (docs/operations.md): a connection that cannot be made in this many seconds,
# or a statement still running after this many, fails; the request then gets the
# "back in a moment" page (503) instead of waiting on a worker until gunicorn kills it.
# 0 means no limit.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": DATABASE_CONNECT_TIMEOUT,
            "options": f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT}s",
        }
    )
# What the 503 page's Retry-After header says while the database is unavailable.
DATABASE_UNAVAILABLE_RETRY_AFTER = env_int("DATABASE_UNAVAILABLE_RETRY_AFTER", 30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's cache holds only what the app servers must share: the registration rate-limit
# counters and Wagtail's site root paths. Pages are cached at the edge, not here.
REDIS_URL = env_str("REDIS_URL")
# Lets several sites, or test runs, share one Redis without seeing each other's keys.
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "cope")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis unreachable or frozen is a cache miss after half a second, never an
            # error page, and is not asked again for 5 s (cope_site/cache_backends.py).
            "BACKEND": "cope_site.cache_backends.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "pause_after_failure": 5,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The edge cache (docs/caching.md): how long it and browsers may keep a public page.
# Any change an editor makes purges the edge at once; browsers cannot be purged, so
# theirs is short.
CACHE_BROWSER_SECONDS = env_int("CACHE_BROWSER_SECONDS", 60)
CACHE_SHARED_SECONDS = env_int("CACHE_SHARED_SECONDS", 3600)
CACHE_STALE_WHILE_REVALIDATE_SECONDS = env_int("CACHE_STALE_WHILE_REVALIDATE_SECONDS", 30)
CACHE_STALE_IF_ERROR_SECONDS = env_int("CACHE_STALE_IF_ERROR_SECONDS", 86400)
# Where purges go (wagtail.contrib.frontend_cache): Varnish's addresses, comma-separated,
# or a CDN's credentials (docs/deployment.md). None set: nothing to purge (make run).
WAGTAILFRONTENDCACHE = {
    f"varnish-{number}": {"BACKEND": "cope_site.edge.VarnishBackend", "LOCATION": url}
    for number, url in enumerate(env_list("EDGE_CACHE_URLS"), start=1)
}
if env_str("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env_str("CLOUDFRONT_DISTRIBUTION_ID"),
    }
if env_str("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env_str("CLOUDFLARE_BEARER_TOKEN"),
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Staff accounts open registrants' personal data: 12 characters at least (a
    # passphrase), as public-sector guidance asks, not Django's default 8.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sign-in (docs/operations.md, "Staff accounts"). Axes checks every sign-in
# first and counts failures in the database, which all app servers share.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Locked after this many failures in a row for one account, or from one address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Hours a lockout lasts unless staff lift it first (`manage.py axes_reset_username`);
# 0 keeps it until they do.
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1) or None
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The address to count: behind Varnish, the one it appended to X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "cope_site.client_address.client_address"
# How many proxies in front of the app append to X-Forwarded-For (Varnish: 1). 0 means
# the app is reached directly and REMOTE_ADDR is the client; production says 1.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Who must sign in with a second factor (besides superusers, who always must): holders
# of any of these permissions. Anyone else who enrolled is asked for theirs too.
SECOND_FACTOR_REQUIRED_PERMISSIONS = ["events.view_registrant_data"]
# The name authenticator apps show next to the code.
OTP_TOTP_ISSUER = "COPE website"
# Signed-in sessions end after this many minutes without a request (the count starts
# again with each use, accounts.middleware.IdleSessionMiddleware). The admin's
# autosave keeps an open editor alive.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_IDLE_REFRESH_SECONDS = 60
# Password-reset e-mails go out from a task (accounts/forms.py): the answer takes the
# same time whether or not the address has an account.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.forms.QueuedPasswordResetForm"  # noqa: S105

# The site's languages (docs/architecture.md, "Languages"). Adding one is a line here and
# a catalogue in locale/<code>/LC_MESSAGES/; its Locale row is made on the next migrate
# (cope_site/languages.py). Each language is named in its own words, for the switcher.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Pages and snippets exist in each of these (Wagtail's locales); the URLs carry the code:
# /en/…, /fr/… (cope_site/urls.py).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Staff choose the admin's language under Account > Preferences.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# No machine translation: no such service can be reached from the site's machines.
# wagtail-localize shows a "Machine translate" button only when this names a translator
# (e.g. its DeepL one); leave it unset.
# WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {...}
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
# How dates are written in each language ('jeudi 31 décembre 2026, 14 h 00'): a module
# per language in cope_site/formats/; Django's own formats for a language without one.
FORMAT_MODULE_PATH = ["cope_site.formats"]
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "collected-static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail: Django 6.1's MAILERS replaces EMAIL_BACKEND and the EMAIL_* settings.
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Children of Prisoners Europe <webinars@localhost>"
)
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST_VALUE = env_str("EMAIL_HOST")
if EMAIL_HOST_VALUE:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST_VALUE,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": env_int("EMAIL_TIMEOUT", 10),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST_VALUE

# A registrant's or a password-reset e-mail that the mail server did not take (down, or
# a temporary 4xx refusal) is tried again after each of these waits, in seconds: 6
# attempts over about 3 hours, then staff see it as Failed (cope_site/mail.py,
# docs/operations.md).
EMAIL_RETRY_DELAYS = [60, 300, 900, 3600, 7200]

# Registrants' personal data is erased this many days after their event ends.
REGISTRATION_RETENTION_DAYS = env_int("REGISTRATION_RETENTION_DAYS", 90)
# The reminder with the join link goes out this many hours before an event starts.
EVENT_REMINDER_HOURS = env_int("EVENT_REMINDER_HOURS", 24)
# Registration posts allowed from one client address: (posts, seconds), "20/3600" in the
# environment. 20 an hour leaves room for a school's staff behind one router, and not
# for a script (cope_site/ratelimit.py).
EVENTS_REGISTRATION_RATE = env_rate("EVENTS_REGISTRATION_RATE", (20, 3600))
# Contact and membership form posts allowed from one client address, as above.
FORM_SUBMISSION_RATE = env_rate("FORM_SUBMISSION_RATE", (10, 3600))
# What visitors send through the contact and membership forms is erased this many days
# after it arrived (manage.py erase_old_form_submissions, docs/operations.md).
FORM_SUBMISSION_RETENTION_DAYS = env_int("FORM_SUBMISSION_RETENTION_DAYS", 365)

# Background work (e-mails). Unset means immediate; production uses the database queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAIL_SITE_NAME = "Children of Prisoners Europe"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

# Passkeys (django-otp-webauthn), a second factor like the authenticator app, never
# instead of the password. A passkey belongs to one host name, the admin's: WebAuthn
# refuses IP addresses, so on 127.0.0.1 (make run) they work at http://localhost:8000.
ADMIN_ADDRESS = urlsplit(WAGTAILADMIN_BASE_URL)
OTP_WEBAUTHN_RP_ID = env_str(
    "OTP_WEBAUTHN_RP_ID",
    "localhost" if ADMIN_ADDRESS.hostname in {"127.0.0.1", "::1"} else ADMIN_ADDRESS.hostname,
)
OTP_WEBAUTHN_RP_NAME = "COPE website"
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    f"{ADMIN_ADDRESS.scheme}://{OTP_WEBAUTHN_RP_ID}"
    + (f":{ADMIN_ADDRESS.port}" if ADMIN_ADDRESS.port else "")
]
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
del ADMIN_ADDRESS
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Uploads (docs/operations.md): what editors may add, and how big. A document's content
# must match its extension (cope_site/uploads.py); documents are served as downloads
# (only PDFs inline) with nosniff and a CSP that blocks scripts (Wagtail's serve view).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("WAGTAILDOCS_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cope_site.uploads.DocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
# Documents are served by Wagtail's view at /documents/<id>/<filename> (never straight
# from MEDIA_URL), so collection privacy is checked on every download; an address whose
# filename is out of date (the editor replaced the file) redirects to the current one
# (cope_site.views.serve_document), so links people shared keep working.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# No SVG: it can carry scripts. Pixels, not bytes, are what rendering costs: a
# 121-megapixel image took 715 MB of a worker to list; 40 megapixels is a 7,300 × 5,500
# photo.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40_000_000)
WAGTAILIMAGES_IMAGE_FORM_BASE = "cope_site.uploads.ImageForm"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp"}
# The admin must not call out to third parties: the machines reach no CDN.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_NOTIFICATION_USE_HTML = True

# Security headers on every response. The strict CSP needs templates without inline
# scripts, styles or event handlers; the admin gets its own policy (see middleware.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The one inline script, in base.html's head, is allowed by its hash (tests check it).
JS_CLASS_SCRIPT_HASH = "'sha256-qOhFsq0QMV2REqNwk5hGH5bZE9SkX6gt6yeyKdYPv+U='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, JS_CLASS_SCRIPT_HASH],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-ancestors": [CSP.SELF],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "as_one_line_warning": {"()": "cope_site.log_filters.AsOneLineWarning"},
        # Every line: no manage token, query value or e-mail address (paths in
        # "Forbidden (CSRF …): /registrations/…", an address in a traceback).
        "redact_secrets": {"()": "cope_site.log_filters.RedactSecrets"},
    },
    "formatters": {
        "level_and_name": {"format": "{levelname} {name}: {message}", "style": "{"},
        # runserver's request lines, as Django's default logging writes them.
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
        "server": {
            "class": "logging.StreamHandler",
            "filters": ["redact_secrets"],
            "formatter": "server",
        },
        "one_line_warning": {
            "class": "logging.StreamHandler",
            "filters": ["as_one_line_warning", "redact_secrets"],
            "formatter": "level_and_name",
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Request details can carry personal data (form posts); keep them out of logs.
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        # One line per task and per page action is noise at INFO; problems still show.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # A Host header we do not serve is the client's doing, answered 400: one WARNING
        # line each, not an ERROR with a traceback that anyone could fill the log with.
        "django.security.DisallowedHost": {
            "handlers": ["one_line_warning"],
            "propagate": False,
        },
        # Each sign-in at INFO is noise; failures and lockouts are WARNING.
        "axes": {"level": "WARNING"},
    },
}
