from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cope_site.page_cache import memoise
from cope_site.pages import KeptViewRestrictions, public
from home.blocks import BodyStreamBlock
from home.models import ListingFields

from .feeds import NewsAtomFeed, NewsRssFeed

ARTICLES_PER_PAGE = 10


class NewsKind(models.TextChoices):
    NEWS = "news", _("News")
    POLICY = "policy", _("Policy submission")
    PUBLICATION = "publication", _("Publication")


class NewsIndexPage(KeptViewRestrictions, RoutablePageMixin, Page):
    intro = models.TextField(blank=True, max_length=400)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["news.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("News index")

    def articles(self, request=None):
        return public(NewsPage.objects.live().child_of(self), request).order_by("-date", "-pk")

    def route(self, request, path_components):
        # Articles are this page's only children: fetch the article itself in one query,
        # where Page.route fetches the plain page and then, in a second, the article.
        if self.live and path_components:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                article = NewsPage.objects.child_of(self).filter(slug=path_components[0]).first()
                if article is None:
                    raise
                article._cached_parent_obj = self  # the article's breadcrumbs and tag links
                return article.route(request, path_components[1:])
        return super().route(request, path_components)

    def filter_choices(self, request=None):
        """Topics and years that have articles: they change only when articles are
        published, so they are kept until then (cope_site.page_cache.memoise)."""
        articles = self.articles(request)
        return {
            "tags": list(
                Tag.objects.filter(news_newspagetag_items__content_object__in=articles)
                .distinct()
                .order_by("name")
            ),
            "years": [d.year for d in articles.dates("date", "year", order="DESC")],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles(request)
        choices = memoise(request, f"news-filters-{self.pk}", lambda: self.filter_choices(request))
        filters = {}

        tag_slug = request.GET.get("tag", "").strip()
        if tag_slug:
            known = [tag for tag in choices["tags"] if tag.slug == tag_slug]
            filters["tag"] = known[0] if known else tag_slug
            articles = articles.filter(tags__slug=tag_slug)

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
            "listing_image__renditions", "tags"
        )
        paginator = Paginator(articles, ARTICLES_PER_PAGE)
        # Kept like the filter choices, so a page of the list whose cards are a kept
        # fragment (see the template) needs no query at all.
        name = f"news-count-{self.pk}-{sorted(filters.items())!r}"
        paginator.count = memoise(request, name, articles.count)
        try:
            page_of_articles = paginator.page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(_("There is no such page of articles.")) from error

        context.update(
            articles=page_of_articles,
            filters=filters,
            kinds=NewsKind.choices,
            tags=choices["tags"],
            years=choices["years"],
            query_without_page=_query_without_page(request),
        )
        return context

    @path("feed/rss/", name="rss")
    def rss_feed(self, request):
        return NewsRssFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        return NewsAtomFeed(self)(request)


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(KeptViewRestrictions, ListingFields, Page):
    date = models.DateField(_("Date"), default=timezone.localdate)
    kind = models.CharField(
        max_length=20,
        choices=NewsKind.choices,
        default=NewsKind.NEWS,
        help_text=_("Visitors can filter the news by kind."),
    )
    body = StreamField(BodyStreamBlock(), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("kind"), FieldPanel("tags")],
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

    @staticmethod
    def news_index_url(request=None):
        """Where 'All news' links point: kept until the next publish or move."""

        def find():
            index = NewsIndexPage.objects.live().first()
            return index.get_url(request) if index else ""

        return memoise(request, "news-index-url", find)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Worked out only if the template renders them: not while the article's
        # content is a kept fragment.
        context["related"] = SimpleLazyObject(lambda: self.live_related_pages(request))
        return context

    def live_related_pages(self, request=None):
        """The related pages visitors may see, in the editor's order."""
        related_ids = [link.page_id for link in self.related_pages.all()]
        live_pages = public(Page.objects.live().filter(pk__in=related_ids), request).specific()
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
