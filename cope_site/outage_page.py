"""The edge's own copy of the "back in a moment" page, for when it cannot reach the app
at all: gunicorn down, or Varnish's probe holding the app sick during a database
outage. Rendered at deploy time (`manage.py varnish_outage_page`) into a VCL include,
outage-page.vcl, which deploy/varnish/default.vcl answers from in vcl_backend_error.

A VCL include rather than an HTML file read with std.fileread(): Varnish refuses to
load a VCL whose include is missing, so a deploy that forgot the page fails loudly at
once instead of serving an empty 503 in the middle of an outage; the headers travel
with the page; and it is looked up on vcl_path like backends.vcl, so default.vcl
names no path of any one machine.

The page is templates/503.html as the app renders it, in each of the site's languages,
with the headers the app's own security middleware put on it (run here on that
response, so the two cannot differ), and the stylesheet it links: Varnish serves that
file too while the app is away, so the page looks the same even when the edge has no
copy of it.
"""

import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils import translation
from django.utils.module_loading import import_string

from .views import outage_response

# What templates/standalone_error.html links.
STYLESHEET = "css/site.css"
# The middleware of settings.MIDDLEWARE that add security headers, and need neither the
# database nor the Host header.
HEADER_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "cope_site.middleware.SecurityHeadersMiddleware",
)
# Sent by Varnish itself (Content-Length), or set by the VCL around the include.
LEFT_TO_VARNISH = {"content-length", "cache-control"}
HTTPS_ONLY = {"strict-transport-security"}


class OutagePageError(Exception):
    pass


def outage_page_headers():
    """The 503 page's headers as the app sends them on a request that came over https,
    through the middleware in HEADER_MIDDLEWARE that settings.MIDDLEWARE has."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = "/"
    if settings.SECURE_PROXY_SSL_HEADER:
        # As the app sees a visitor's request through the TLS proxy and Varnish.
        header, value = settings.SECURE_PROXY_SSL_HEADER
        request.META[header] = value
    response = outage_response()

    def handler(request):
        return response

    for path in reversed([path for path in settings.MIDDLEWARE if path in HEADER_MIDDLEWARE]):
        handler = import_string(path)(handler)
    answered = handler(request)
    if answered is not response:
        # SecurityMiddleware's redirect to https: the request above is not seen as
        # secure (SECURE_SSL_REDIRECT without SECURE_PROXY_SSL_HEADER).
        raise OutagePageError(
            f"the security middleware answered {answered.status_code} instead of the page"
        )
    return [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in LEFT_TO_VARNISH
    ]


def stylesheet():
    """The stylesheet's URL path and its text, as the app serves it: the collected
    (hashed) file when STATIC_ROOT has it, else the source file (WHITENOISE_USE_FINDERS)."""
    url = static(STYLESHEET)
    name = url.removeprefix(settings.STATIC_URL)
    if settings.STATIC_ROOT and staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            return url, file.read().decode()
    found = finders.find(STYLESHEET)
    if found is None:
        raise OutagePageError(f"{STYLESHEET} is not among the static files")
    with open(found, encoding="utf-8") as file:
        return url, file.read()


def vcl_string(text):
    """A VCL string literal: "..." for one line, {"..."} for a page."""
    if "\x00" in text:
        raise OutagePageError("a NUL character cannot be written in VCL")
    if "\n" not in text and '"' not in text:
        return f'"{text}"'
    if '"}' in text:
        raise OutagePageError('"} would end the VCL long string early')
    return '{"' + text + '"}'


def set_headers(headers, indent):
    return "".join(
        f"{indent}set beresp.http.{name} = {vcl_string(value)};\n" for name, value in headers
    )


def pages_by_language():
    """The page in each of settings.LANGUAGES, the default language's first: an address
    under a language's prefix (/fr/…) gets that language's, any other the default's,
    as cope_site.languages.LanguageMiddleware decides for the app's own page."""
    codes = [settings.LANGUAGE_CODE]
    codes += [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    pages = []
    for code in codes:
        if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)*", code):
            raise OutagePageError(f"{code!r} is not a language code to match a path with")
        with translation.override(code):
            pages.append((code, outage_response().content.decode()))
    return pages


def render_outage_page_vcl():
    """outage-page.vcl: `sub outage_page`, called by default.vcl's vcl_backend_error."""
    headers = outage_page_headers()
    (default_code, default_page), *other_pages = pages_by_language()
    stylesheet_url, stylesheet_text = stylesheet()
    everywhere = [(name, value) for name, value in headers if name.lower() not in HTTPS_ONLY]
    https_only = [(name, value) for name, value in headers if name.lower() in HTTPS_ONLY]
    vcl = [
        "# Generated by `manage.py varnish_outage_page` from templates/503.html, its\n"
        "# stylesheet and the settings; not to be edited. Render it again after each\n"
        "# collectstatic (the stylesheet's hashed name changes) and reload Varnish\n"
        "# (docs/deployment.md). Called by vcl_backend_error in default.vcl.\n",
        "sub outage_page {\n",
        f"    if (bereq.url == {vcl_string(stylesheet_url)}) {{\n",
        "        set beresp.status = 200;\n",
        '        set beresp.reason = "OK";\n',
        '        set beresp.http.Content-Type = "text/css; charset=utf-8";\n',
        '        set beresp.http.X-Content-Type-Options = "nosniff";\n',
        f"        set beresp.body = {vcl_string(stylesheet_text)};\n",
        "        return (deliver);\n",
        "    }\n",
        "    set beresp.status = 503;\n",
        '    set beresp.reason = "Service Unavailable";\n',
        set_headers(everywhere, "    "),
    ]
    if https_only and settings.SECURE_PROXY_SSL_HEADER:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        http_header = header.removeprefix("HTTP_").replace("_", "-")
        vcl += [
            f"    if (bereq.http.{http_header} == {vcl_string(value)}) {{\n",
            set_headers(https_only, "        "),
            "    }\n",
        ]
    for code, page in other_pages:
        vcl += [
            f'    if (bereq.url ~ "^/{code}([/?]|$)") {{\n',
            f'        set beresp.http.Content-Language = "{code}";\n',
            f"        set beresp.body = {vcl_string(page)};\n",
            "        return (deliver);\n",
            "    }\n",
        ]
    vcl += [
        f'    set beresp.http.Content-Language = "{default_code}";\n',
        f"    set beresp.body = {vcl_string(default_page)};\n",
        "}\n",
    ]
    return "".join(vcl)
