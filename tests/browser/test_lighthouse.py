"""Lighthouse gives every page type 100 for accessibility, best practices and SEO
(mobile emulation, its default). Performance is the benchmark's business (bench/)."""

import json
import os
import subprocess

import pytest

from .conftest import ARTIFACTS, CHROMIUM
from .pages import PAGE_TYPES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CATEGORIES = ["accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
# Lighthouse refuses to audit an error response ("unable to reliably load the page"),
# so the 404 page is left to axe and the Nu Html Checker.
AUDITED = [page_type for page_type in PAGE_TYPES if page_type.status == 200]


def failing_audits(report):
    """The weighted audits that cost points, by category, for a readable failure."""
    failing = {}
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                failing.setdefault(category, []).append(f"{ref['id']}: {audit['title']}")
    return failing


@pytest.mark.parametrize("page_type", AUDITED, ids=[page_type.slug for page_type in AUDITED])
def test_lighthouse_scores_100(site_url, lighthouse_command, page_type):
    report_path = ARTIFACTS / "lighthouse" / f"{page_type.slug}.json"
    report_path.parent.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(
        [
            *lighthouse_command,
            site_url + page_type.path,
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report_path}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(report_path.read_text())
    assert "runtimeError" not in report, report.get("runtimeError")

    scores = {category: report["categories"][category]["score"] for category in CATEGORIES}
    assert scores == dict.fromkeys(CATEGORIES, 1), failing_audits(report)
