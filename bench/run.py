"""`make bench`: the production shape under load (Varnish in front of gunicorn),
measured against targets.

Starts gunicorn (2 workers, the production settings: WhiteNoise, hashed static files
collected into a temporary folder) on free loopback ports with generated content
(BENCH_ARTICLES news articles, 1,000 by default); PostgreSQL when DATABASE_URL is set
(in a database of its own, `<name>_bench`, made afresh), SQLite otherwise; the Redis
cache when REDIS_URL is set.
In front of it, a varnishd of the bench's own with the repo's VCL
(deploy/varnish/default.vcl) and the repo's backends.vcl pointed at that gunicorn;
the app purges it (EDGE_CACHE_URLS). Then measures, with wrk and a headless Chromium:

1. cache hits through Varnish (homepage, news index, an article, an event page):
   requests/s and p99, each as a share of the same bytes served by a second varnishd
   with the same VCL whose backend replays the recorded responses without Django, in
   the same run; beside them the bare-WSGI ceiling (bench/ceiling.py, same gunicorn);
2. Django's cold path, straight to gunicorn (the five pages with the registration
   form): requests/s, p99, CPU time per request of the gunicorn workers (and of the
   PostgreSQL server processes serving them), and SQL queries per page;
3. with PostgreSQL, the webinar registration POST through Varnish under 16 concurrent
   clients, with a task worker beside gunicorn that purges each registration's event
   page, the database counted afterwards for places given twice, while wrk reads the
   homepage, news index and article through the same Varnish and counts their X-Cache
   headers;
4. bytes and requests of a first mobile visit to the homepage at 360 px, and the
   Lighthouse performance score (mobile emulation), both through Varnish.

Prints a table of figures against targets and writes docs/performance.md. Not a test:
figures depend on the machine, a 2-core one for the targets. Only loopback addresses
are ever loaded; every wrk run is bounded by BENCH_DURATION (the reads beside the
registrations by READS_LIMIT_SECONDS), the registration run by its number of posts
(BENCH_REGISTRATIONS, 400 by default). The registration rate limit is lifted (every
client is 127.0.0.1), and there is no SMTP server: e-mails go to the console mailer,
whose output is dropped.
"""

import http.client
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
VCL_DIR = PROJECT / "deploy" / "varnish"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
VARNISHD = shutil.which("varnishd") or shutil.which("/usr/sbin/varnishd")
VARNISHSTAT = shutil.which("varnishstat")
VARNISHADM = shutil.which("varnishadm")
CHROMIUM = "/usr/bin/chromium"
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "1000"))
REGISTRATIONS = int(os.environ.get("BENCH_REGISTRATIONS", "400"))
REGISTRATION_CLIENTS = 16
WRK = ["wrk", "-t2", "-c8", "--latency"]  # and -d: BENCH_DURATION, or half of it
# The reads beside the registration run: stopped (SIGINT) when the posts are done, and
# at the latest after this long.
READS_LIMIT_SECONDS = 300
READ_CONNECTIONS = 4
READS_PAUSE_MS = 4  # each connection's, after each answer: at most 1,000 req/s in all
READS = ["wrk", "-t1", f"-c{READ_CONNECTIONS}", f"-d{READS_LIMIT_SECONDS}s", "--latency"]
GUNICORN_ARGS = ["--workers", "2", "--no-control-socket", "--log-level", "warning"]
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
# The Site's address (WAGTAILADMIN_BASE_URL when the content is made): the app's purges
# carry its host name, and Varnish keys pages by the Host of each request, port left
# out. Every request to Varnish goes to http://127.0.0.1:<port>, so the two match.
SITE_URL = "http://127.0.0.1"
EDGE_PAGES = ("homepage", "news index", "news article", "event page")
READ_PAGES = ("homepage", "news index", "news article")

TARGET_EDGE_SHARE = 0.90  # of the same bytes from Varnish without Django, at least
TARGET_HITS = 0.99  # of the requests to cached pages, at least
TARGET_QUERIES = 15  # fewer than
TARGET_COLD = 0.05  # the homepage's cold path, of the ceiling, at least
TARGET_BYTES = 100_000  # fewer than
TARGET_REQUESTS = 10  # fewer than
TARGET_LIGHTHOUSE = 100
TARGET_REGISTRATION_P99_MS = 300


def log(message):
    print(f"bench: {message}", flush=True)


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answering(url, process, what):
    """Until `url` answers 200: gunicorn once a worker has loaded the app, Varnish once
    its probe finds its backend healthy (the first probes can time out while the
    workers start, and Varnish then refuses to fetch until two succeed)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:  # refused, timed out, or an HTTP error status
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start") from None
            time.sleep(0.2)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- set-up ---------------------------------------------------------------------------


def bench_database(workdir):
    """A database of the benchmark's own: never the one DATABASE_URL names."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir / 'bench.sqlite3'}", "SQLite"
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'cope'}_bench"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl(), "PostgreSQL"


def site_env(workdir, database_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cope_site.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "WAGTAILADMIN_BASE_URL": SITE_URL,
        # Plain http on loopback: no proxy in front to terminate TLS.
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        # Every benchmark client posts from 127.0.0.1: the production allowance (20 an
        # hour per address) would refuse all but the first 20 registrations. The limit
        # is still counted on every post, as in production.
        "EVENTS_REGISTRATION_RATE": "1000000/3600",
        # Only the app servers and the task worker purge, once Varnish runs (main() adds
        # it for them).
        "EDGE_CACHE_URLS": "",
        # No SMTP server, whatever the caller's shell says: the console mailer, whose
        # output goes nowhere. No e-mail may ever leave the machine.
        "EMAIL_HOST": "",
    }
    if os.environ.get("REDIS_URL"):
        env["CACHE_KEY_PREFIX"] = f"bench-{workdir.name}"
    return env


def manage(env, *args):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args[:2])} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def run_script(env, name, extra_env=None):
    script = (PROJECT / "bench" / name).read_text()
    return manage({**env, **(extra_env or {})}, "shell", "--no-imports", "-c", script)


def tagged_json(output, tag):
    for line in output.splitlines():
        if line.startswith(tag + " "):
            return json.loads(line[len(tag) + 1 :])
    sys.exit(f"no {tag} line in:\n{output}")


@contextmanager
def gunicorn(app, env, port=None):
    """gunicorn serving `app` on a loopback port: yields its URL and its master process
    (whose children are the workers)."""
    port = port or free_port()
    process = subprocess.Popen(
        [GUNICORN, app, "--bind", f"127.0.0.1:{port}", *GUNICORN_ARGS], cwd=PROJECT, env=env
    )
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/healthz/", process, f"gunicorn ({app})")
        yield f"http://127.0.0.1:{port}", process
    finally:
        stop(process)


def backends_vcl(port):
    """The repo's backends.vcl (probe, `app` director, `purgers` ACL) with one change:
    the app server is the bench's own."""
    text = (VCL_DIR / "backends.vcl").read_text()
    if text.count('.port = "8001";') != 1:
        sys.exit("deploy/varnish/backends.vcl no longer names one app at port 8001")
    return text.replace('.port = "8001";', f'.port = "{port}";')


@dataclass(frozen=True)
class Varnish:
    url: str
    folder: str

    def counters(self):
        """Cache hits, client requests and bans added so far."""
        names = {"hits": "MAIN.cache_hit", "requests": "MAIN.client_req", "bans": "MAIN.bans_added"}
        command = [VARNISHSTAT, "-n", self.folder, "-1", "-j"]
        for name in names.values():
            command += ["-f", name]
        counters = json.loads(subprocess.check_output(command, timeout=10))["counters"]
        return {key: counters[name]["value"] for key, name in names.items()}

    def app_is_sick(self):
        """Whether the health probe has marked the app sick: Varnish then fetches
        nothing from it (a 503 for anything it does not hold)."""
        listing = subprocess.run(
            [VARNISHADM, "-n", self.folder, "backend.list"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout
        return any("sick" in line.split() for line in listing.splitlines()[1:])

    def wait_until_app_healthy(self):
        """Until the probe finds the app healthy: a load straight to gunicorn (the cold
        path) holds the probe up in the workers' queue too, and can leave the app
        marked sick for a few seconds."""
        deadline = time.monotonic() + 60
        while self.app_is_sick():
            if time.monotonic() > deadline:
                sys.exit("Varnish still holds the app sick after a minute")
            time.sleep(0.5)


@contextmanager
def varnish(backend_port, outage_page, port=None):
    """varnishd in the foreground with deploy/varnish/default.vcl in front of one
    loopback backend, as tests/edge/harness.py starts it: a folder of its own (-n),
    readable by the user varnishd drops to, holding the generated backends.vcl, which
    vcl_path finds before the repo's, and outage-page.vcl (`outage_page`)."""
    folder = tempfile.mkdtemp(prefix="cope-bench-varnish-")
    os.chmod(folder, 0o755)  # noqa: S103 - read by varnishd once it drops root
    Path(folder, "backends.vcl").write_text(backends_vcl(backend_port))
    Path(folder, "outage-page.vcl").write_text(outage_page)
    port = port or free_port()
    log_path = Path(folder, "varnishd.log")
    command = [
        VARNISHD, "-F", "-n", folder,
        "-a", f"127.0.0.1:{port}",
        "-T", "127.0.0.1:0",
        "-f", str(VCL_DIR / "default.vcl"),
        "-p", f"vcl_path={folder}:{VCL_DIR}",
        "-s", "malloc,256m",
    ]  # fmt: skip
    with open(log_path, "w") as varnish_log:
        process = subprocess.Popen(command, stdout=varnish_log, stderr=subprocess.STDOUT)
    try:
        try:
            wait_until_answering(f"http://127.0.0.1:{port}/healthz/", process, "varnishd")
        except RuntimeError as error:
            sys.exit(f"{error}:\n{log_path.read_text()}")
        yield Varnish(f"http://127.0.0.1:{port}", folder)
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Recorded:
    status: int
    headers: list
    body: bytes


# Set by whoever sends the response (or not sent again): not part of what is replayed.
NOT_REPLAYED = {"date", "server", "connection", "content-length", "transfer-encoding"}


def record(base_url, paths):
    """The app's answers to `paths` (straight from gunicorn): status, headers, body."""
    recorded = {}
    for path in paths:
        with urllib.request.urlopen(base_url + path, timeout=10) as response:
            recorded[path] = Recorded(response.status, response.headers.items(), response.read())
    return recorded


@contextmanager
def replay(recorded):
    """A stdlib server in a thread answering each recorded path with the app's own
    status, headers and body, and nothing else: the app's bytes without Django. It is
    only asked on a cache miss (and by the health probe), never during the hit runs."""
    server_header = dict(recorded["/"].headers).get("Server", "")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the HTTP method's name)
            answer = recorded.get(self.path)
            if answer is None:
                self.send_error(404)
                return
            self.send_response(answer.status)
            for name, value in answer.headers:
                if name.lower() not in NOT_REPLAYED:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def version_string(self):
            return server_header  # the same Server header as gunicorn's

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


# --- measuring ------------------------------------------------------------------------


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def parse_wrk(out):
    """requests/s, p50 and p99 in ms, requests, seconds and failures (non-2xx/3xx
    answers and socket errors) of one wrk run."""
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", out)
    seconds = float(done.group(2)) * {"us": 1e-6, "ms": 0.001, "s": 1, "m": 60}[done.group(3)]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "requests": int(done.group(1)),
        "seconds": seconds,
        "failures": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
    }


def load(url, counters=dict, seconds=DURATION):
    """wrk against one loopback URL, after 20 requests that warm both workers (or store
    the page in Varnish); `counters()` is read before and after the run, and the
    differences come back as `counted`."""
    for _ in range(20):
        urllib.request.urlopen(url, timeout=10).read()
    before = counters()
    out = subprocess.run(
        [*WRK, f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    after = counters()
    return {**parse_wrk(out), "counted": {key: after[key] - before[key] for key in after}}


def combined(runs):
    """Short runs of one measure as one: requests/s over them all, the median run's
    latencies (wrk gives percentiles, not the latencies to merge)."""
    requests = sum(run["requests"] for run in runs)
    seconds = sum(run["seconds"] for run in runs)
    return {
        "rps": requests / seconds,
        "p50": statistics.median(run["p50"] for run in runs),
        "p99": statistics.median(run["p99"] for run in runs),
        "requests": requests,
        "seconds": seconds,
        "failures": sum(run["failures"] for run in runs),
        "counted": {key: sum(run["counted"][key] for run in runs) for key in runs[0]["counted"]},
    }


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    """User + system CPU time of these processes so far (/proc/<pid>/stat)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / CLOCK_TICKS


def children(parent_pid):
    """The processes whose parent is `parent_pid`: a gunicorn master's workers."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent_pid:
                pids.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return pids


def database_server_pids(database_url):
    """The PostgreSQL server processes of the bench database's connections: the app's
    persistent ones (CONN_MAX_AGE), this short look-up's own left out."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


def cpu_counters(master, database_url, database):
    """CPU seconds used so far by the gunicorn workers and, on PostgreSQL, by the
    server processes answering their queries (SQLite runs inside the workers)."""

    def counters():
        used = {"app": cpu_seconds(children(master.pid))}
        if database == "PostgreSQL":
            used["database"] = cpu_seconds(database_server_pids(database_url))
        return used

    return counters


def fetch(url):
    """Body and header bytes of one GET, and how it was answered: the X-Cache header
    (HIT or MISS) or the HTTP error status."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read(), len(response.headers.as_bytes()), response.headers["X-Cache"]
    except urllib.error.HTTPError as error:
        return error.read(), len(error.headers.as_bytes()), f"HTTP {error.code}"


def edge_runs(pages, edge, same_bytes):
    """Phase 1: each page's cache hits through the Varnish in front of Django, and the
    same bytes through the Varnish in front of the replay server: BENCH_DURATION runs
    of one second each, taking turns (app, replay, replay, app, app, ...), so that the
    machine's other load, which comes and goes within seconds, weighs on both alike."""
    runs = {}
    for name, url in pages:
        log(f"Varnish hits: {name}")
        turns = {edge: [], same_bytes: []}
        for turn in range(DURATION):
            for side in (edge, same_bytes) if turn % 2 == 0 else (same_bytes, edge):
                turns[side].append(load(side.url + url, side.counters, seconds=1))
        real, synthetic = combined(turns[edge]), combined(turns[same_bytes])
        body, headers, _ = fetch(edge.url + url)
        replayed_body, replayed_headers, _ = fetch(same_bytes.url + url)
        if replayed_body != body:
            sys.exit(f"{url}: the replayed body is not the app's")
        runs[url] = {
            "real": real,
            "synthetic": synthetic,
            "body": len(body),
            "headers": (headers, replayed_headers),
        }
    return runs


def cold_runs(pages, base_url, counters):
    """Phase 2: each page straight from gunicorn, with the CPU time it took."""
    runs = {}
    for name, url in pages:
        log(f"Django cold path: {name}")
        run = load(base_url + url, counters)
        run["cpu_ms"] = {
            part: seconds * 1000 / run["requests"] for part, seconds in run["counted"].items()
        }
        runs[url] = run
    return runs


def first_mobile_visit(url):
    """What a phone at 360 px downloads on a first visit, by kind of resource."""
    from playwright.sync_api import sync_playwright

    totals = {"html": 0, "css": 0, "js": 0, "images": 0, "other": 0}
    kinds = {"document": "html", "stylesheet": "css", "script": "js", "image": "images"}
    requests = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(
            viewport={"width": 360, "height": 740},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        )
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url, wait_until="networkidle")
        for request in finished:
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            totals[kinds.get(request.resource_type, "other")] += size
            requests += 1
        browser.close()
    return {**totals, "total": sum(totals.values()), "requests": requests}


LIGHTHOUSE_RUNS = 3


def lighthouse_score(url, workdir):
    """The median of LIGHTHOUSE_RUNS performance scores, and all of them: one run's
    score moves with the machine's load (Lighthouse's own advice is several runs)."""
    if not LIGHTHOUSE.exists():
        return None, "Lighthouse not installed: run `make node-tools` (npm ci)"
    scores, failures = [], []
    for run in range(LIGHTHOUSE_RUNS + 1):
        report = workdir / f"lighthouse-{run}.json"
        result = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--only-categories=performance",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=180,
        )
        if result.returncode or not report.exists():
            # A run that fails to record its trace (NO_NAVSTART, seen here) gets the
            # loop's one spare run; a second failure is reported.
            failures.append(result.stderr.strip()[-300:])
            if len(failures) > 1:
                return None, f"Lighthouse failed: {failures[-1]}"
            continue
        scores.append(
            round(json.loads(report.read_text())["categories"]["performance"]["score"] * 100)
        )
        if len(scores) == LIGHTHOUSE_RUNS:
            break
    return statistics.median(scores), f"runs: {', '.join(map(str, scores))}"


def percentile(values, share):
    """Nearest-rank percentile, as wrk reports them."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def registration_form(number, token):
    """A valid registration: required fields, the privacy consent ticked and the
    honeypot left empty. Each post has an address of its own: a repeat is no new seat."""
    return urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "name": f"Bench registrant {number}",
            "email": f"bench-{number}@example.org",
            "organisation": "A school",
            "country": "BE",
            "role": "school_staff",
            "privacy_consent": "on",
            "website": "",
        }
    )


class RegistrationClient:
    """One visitor's browser: its own connection, CSRF cookie and form token."""

    def __init__(self, base_url, form_path):
        parts = urllib.parse.urlsplit(base_url)
        self.origin = base_url
        self.form_path = form_path
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.connection.request("GET", form_path)
        response = self.connection.getresponse()
        html = response.read().decode()
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if response.status != 200 or "csrftoken" not in cookies or not token:
            raise RuntimeError(f"registration form {form_path}: HTTP {response.status}")
        self.cookie = f"csrftoken={cookies['csrftoken'].value}"
        self.token = token.group(1)
        # The next request opens a new one: the clients get their forms one after
        # another, and Varnish drops a connection idle for 5 s (timeout_idle).
        self.connection.close()

    def post(self, number):
        """POST one registration: (seconds, HTTP status or 0 on a broken connection,
        whether it was answered with the redirect to the thank-you page)."""
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": self.cookie,
            # Browsers send it with every POST; Django's CSRF check compares it.
            "Origin": self.origin,
        }
        started = time.perf_counter()
        try:
            self.connection.request(
                "POST", self.form_path, registration_form(number, self.token), headers
            )
            response = self.connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # the next request reconnects
            return time.perf_counter() - started, 0, False
        seconds = time.perf_counter() - started
        location = response.getheader("Location", "")
        redirected = response.status in (302, 303) and "/register/thanks/?r=" in location
        return seconds, response.status, redirected


def post_registrations(base_url, form_path, total, clients, on_start=lambda: None):
    """`total` registration POSTs from `clients` threads at once, each its own client.

    The clients get their forms (cookie and token) one after another; then each posts
    one untimed registration, to warm both workers, and waits for the others; then
    `on_start()` is called, and all post the rest, one after another. Returns the
    timed posts as (seconds, redirected), the wall time of the timed part (s), and
    every post's outcome (status, redirected).
    """
    try:
        visitors = [RegistrationClient(base_url, form_path) for _ in range(clients)]
    except (OSError, http.client.HTTPException, RuntimeError) as error:
        sys.exit(f"registration clients could not start: {error}")
    numbers = iter(range(clients, clients + total))
    numbers_lock = threading.Lock()
    timed, outcomes = [], []
    clock = {}

    def start():
        on_start()
        clock["start"] = time.perf_counter()

    start_together = threading.Barrier(clients, action=start)

    def run(client, warm_up_number):
        outcomes.append(client.post(warm_up_number)[1:])
        try:
            start_together.wait(timeout=120)  # on_start() may wait for the probe
        except threading.BrokenBarrierError:
            return
        # A new connection: Varnish drops one idle for 5 s (timeout_idle) meanwhile.
        client.connection.close()
        while True:
            with numbers_lock:
                number = next(numbers, None)
            if number is None:
                break
            seconds, status, redirected = client.post(number)
            timed.append((seconds, redirected))
            outcomes.append((status, redirected))
        client.connection.close()

    threads = [
        threading.Thread(target=run, args=(client, number))
        for number, client in enumerate(visitors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if "start" not in clock:
        sys.exit("registration clients did not start together (see the error above)")
    return timed, time.perf_counter() - clock["start"], outcomes


@contextmanager
def reads_alongside(edge, paths):
    """wrk reading `paths` in turn through Varnish for as long as the block runs
    (bench/reads.lua counts their X-Cache headers). Yields a dict that holds the
    figures once the block is over: wrk prints them when stopped with SIGINT."""
    for path in paths:
        fetch(edge.url + path)  # in the cache before the block, as they are on a live site
    script = str(PROJECT / "bench" / "reads.lua")
    command = [*READS, "-s", script, edge.url, "--", str(READS_PAUSE_MS), *paths]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    figures = {}
    try:
        yield figures
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    hits, misses, unmarked = map(int, re.search(r"XCACHE (\d+) (\d+) (\d+)", out).groups())
    figures.update(parse_wrk(out), hits=hits, misses=misses, unmarked=unmarked)
    figures["hit_ratio"] = hits / max(1, hits + misses + unmarked)


class SickWatch:
    """Asks Varnish twice a second, from start() to stop(), whether its probe holds the
    app sick; stop() returns about how many seconds it did."""

    def __init__(self, edge):
        self.edge, self.sick_polls, self.done = edge, 0, threading.Event()
        self.thread = threading.Thread(target=self.watch)

    def watch(self):
        while not self.done.wait(0.5):
            self.sick_polls += self.edge.app_is_sick()

    def start(self):
        self.thread.start()

    def stop(self):
        self.done.set()
        self.thread.join()
        return self.sick_polls * 0.5


@contextmanager
def task_worker(env):
    """The database queue's worker beside the app servers, as in production: it purges
    each registration's event page from Varnish and sends its e-mail (to the console
    mailer, whose output goes nowhere)."""
    command = [PYTHON, "manage.py", "db_worker", "--interval", "0.1"]
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL)
    try:
        yield
    finally:
        stop(process)


def registration_rush(edge, env, database, read_paths, cpu_used_so_far):
    """Issue 5: the registration POST under 16 concurrent clients on PostgreSQL, through
    Varnish (POSTs pass), no place given twice, and the rest of the site still served
    from the cache meanwhile.

    A webinar of its own, with BENCH_REGISTRATIONS / 2 places and a waiting list, gets
    BENCH_REGISTRATIONS timed posts (plus one untimed warm-up post per client), each
    with a new e-mail address, from REGISTRATION_CLIENTS threads that each carry their
    own CSRF cookie and token. Only the POST is timed, not the thank-you page it
    redirects to. The timed posts start once Varnish's probe finds the app healthy;
    from then on, whether it holds the app sick is watched.

    A task worker purges each registration's event page (a ban in Varnish, counted)
    and sends its e-mail; once the posts are done, `db_worker --batch` empties the
    queue, and the event page, cached before, must be a miss. `env` is the app
    servers' (EDGE_CACHE_URLS names `edge`); `cpu_used_so_far` is read as for the cold
    path, to tell what a post costs. Then the database is asked what was stored: more
    confirmed than places is overselling, and confirmed + waitlisted must equal the
    posts answered with the redirect (else the figures measured errors, or lost
    registrations). All along, wrk reads `read_paths`.

    Returns a dict of figures, or None without PostgreSQL: with SQLite, writers take
    turns on a file lock, which is not the production shape.
    """
    if database != "PostgreSQL":
        return None
    event = tagged_json(
        run_script(env, "registration_event.py", {"BENCH_CAPACITY": str(REGISTRATIONS // 2)}),
        "EVENT",
    )
    event_page = edge.url + event["url"]
    cached_before = [fetch(event_page)[2] for _ in range(2)][-1]
    counted_before = edge.counters()
    # The driver shares the 2 cores with the site: its own CPU time shows what it took.
    driver_cpu = time.process_time()
    cpu_at_start, sick_watch = {}, SickWatch(edge)

    def on_start():
        # The clients' form GETs and warm-up posts, all at once, can hold the probe up
        # as well: the timed posts start from a healthy app, and are watched.
        edge.wait_until_app_healthy()
        cpu_at_start.update(cpu_used_so_far())
        sick_watch.start()

    with task_worker(env), reads_alongside(edge, read_paths) as reads:
        timed, wall_seconds, outcomes = post_registrations(
            edge.url,
            event["url"] + "register/",
            REGISTRATIONS,
            REGISTRATION_CLIENTS,
            on_start=on_start,
        )
        sick_seconds = sick_watch.stop()
    driver_cpu = time.process_time() - driver_cpu
    redirected = sum(1 for _status, ok in outcomes if ok)
    cpu_used = {part: seconds - cpu_at_start[part] for part, seconds in cpu_used_so_far().items()}
    # Of the timed posts, those the app answered: Varnish's own 503s never reached it.
    registered_timed = sum(1 for _seconds, ok in timed if ok)
    manage(env, "db_worker", "--batch")  # what the worker had not done yet
    counted = {key: value - counted_before[key] for key, value in edge.counters().items()}
    edge.wait_until_app_healthy()  # the purge check asks the app, if it was held sick
    cached_after = fetch(event_page)[2]
    counts = tagged_json(
        run_script(env, "registration_counts.py", {"BENCH_EVENT_ID": str(event["id"])}),
        "REGISTRATIONS",
    )
    figures = {
        "p50": percentile([seconds for seconds, _ in timed], 0.50) * 1000,
        "p99": percentile([seconds for seconds, _ in timed], 0.99) * 1000,
        # The posts the app answered alone: Varnish's own 503s take no time.
        "registered_p99": percentile([seconds for seconds, ok in timed if ok] or [0], 0.99) * 1000,
        "rps": len(timed) / wall_seconds,
        # The worker is no gunicorn worker: "app" is the posts' own.
        "cpu_ms": {
            part: seconds * 1000 / max(1, registered_timed) for part, seconds in cpu_used.items()
        },
        "posts": len(outcomes),
        "redirected": redirected,
        # HTTP status (0: connection failed) of every post not answered with the redirect.
        "refused": dict(Counter(status for status, ok in outcomes if not ok)),
        **counts,
        "oversold": max(0, counts["confirmed"] - counts["capacity"]),
        "unaccounted": redirected - counts["confirmed"] - counts["waitlisted"],
        "purges": counted["bans"],
        "sick_seconds": sick_seconds,
        "event_page": (cached_before, cached_after),
        "reads": reads,
    }
    log(
        "registration: {posts} posts, {redirected} redirected, refused {refused}; "
        "{confirmed} confirmed of {capacity} places, {waitlisted} waitlisted, {other} other; "
        "{emails_sent} e-mails sent, {emails_queued} queued; {purges} purges; "
        "event page {event_page}; "
        "app sick for {sick_seconds:.1f} s; "
        "driver CPU {cpu:.1f} s in {wall:.1f} s".format(
            **figures, cpu=driver_cpu, wall=wall_seconds
        )
    )
    return figures


# --- reporting ------------------------------------------------------------------------


def verdict(ok):
    return "PASS" if ok else "FAIL"


def failures_text(*runs):
    """wrk's failed requests (non-2xx/3xx answers, socket errors), if any."""
    failures = sum(run["failures"] for run in runs)
    return f", {failures} failed" if failures else ""


def hit_share(run):
    return run["counted"]["hits"] / max(1, run["counted"]["requests"])


def edge_rows(figures):
    rows = []
    ceiling = figures["ceiling"]
    for name, url in figures["pages"]:
        if url not in figures["edge"]:
            continue
        page = figures["edge"][url]
        real, synthetic = page["real"], page["synthetic"]
        share = real["rps"] / synthetic["rps"]
        ok = (
            share >= TARGET_EDGE_SHARE
            and hit_share(real) >= TARGET_HITS
            and not real["failures"] + synthetic["failures"]
        )
        rows.append(
            (
                f"{name}: Varnish hits",
                f"{real['rps']:,.0f} req/s, p99 {real['p99']:.2f} ms = {share:.0%} of the same "
                f"bytes without Django ({synthetic['rps']:,.0f} req/s, p99 "
                f"{synthetic['p99']:.2f} ms); hits {hit_share(real):.1%} / "
                f"{hit_share(synthetic):.1%}; {page['body'] / 1000:.1f} kB body, headers "
                f"{page['headers'][0]} / {page['headers'][1]} B; "
                f"{real['rps'] / ceiling['rps']:.1f}x the ceiling"
                f"{failures_text(real, synthetic)}",
                f">= {TARGET_EDGE_SHARE:.0%}, >= {TARGET_HITS:.0%} hits",
                verdict(ok),
            )
        )
    rows.append(
        (
            "ceiling: bare WSGI, homepage bytes, same gunicorn",
            f"{ceiling['rps']:,.0f} req/s, p50 {ceiling['p50']:.2f} ms, "
            f"p99 {ceiling['p99']:.2f} ms{failures_text(ceiling)}",
            "",
            "",
        )
    )
    return rows


def cold_rows(figures):
    rows = []
    ceiling = figures["ceiling"]["rps"]
    for name, url in figures["pages"]:
        run = figures["cold"][url]
        share = run["rps"] / ceiling
        cpu = f"CPU {run['cpu_ms']['app']:.1f} ms app"
        if "database" in run["cpu_ms"]:
            cpu += f" + {run['cpu_ms']['database']:.1f} ms PostgreSQL"
        # Issue 5 sets the uncached throughput target for the homepage alone; the other
        # pages' figures are recorded, so that a change shows.
        if name == "homepage":
            target, result = (
                f">= {TARGET_COLD:.0%} of ceiling",
                verdict(share >= TARGET_COLD and not run["failures"]),
            )
        else:
            target, result = "(recorded)", "-"
        rows.append(
            (
                f"{name}: Django cold path",
                f"{run['rps']:,.0f} req/s = {share:.1%} of ceiling; p50 {run['p50']:.1f} ms, "
                f"p99 {run['p99']:.1f} ms; {cpu} per request{failures_text(run)}",
                target,
                result,
            )
        )
        queries = figures["queries"].get(url)
        rows.append(
            (
                f"{name}: SQL queries",
                str(queries),
                f"< {TARGET_QUERIES}",
                verdict(isinstance(queries, int) and queries < TARGET_QUERIES),
            )
        )
    return rows


def visit_rows(figures):
    visit = figures["visit"]
    score, why = figures["lighthouse"]
    return [
        (
            "homepage first mobile visit (360 px)",
            f"{visit['total'] / 1000:.1f} kB (HTML {visit['html'] / 1000:.1f}, CSS "
            f"{visit['css'] / 1000:.1f}, JS {visit['js'] / 1000:.1f}, images "
            f"{visit['images'] / 1000:.1f}, other {visit['other'] / 1000:.1f})",
            f"< {TARGET_BYTES / 1000:.0f} kB",
            verdict(visit["total"] < TARGET_BYTES),
        ),
        (
            "homepage first visit: requests",
            str(visit["requests"]),
            f"< {TARGET_REQUESTS}",
            verdict(visit["requests"] < TARGET_REQUESTS),
        ),
        (
            f"homepage Lighthouse performance (mobile, median of {LIGHTHOUSE_RUNS})",
            f"{score} ({why})" if score is not None else why,
            str(TARGET_LIGHTHOUSE),
            verdict(score == TARGET_LIGHTHOUSE) if score is not None else "not measured",
        ),
    ]


def registration_rows(registration):
    target = f"< {TARGET_REGISTRATION_P99_MS} ms, 0 oversold"
    name = f"registration POST p99, {REGISTRATION_CLIENTS} clients, through Varnish"
    reads_name = "cache hits of homepage, news index, article during the registrations"
    if registration is None:
        return [
            (name, "not measured: SQLite", target, "n/a: no PostgreSQL DATABASE_URL"),
            (reads_name, "not measured: SQLite", f">= {TARGET_HITS:.0%}", "n/a"),
        ]
    refused = ", ".join(
        f"{count} {f'HTTP {status}' if status else 'broken connection'}"
        for status, count in sorted(registration["refused"].items())
    )
    figure = (
        "p99 {p99:.0f} ms, p50 {p50:.0f} ms, {rps:.0f} posts/s; "
        "{redirected}/{posts} registered{refused}, p99 of those {registered_p99:.0f} ms; "
        "CPU per registration {cpu}; "
        "{confirmed} confirmed of {capacity} places, {waitlisted} waitlisted, "
        "{oversold} oversold; {purges} purges, "
        "event page {before} before, {after} after"
    ).format(
        **{**registration, "refused": f" (others: {refused})" if refused else ""},
        before=registration["event_page"][0],
        after=registration["event_page"][1],
        cpu=" + ".join(
            f"{registration['cpu_ms'][part]:.0f} ms {label}"
            for part, label in (("app", "app"), ("database", "PostgreSQL (worker's included)"))
            if part in registration["cpu_ms"]
        ),
    )
    if registration["sick_seconds"]:
        figure += (
            f"; the probe held the app sick for about {registration['sick_seconds']:.1f} s "
            "(Varnish then fetches nothing: a 503 for all it does not hold)"
        )
    if registration["unaccounted"]:
        figure += (
            f"; MISMATCH: {registration['confirmed'] + registration['waitlisted']} stored "
            f"for {registration['redirected']} registered"
        )
    ok = (
        registration["p99"] < TARGET_REGISTRATION_P99_MS
        and not registration["oversold"]
        and registration["redirected"] == registration["posts"]
        and not registration["unaccounted"]
        # Every registration purged its event page, and the purge took effect.
        and registration["purges"] >= registration["redirected"]
        and registration["event_page"] == ("HIT", "MISS")
        and not registration["sick_seconds"]
    )
    reads = registration["reads"]
    reads_figure = (
        f"{reads['hit_ratio']:.2%} ({reads['hits']:,} HIT, {reads['misses']:,} MISS, "
        f"{reads['unmarked']} without X-Cache) at {reads['rps']:,.0f} req/s over "
        f"{reads['seconds']:.1f} s, p99 {reads['p99']:.2f} ms{failures_text(reads)}"
    )
    reads_ok = reads["hit_ratio"] >= TARGET_HITS and not reads["failures"]
    return [
        (name, figure, target, verdict(ok)),
        (reads_name, reads_figure, f">= {TARGET_HITS:.0%}", verdict(reads_ok)),
    ]


def report(figures):
    return [
        *edge_rows(figures),
        *cold_rows(figures),
        *registration_rows(figures["registration"]),
        *visit_rows(figures),
    ]


def print_table(rows):
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def write_markdown(rows, figures):
    lines = [
        "# Performance",
        "",
        "Latest figures of the benchmark (`bench/run.py`, `make bench`): Varnish with the "
        "repo's VCL in front of gunicorn, as in production. How pages are cached: "
        "[caching.md](caching.md).",
        "",
        "```sh",
        figures["command"],
        "```",
        "",
        f"Measured {figures['when']} on {figures['machine']}, with {figures['articles']:,} "
        f"news articles, {figures['database']}, Django's cache "
        f"{'in Redis' if figures['redis'] else 'in per-process memory'}, gunicorn "
        f"{' '.join(GUNICORN_ARGS[:2])}, `{' '.join(WRK[:-1])} -d{DURATION}s` per figure "
        "(the Varnish hits in one-second turns, see below). "
        "Machine load "
        f"average (1 min) {figures['load'][0]:.1f} at the start and {figures['load'][1]:.1f} "
        "at the end: wrk, Varnish, gunicorn and the database share the same cores, and "
        "other work on them lowers every figure, the ceiling and the comparisons too.",
        "",
        "| measure | figure | target | result |",
        "|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    lines += [
        "",
        "*Varnish*: a varnishd of the bench's own with deploy/varnish/default.vcl and the "
        "repo's backends.vcl, its app server's port changed to the bench's gunicorn; the "
        "app purges it (EDGE_CACHE_URLS) with the Site's host name, 127.0.0.1, which is "
        "also the Host of every request the bench sends to Varnish.",
        "",
        "*Varnish hits* are compared with **the same bytes without Django**: a second "
        "varnishd with the same VCL and parameters, whose backend is a small server "
        "replaying the status, headers and body the app gave for that URL (recorded "
        "straight from gunicorn; only Date and Server are the replay server's own, Server "
        "set to gunicorn's value). Both keep the page for the app's s-maxage, and both "
        "bodies are checked to be the same bytes (header sizes are shown, Varnish's own "
        "headers included); the hit share of each run comes from varnishstat. Each side "
        f"gets {DURATION} one-second wrk runs, the two taking turns (app, replay, replay, "
        "app, app, ...), each after 20 warming requests: req/s over all of a side's runs, "
        "p99 the median of its runs'. Other work on the machine comes and goes within "
        "seconds and weighs on both sides alike. The ratio asks whether anything in "
        "Django's answers (headers, cookies, Vary, cacheability) makes Varnish serve them "
        "worse than any cached object of that size; noise on a shared machine still moves "
        "it several percent either way. *Ceiling*: bench/ceiling.py, a bare "
        "WSGI app returning the homepage's bytes from memory under the same gunicorn and "
        "wrk settings.",
        "",
        "*Django cold path*: straight to gunicorn, Varnish out of the way; Django's cache "
        "holds no pages (only rate-limit counters and Wagtail's site paths), so every "
        "request renders. CPU per request is the gunicorn workers' user + system time "
        "(/proc/<pid>/stat) over the run, divided by the requests wrk completed; with "
        "PostgreSQL, that of the server processes of the workers' persistent connections "
        "beside it. SQL queries are counted inside Django (CaptureQueriesContext, "
        "bench/queries.py) on a second request to each page. Issue 5 sets the uncached "
        "throughput target for the homepage; the other pages' figures are *recorded*, so "
        "that a change shows.",
        "",
        f"*Registration*: {REGISTRATIONS} valid POSTs (plus one warm-up each) from "
        f"{REGISTRATION_CLIENTS} clients at once through Varnish (POSTs pass), each with "
        "its own CSRF cookie and a new e-mail address, to a webinar with "
        f"{REGISTRATIONS // 2} places and a waiting list; only the POST is timed, up to "
        "its redirect to the thank-you page. As in production, a registration queues two "
        "tasks in the database, and a task worker (`manage.py db_worker`) beside gunicorn "
        "purges the event page from the bench's Varnish and sends the e-mail (to the "
        "console mailer, output dropped: no SMTP server). *Purges* are the bans Varnish "
        "received; once the posts are done, `db_worker --batch` empties the queue, and "
        "the event page, a hit before, must be a miss. The database is counted "
        "afterwards: *oversold* is confirmed registrations beyond the places. The clients "
        "get their forms one after another and post their warm-up registrations "
        "together; the timed posts start once Varnish holds the app healthy, and from "
        "then on Varnish is asked twice a second whether its health probe "
        "(deploy/varnish/backends.vcl: /healthz/, 1 s timeout) holds the app sick: the "
        "probe waits in the same gunicorn queue as the posts, and while the app is sick "
        "Varnish answers 503 at once for anything it does not hold, posts included. "
        f"All along, `{' '.join(READS[:3])}` reads the "
        f"homepage, news index and article in turn through the same Varnish, each "
        f"connection pausing {READS_PAUSE_MS} ms after each answer (at most "
        f"{READ_CONNECTIONS * 1000 // READS_PAUSE_MS:,} req/s), counting the X-Cache "
        "header of every answer (bench/reads.lua), and is stopped when the posts are done.",
        "",
        "*First mobile visit*: a fresh Chromium at 360x740 (device pixel ratio 2) through "
        "Varnish; sizes are bytes on the wire (headers and compressed bodies).",
        "",
    ]
    (PROJECT / "docs" / "performance.md").write_text("\n".join(lines))


def machine():
    model = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
    return f"{os.cpu_count()} cores ({model.group(1).strip() if model else 'unknown CPU'})"


def clear_redis_keys(prefix):
    url = os.environ.get("REDIS_URL")
    if not url:
        return
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


# --- main -----------------------------------------------------------------------------


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    if not (VARNISHD and VARNISHSTAT and VARNISHADM):
        sys.exit(
            "varnishd not found: the bench measures pages through Varnish (apt-get install varnish)"
        )
    workdir = Path(tempfile.mkdtemp(prefix="cope-bench-"))
    load_at_start = os.getloadavg()[0]
    try:
        database_url, database = bench_database(workdir)
        env = site_env(workdir, database_url)
        log(f"{database} database, {ARTICLES:,} articles, static files into {workdir}")
        manage(env, "migrate", "--noinput")
        log(run_script(env, "content.py", {"BENCH_ARTICLES": str(ARTICLES)}).strip())
        manage(env, "collectstatic", "--noinput")
        manage(env, "varnish_outage_page", str(workdir / "outage-page.vcl"))
        outage_page = (workdir / "outage-page.vcl").read_text()
        pages = tagged_json(run_script(env, "pages.py"), "PAGES")
        queries = tagged_json(
            run_script(env, "queries.py", {"BENCH_URLS": json.dumps([url for _, url in pages])}),
            "QUERIES",
        )
        figures = {
            "pages": pages,
            "queries": queries,
            "database": database,
            "articles": ARTICLES,
            "redis": bool(os.environ.get("REDIS_URL")),
        }
        # Each needs the other's port: Varnish its backend's, the app where to purge.
        app_port, edge_port = free_port(), free_port()
        app_env = {**env, "EDGE_CACHE_URLS": f"http://127.0.0.1:{edge_port}"}
        with (
            gunicorn("cope_site.wsgi", app_env, port=app_port) as (app, master),
            varnish(app_port, outage_page, port=edge_port) as edge,
        ):
            edge_pages = [(name, url) for name, url in pages if name in EDGE_PAGES]
            recorded = record(app, [url for _, url in edge_pages] + ["/healthz/"])
            with replay(recorded) as replay_port, varnish(replay_port, outage_page) as same_bytes:
                figures["edge"] = edge_runs(edge_pages, edge, same_bytes)
            cpu = cpu_counters(master, database_url, database)
            figures["cold"] = cold_runs(pages, app, cpu)
            edge.wait_until_app_healthy()
            log("first mobile visit and Lighthouse, through Varnish")
            figures["visit"] = first_mobile_visit(edge.url + "/en/")
            figures["lighthouse"] = lighthouse_score(edge.url + "/", workdir)
            log(f"registration POSTs, {REGISTRATION_CLIENTS} clients, with reads alongside")
            read_paths = [url for name, url in pages if name in READ_PAGES]
            figures["registration"] = registration_rush(edge, app_env, database, read_paths, cpu)
        body = workdir / "homepage.html"
        body.write_bytes(recorded["/"].body)
        with gunicorn("bench.ceiling:app", {**os.environ, "CEILING_BODY": str(body)}) as (
            ceiling,
            _master,
        ):
            log("ceiling")
            figures["ceiling"] = load(ceiling + "/")
        settings_line = " ".join(
            f"{name}={os.environ[name]}"
            for name in (
                "DATABASE_URL",
                "REDIS_URL",
                "BENCH_ARTICLES",
                "BENCH_DURATION",
                "BENCH_REGISTRATIONS",
            )
            if os.environ.get(name)
        )
        figures["command"] = f"{settings_line} make bench".strip()
        figures["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        figures["machine"] = machine()
        figures["load"] = (load_at_start, os.getloadavg()[0])
        log(f"load average {figures['load'][0]:.1f} at the start, {figures['load'][1]:.1f} now")
        rows = report(figures)
        print()
        print_table([("measure", "figure", "target", "result"), *rows])
        write_markdown(rows, figures)
        log("written to docs/performance.md")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        clear_redis_keys(f"bench-{workdir.name}")


if __name__ == "__main__":
    main()
