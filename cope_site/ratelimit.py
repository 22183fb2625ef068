"""A fixed-window rate limit per client address, counted in Django's cache.

Each public form has its own scope and allowance, (requests, seconds): the registration
form settings.EVENTS_REGISTRATION_RATE, the contact and membership forms
settings.FORM_SUBMISSION_RATE (each read from the environment variable of the same name,
as "20/3600"). The address is the visitor's as Varnish passed it on
(cope_site/client_address.py), not Varnish's. With REDIS_URL set the cache is shared, so
the limit holds across app servers. Keys hold a keyed hash of the address, never the
address itself.
"""

import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from cope_site.client_address import client_address


def too_many(request, scope, rate):
    """Count this request in `scope`; True when the address went over `rate`."""
    limit, period = rate
    address = salted_hmac(
        "events.ratelimit", client_address(request) or "", algorithm="sha256"
    ).hexdigest()[:32]
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{address}:{window}"
    cache.add(key, 0, timeout=period + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 60)
        count = 1
    return count > limit


def retry_after(rate):
    """Seconds until the current window of `rate` ends."""
    _limit, period = rate
    return period - int(time.time() % period)
