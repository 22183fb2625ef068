"""Fixtures for the edge tests: Varnish with the repo's VCL, in front of a tiny backend
(test_vcl.py) or of two gunicorn app servers on the PostgreSQL test database
(test_site_behind_edge.py).

Without varnishd these tests are skipped with a reason on a developer's machine and
fail under CI (apt-get install varnish)."""

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings as django_settings

import pytest

from tests.conftest import ensure_wagtail_root, skip_or_fail
from tests.edge.harness import (
    REPO,
    VARNISHD,
    TinyBackend,
    Varnish,
    free_port,
    outage_page_vcl,
    request,
    stop_process,
)

# The host the tests ask for. The Site that load_initial_content makes takes its
# hostname from WAGTAILADMIN_BASE_URL, and the app purges with that host: the two
# must match or purges miss.
HOST = "localhost"

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


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


@pytest.fixture(scope="session")
def outage_page(varnishd):
    """outage-page.vcl rendered with the test settings (the stylesheet unhashed)."""
    from cope_site.outage_page import render_outage_page_vcl

    return render_outage_page_vcl()


@pytest.fixture(scope="module")
def module_edge(varnishd, tiny_backend, outage_page):
    varnish = Varnish([tiny_backend.port], outage_page)
    yield varnish
    varnish.stop()


@pytest.fixture
def edge(module_edge):
    """The module's Varnish, emptied: each test starts with nothing cached."""
    module_edge.forget_everything()
    return module_edge


@pytest.fixture
def lone_backend_and_edge(varnishd, outage_page):
    """A backend and Varnish of the test's own, for tests that stop the backend."""
    backend = TinyBackend(dict(BACKEND_HEADERS))
    varnish = Varnish([backend.port], outage_page)
    yield backend, varnish
    varnish.stop()
    backend.stop()


# The site: two gunicorn app servers behind Varnish ------------------------------------


@pytest.fixture(scope="session")
def postgresql():
    """Several app servers cannot share an SQLite file safely. Session-wide, so that the
    SQLite pass skips before anything is built."""
    if "postgresql" not in django_settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("needs PostgreSQL: runs with DATABASE_URL=postgres://... (CI's second pass)")


@pytest.fixture(scope="session")
def collected_static(postgresql):
    """Hashed static files for the production settings, collected once a session (about
    half a minute: WhiteNoise compresses them)."""
    static_root = tempfile.mkdtemp(prefix="cope-edge-static-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cope_site.settings.production",
        "SECRET_KEY": "edge-test-key",
        "ALLOWED_HOSTS": HOST,
        "STATIC_ROOT": static_root,
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env=env,
        check=True,
    )
    yield static_root
    shutil.rmtree(static_root, ignore_errors=True)


def shared_database_url(settings):
    """The PostgreSQL test database, for app servers to share with the test."""
    database = settings.DATABASES["default"]
    return (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


class AppServer:
    """gunicorn with the production settings on a loopback port, output in a file."""

    def __init__(self, env, log_folder, extra_args=()):
        self.port = free_port()
        self.log_path = Path(log_folder, f"gunicorn-{self.port}.log")
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [gunicorn, "cope_site.wsgi", "--bind", f"127.0.0.1:{self.port}"]
                + ["--workers", "1", "--no-control-socket", *extra_args],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_serving(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text()}")
            try:
                request(self.port, "/healthz/", host=HOST)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start:\n{self.log_path.read_text()}")

    def get(self, path="/", **options):
        return request(self.port, path, host=HOST, **options)

    def stop(self):
        stop_process(self.process)


# What the app servers' environment holds for this site or test alone: the outage page
# does not depend on it.
SITE_OWN_ENV = {"EDGE_CACHE_URLS", "CACHE_KEY_PREFIX", "PYTEST_CURRENT_TEST"}


@functools.cache
def rendered_outage_page(settings_env):
    return outage_page_vcl(dict(settings_env))


def outage_page_for(env):
    """outage-page.vcl for app servers with this environment, rendered once a session
    for each set of settings (a Django start each time)."""
    return rendered_outage_page(
        tuple(sorted((name, value) for name, value in env.items() if name not in SITE_OWN_ENV))
    )


class SiteBehindEdge:
    """Two app servers and Varnish in front of them; this test process purges too
    (purging_from_this_process)."""

    def __init__(self, static_root, redis_prefix, extra_env):
        self.log_folder = tempfile.mkdtemp(prefix="cope-edge-site-")
        self.redis_prefix = redis_prefix
        # Varnish's port first: the app servers are told where to purge.
        edge_port = free_port()
        self.edge_url = f"http://127.0.0.1:{edge_port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cope_site.settings.production",
            "DATABASE_URL": shared_database_url(django_settings),
            "SECRET_KEY": "edge-test-key",
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": static_root,
            "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
            "EDGE_CACHE_URLS": self.edge_url,
            # What app servers share in production: Wagtail's site root paths and the
            # rate-limit counters (pages are the edge's).
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": redis_prefix,
            **extra_env,
        }
        self.servers = [AppServer(env, self.log_folder) for _ in range(2)]
        self.edge = None
        try:
            for server in self.servers:
                server.wait_until_serving()
            self.edge = Varnish(
                [server.port for server in self.servers], outage_page_for(env), port=edge_port
            )
        except Exception:
            self.stop()
            raise

    def purging_from_this_process(self, settings):
        """This process publishes in the tests: it purges through the same edge."""
        settings.WAGTAILFRONTENDCACHE = {
            "edge": {"BACKEND": "cope_site.edge.VarnishBackend", "LOCATION": self.edge_url}
        }

    def get(self, path="/", **options):
        return self.edge.get(path, host=HOST, **options)

    def stop_app_servers(self):
        for server in self.servers:
            server.stop()

    def stop(self):
        self.stop_app_servers()
        if self.edge is not None:
            self.edge.stop()
        # pytest shows what a test printed only when it fails: the servers' last words.
        for server in self.servers:
            lines = server.log_path.read_text().splitlines()[-40:]
            print(f"--- gunicorn on port {server.port}:", *lines, sep="\n")
        shutil.rmtree(self.log_folder, ignore_errors=True)


def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        skip_or_fail(f"Redis is unreachable at {REDIS_URL} (set TEST_REDIS_URL)")
    return client


def new_redis_prefix():
    return f"edge-test-{uuid.uuid4().hex[:12]}"


def forget_redis_keys(client, prefix):
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def redis_prefix():
    """A Redis key prefix of the test's own, for the app servers; removed afterwards."""
    client = redis_client()
    prefix = new_redis_prefix()
    yield prefix
    forget_redis_keys(client, prefix)


def build_starting_content(settings):
    from home.initial_content import load_initial_content

    # The Site's hostname is the Host the tests send, so the app's purges reach them.
    settings.WAGTAILADMIN_BASE_URL = f"http://{HOST}"
    ensure_wagtail_root()
    load_initial_content()


# Every test with app servers resets the database's sequences (django_db_reset_sequences):
# the flush after each test makes the content types and permissions again (post_migrate)
# in the same order, so with sequences from 1 they get the same ids every time, and the
# rows each test builds do too. A running app server's caches of ids (Django caches
# content types per process) then stay true from one test to the next.


@pytest.fixture
def start_site_behind_edge(
    postgresql, django_db_reset_sequences, varnishd, collected_static, redis_prefix, settings
):
    """Builds the starting content, then starts a site of the test's own: call it with
    any extra environment for the app servers (CACHE_SHARED_SECONDS=...)."""
    build_starting_content(settings)
    started = []

    def start(**extra_env):
        started.append(SiteBehindEdge(collected_static, redis_prefix, extra_env))
        started[-1].purging_from_this_process(settings)
        return started[-1]

    yield start
    for site in started:
        site.stop()


@pytest.fixture(scope="module")
def module_site(postgresql, django_db_setup, django_db_blocker, varnishd, collected_static):
    """One site for the module's tests that need no servers of their own (`site`)."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        # Sequences from 1 (flush resets them), as every test here leaves them.
        call_command("flush", interactive=False, verbosity=0)
    client = redis_client()
    site = SiteBehindEdge(collected_static, new_redis_prefix(), {})
    yield site
    site.stop()
    forget_redis_keys(client, site.redis_prefix)


@pytest.fixture
def site(module_site, django_db_reset_sequences, settings):
    """The module's site, for this test as if new: the starting content built afresh
    (the database was flushed after the test before), nothing in Varnish, nothing in
    the app servers' Redis, purges from this process."""
    build_starting_content(settings)
    module_site.edge.forget_everything()
    forget_redis_keys(redis_client(), module_site.redis_prefix)
    module_site.purging_from_this_process(settings)
    return module_site
