"""`manage.py varnish_outage_page`: the 503 page Varnish answers while it cannot reach
the app (deploy/varnish/default.vcl). What Varnish does with it: tests/edge/."""

import stat

from django.core.management import CommandError, call_command

import pytest

from cope_site.outage_page import OutagePageError, vcl_string


def test_the_page_is_written_for_varnish_to_read(tmp_path):
    target = tmp_path / "outage-page.vcl"
    call_command("varnish_outage_page", str(target))
    vcl = target.read_text()
    assert vcl.count("sub outage_page {") == 1
    assert "The website is unavailable for a moment" in vcl
    assert 'set beresp.http.Retry-After = "30";' in vcl
    assert 'if (bereq.url == "/static/css/site.css") {' in vcl
    # varnishd reads it as its own user.
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [path.name for path in tmp_path.iterdir()] == ["outage-page.vcl"]


def test_without_collected_static_files_it_says_so_and_writes_nothing(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = str(tmp_path / "static")
    with pytest.raises(CommandError, match="Missing staticfiles manifest entry for 'css/site.css'"):
        call_command("varnish_outage_page", str(tmp_path / "outage-page.vcl"))
    assert not (tmp_path / "outage-page.vcl").exists()


def test_text_that_would_end_a_vcl_string_early_is_refused():
    assert vcl_string("max-age=1") == '"max-age=1"'
    assert vcl_string('<a href="/">\n') == '{"<a href="/">\n"}'
    with pytest.raises(OutagePageError, match='"} would end'):
        vcl_string('content: "x"}')
    with pytest.raises(OutagePageError, match="NUL"):
        vcl_string("a\x00b")
