from django.conf import settings

from .page_cache import current_generation


def fragment_cache(request):
    """What `{% wagtailcache %}` fragments vary on: the site-wide generation, so any
    publish or settings change refreshes them (docs/caching.md)."""
    if not settings.FRAGMENT_CACHE:
        # A zero timeout stores nothing: every fragment is rendered afresh.
        return {"fragment_cache_seconds": 0, "cache_generation": ""}
    return {
        "fragment_cache_seconds": settings.PAGE_CACHE_SECONDS,
        "cache_generation": current_generation(request),
    }
