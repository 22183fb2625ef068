"""Full-page cache for anonymous visitors, and the site-wide generation that invalidates it.

Every cached page is stored with the *generation* that was current when it was
rendered. Publishing, unpublishing, moving or deleting a page, or saving a site
setting, snippet, image or document, sets a new generation (see signals.py), so every
page cached before it stops matching at once, on every app server that shares the
cache. One cache round trip (MGET of the generation and the page, or of the generation
alone for a page the process keeps a copy of) answers a request. See docs/caching.md.
"""

import hashlib
import logging
import pickle
import re
import threading
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import get_max_age

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
SITE_GENERATION_KEY = "page-cache:site-generation"
GENERATION_KEYS = (GENERATION_KEY, SITE_GENERATION_KEY)
PAGE_KEY_PREFIX = "page-cache:page:"
# Generations of single things some pages show (an event's registrations): renewing one
# makes stale only the pages that read it while they were rendered.
DEPENDENCY_KEY_PREFIX = "page-cache:depends-on:"
# Cookies that mean "this visitor may see something personal": the session (editors,
# password-protected pages) and pending messages. Other cookies, such as analytics or
# the CSRF cookie left by a form page, do not split or bypass the cache.
PERSONAL_COOKIES = ("messages",)
# Headers a stored page never carries.
UNSTORED_HEADERS = {"set-cookie", "x-page-cache"}
# Responses saying any of these are never stored.
PRIVATE_CACHE_CONTROL = {"private", "no-store", "no-cache"}
HEADER_LIST = re.compile(r"\s*,\s*")


class RedisStore:
    """A redis-py client made once per process and reused.

    Django's RedisCache builds a new client object on every call; on the cached path
    that costs about as much as the rest of the lookup (see docs/caching.md).
    """

    def __init__(self, url, prefix):
        import redis

        self.client = redis.Redis.from_url(url, single_connection_client=True)
        self.prefix = prefix

    def get_many(self, keys):
        values = self.client.mget([self.prefix + key for key in keys])
        # Our own cache, written only by this module: the same trust Django's RedisCache
        # gives the pickles it stores.
        return [None if value is None else pickle.loads(value) for value in values]  # noqa: S301

    def set(self, key, value, timeout=None):
        self.client.set(self.prefix + key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), ex=timeout)


class DjangoCacheStore:
    """Any Django cache; used for the per-process memory cache when there is no Redis."""

    def __init__(self, alias):
        self.cache = caches[alias]

    def get_many(self, keys):
        found = self.cache.get_many(keys)
        return [found.get(key) for key in keys]

    def set(self, key, value, timeout=None):
        self.cache.set(key, value, timeout)


class LocalCopies:
    """Pages this process lately served from the shared cache, pickled, the newest
    `size` of them. A request for one of them reads only the generations from Redis (a
    few bytes) instead of the whole page; the generation is still read on every request,
    so a publish through any server is seen at once."""

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()  # gunicorn's threaded workers share a process

    def get(self, key):
        """(generation, dependencies, pickled response) or None."""
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, generation, dependencies, response):
        entry = (generation, dependencies, pickle.dumps(response, pickle.HIGHEST_PROTOCOL))
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


_store = None
_local_copies = None


def get_store():
    global _store
    if _store is None:
        if settings.REDIS_URL:
            _store = RedisStore(settings.REDIS_URL, settings.PAGE_CACHE_KEY_PREFIX)
        else:
            _store = DjangoCacheStore("default")
    return _store


def get_local_copies():
    """None without Redis: the per-process memory cache is local already."""
    global _local_copies
    if _local_copies is None and settings.REDIS_URL and settings.PAGE_CACHE_LOCAL_COPIES:
        _local_copies = LocalCopies(settings.PAGE_CACHE_LOCAL_COPIES)
    return _local_copies


def current_local_copy(key):
    """For a page this process keeps a copy of: (the response, if the copy is still
    current, else None; the generations as the shared cache has them now). (None, None)
    when there is no copy. One round trip for the generations and the page's
    dependencies. Raises when the shared cache is unreachable."""
    local_copies = get_local_copies()
    local = local_copies.get(key) if local_copies else None
    if local is None:
        return None, None
    generation, dependencies, pickled = local
    values = get_store().get_many([*GENERATION_KEYS, *dependencies])
    generations = _generations_from(values[: len(GENERATION_KEYS)])
    if generation != generations[0] or not _unchanged(dependencies, values[len(GENERATION_KEYS) :]):
        return None, generations
    return pickle.loads(pickled), generations  # noqa: S301 (pickled by this process)


def _unchanged(dependencies, values):
    """Whether `values`, the dependency generations as read now (in order), are those a
    page was stored with."""
    return dict(zip(dependencies, values, strict=True)) == dependencies


def keep_local_copy(key, generation, dependencies, response):
    local_copies = get_local_copies()
    if local_copies:
        local_copies.put(key, generation, dependencies, response)


@receiver(setting_changed)
def _forget_store(setting, **kwargs):
    global _store, _local_copies
    if setting in {"REDIS_URL", "CACHES", "PAGE_CACHE_KEY_PREFIX", "PAGE_CACHE_LOCAL_COPIES"}:
        _store = _local_copies = None


def _new_generation():
    return uuid.uuid4().hex


def current_generation(request=None):
    """The generation in force; remembered on the request so one request asks once."""
    return _generations(request)[0]


def site_generation(request=None):
    """The generation of the sites and their settings alone (site_memo.py): it changes
    far less often than the content's, which every publish renews."""
    return _generations(request)[1]


def _generations(request):
    generations = getattr(request, "cache_generations", None)
    if generations is None:
        generations = _generations_from(get_store().get_many(list(GENERATION_KEYS)))
        if request is not None:
            request.cache_generations = generations
    return generations


def _generations_from(values):
    """GENERATION_KEYS' values as read from the cache, a lost one started afresh."""
    return tuple(
        value or _start_generation(key) for key, value in zip(GENERATION_KEYS, values, strict=True)
    )


def _start_generation(key=GENERATION_KEY):
    # A fresh random value, never a counter: if the cache loses the key (restart,
    # eviction), pages stored under the old value can never match again.
    generation = _new_generation()
    get_store().set(key, generation)
    return generation


def invalidate_all():
    """Make every cached page and fragment stale: now, and again once the current
    transaction commits. The second is the one that counts: between the first and the
    commit another server could render the old content and store it under the new
    generation."""
    _renew_now_and_after_commit(GENERATION_KEY)


def depend_on(request, name):
    """The generation of `name` (say, one event's registrations), recorded on the
    request: a page rendered for it is stored depending on that generation, and
    `renew_dependency(name)` makes it stale without touching the rest of the site."""
    key = DEPENDENCY_KEY_PREFIX + name
    dependencies = request.__dict__.setdefault("cache_dependencies", {})
    if key not in dependencies:
        (value,) = get_store().get_many([key])
        dependencies[key] = value or _start_generation(key)
    return dependencies[key]


def renew_dependency(name):
    """Make stale what depends on `name` (pages, kept values), now and after commit."""
    _renew_now_and_after_commit(DEPENDENCY_KEY_PREFIX + name)


def invalidate_sites():
    """Make the kept sites and settings stale (site_memo.py), now and after commit."""
    _renew_now_and_after_commit(SITE_GENERATION_KEY)


def _renew_now_and_after_commit(key):
    _start_generation_or_log(key)
    transaction.on_commit(lambda: _start_generation_or_log(key))


def _start_generation_or_log(key):
    # An editor's publish must not fail because the cache is down; pages cached before
    # the outage expire after PAGE_CACHE_SECONDS at the latest.
    try:
        _start_generation(key)
    except Exception:
        logger.error("Could not invalidate the page cache", exc_info=True)


def memoise(request, name, compute, timeout=None, depends_on=None):
    """A value computed from the site's content, kept until the next invalidation; with
    `depends_on`, also until that dependency is renewed (see depend_on)."""
    if depends_on is not None:
        name = f"{name}:{depend_on(request, depends_on)}"
    value = recall(request, name)
    if value is None:
        value = compute()
        keep(request, name, value, timeout)
    return value


def recall(request, name):
    """What `keep` stored under `name` since the last invalidation, else None."""
    if not settings.FRAGMENT_CACHE:
        return None
    return caches["default"].get(_memo_key(request, name))


def keep(request, name, value, timeout=None):
    if settings.FRAGMENT_CACHE:
        caches["default"].set(
            _memo_key(request, name), value, timeout or settings.PAGE_CACHE_SECONDS
        )


def _memo_key(request, name):
    # Names may hold a URL path or filter values from a query string: hashed, any name
    # makes a short key that every cache backend accepts.
    return f"memo:{hashlib.sha256(name.encode()).hexdigest()}:{current_generation(request)}"


class PageCacheMiddleware:
    """Serves anonymous GET requests from the cache; first in MIDDLEWARE, so a hit
    costs one cache round trip and none of the other middleware or views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key_for(request)
        if key is None:
            return self.get_response(request)
        try:
            response, generations = current_local_copy(key)
            if response is not None:
                request.cache_generations = generations
                return self.response_from(response)
            if generations is None:
                *generations, entry = get_store().get_many([*GENERATION_KEYS, key])
            else:  # the local copy is stale; the shared one may not be
                entry = get_store().get_many([key])[0]
        except Exception:
            # The cache being down must not take the site down: serve uncached.
            logger.warning("Page cache unreachable; serving uncached", exc_info=True)
            return self.get_response(request)
        request.cache_generations = _generations_from(generations)
        generation = request.cache_generations[0]
        if entry is not None and entry[0] == generation and self.dependencies_current(entry[1]):
            keep_local_copy(key, *entry)
            return self.response_from(entry[2])

        response = self.get_response(request)
        timeout = self.lifetime(response)
        if timeout and self.can_store(request, response):
            try:
                dependencies = getattr(request, "cache_dependencies", {})
                entry = (generation, dependencies, self.stored_copy(response))
                get_store().set(key, entry, timeout)
            except Exception:
                logger.warning("Page cache unreachable; page not stored", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def dependencies_current(dependencies):
        """Whether the things a stored page read are unchanged (a second round trip,
        only for pages that depend on something, such as an event page)."""
        if not dependencies:
            return True
        try:
            values = get_store().get_many(list(dependencies))
        except Exception:
            logger.warning("Page cache unreachable; serving uncached", exc_info=True)
            return False
        return _unchanged(dependencies, values)

    @staticmethod
    def key_for(request):
        """The cache key of a request that may be answered from the cache, else None."""
        if not settings.PAGE_CACHE or request.method != "GET":
            return None
        if request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PATHS):
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or any(c in cookies for c in PERSONAL_COOKIES):
            return None
        # Only the public filters of listings may vary a cached page; any other
        # parameter (a search term, a token in a link) is answered fresh, never stored.
        query = sorted(request.GET.lists())
        for name, values in query:
            if name not in settings.PAGE_CACHE_QUERY_PARAMETERS:
                return None
            if any(len(value) > 100 for value in values):
                return None
        try:
            host = request.get_host()
        except Exception:
            return None  # a disallowed host: let Django answer it
        scheme = "https" if request.is_secure() else "http"
        url = f"{scheme}://{host}{request.path}?{query!r}"
        return PAGE_KEY_PREFIX + hashlib.sha256(url.encode()).hexdigest()

    @staticmethod
    def lifetime(response):
        """PAGE_CACHE_SECONDS, or less when the page says it changes sooner (an event
        whose registration opens or closes, see events.models.expire_at_next_change)."""
        max_age = get_max_age(response)
        if max_age is None:
            return settings.PAGE_CACHE_SECONDS
        return min(max_age, settings.PAGE_CACHE_SECONDS)

    @staticmethod
    def can_store(request, response):
        if response.status_code != 200 or response.streaming:
            return False
        # A cookie being set, or a CSRF token used while rendering, means the page was
        # made for this visitor (a form, a message, a login).
        if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        if getattr(request, "is_preview", False):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        cache_control = {
            part.split("=")[0].strip().lower()
            for part in HEADER_LIST.split(response.get("Cache-Control", ""))
        }
        if cache_control & PRIVATE_CACHE_CONTROL:
            return False
        # Cookies are handled above; a page that varies on anything else is not stored.
        vary = {v.strip().lower() for v in HEADER_LIST.split(response.get("Vary", "")) if v}
        return vary <= {"cookie"}

    @staticmethod
    def stored_copy(response):
        """A plain HttpResponse with what every visitor may get. It is stored pickled,
        as Django's own cache middleware stores responses: a hit unpickles it whole
        instead of checking each header again."""
        copy = HttpResponse(response.content, status=response.status_code)
        for name, value in response.items():
            if name.lower() not in UNSTORED_HEADERS:
                copy[name] = value
        return copy

    @staticmethod
    def response_from(response):
        response["X-Page-Cache"] = "hit"
        return response


class PageCacheApplication:
    """WSGI wrapper (cope_site/wsgi.py): a page this process keeps a current copy of is
    answered before Django builds a request, sends its request signals or runs any
    middleware: about a tenth more pages a second on the 2-core machine (docs/caching.md).
    Everything else goes on to Django, where PageCacheMiddleware looks pages up in the
    shared cache, stores them and keeps the local copies. The key and the freshness
    check are the middleware's own, so both answer the same requests the same way."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        response = None
        if environ.get("REQUEST_METHOD") == "GET" and settings.PAGE_CACHE and get_local_copies():
            try:
                key = PageCacheMiddleware.key_for(WSGIRequest(environ))
                if key is not None:
                    response, _generations = current_local_copy(key)
            except Exception:
                # Django answers it: a request it refuses, or the cache being down (the
                # middleware logs that).
                response = None
        if response is None:
            return self.application(environ, start_response)
        response = PageCacheMiddleware.response_from(response)
        start_response(f"{response.status_code} {response.reason_phrase}", [*response.items()])
        return [response.content]
