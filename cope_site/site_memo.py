"""The request's Wagtail Site and site settings, kept in each process until one of
them changes, instead of two queries on every request.

Wagtail looks both up from the database once per request: about 5 ms of the 20-40 ms
a page costs here when the page cache misses, and of every registration POST. They
are kept under the *site* generation (page_cache.py), which only saving a site, its
settings or a site's root page renews; not every publish or registration.
Each request gets its own copies (unpickled), so nothing set on one request's objects
reaches another's.
"""

import logging
import pickle

from django.conf import settings
from django.http.request import split_domain_port

from wagtail.models import Site

from .models import SiteSettings
from .page_cache import site_generation

logger = logging.getLogger(__name__)

# (hostname, port) -> (generation, pickled Site, pickled SiteSettings)
_kept = {}
# Hostnames come from the Host header; more than this many distinct ones is not a
# visitor, so the memo starts over rather than grow.
MAX_KEPT_HOSTS = 32


def forget_all():
    _kept.clear()


class SiteMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.FRAGMENT_CACHE:
            try:
                self.attach(request)
            except Exception:
                # Without the cache, Wagtail looks both up itself, as it always can.
                logger.warning("Site memo unavailable; looking the site up", exc_info=True)
        return self.get_response(request)

    @staticmethod
    def attach(request):
        generation = site_generation(request)
        key = (split_domain_port(request._get_raw_host())[0], request.get_port())
        kept = _kept.get(key)
        if kept is None or kept[0] != generation:
            site = Site.find_for_request(request)
            if site is None:
                return
            # The root page as its own type: Wagtail's routing then starts from it
            # without a query. Saving a site's root page renews the site generation.
            site.root_page = site.root_page.specific
            site_settings = SiteSettings.for_site(site)
            # Without the pages it links to (SiteSettings.select_related): publishing one,
            # such as the privacy notice, renews the content generation, not this one.
            site_settings._state.fields_cache.clear()
            if len(_kept) >= MAX_KEPT_HOSTS:
                _kept.clear()
            kept = (generation, pickle.dumps(site), pickle.dumps(site_settings))
            _kept[key] = kept
        # Our own pickles, made in this process a moment ago.
        request._wagtail_site = pickle.loads(kept[1])  # noqa: S301
        site_settings = pickle.loads(kept[2])  # noqa: S301
        site_settings._request = request  # as Wagtail's for_request does
        setattr(request, SiteSettings.get_cache_attr_name(), site_settings)
