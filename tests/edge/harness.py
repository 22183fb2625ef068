"""A real varnishd with the repo's VCL, for the edge tests, and a tiny backend.

Each Varnish gets its own working folder (`-n`) and loopback ports, and a generated
backends.vcl pointing at the test's own servers; deploy/varnish/default.vcl itself is
used as it is in the repo. varnishd drops privileges to its own user, so its folder
must be readable by others (mkdtemp makes it 0700).
"""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VCL_DIR = REPO / "deploy" / "varnish"
VARNISHD = shutil.which("varnishd") or (
    "/usr/sbin/varnishd" if os.path.exists("/usr/sbin/varnishd") else None
)
VARNISHADM = shutil.which("varnishadm") or "/usr/bin/varnishadm"
# The 503 page's heading (templates/503.html), from the app or from Varnish.
BRANDED_503_HEADING = "The website is unavailable for a moment"
# What the app sends on every page, and Varnish on its copy of the 503 page.
SECURITY_HEADERS = [
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
]


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, alive, what, seconds=30):
    """Until something accepts connections on the port; `alive()` False gives up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"{what} exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port}")


def stop_process(process, timeout=10):
    """Asks a server to stop, then makes it, if it has not within `timeout` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str

    @property
    def cache(self):
        """HIT or MISS, as the VCL says in X-Cache."""
        return self.headers.get("X-Cache")


def request(port, path="/", *, method="GET", host="localhost", headers=None, body=None):
    """One plain HTTP request; redirects are answers, not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        return Response(response.status, response.headers, text)
    finally:
        connection.close()


def outage_page_vcl(env):
    """outage-page.vcl as `manage.py varnish_outage_page` renders it with the settings
    of `env` (the app servers' environment)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "outage-page.vcl")
        result = subprocess.run(
            [sys.executable, "manage.py", "varnish_outage_page", str(path)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"varnish_outage_page failed:\n{result.stderr}")
        return path.read_text()


def backends_vcl(ports, probe_interval):
    """backends.vcl for a test: the same names as deploy/varnish/backends.vcl."""
    probe = f"""probe healthz {{
    .request =
        "GET /healthz/ HTTP/1.1"
        "Host: localhost"
        "Connection: close";
    .interval = {probe_interval};
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}}
"""
    backends = "".join(
        f'backend app{number} {{ .host = "127.0.0.1"; .port = "{port}"; .probe = healthz; }}\n'
        for number, port in enumerate(ports, start=1)
    )
    added = "".join(f"    app.add_backend(app{number});\n" for number in range(1, len(ports) + 1))
    return (
        f"{probe}\n{backends}\n"
        f"sub vcl_init {{\n    new app = directors.round_robin();\n{added}}}\n\n"
        'acl purgers { "127.0.0.1"; "::1"; }\n'
    )


class Varnish:
    """varnishd in the foreground (-F) in front of the given loopback ports, with
    `outage_page` as its outage-page.vcl.

    `port` takes ordinary requests; `proxy_port` speaks the PROXY protocol, so a test
    can send a request that Varnish sees from another client address."""

    def __init__(self, backend_ports, outage_page, *, port=None, probe_interval="0.5s"):
        self.folder = tempfile.mkdtemp(prefix="cope-varnish-")
        os.chmod(self.folder, 0o755)  # noqa: S103 - varnishd, once it drops root, reads it
        Path(self.folder, "backends.vcl").write_text(backends_vcl(backend_ports, probe_interval))
        # What `manage.py varnish_outage_page` writes at deploy time (outage_page_vcl).
        Path(self.folder, "outage-page.vcl").write_text(outage_page)
        # A copy of the repo's VCL: a checkout under a private folder (mktemp -d, 0700)
        # is not readable by varnishd's own user.
        Path(self.folder, "default.vcl").write_text((VCL_DIR / "default.vcl").read_text())
        self.port, self.proxy_port = port or free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(self.folder, "varnishd.log")
        command = [
            VARNISHD,
            "-F",
            "-n", self.folder,
            "-a", f"127.0.0.1:{self.port}",
            "-a", f"127.0.0.1:{self.proxy_port},PROXY",
            # The CLI too, on IPv4 loopback only ("localhost" may also mean ::1).
            "-T", "127.0.0.1:0",
            "-f", str(Path(self.folder, "default.vcl")),
            "-p", f"vcl_path={self.folder}",
            "-s", "malloc,64m",
        ]  # fmt: skip
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_port(self.port, self.alive, "varnishd")
        except RuntimeError as error:
            log = self.log_path.read_text()
            self.stop()
            raise RuntimeError(f"{error}:\n{log}") from None

    def alive(self):
        return self.process.poll() is None

    def get(self, path="/", **options):
        return request(self.port, path, **options)

    def purge(self, path, host="localhost"):
        return request(self.port, path, method="PURGE", host=host)

    def adm(self, *command):
        result = subprocess.run(
            [VARNISHADM, "-n", self.folder, *command], capture_output=True, text=True, timeout=10
        )
        if result.returncode != 0:
            raise RuntimeError(f"varnishadm {' '.join(command)}: {result.stdout}{result.stderr}")
        return result.stdout

    def forget_everything(self):
        """Bans every object, without going through the VCL under test."""
        self.adm("ban", "obj.status", "!=", "0")

    def wait_until_sick(self, seconds=20):
        """Until the probe has marked every backend sick (their servers are down)."""
        self._wait_for_backends("sick", seconds)

    def wait_until_healthy(self, seconds=20):
        """Until the probe holds every backend healthy again."""
        self._wait_for_backends("healthy", seconds)

    def _wait_for_backends(self, health, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            states = [line.split() for line in self.adm("backend.list").splitlines()[1:]]
            if states and all(health in words for words in states if words):
                return
            time.sleep(0.2)
        raise RuntimeError(f"the backends are not all {health}:\n{self.adm('backend.list')}")

    def stop(self):
        stop_process(self.process, timeout=15)
        shutil.rmtree(self.folder, ignore_errors=True)


class TinyBackend:
    """A stdlib HTTP server in a thread standing in for the app.

    Every answer is cacheable (public, s-maxage=3600) unless `headers` gives a path its
    own headers. The body names the path, the request's number and the Cookie header
    it received, so a test sees whether an answer came from here or from the cache."""

    def __init__(self, headers=None):
        self.headers = headers or {}
        self.statuses = {}
        self.requests = []
        backend = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                backend.requests.append((self.command, self.path))
                path = self.path.split("?")[0]
                body = (
                    f"{self.command} {self.path} #{len(backend.requests)} "
                    f"cookie={self.headers.get('Cookie', '')}\n"
                ).encode()
                self.send_response(backend.statuses.get(path, 200))
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                default = {"Cache-Control": "public, max-age=60, s-maxage=3600"}
                for name, value in backend.headers.get(path, default).items():
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.answer()

            do_GET = do_HEAD = answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def count(self, path):
        """How many requests for this path (query string included) reached the backend."""
        return sum(1 for _, requested in self.requests if requested == path)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
