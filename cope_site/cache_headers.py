"""Who may keep a response, and for how long: every `Cache-Control` the site sends is
decided here, in one place (docs/caching.md).

The edge cache in front (Varnish, or a CDN) keeps public pages for `s-maxage` and is
purged when they change (cope_site/edge.py); browsers keep them for a short
`max-age` only, since nothing can purge a browser. Anything that could be personal is
`private, no-store`, for the edge and browsers alike.
"""

import math

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils import timezone
from django.utils.cache import patch_cache_control

# Paths whose responses are never shared: the admins (previews included) and documents,
# which may sit in a collection with a view restriction.
PRIVATE_PATH_PREFIXES = ("/admin/", "/django-admin/", "/documents/")
# Statuses an edge may keep for everyone; a site-wide purge drops them with the rest when
# pages change. Not redirects: the production settings' http-to-https 301 must never be
# kept for https visitors, and the others are cheap.
SHAREABLE_STATUSES = {200, 404, 410}
PRIVATE = "private, no-store"


class CacheHeadersMiddleware:
    """First in MIDDLEWARE, so it sees the response as it leaves: cookies set by the
    session and CSRF middleware included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response  # WhiteNoise's own headers: hashed names, kept for a year
        if is_personal(request, response):
            if not _says(response, "no-store"):
                response["Cache-Control"] = PRIVATE
        elif (
            not response.has_header("Cache-Control") and response.status_code in SHAREABLE_STATUSES
        ):
            patch_cache_control(response, **public_policy())
        return response


def public_policy(lifetime=None):
    """The Cache-Control directives of a public page; `lifetime`, in seconds, caps both
    lifetimes and leaves out stale-while-revalidate, so nothing serves the page after
    that moment while the app answers."""
    shared = settings.CACHE_SHARED_SECONDS
    policy = {"public": True, "stale_if_error": settings.CACHE_STALE_IF_ERROR_SECONDS}
    if lifetime is None:
        policy["stale_while_revalidate"] = settings.CACHE_STALE_WHILE_REVALIDATE_SECONDS
    else:
        shared = min(shared, lifetime)
    policy["s_maxage"] = shared
    policy["max_age"] = min(settings.CACHE_BROWSER_SECONDS, shared)
    return policy


def is_personal(request, response):
    """Whether the response could hold something meant for this visitor alone."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(PRIVATE_PATH_PREFIXES):
        return True
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return True  # editors, visitors who gave a page's password, pending messages
    if "HTTP_AUTHORIZATION" in request.META or getattr(request, "is_preview", False):
        return True
    # A cookie being set, or a CSRF token rendered into a form, makes it this visitor's.
    return bool(response.cookies) or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def expire_at(response, moments):
    """Let a page that shows time-dependent state ('opens on…', 'closed', 'past') be kept
    no longer than the next of `moments` (aware datetimes, None for none)."""
    if response.status_code != 200 or response.has_header("Cache-Control"):
        return response  # an error, or a view that chose already (a form: never_cache)
    now = timezone.now()
    future = [moment for moment in moments if moment and moment > now]
    if future:
        seconds = math.ceil((min(future) - now).total_seconds())
        patch_cache_control(response, **public_policy(seconds))
    return response


def _says(response, directive):
    parts = response.get("Cache-Control", "").split(",")
    return directive in {part.split("=")[0].strip().lower() for part in parts}
