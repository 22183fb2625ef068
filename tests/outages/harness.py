"""Services of the outage tests' own, on free loopback ports in temporary folders: a
PostgreSQL cluster (initdb, pg_ctl) and a redis-server, each stopped and started again
by the tests; and the app (gunicorn, the task worker) running against them.

initdb and the server refuse to run as root: as root (CI's containers), they run as
the `postgres` user, who then owns the cluster's folder."""

import glob
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.edge.harness import REPO, free_port, request, stop_process, wait_for_port

HOST = "localhost"


def postgresql_bin():
    """The folder with initdb and pg_ctl: PG_BIN, Debian's newest, or the PATH's."""
    candidates = [os.environ.get("PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
    found = shutil.which("pg_ctl")
    candidates.append(os.path.dirname(os.path.realpath(found)) if found else "")
    for folder in candidates:
        if folder and all(Path(folder, name).exists() for name in ("initdb", "pg_ctl")):
            return Path(folder)
    return None


def _version(folder):
    match = re.search(r"/(\d+)/bin$", folder)
    return int(match.group(1)) if match else 0


class PostgresCluster:
    """A throwaway PostgreSQL cluster, trust authentication on 127.0.0.1 only."""

    def __init__(self, bin_folder):
        self.bin = bin_folder
        self.folder = Path(tempfile.mkdtemp(prefix="cope-outage-pg-"))
        self.data = self.folder / "data"
        self.log_path = self.folder / "postgresql.log"
        self.port = free_port()
        self.as_owner = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self._run(
            "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C", "--no-sync",
        )  # fmt: skip
        self.start()

    def _run(self, program, *arguments, check=True):
        return subprocess.run(
            [*self.as_owner, str(self.bin / program), *map(str, arguments)],
            capture_output=True,
            text=True,
            check=check,
            timeout=60,
        )

    def start(self):
        """Returns once the server accepts connections (pg_ctl -w)."""
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", self.log_path, "-w", "start")

    def stop(self):
        """Fast shutdown: open connections are cut, as when the server goes down."""
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self):
        self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def copy_database(self, source, name):
        """A copy of `source` (a Django DATABASES entry: the test database, content and
        all) as database `name` here: seconds, where migrating afresh takes a quarter
        of a minute."""
        env = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
        self._run("createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", name)
        dump = subprocess.run(
            [str(self.bin / "pg_dump"), "--no-owner", "--no-privileges"]
            + ["-h", source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432)]
            + ["-U", source["USER"] or "postgres", source["NAME"]],
            capture_output=True,
            env=env,
            check=True,
            timeout=60,
        )
        subprocess.run(
            [str(self.bin / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1"]
            + ["-p", str(self.port), "-U", "postgres", "-d", name],
            input=dump.stdout,
            capture_output=True,
            check=True,
            timeout=60,
        )


class RedisServer:
    """redis-server without persistence; stopped, started again, frozen and thawed."""

    def __init__(self, program):
        self.program = program
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="cope-outage-redis-"))
        self.process = None
        self.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [self.program, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, lambda: self.process.poll() is None, "redis-server")

    def stop(self):
        self.thaw()
        self.process.terminate()
        self.process.wait(timeout=10)

    def freeze(self):
        """Still listening, never answering: as a Redis that hangs."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)

    def remove(self):
        if self.process.poll() is None:
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class AppProcess:
    """gunicorn or the task worker with production-like settings, output in a file."""

    def __init__(self, name, command, env, folder):
        self.log_path = Path(folder, f"{name}.log")
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def alive(self):
        return self.process.poll() is None

    def log(self):
        return self.log_path.read_text()

    def wait_for_log(self, text, seconds=30):
        """Until its output holds `text`: what it has done, not how fast."""
        deadline = time.monotonic() + seconds
        while text not in self.log():
            if not self.alive() or time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not in the output:\n{self.log()}")
            time.sleep(0.1)

    def stop(self):
        stop_process(self.process)


def app_environment(database_url, folder, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.outages.production_like",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "outage-test-key",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
        # Direct to gunicorn: the address it sees is the client's.
        "TRUSTED_PROXY_COUNT": "0",
        "EDGE_CACHE_URLS": "",
        "REDIS_URL": "",
        # Static files come from the app folders (production_like.py): nothing here.
        "STATIC_ROOT": str(folder),
        **extra,
    }


def start_app_server(env, folder):
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = AppProcess(
        "gunicorn",
        [gunicorn, "cope_site.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "1", "--no-control-socket"],
        env,
        folder,
    )
    server.port = port
    wait_for_port(port, server.alive, f"gunicorn:\n{server.log()}")
    return server


def start_task_worker(env, folder):
    return AppProcess(
        "db_worker",
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval=0.2"],
        env,
        folder,
    )


def manage_py(env, code):
    """`manage.py shell -c code` with the app's settings: the last line it printed."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


class Visitor:
    """A browser without JavaScript: keeps its cookies, posts forms with their token."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def get(self, path):
        return self._send("GET", path)

    def _send(self, method, path, body=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = request(self.port, path, method=method, host=HOST, headers=headers, body=body)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def open_form(self, path):
        page = self.get(path)
        assert page.status == 200, page.body[:500]
        self.form_path = path
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)
        return page

    def send_form(self, fields):
        body = urlencode({"csrfmiddlewaretoken": self.token, **fields}, doseq=True)
        return self._send("POST", self.form_path, body)
