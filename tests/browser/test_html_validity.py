"""The Nu Html Checker (vnu.jar) finds no errors on any page type, in any language.

It refuses local addresses, so the pages are rendered by Django's test client and
handed to it as files: one Java start for all of them."""

import json
import subprocess

import pytest

from .pages import PAGE_TYPES


@pytest.mark.sqlite_pass
@pytest.mark.django_db
def test_every_page_type_is_valid_html(site_content, client, vnu_command, tmp_path):
    files = {}
    for page_type in PAGE_TYPES:
        response = client.get(page_type.path)
        assert response.status_code == page_type.status, page_type.path
        path = tmp_path / f"{page_type.slug}.html"
        path.write_bytes(response.content)
        files[path.name] = page_type.path

    run = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", *(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1])} line {m.get('lastLine')}: {m['message']}"
        for m in messages
    ]
    assert errors == []
    assert run.returncode == 0, run.stderr
