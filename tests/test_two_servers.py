"""Two app servers sharing PostgreSQL and Redis: a publish is seen at once through both.

Two gunicorn instances with the production settings (DEBUG off) serve the test
database on free loopback ports, with the page cache in Redis. Needs PostgreSQL (an
SQLite file cannot be shared safely by several servers) and Redis: it runs in the
PostgreSQL pass of `make test` (DATABASE_URL=postgres://...) and is skipped with a
reason in the SQLite pass. Under CI (CI=true), a PostgreSQL run without Redis fails.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import connection

import pytest

from tests.conftest import (
    REDIS_URL,
    add_article,
    delete_redis_keys,
    ensure_wagtail_root,
    redis_reachable,
    skip_or_fail,
)

PROJECT = Path(__file__).resolve().parent.parent
HOST = "cope.test"


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path="/"):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": HOST})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("X-Page-Cache"), response.read().decode()


def wait_until_serving(process, port):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} exited: {process.stdout.read()}")
        try:
            fetch(port, "/robots.txt")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not start")


@pytest.fixture
def shared_redis(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: runs with DATABASE_URL=postgres://... (CI's second pass)")
    if not redis_reachable():
        skip_or_fail(f"Redis is unreachable at {REDIS_URL} (set TEST_REDIS_URL)")
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    # This test process publishes through the same Redis and key prefix as the servers.
    settings.REDIS_URL = REDIS_URL
    settings.CACHE_KEY_PREFIX = prefix
    settings.RELEASE = "two-servers-test"
    settings.PAGE_CACHE_KEY_PREFIX = f"{prefix}:{settings.RELEASE}:"
    settings.PAGE_CACHE = True
    yield prefix
    delete_redis_keys(prefix)


@pytest.fixture
def two_servers(transactional_db, shared_redis):
    from home.initial_content import load_initial_content

    ensure_wagtail_root()
    load_initial_content()
    database = settings.DATABASES["default"]
    static_root = tempfile.mkdtemp(prefix="cope-static-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cope_site.settings.production",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": shared_redis,
        # The same release as this process, so both share one generation.
        "RELEASE": settings.RELEASE,
        "SECRET_KEY": "two-server-test-key",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": static_root,
    }
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT, env=env, check=True
    )
    gunicorn = str(Path(python).with_name("gunicorn"))
    ports, processes = [free_port(), free_port()], []
    try:
        for port in ports:
            processes.append(
                subprocess.Popen(
                    [gunicorn, "cope_site.wsgi", "--bind", f"127.0.0.1:{port}"]
                    + ["--workers", "1", "--no-control-socket"],
                    cwd=PROJECT,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
            )
        for process, port in zip(processes, ports, strict=True):
            wait_until_serving(process, port)
        yield ports
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def test_a_publish_is_seen_at_once_through_the_other_server(two_servers):
    from news.models import NewsIndexPage

    first, second = two_servers
    assert fetch(first)[0] == "miss"
    # The page the first server stored is the one the second serves; then the second
    # keeps a copy of its own and answers from it (cope_site.wsgi's front).
    assert [fetch(second)[0] for _ in range(3)] == ["hit"] * 3

    add_article(NewsIndexPage.objects.get(), "Published between two servers", date="2030-01-01")

    state, html = fetch(second)
    assert "Published between two servers" in html
    assert state == "miss"
    assert "Published between two servers" in fetch(first)[1]
    assert "Published between two servers" in fetch(second, "/news/")[1]
