import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings as django_settings

from wagtail.models import Site

import pytest

CHROMIUM = "/usr/bin/chromium"
PROJECT = Path(__file__).resolve().parents[2]
NODE_MODULES = PROJECT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "package.json"
# Screenshots and reports for people to look at; git ignores the folder.
ARTIFACTS = PROJECT / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's chromium. On a developer's machine without it they
    are skipped with a plain reason; under CI a missing browser is a failure.

    Gates marked sqlite_pass check HTML that does not depend on the database engine:
    they run in the SQLite pass (`make test`, and CI's first pass, which requires
    them) and not again in the PostgreSQL one, which has the edge and Lighthouse tests
    to run in CI's time budget."""
    if "sqlite" not in django_settings.DATABASES["default"]["ENGINE"]:
        once = pytest.mark.skip(reason="checked in the SQLite pass: the same HTML on PostgreSQL")
        for item in items:
            if "sqlite_pass" in item.keywords:
                item.add_marker(once)
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            f"CI needs {CHROMIUM} for the browser tests (apt-get install chromium)."
        )
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not found: sudo apt-get install chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def require_tool(found, what, hint):
    """Skip with a plain reason on a developer's machine; fail under CI, where a
    missing tool must never turn a gate into a silent skip."""
    if found:
        return
    message = f"{what} not found: {hint}"
    if os.environ.get("CI"):
        pytest.fail(f"CI needs {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def axe_script():
    require_tool(AXE.exists(), "axe-core", "run `make install` (needs npm)")
    return str(AXE)


@pytest.fixture(scope="session")
def vnu_command():
    java = shutil.which("java")
    require_tool(java, "java", "install Java 17+, e.g. apt-get install default-jre-headless")
    require_tool(VNU.exists(), "vnu-jar (Nu Html Checker)", "run `make install` (needs npm)")
    return [java, "-jar", str(VNU)]


@pytest.fixture(scope="session")
def lighthouse_command():
    node = shutil.which("node")
    require_tool(node, "node", "install Node.js 20, e.g. apt-get install nodejs npm")
    require_tool(LIGHTHOUSE.exists(), "lighthouse", "run `make install` (needs npm)")
    return [node]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def site_url(live_site_content, live_server):
    """The live server's address, with the Wagtail site moved onto it so canonical and
    Open Graph addresses point where the browser is (Lighthouse checks them)."""
    address = urlsplit(live_server.url)
    Site.objects.filter(pk=live_site_content.site.pk).update(
        hostname=address.hostname, port=address.port
    )
    return live_server.url


class PageWatcher:
    """Everything a visitor's browser would flag while a page loads: console errors,
    script errors, failed requests and requests to any other host."""

    def __init__(self, page, origin, expected_status=200):
        self.origin = origin.rstrip("/")
        self.expected_status = expected_status
        self.problems = []
        self.expected_errors = set()
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("requestfailed", self._on_failed)
        page.on("request", self._on_request)
        page.on("response", self._on_response)

    def _on_console(self, message):
        # Chromium also logs a 404 page's own status; that one is the page doing its job.
        if message.type == "error" and message.location.get("url") not in self.expected_errors:
            self.problems.append(f"console error: {message.text}")

    def _on_failed(self, request):
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_request(self, request):
        if request.url.startswith("data:"):
            return
        if not request.url.startswith(self.origin + "/"):
            self.problems.append(f"request to another host: {request.url}")

    def _on_response(self, response):
        expected = 200
        if response.request.is_navigation_request():
            expected = self.expected_status
            if response.status == expected and expected >= 400:
                self.expected_errors.add(response.url)
        if response.status >= 400 and response.status != expected:
            self.problems.append(f"HTTP {response.status}: {response.url}")
