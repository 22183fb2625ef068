"""Fixtures for the edge tests: Varnish with the repo's VCL, in front of a tiny backend
(test_vcl.py).

Without varnishd these tests are skipped with a reason on a developer's machine and
fail under CI (apt-get install varnish)."""

import pytest

from tests.conftest import skip_or_fail
from tests.edge.harness import VARNISHD, TinyBackend, Varnish


@pytest.fixture(scope="session")
def varnishd():
    if VARNISHD is None:
        skip_or_fail("varnishd not found: apt-get install varnish")
    return VARNISHD


# VCL only: a stdlib backend in a thread -------------------------------------------------

# Paths of the tiny backend with headers of their own; every other path is cacheable.
BACKEND_HEADERS = {
    "/private/": {"Cache-Control": "private"},
    "/no-store/": {"Cache-Control": "no-store"},
    "/no-cache-control/": {},
    "/set-cookie/": {"Cache-Control": "public, s-maxage=3600", "Set-Cookie": "a=1; Path=/"},
    "/stale/": {"Cache-Control": "public, max-age=1, s-maxage=1, stale-if-error=60"},
    "/healthz/": {"Cache-Control": "no-store"},
}


@pytest.fixture(scope="module")
def tiny_backend():
    backend = TinyBackend(dict(BACKEND_HEADERS))
    yield backend
    backend.stop()


@pytest.fixture(scope="module")
def module_edge(varnishd, tiny_backend):
    varnish = Varnish([tiny_backend.port])
    yield varnish
    varnish.stop()


@pytest.fixture
def edge(module_edge):
    """The module's Varnish, emptied: each test starts with nothing cached."""
    module_edge.forget_everything()
    return module_edge


@pytest.fixture
def lone_backend_and_edge(varnishd):
    """A backend and Varnish of the test's own, for tests that stop the backend."""
    backend = TinyBackend(dict(BACKEND_HEADERS))
    varnish = Varnish([backend.port])
    yield backend, varnish
    varnish.stop()
    backend.stop()
