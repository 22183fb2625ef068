"""A new release of the code never serves pages cached by the release before it."""

import importlib

from cope_site.release import source_fingerprint


def test_the_fingerprint_changes_when_a_template_does(tmp_path):
    template = tmp_path / "templates" / "base.html"
    template.parent.mkdir()
    template.write_text("<p>Before</p>")
    before = source_fingerprint(tmp_path)
    assert source_fingerprint(tmp_path) == before
    template.write_text("<p>After</p>")
    assert source_fingerprint(tmp_path) != before


def test_the_fingerprint_changes_when_a_pinned_library_does(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Django==6.1.3\n")
    before = source_fingerprint(tmp_path)
    requirements.write_text("Django==6.1.4\n")
    assert source_fingerprint(tmp_path) != before


def test_pages_cached_by_one_release_are_not_served_by_the_next(
    site_content, client, settings, redis_page_cache
):
    settings.PAGE_CACHE_KEY_PREFIX = f"{redis_page_cache}:release-1:"
    client.get("/")
    assert client.get("/").headers["X-Page-Cache"] == "hit"

    settings.PAGE_CACHE_KEY_PREFIX = f"{redis_page_cache}:release-2:"
    assert client.get("/").headers["X-Page-Cache"] == "miss"


def test_the_release_is_part_of_every_page_cache_key(monkeypatch):
    base = importlib.import_module("cope_site.settings.base")
    monkeypatch.setenv("RELEASE", "2026-11-25-abc123")
    try:
        assert importlib.reload(base).PAGE_CACHE_KEY_PREFIX.endswith(":2026-11-25-abc123:")
    finally:
        monkeypatch.delenv("RELEASE")
        importlib.reload(base)
