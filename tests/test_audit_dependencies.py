"""bin/audit-dependencies, on PyPI answers recorded in tests/fixtures (no network)."""

import copy
import importlib.machinery
import importlib.util
import io
import json
import urllib.error
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_script():
    loader = importlib.machinery.SourceFileLoader(
        "audit_dependencies", str(REPO / "bin" / "audit-dependencies")
    )
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


audit = load_script()


def recorded(name):
    return json.loads((FIXTURES / f"pypi-{name}.json").read_text())


def pypi(projects, releases=None):
    """A fetch that answers like PyPI: release pages from `releases`, project pages
    from `projects`, 404 for anything else (as this machine's PyPI does for releases)."""

    def fetch(url):
        path = url.removeprefix(audit.PYPI + "/").removesuffix("/json")
        for table in (releases or {}, projects):
            if path in table:
                return copy.deepcopy(table[path])
        raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)

    return fetch


def run(requirements, fetch):
    results = [audit.check(requirement, fetch) for requirement in requirements]
    out = io.StringIO()
    return audit.report(results, out), out.getvalue()


def requirement(name, version):
    return audit.Requirement(name, version, f"{name}=={version}", "requirements.txt")


def test_a_known_vulnerable_release_fails_the_audit_and_is_named():
    status, output = run(
        [requirement("pycrypto", "2.6.1")], pypi({"pycrypto": recorded("pycrypto")})
    )
    assert status == 1
    assert "VULNERABLE pycrypto==2.6.1" in output
    assert "PYSEC-2017-94, CVE-2013-7459" in output
    assert "https://osv.dev/vulnerability/PYSEC-2017-94" in output


def test_the_release_page_is_used_when_pypi_serves_it():
    vulnerable_release = {"vulnerabilities": recorded("pycrypto")["vulnerabilities"]}
    status, output = run(
        [requirement("Django", "3.2")],
        pypi({"Django": recorded("django")}, {"Django/3.2": vulnerable_release}),
    )
    assert status == 1
    assert "VULNERABLE Django==3.2" in output


def test_a_clean_latest_release_passes():
    status, output = run([requirement("Django", "6.1.3")], pypi({"Django": recorded("django")}))
    assert status == 0
    assert "Checked 1 pinned requirements" in output
    assert "0 with known vulnerabilities" in output
    assert "Not checked: 0" in output


def test_withdrawn_advisories_do_not_fail_the_audit():
    project = recorded("pycrypto")
    for item in project["vulnerabilities"]:
        item["withdrawn"] = "2024-01-01T00:00:00Z"
    status, _output = run([requirement("pycrypto", "2.6.1")], pypi({"pycrypto": project}))
    assert status == 0


@pytest.mark.parametrize(
    ("requirement_", "words"),
    [
        (requirement("Django", "3.2"), "PyPI served no data for 3.2, only for the latest release"),
        (requirement("Django", "0.0.1"), "PyPI has no release 0.0.1"),
        (requirement("unknown-package", "1.0"), "no release or project data"),
        (audit.Requirement("redis", None, "redis>=5", "requirements.txt"), "not pinned"),
    ],
)
def test_what_cannot_be_checked_is_named_never_passed(requirement_, words):
    status, output = run([requirement_], pypi({"Django": recorded("django")}))
    assert status == 2
    assert f"NOT CHECKED {requirement_.line} (requirements.txt): " in output
    assert words in output
    assert f"Not checked: 1 ({requirement_.name})" in output


def test_an_unreachable_pypi_is_named_per_package():
    def offline(url):
        raise urllib.error.URLError("connection refused")

    status, output = run([requirement("Django", "6.1.3")], offline)
    assert status == 2
    assert "NOT CHECKED Django==6.1.3" in output and "unreachable" in output


def test_requirement_files_are_read_with_includes_extras_and_comments(tmp_path):
    (tmp_path / "base.txt").write_text(
        "# runtime\npsycopg[binary]==3.3.9\nDjango==6.1.3  # the framework\nredis>=5\n"
    )
    (tmp_path / "dev.txt").write_text("-r base.txt\npytest==9.2.0\n")
    parsed = audit.parse_requirements(tmp_path / "dev.txt")
    assert [(r.name, r.version) for r in parsed] == [
        ("psycopg", "3.3.9"),
        ("Django", "6.1.3"),
        ("redis", None),
        ("pytest", "9.2.0"),
    ]


def test_every_requirement_of_the_project_is_pinned_so_it_can_be_checked():
    seen = set()
    parsed = [r for path in audit.DEFAULT_FILES for r in audit.parse_requirements(path, seen)]
    assert parsed and all(r.version for r in parsed), [r.line for r in parsed if not r.version]
