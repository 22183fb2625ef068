"""The framework-free ceiling: the homepage's bytes from memory, no Django at all.

Served by gunicorn with the same workers and wrk settings as the site, it shows what
the machine itself allows; the benchmark prints every page as a share of it.
"""

import os

with open(os.environ["CEILING_BODY"], "rb") as body_file:
    BODY = body_file.read()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def app(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
