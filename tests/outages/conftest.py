"""Fixtures for the outage tests: a PostgreSQL cluster and a redis-server of the
tests' own (never the shared ones), stopped and started again while the app runs.

The database tests run in the PostgreSQL pass (DATABASE_URL=postgres://...): the
cluster gets a copy of the test database. Without PostgreSQL's server programs, or
redis-server, they are skipped with a reason, and fail under CI."""

import shutil
import tempfile
from dataclasses import dataclass

from django.conf import settings as django_settings

import pytest

from tests.conftest import skip_or_fail
from tests.edge.harness import VARNISHD, Varnish, outage_page_vcl
from tests.events.conftest import get_event_index, make_event
from tests.outages.harness import (
    AppProcess,
    PostgresCluster,
    RedisServer,
    app_environment,
    postgresql_bin,
    start_app_server,
    start_task_worker,
)


@pytest.fixture(scope="session")
def postgresql_programs():
    if "postgresql" not in django_settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("needs PostgreSQL: runs with DATABASE_URL=postgres://... (CI's second pass)")
    folder = postgresql_bin()
    if folder is None:
        skip_or_fail("PostgreSQL's initdb and pg_ctl not found (apt-get install postgresql)")
    return folder


@pytest.fixture
def own_cluster(postgresql_programs):
    cluster = PostgresCluster(postgresql_programs)
    yield cluster
    cluster.remove()


@pytest.fixture
def redis_server():
    program = shutil.which("redis-server")
    if program is None:
        skip_or_fail("redis-server not found (apt-get install redis-server)")
    server = RedisServer(program)
    yield server
    server.remove()


@dataclass
class SiteOnOwnDatabase:
    cluster: PostgresCluster
    env: dict
    app: AppProcess
    worker: AppProcess
    event: object

    @property
    def port(self):
        return self.app.port


@pytest.fixture
def site_on_own_database(own_cluster, live_site_content, settings):
    """The starting content and an event (10 places), copied into a cluster of the
    test's own; gunicorn and the task worker with production-like settings on it."""
    event = make_event(get_event_index(live_site_content.home), "Outage webinar", capacity=10)
    cluster = own_cluster
    folder = tempfile.mkdtemp(prefix="cope-outage-app-")
    app = worker = None
    try:
        cluster.copy_database(settings.DATABASES["default"], "cope")
        # Copies at the edge go stale after a second: a test sees grace within seconds.
        env = app_environment(cluster.url("cope"), folder, CACHE_SHARED_SECONDS="1")
        app = start_app_server(env, folder)
        worker = start_task_worker(env, folder)
        worker.wait_for_log("Starting worker")
        yield SiteOnOwnDatabase(cluster, env, app, worker, event)
    finally:
        for process in (app, worker):
            if process is not None:
                process.stop()
                # Shown only when the test fails: the processes' last words.
                print(f"--- {process.log_path.name}:", *process.log().splitlines()[-60:], sep="\n")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def edge_in_front(site_on_own_database):
    """Varnish with the repo's VCL in front of that gunicorn (tests/edge/harness.py)."""
    if VARNISHD is None:
        skip_or_fail("varnishd not found: apt-get install varnish")
    edge = Varnish([site_on_own_database.port], outage_page_vcl(site_on_own_database.env))
    yield edge
    edge.stop()
