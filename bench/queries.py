"""SQL queries per page, counted inside Django (run.py runs this with `manage.py shell`)."""

import json
import os

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(SERVER_NAME="127.0.0.1")
counts = {}
for url in json.loads(os.environ["BENCH_URLS"]):
    client.get(url)  # warm, as a server is after its first request
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    counts[url] = len(queries) if status == 200 else f"HTTP {status}"
print("QUERIES " + json.dumps(counts))
