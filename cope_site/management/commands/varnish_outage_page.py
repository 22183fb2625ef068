import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cope_site.outage_page import OutagePageError, render_outage_page_vcl


class Command(BaseCommand):
    help = (
        "Write outage-page.vcl: the site's 503 page, its headers and its stylesheet for "
        "Varnish to answer while it cannot reach the app (deploy/varnish/default.vcl). "
        "Run it after collectstatic, into a folder on Varnish's vcl_path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="where to write it, e.g. /etc/varnish/cope/outage-page.vcl"
        )

    def handle(self, *args, path, **options):
        try:
            vcl = render_outage_page_vcl()
        except (OutagePageError, ValueError) as error:
            # ValueError: the hashed stylesheet is missing from the manifest.
            raise CommandError(f"Cannot render the outage page: {error}") from error
        target = Path(path)
        # Whole or not at all: a Varnish reloading meanwhile never reads half a page.
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=target.parent, prefix=".outage-page-", delete=False
        ) as file:
            file.write(vcl)
        # Readable by varnishd's own user.
        os.chmod(file.name, 0o644)
        os.replace(file.name, target)
        self.stdout.write(f"Outage page written to {target}.")
