"""Django's Redis cache, where Redis being down or frozen is a miss, not an error page.

What the site keeps there (rate-limit counters, Wagtail's site root paths) can be
worked out again or done without: a page must still answer while Redis restarts.
Short socket timeouts (settings CACHES OPTIONS) bound how long a frozen Redis is waited
for. After a failure, logged as one WARNING line, Redis is not asked again for a few
seconds (OPTIONS "pause_after_failure", 5 by default): a frozen Redis then costs one
request half a second, not every cache call of every request.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def forgiving(method, fallback):
    """`method`, answering `fallback(*args, **kwargs)` when Redis fails or failed
    within the pause."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if time.monotonic() < self.unavailable_until:
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            self.unavailable_until = time.monotonic() + self.pause_after_failure
            logger.warning(
                "Cache unavailable (%s), not asked again for %g s: %s",
                method.__name__,
                self.pause_after_failure,
                error,
            )
            return fallback(*args, **kwargs)

    return wrapper


def nothing(*args, **kwargs):
    return None


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.pause_after_failure = options.pop("pause_after_failure", 5)
        self.unavailable_until = 0.0
        super().__init__(server, {**params, "OPTIONS": options})

    get = forgiving(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = forgiving(RedisCache.get_many, lambda *args, **kwargs: {})
    has_key = forgiving(RedisCache.has_key, lambda *args, **kwargs: False)
    add = forgiving(RedisCache.add, lambda *args, **kwargs: False)
    # A counter that cannot be read counts nothing: the rate limit lets the post through.
    incr = forgiving(RedisCache.incr, lambda key, delta=1, version=None: delta)
    touch = forgiving(RedisCache.touch, lambda *args, **kwargs: False)
    delete = forgiving(RedisCache.delete, lambda *args, **kwargs: False)
    set = forgiving(RedisCache.set, nothing)
    set_many = forgiving(RedisCache.set_many, lambda *args, **kwargs: [])
    delete_many = forgiving(RedisCache.delete_many, nothing)
    clear = forgiving(RedisCache.clear, nothing)
