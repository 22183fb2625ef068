import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cope_site import sharing
from cope_site.models import Topic, TopicsMixin
from home.blocks import BodyStreamBlock
from home.models import ListingFields, VideoEmbedsMixin

from .feeds import NewsAtomFeed, NewsRssFeed

ARTICLES_PER_PAGE = 10


class NewsKind(models.TextChoices):
    NEWS = "news", _("News")
    POLICY = "policy", _("Policy submission")


class NewsIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(blank=True, max_length=400)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["news.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("News index")

    def articles(self):
        return NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Wagtail's public() reads the view restrictions when it is called: once here.
        articles = self.articles()
        years = [d.year for d in articles.dates("date", "year", order="DESC")]
        filters = {}
        articles, topics = Topic.filter_pages(request, articles, filters)

        year = request.GET.get("year", "").strip()
        if year:
            if not (year.isdigit() and len(year) == 4):
                raise Http404(_("There is no such year."))
            filters["year"] = int(year)
            articles = articles.filter(date__year=int(year))

        kind = request.GET.get("kind", "").strip()
        if kind:
            if kind not in NewsKind.values:
                raise Http404(_("There is no such kind of article."))
            filters["kind"] = NewsKind(kind)
            articles = articles.filter(kind=kind)

        articles = articles.select_related("listing_image").prefetch_related(
            "listing_image__renditions"
        )
        paginator = Paginator(articles, ARTICLES_PER_PAGE)
        try:
            page_of_articles = paginator.page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(_("There is no such page of articles.")) from error

        context.update(
            articles=page_of_articles,
            filters=filters,
            kinds=NewsKind.choices,
            topics=topics,
            years=years,
            query_without_page=_query_without_page(request),
        )
        return context

    @path("feed/rss/", name="rss")
    def rss_feed(self, request):
        return NewsRssFeed(self, request)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        return NewsAtomFeed(self, request)(request)


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class NewsPage(VideoEmbedsMixin, TopicsMixin, ListingFields, Page):
    date = models.DateField(_("Date"), default=timezone.localdate)
    kind = models.CharField(
        max_length=20,
        choices=NewsKind.choices,
        default=NewsKind.NEWS,
        help_text=_("Visitors can filter the news by kind."),
    )
    author = models.CharField(
        _("Author"),
        max_length=120,
        blank=True,
        help_text=_(
            "Who wrote the article, as readers should see it. Leave empty to credit the "
            "organisation (its name in site settings)."
        ),
    )
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("author"),
                FieldPanel("kind"),
                TopicsMixin.topics_panel,
            ],
            heading=_("About this article"),
        ),
        *ListingFields.listing_panels,
        FieldPanel("body"),
        InlinePanel("related_pages", label=_("Related page"), heading=_("Related pages")),
    ]
    search_fields = [
        *Page.search_fields,
        *ListingFields.search_fields,
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("News article")
        # Newest first is how every list shows articles: the database reads the first
        # few from this index instead of sorting them all.
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="news_newest_first_idx")]

    def card_kind_label(self):
        return self.get_kind_display()

    def author_name(self, request=None):
        """The named author, else the organisation."""
        return self.author or sharing.site_settings(request, self).organisation_name

    def published_at(self):
        """When the article came out: its first publication, unless editors dated it
        otherwise (an older article added later), then that date's start."""
        first = self.first_published_at
        if first and timezone.localdate(first) == self.date:
            return first
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time.min))

    def updated_at(self):
        published = self.published_at()
        last = self.last_published_at
        return max(last, published) if last else published

    def structured_data(self, request=None):
        """schema.org NewsArticle, as Google's Article rich results read it."""
        page_url = self.get_full_url(request)
        if self.author:
            author = {"@type": "Person", "name": self.author}
        else:
            author = sharing.organisation_data(request, self)
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "url": page_url,
            "mainEntityOfPage": page_url,
            "datePublished": self.published_at().isoformat(),
            "dateModified": self.updated_at().isoformat(),
            "author": [author],
            "publisher": sharing.organisation_data(request, self),
            "image": sharing.structured_data_images(request, self),
        }
        if self.summary:
            data["description"] = self.summary
        return sharing.json_ld(data)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = self.live_related_pages()
        context["structured_data"] = self.structured_data(request)
        return context

    def live_related_pages(self):
        """The related pages visitors may see, in the editor's order."""
        related_ids = [link.page_id for link in self.related_pages.all()]
        if not related_ids:
            return []  # nothing to check: spares Wagtail's view-restriction query
        live_pages = Page.objects.live().public().filter(pk__in=related_ids).specific()
        by_id = {page.pk: page for page in live_pages}
        return [by_id[pk] for pk in related_ids if pk in by_id]


class NewsPageRelatedPage(Orderable):
    news_page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_pages")
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A page readers of this article may want next."),
    )

    panels = [FieldPanel("page")]
