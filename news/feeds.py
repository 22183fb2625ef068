from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    """The newest articles of one news index, as RSS 2.0."""

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        return _("Children of Prisoners Europe: news")

    def link(self):
        return self.index_page.url

    def description(self):
        return self.index_page.intro or _("News, policy submissions and publications from COPE.")

    def items(self):
        return self.index_page.articles()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.full_url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_kind_display()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
