"""RSS 2.0 and Atom feeds of the news index, valid for the W3C feed validator.

Every address is absolute from the Site's configured root URL (Wagtail's Site record):
Django's syndication framework would otherwise complete relative ones with the
request's host, which the edge cache would then serve to everyone.
"""

from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cope_site import sharing

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    """The newest articles of one news index, as RSS 2.0."""

    feed_route = "rss"
    # Entry ids are tag URIs that survive a renamed or moved article, not its address.
    item_guid_is_permalink = False

    def __init__(self, index_page, request):
        super().__init__()
        self.index_page = index_page
        self.request = request
        self.settings = sharing.site_settings(request, index_page)
        self.root_url = sharing.site_root_url(request, index_page)

    def title(self):
        return _("%(organisation)s: news") % {"organisation": self.settings.organisation_name}

    def link(self):
        return self.index_page.get_full_url(self.request)

    def feed_url(self):
        return self.link() + self.index_page.reverse_subpage(self.feed_route)

    def description(self):
        return self.index_page.intro or _("News, policy submissions and publications from COPE.")

    # The organisation writes the feed; Atom puts it on the feed, so an entry without
    # a named author is credited to it.
    def author_name(self):
        return self.settings.organisation_name

    def author_link(self):
        return self.root_url + "/"

    def items(self):
        return self.index_page.articles()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        authority = urlsplit(self.root_url).hostname
        return f"tag:{authority},{item.published_at():%Y-%m-%d}:news-article/{item.pk}"

    def item_author_name(self, item):
        return item.author_name(self.request)

    def item_author_link(self, item):
        return None if item.author else self.root_url + "/"

    def item_pubdate(self, item):
        return item.published_at()

    def item_updateddate(self, item):
        return item.updated_at()

    def item_categories(self, item):
        return [item.get_kind_display()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    feed_route = "atom"
    subtitle = NewsRssFeed.description
