"""`make bench`: the production configuration under load, measured against targets.

Starts gunicorn (2 workers, DEBUG off, WhiteNoise, hashed static files collected into a
temporary folder) on free loopback ports with generated content (BENCH_ARTICLES news
articles, 1,000 by default); PostgreSQL when DATABASE_URL is set (in a database of its
own, `<name>_bench`, made afresh), SQLite otherwise; the Redis cache when REDIS_URL is
set. Then measures, with wrk and a headless Chromium:

- requests/s and p50/p99 latency per page, with the page cache off and on, each as a
  share of the framework-free ceiling (bench/ceiling.py under the same gunicorn and wrk);
- SQL queries per page (page cache off);
- bytes and requests of a first mobile visit to the homepage at 360 px;
- the Lighthouse performance score of the homepage (mobile emulation).

Prints a table of figures against targets and writes docs/performance.md. Not a test:
figures depend on the machine; the targets are those of issue 5 for a 2-core machine.
Only loopback addresses are ever loaded; every wrk run is bounded by BENCH_DURATION.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
CHROMIUM = "/usr/bin/chromium"
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "1000"))
WRK = ["wrk", "-t2", "-c8", f"-d{DURATION}s", "--latency"]
GUNICORN_ARGS = ["--workers", "2", "--no-control-socket", "--log-level", "warning"]
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"

TARGET_QUERIES = 15  # fewer than
TARGET_UNCACHED = 0.05  # of the ceiling, at least
TARGET_CACHED = 0.40  # of the ceiling with Redis, at least
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


def site_env(workdir, database_url, page_cache):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cope_site.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Plain http on loopback: no proxy in front to terminate TLS.
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PAGE_CACHE": "true" if page_cache else "false",
        "LOG_LEVEL": "WARNING",
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
def gunicorn(app, env):
    port = free_port()
    process = subprocess.Popen(
        [GUNICORN, app, "--bind", f"127.0.0.1:{port}", *GUNICORN_ARGS],
        cwd=PROJECT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"gunicorn ({app}) did not start")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=15)


# --- measuring ------------------------------------------------------------------------


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def load(url):
    """wrk against one loopback URL: requests/s, p50 and p99 in ms, failures."""
    for _ in range(20):  # warm both workers and their caches
        urllib.request.urlopen(url, timeout=10).read()
    out = subprocess.run([*WRK, url], capture_output=True, text=True, check=True).stdout
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "failures": int(failures.group(1)) if failures else 0,
    }


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


def lighthouse_score(url, workdir):
    if not LIGHTHOUSE.exists():
        return None, "Lighthouse not installed: run `make node-tools` (npm ci)"
    report = workdir / "lighthouse.json"
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
        return None, f"Lighthouse failed: {result.stderr.strip()[-300:]}"
    score = json.loads(report.read_text())["categories"]["performance"]["score"]
    return round(score * 100), ""


def registration_post_p99(base_url, pages):
    """HOOK (issue 5): p99 of the registration POST under 16 concurrent clients on
    PostgreSQL, and zero oversold seats. Not measured yet: it needs a load driver that
    carries each client's CSRF cookie and token and distinct addresses for the rate
    limit. Return (p99_ms, oversold) here and the table and docs show it."""
    return None


# --- reporting ------------------------------------------------------------------------


def verdict(ok):
    return "PASS" if ok else "FAIL"


def report(figures):
    rows = []
    ceiling = figures["ceiling"]["rps"]
    for name, url in figures["pages"]:
        queries = figures["queries"].get(url)
        rows.append(
            (
                f"{name}: SQL queries",
                str(queries),
                f"< {TARGET_QUERIES}",
                verdict(isinstance(queries, int) and queries < TARGET_QUERIES),
            )
        )
        for mode, target in (("uncached", TARGET_UNCACHED), ("cached", TARGET_CACHED)):
            run = figures[mode][url]
            ratio = run["rps"] / ceiling
            check = ratio >= target and not run["failures"]
            if mode == "cached" and name != "homepage":
                target_text, result = "(recorded)", "-"
            elif mode == "cached" and not figures["redis"]:
                target_text, result = f">= {target:.0%} (with Redis)", "n/a: no REDIS_URL"
            else:
                target_text, result = f">= {target:.0%} of ceiling", verdict(check)
            failures = f", {run['failures']} non-2xx" if run["failures"] else ""
            rows.append(
                (
                    f"{name}: {mode}",
                    f"{run['rps']:,.0f} req/s = {ratio:.1%}; p50 {run['p50']:.1f} ms, "
                    f"p99 {run['p99']:.1f} ms{failures}",
                    target_text,
                    result,
                )
            )
    rows.append(
        (
            "ceiling (bare WSGI, same bytes)",
            f"{ceiling:,.0f} req/s; p50 "
            f"{figures['ceiling']['p50']:.2f} ms, p99 {figures['ceiling']['p99']:.2f} ms",
            "",
            "",
        )
    )
    visit = figures["visit"]
    rows.append(
        (
            "homepage first mobile visit (360 px)",
            f"{visit['total'] / 1000:.1f} kB (HTML {visit['html'] / 1000:.1f}, CSS "
            f"{visit['css'] / 1000:.1f}, JS {visit['js'] / 1000:.1f}, images "
            f"{visit['images'] / 1000:.1f}, other {visit['other'] / 1000:.1f})",
            f"< {TARGET_BYTES / 1000:.0f} kB",
            verdict(visit["total"] < TARGET_BYTES),
        )
    )
    rows.append(
        (
            "homepage first visit: requests",
            str(visit["requests"]),
            f"< {TARGET_REQUESTS}",
            verdict(visit["requests"] < TARGET_REQUESTS),
        )
    )
    score, why = figures["lighthouse"]
    rows.append(
        (
            "homepage Lighthouse performance (mobile)",
            str(score) if score is not None else why,
            str(TARGET_LIGHTHOUSE),
            verdict(score == TARGET_LIGHTHOUSE) if score is not None else "not measured",
        )
    )
    registration = figures["registration"]
    rows.append(
        (
            "registration POST p99, 16 clients (PostgreSQL)",
            "not measured yet (hook in bench/run.py)"
            if registration is None
            else f"{registration[0]:.0f} ms, {registration[1]} oversold",
            f"< {TARGET_REGISTRATION_P99_MS} ms, 0 oversold",
            "-"
            if registration is None
            else verdict(registration[0] < TARGET_REGISTRATION_P99_MS and not registration[1]),
        )
    )
    return rows


def print_table(rows):
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def write_markdown(rows, figures):
    command = figures["command"]
    lines = [
        "# Performance",
        "",
        "Latest figures of the benchmark (`bench/run.py`), on the project's 2-core machine. "
        "Targets are issue 5's. How the cache works: [caching.md](caching.md).",
        "",
        f"Measured {figures['when']} with {figures['articles']:,} news articles, "
        f"{figures['database']}, cache {'Redis' if figures['redis'] else 'per-process memory'}, "
        f"gunicorn {' '.join(GUNICORN_ARGS[:2])}, `{' '.join(WRK[:-1])}`. Machine load "
        f"average (1 min) {figures['load'][0]:.1f} at the start and {figures['load'][1]:.1f} "
        "at the end: other work on the same 2 cores lowers every figure, the ceiling too.",
        "",
        "```sh",
        command,
        "```",
        "",
        "| measure | figure | target | result |",
        "|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    lines += [
        "",
        "*uncached*: page cache off (fragment cache as configured: on with Redis); "
        "*cached*: anonymous GET served by the page cache. Ratios are requests/s as a share "
        "of the ceiling: a bare WSGI app returning the homepage's bytes from memory under the "
        "same gunicorn and wrk settings. SQL queries are counted with the page cache off and "
        "the fragment cache warm. The first mobile visit is a fresh Chromium at 360x740 "
        "(device pixel ratio 2); sizes are bytes on the wire (headers and compressed bodies).",
        "",
    ]
    (PROJECT / "docs" / "performance.md").write_text("\n".join(lines))


# --- main -----------------------------------------------------------------------------


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="cope-bench-"))
    load_at_start = os.getloadavg()[0]
    try:
        database_url, database = bench_database(workdir)
        off = site_env(workdir, database_url, page_cache=False)
        on = site_env(workdir, database_url, page_cache=True)
        log(f"{database} database, {ARTICLES:,} articles, static files into {workdir}")
        manage(off, "migrate", "--noinput")
        log(run_script(off, "content.py", {"BENCH_ARTICLES": str(ARTICLES)}).strip())
        manage(off, "collectstatic", "--noinput")
        pages = tagged_json(run_script(off, "pages.py"), "PAGES")
        urls = [url for _, url in pages]
        queries = tagged_json(
            run_script(off, "queries.py", {"BENCH_URLS": json.dumps(urls)}), "QUERIES"
        )
        figures = {
            "pages": pages,
            "queries": queries,
            "database": database,
            "articles": ARTICLES,
            "redis": bool(os.environ.get("REDIS_URL")),
            "uncached": {},
            "cached": {},
        }
        with gunicorn("cope_site.wsgi", off) as base:
            for name, url in pages:
                log(f"uncached {name}")
                figures["uncached"][url] = load(base + url)
            homepage = urllib.request.urlopen(base + "/").read()
        with gunicorn("cope_site.wsgi", on) as base:
            for name, url in pages:
                log(f"cached {name}")
                figures["cached"][url] = load(base + url)
            log("first mobile visit and Lighthouse")
            figures["visit"] = first_mobile_visit(base + "/")
            figures["lighthouse"] = lighthouse_score(base + "/", workdir)
            figures["registration"] = registration_post_p99(base, pages)
        body = workdir / "homepage.html"
        body.write_bytes(homepage)
        with gunicorn("bench.ceiling:app", {**os.environ, "CEILING_BODY": str(body)}) as base:
            log("ceiling")
            figures["ceiling"] = load(base + "/")
        settings_line = " ".join(
            f"{name}={os.environ[name]}"
            for name in ("DATABASE_URL", "REDIS_URL")
            if os.environ.get(name)
        )
        figures["command"] = f"{settings_line} make bench".strip()
        figures["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
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


def clear_redis_keys(prefix):
    url = os.environ.get("REDIS_URL")
    if not url:
        return
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


if __name__ == "__main__":
    main()
