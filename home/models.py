from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csp import csp_override

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from cope_site.languages import localize_pages

from .blocks import BodyStreamBlock, HomeStreamBlock, video_hosts_in


class VideoEmbedsMixin:
    """A page whose body may hold videos (home.blocks.VideoBlock): its content-security
    policy lets in the players of its own videos' hosts, and no page's lets in more."""

    def serve(self, request, *args, **kwargs):
        serve = super().serve
        hosts = video_hosts_in(self.body)
        if hosts:
            serve = csp_override({**settings.SECURE_CSP, "frame-src": hosts})(serve)
        return serve(request, *args, **kwargs)


class ListingFields(models.Model):
    """What a page shows of itself on cards, in the carousel and when shared."""

    intro = models.TextField(
        blank=True,
        max_length=400,
        help_text=_("One or two sentences shown at the top of the page and on its cards."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on cards, in the homepage carousel and when the page is shared."),
    )

    listing_panels = [FieldPanel("intro"), FieldPanel("listing_image")]
    search_fields = [index.SearchField("intro")]

    class Meta:
        abstract = True

    @property
    def summary(self):
        return self.intro or self.search_description


class HomePage(VideoEmbedsMixin, Page):
    carousel_autoplay = models.BooleanField(
        default=False,
        verbose_name=_("Move slides automatically"),
        help_text=_(
            "Off by default. When on, visitors get a pause button, and slides never "
            "move for visitors who ask their device for reduced motion."
        ),
    )
    carousel_interval = models.PositiveSmallIntegerField(
        default=8,
        validators=[MinValueValidator(5), MaxValueValidator(30)],
        verbose_name=_("Seconds per slide"),
        help_text=_("Only used when slides move automatically (5 to 30)."),
    )
    body = StreamField(HomeStreamBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                InlinePanel("carousel_slides", label=_("Slide"), min_num=0, max_num=8),
                FieldPanel("carousel_autoplay"),
                FieldPanel("carousel_interval"),
            ],
            heading=_("Carousel"),
            help_text=_("Drag slides to change their order. Unpublished pages never show."),
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("Homepage")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["slides"] = CarouselSlide.resolve_all(
            self.carousel_slides.all(), request, locale_id=self.locale_id
        )
        return context


class CarouselSlide(TranslatableMixin, Orderable):
    """A homepage slide: a page of the site (or an external address), with optional
    overrides of what the linked page says about itself. Translatable with its homepage
    (wagtail-localize offers the overrides to translators); the page, address and image
    are the same in every language."""

    home_page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="carousel_slides")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Page"),
        help_text=_(
            "The slide links here and, unless overridden below, shows its title, intro and image."
        ),
    )
    link_url = models.URLField(
        blank=True,
        verbose_name=_("External address"),
        help_text=_("Use instead of a page to link to another website."),
    )
    heading = models.CharField(
        max_length=160, blank=True, help_text=_("Leave empty to use the page's title.")
    )
    summary = models.TextField(
        max_length=400, blank=True, help_text=_("Leave empty to use the page's intro.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to use the page's listing image."),
    )

    panels = [
        FieldPanel("link_page"),
        FieldPanel("link_url"),
        FieldPanel("heading"),
        FieldPanel("summary"),
        FieldPanel("image"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("carousel slide")

    def clean(self):
        super().clean()
        if bool(self.link_page_id) == bool(self.link_url):
            raise ValidationError(
                {"link_page": _("Choose a page or enter an external address, not both.")}
            )
        if self.link_url and not self.heading:
            raise ValidationError(
                {"heading": _("A slide with an external address needs a heading.")}
            )

    @classmethod
    def resolve_all(cls, slides, request=None, locale_id=None):
        """Turn slides into what the template shows, in a fixed number of queries
        whatever the number of slides: pages and images are fetched in bulk, and a
        slide whose page is not live (draft, private, deleted) is left out. A slide
        shows its page in `locale_id`'s language (the homepage's) where it has a live
        translation: the slides of a translated homepage still name the pages chosen
        on the English one."""
        slides = list(slides)
        page_ids = [slide.link_page_id for slide in slides if slide.link_page_id]
        pages = {
            page.pk: page
            for page in Page.objects.live().public().filter(pk__in=page_ids).specific()
        }
        if locale_id is not None:
            pages = localize_pages(pages.values(), locale_id, specific=True, public=True)
        image_ids = {slide.image_id for slide in slides} | {
            getattr(page, "listing_image_id", None) for page in pages.values()
        }
        image_ids.discard(None)
        images = {}
        if image_ids:
            images = {
                image.pk: image
                for image in get_image_model()
                .objects.filter(pk__in=image_ids)
                .prefetch_renditions()
            }
        resolved = []
        for slide in slides:
            page = pages.get(slide.link_page_id)
            if slide.link_page_id and page is None:
                continue
            image_id = slide.image_id or getattr(page, "listing_image_id", None)
            resolved.append(
                {
                    "url": page.get_url(request) if page else slide.link_url,
                    "heading": slide.heading or (page.title if page else ""),
                    "summary": slide.summary or (getattr(page, "summary", "") if page else ""),
                    "image": images.get(image_id),
                    "kind": page.card_kind_label() if hasattr(page, "card_kind_label") else "",
                    "page": page,
                }
            )
        return resolved


class AboutPage(VideoEmbedsMixin, ListingFields, Page):
    """'Who we are': holds the vision and mission that other pages show."""

    vision = models.TextField(
        max_length=800, help_text=_("The organisation's vision, in a sentence or two.")
    )
    mission = models.TextField(
        max_length=1200, help_text=_("The organisation's mission, in a few sentences.")
    )
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        *ListingFields.listing_panels,
        MultiFieldPanel(
            [FieldPanel("vision"), FieldPanel("mission")],
            heading=_("Vision and mission"),
            help_text=_("Also shown on the homepage: change them here, once."),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        *ListingFields.search_fields,
        index.SearchField("vision"),
        index.SearchField("mission"),
        index.SearchField("body"),
    ]
    max_count = 1

    class Meta:
        verbose_name = _("'Who we are' page")


class StandardPage(VideoEmbedsMixin, ListingFields, Page):
    """A content page such as 'Children's rights' or the privacy notice."""

    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, *ListingFields.listing_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, *ListingFields.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("Content page")
