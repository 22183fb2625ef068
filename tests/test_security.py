import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

from cope_site.models import SiteSettings
from tests.conftest import assert_nothing_inline_the_policy_blocks

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-used-only-by-this-test-0123456789abcdef",
    "ALLOWED_HOSTS": "www.childrenofprisoners.eu",
    "DJANGO_SETTINGS_MODULE": "cope_site.settings.production",
    "EMAIL_HOST": "smtp.example.org",
}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env={**_environment_without_test_switches(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _environment_without_test_switches():
    # The browser tests allow sync database calls from async code; deployments never do.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def production_security_settings(monkeypatch):
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    production = importlib.import_module("cope_site.settings.production")
    names = [
        name
        for name in dir(production)
        if name.startswith(("SECURE_", "SESSION_COOKIE", "CSRF_COOKIE"))
    ]
    return {name: getattr(production, name) for name in names}


def test_public_pages_carry_strict_security_headers(site_content, client, monkeypatch):
    with override_settings(**production_security_settings(monkeypatch)):
        response = client.get("/en/", secure=True, headers={"host": "localhost"})
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_plain_http_is_redirected_to_https_in_production(site_content, client, monkeypatch):
    with override_settings(**production_security_settings(monkeypatch)):
        response = client.get("/en/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_admin_gets_its_own_policy(site_content, admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "unsafe-inline" in response["Content-Security-Policy"]


def test_pages_carry_nothing_inline_the_policy_blocks(site_content, client):
    assert re.search(r"'sha256-", client.get("/en/")["Content-Security-Policy"])
    for url in [
        "/en/",
        "/en/news/",
        site_content.articles[0].url,
        "/en/who-we-are/",
        "/en/search/?q=a",
        "/en/contact/",
        "/en/contact/thanks/",
        "/en/missing/",
        "/en/publications/",
        "/en/publications/child-friendly-prison-visits-toolkit/",
    ]:
        assert_nothing_inline_the_policy_blocks(client.get(url), url)


def test_djangos_own_admin_is_not_mounted(site_content, admin_client):
    """Staff use Wagtail's admin; Django's, with its own unthrottled login, is gone."""
    for path in ("/django-admin/", "/django-admin/login/"):
        assert admin_client.get(path).status_code == 404
    assert admin_client.get("/admin/").status_code == 200


# The HTTP Observatory's rules (its scoring is public), for an A+ on every public page
# type: each rule below costs points when broken.
SIX_MONTHS = 15_768_000
GOOD_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name.lower()] = values
    return directives


def assert_observatory_rules(response, url):
    csp = csp_directives(response["Content-Security-Policy"])
    for directive in ("script-src", "style-src"):
        sources = csp.get(directive, csp["default-src"])
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} & set(sources), (
            url,
            directive,
        )
    assert csp.get("object-src") == ["'none'"] or csp["default-src"] == ["'none'"], url
    assert csp["frame-ancestors"] == ["'none'"], url
    assert csp["base-uri"] and csp["form-action"], url
    hsts = dict(
        (part.strip().split("=") + [""])[:2]
        for part in response["Strict-Transport-Security"].split(";")
    )
    assert int(hsts["max-age"]) >= SIX_MONTHS, url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN"), url
    assert response["Referrer-Policy"] in GOOD_REFERRER_POLICIES, url
    assert response.get("Access-Control-Allow-Origin") in (None, ""), url
    for cookie in response.cookies.values():
        assert cookie["secure"] and cookie["samesite"], (url, cookie.key)


def test_every_public_page_type_keeps_the_observatory_a_plus_rules(
    site_content, client, monkeypatch
):
    from tests.events.conftest import get_event_index, make_event

    site_settings = SiteSettings.for_site(site_content.site)
    site_settings.contact_email = "info@childrenofprisoners.eu"
    site_settings.save()
    event = make_event(get_event_index(site_content.home))
    urls = [
        "/en/",
        "/en/news/",
        site_content.articles[0].url,
        "/en/who-we-are/",
        "/en/webinars/",
        event.url,
        event.url + "register/",  # sets the CSRF cookie
        "/en/contact/",
        "/en/search/?q=children",
        "/en/missing/",
        "/.well-known/security.txt",
    ]
    with override_settings(**production_security_settings(monkeypatch)):
        for url in urls:
            response = client.get(url, secure=True, headers={"host": "localhost"})
            assert response.status_code in (200, 404), url
            assert_observatory_rules(response, url)
        assert client.get(event.url + "register/", secure=True).cookies, "a cookie was checked"
