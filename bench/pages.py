"""The pages the benchmark measures, as (name, url): printed as JSON for run.py."""

import json

from events.models import EventPage
from news.models import NewsIndexPage, NewsPage

news_index = NewsIndexPage.objects.live().first()
# An article from the middle of the list: neither the newest nor the oldest.
articles = NewsPage.objects.live().order_by("-date")
article = articles[articles.count() // 2]
pages = [
    ("homepage", "/"),
    ("news index", news_index.url),
    ("news article", article.url),
]
event = EventPage.objects.live().order_by("start").first()
if event:
    pages += [("event page", event.url), ("registration form", event.url + "register/")]
print("PAGES " + json.dumps(pages))
