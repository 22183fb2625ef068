"""Django's Redis cache, where Redis being down or frozen is a miss, not an error page.

What the site keeps there (rate-limit counters, Wagtail's site root paths) can be
worked out again or done without: a page must still answer while Redis restarts.
Short socket timeouts (settings CACHES OPTIONS) bound how long a frozen Redis is waited
for; each failure is logged.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def forgiving(method, fallback):
    """`method`, answering `fallback(*args, **kwargs)` when Redis fails."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning("Cache unavailable (%s): %s", method.__name__, error)
            return fallback(*args, **kwargs)

    return wrapper


def nothing(*args, **kwargs):
    return None


class ForgivingRedisCache(RedisCache):
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
