"""Generated content for the benchmark: COPE's initial pages plus N news articles.

Run inside Django (`manage.py shell`), see run.py. Articles are added as live pages in
one pass (no revisions): the benchmark measures reading, not publishing. No uploaded
images: like the seed content, which has none; in production, media is served by
object storage, not by the app servers measured here.
"""

import os
import random
from datetime import date, timedelta

from django.db import connection, transaction

from home.initial_content import load_initial_content
from news.models import NewsIndexPage, NewsKind, NewsPage

TOPICS = ["safeguarding", "visits", "schools", "policy", "research", "rights", "families"]


def generate(total):
    load_initial_content()
    index = NewsIndexPage.objects.get()
    have = NewsPage.objects.count()
    rng = random.Random(5)
    kinds = list(NewsKind.values)
    with transaction.atomic():
        for number in range(have, total):
            article = NewsPage(
                title=f"Benchmark article {number}: supporting children with imprisoned parents",
                slug=f"benchmark-article-{number}",
                date=date(2026, 11, 1) - timedelta(days=number),
                kind=kinds[number % len(kinds)],
                intro="What schools, prisons and families can do together. " * 2,
                live=True,
            )
            index.add_child(instance=article)
            article.tags.add(*rng.sample(TOPICS, 2))
            article.save()
    if connection.vendor == "postgresql":
        # Fresh planner statistics, as autovacuum would keep them on a running site.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{NewsPage.objects.live().count()} live articles")


generate(int(os.environ.get("BENCH_ARTICLES", "1000")))
