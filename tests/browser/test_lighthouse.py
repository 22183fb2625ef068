"""Lighthouse gives every page type, in every language, 100 for accessibility, best
practices and SEO (mobile emulation, its default). Performance is the benchmark's
business (bench/).

All page types go through one Lighthouse process and one Chromium (lighthouse.mjs):
about 7 s a page instead of 13 s with a CLI run each. It runs against PostgreSQL
(DATABASE_URL=postgres://..., CI's second pass): what it audits is the rendered page,
the same on either database, and once per CI run keeps CI within its time budget."""

import json
import os
import subprocess
from pathlib import Path

from django.db import connection

import pytest

from .conftest import ARTIFACTS, CHROMIUM
from .pages import PAGE_TYPES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CATEGORIES = ["accessibility", "best-practices", "seo"]
SCRIPT = Path(__file__).with_name("lighthouse.mjs")
# Lighthouse refuses to audit an error response ("unable to reliably load the page"),
# so the 404 page is left to axe and the Nu Html Checker.
AUDITED = [page_type for page_type in PAGE_TYPES if page_type.status == 200]


def shortfalls(report):
    """Each category under 100 with the weighted audits that cost it points."""
    found = {}
    for category in CATEGORIES:
        if report["categories"][category]["score"] == 1:
            continue
        found[category] = [
            f"{ref['id']}: {report['audits'][ref['id']]['title']}"
            for ref in report["categories"][category]["auditRefs"]
            if ref["weight"] > 0 and (report["audits"][ref["id"]]["score"] or 0) < 1
        ]
    return found


def test_lighthouse_scores_100_on_every_page_type(site_url, lighthouse_command):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass: DATABASE_URL=postgres://... make test")
    reports = ARTIFACTS / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    for old in reports.glob("*.json"):
        old.unlink()
    run = subprocess.run(
        [
            *lighthouse_command,
            str(SCRIPT),
            str(reports),
            *(site_url + page_type.path for page_type in AUDITED),
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=60 + 40 * len(AUDITED),
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]

    failures = {}
    for index, page_type in enumerate(AUDITED):
        report = json.loads((reports / f"{index}.json").read_text())
        # Keep the report under the page type's name for people to open.
        (reports / f"{index}.json").rename(reports / f"{page_type.slug}.json")
        assert report["finalDisplayedUrl"].endswith(page_type.path), page_type.path
        if problems := shortfalls(report):
            failures[page_type.path] = problems
    assert failures == {}
