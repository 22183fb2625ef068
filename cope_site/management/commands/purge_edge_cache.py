from django.core.management.base import BaseCommand

from cope_site.edge import edge_configured, purge_all_sites


class Command(BaseCommand):
    help = (
        "Purge every page of every site from the edge cache: after a deploy (pages "
        "name the new release's hashed static files) or a change made outside Wagtail."
    )

    def handle(self, *args, **options):
        if not edge_configured():
            self.stdout.write("No edge cache is configured (EDGE_CACHE_URLS): nothing to purge.")
            return
        purge_all_sites()
        self.stdout.write("Purge of every site queued.")
