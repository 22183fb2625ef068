"""Purging the edge cache (Varnish, or a CDN) through wagtail.contrib.frontend_cache.

Two kinds of purge (docs/caching.md says why):
- a change an editor makes (publish, unpublish, move, delete, a view restriction, a
  setting, snippet, image or document) purges every site whole: `<root_url>/*`;
- a registration purges its event page alone, so a registration rush leaves the rest
  of the site cached.

Purges go out after the transaction commits (before it, another app server could put
the old content back), from a task; one that fails is logged and tried again later.
"""

import datetime
import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Site

from django_tasks import task

logger = logging.getLogger(__name__)

# Attempts in all, and the wait before each retry: a restarting Varnish or a CDN's API
# hiccup is over within minutes.
PURGE_ATTEMPTS = 5
RETRY_DELAYS = (10, 60, 300, 900)
PURGE_TIMEOUT = 5  # seconds


class PurgeFailed(Exception):
    def __init__(self, urls):
        super().__init__(f"{len(urls)} URL(s) not purged")
        self.urls = urls


class VarnishBackend(HTTPBackend):
    """Wagtail's HTTP backend (a PURGE request to the cache, with the site's Host),
    sending percent-encoded paths, so Unicode slugs purge too, and raising instead of
    only logging when the cache does not answer, so the purge can be tried again."""

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        failed = []
        for url in urls:
            parts = urlsplit(iri_to_uri(url))
            request = PurgeRequest(
                url=urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, "", ""]),
                headers={"Host": parts.netloc, "User-Agent": "cope-site-purge"},
            )
            try:
                with urlopen(request, timeout=PURGE_TIMEOUT):  # noqa: S310 (configured URL)
                    pass
            except (HTTPError, URLError, OSError) as error:
                logger.warning("Edge cache did not purge %s: %s", url, error)
                failed.append(url)
        if failed:
            raise PurgeFailed(failed)


def edge_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


@task()
def purge_edge_cache(urls, attempt=1):
    """Purge `urls` from every configured edge cache; retry what failed, later."""
    failed = set()
    for name, backend in get_backends().items():
        hosts = [url for url in urls if backend.invalidates_hostname(urlsplit(url).hostname)]
        try:
            backend.purge_batch(hosts)
        except PurgeFailed as error:
            failed.update(error.urls)
        except Exception:  # a CDN's API failing in a way of its own
            logger.warning("Edge cache %s failed to purge", name, exc_info=True)
            failed.update(hosts)
    if not failed:
        return
    if attempt >= PURGE_ATTEMPTS:
        logger.error("Gave up purging %s after %d attempts", sorted(failed), attempt)
        return
    retry = purge_edge_cache
    if retry.get_backend().supports_defer:
        delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
        retry = retry.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    logger.warning("Purge of %d URL(s) will be tried again (attempt %d)", len(failed), attempt + 1)
    retry.enqueue(sorted(failed), attempt + 1)


def purge_after_commit(urls):
    if edge_configured() and urls:
        urls = sorted(set(urls))
        transaction.on_commit(lambda: purge_edge_cache.enqueue(urls))


def purge_all_sites():
    """After a change that may show anywhere: every cached URL of every site."""
    purge_after_commit([site.root_url + "/*" for site in Site.objects.all()])


def purge_page(page):
    """The page's own URLs: its address and what `get_cached_paths` lists below it."""
    page_url = page.get_full_url()
    if page_url:
        purge_after_commit([page_url + path.lstrip("/") for path in page.get_cached_paths()])
