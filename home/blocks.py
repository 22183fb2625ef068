"""StreamField blocks shared by the homepage, content pages, news and events."""

import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

from cope_site.blocks import LatestPagesBlock, LinkBlock
from cope_site.languages import page_locale_id
from publications.blocks import LatestPublicationsBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    link = LinkBlock(
        required=False,
        label=_("Read more link"),
        help_text=_("Optional: where visitors can read more about this section."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Section")
        template = "home/blocks/section.html"
        description = _("A heading with a few paragraphs and an optional 'read more' link.")
        preview_value = {
            "heading": "Who we are",
            "body": "<p>Children of Prisoners Europe (COPE) is a pan-European network.</p>",
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600, label=_("Words quoted"))
    attribution = blocks.CharBlock(
        required=False,
        max_length=120,
        label=_("Attribution"),
        help_text=_("Who said it, e.g. 'a child, aged 9'. Leave empty to keep it anonymous."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "home/blocks/quote.html"
        description = _("Someone's own words, shown as a quotation.")
        preview_value = {"quote": "It was short but beautiful", "attribution": ""}


class QuoteGroupBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        required=False,
        max_length=120,
        label=_("Heading"),
        help_text=_("Optional; screen-reader users hear it before the quotes."),
    )
    quotes = blocks.ListBlock(QuoteBlock(), min_num=1, label=_("Quotes"))

    class Meta:
        icon = "openquote"
        label = _("Quotes side by side")
        template = "home/blocks/quote_group.html"
        description = _("Two or more short quotes shown in a row.")


class MissionVisionBlock(blocks.StructBlock):
    """Shows the vision and mission held by the 'Who we are' page, so they are
    written once and every page that shows them stays in step."""

    page = blocks.PageChooserBlock(
        page_type="home.AboutPage",
        label=_("'Who we are' page"),
        help_text=_("The vision and mission are edited on this page."),
    )

    class Meta:
        icon = "pick"
        label = _("Vision and mission")
        template = "home/blocks/mission_vision.html"
        description = _("The organisation's vision and mission, taken from the 'Who we are' page.")

    def get_context(self, value, parent_context=None):
        """The chosen page only while visitors may see it: a draft, unpublished or
        restricted 'Who we are' page lends no words to public pages (the block then
        shows nothing)."""
        context = super().get_context(value, parent_context=parent_context)
        chosen = value.get("page")
        if chosen:
            visible = chosen.specific_class.objects.live().public()
            # In the language of the page that shows the block, else as chosen.
            locale_id = page_locale_id(parent_context)
            about = None
            if locale_id is not None and locale_id != chosen.locale_id:
                about = visible.filter(
                    translation_key=chosen.translation_key, locale_id=locale_id
                ).first()
            context["about"] = about or visible.filter(pk=chosen.pk).first()
        return context


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    text = blocks.TextBlock(required=False, max_length=400, label=_("Text"))
    destination = blocks.ChoiceBlock(
        choices=[
            ("link", _("The page or address below")),
            ("newsletter", _("The newsletter sign-up (site settings)")),
            ("donation", _("The donation page (site settings)")),
        ],
        default="link",
        label=_("The button leads to"),
        help_text=_(
            "The newsletter and donation addresses are set once, in Settings › Site settings."
        ),
    )
    link = LinkBlock(
        label=_("Button"),
        required=False,
        help_text=_("For the newsletter or donations, only the label (optional) is used."),
    )

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "home/blocks/call_to_action.html"
        description = _("A short invitation with one button, e.g. 'Register for the webinar'.")

    def clean(self, value):
        value = super().clean(value)
        link = value.get("link") or {}
        if value.get("destination") == "link" and not (link.get("page") or link.get("url")):
            raise StructBlockValidationError(
                block_errors={"link": ValidationError(_("Choose a page or enter an address."))}
            )
        return value


class LatestNewsBlock(LatestPagesBlock):
    heading = blocks.CharBlock(max_length=120, default=_("Latest news"), label=_("Heading"))
    count = blocks.IntegerBlock(min_value=1, max_value=12, default=3, label=_("How many articles"))
    kind = blocks.ChoiceBlock(
        required=False,
        choices=[
            ("news", _("News")),
            ("policy", _("Policy submissions")),
        ],
        label=_("Only this kind"),
        help_text=_("Leave empty to show every kind of article."),
    )

    page_model, index_model = "news.NewsPage", "news.NewsIndexPage"
    empty_text, all_text = _("No news yet."), _("All news")

    class Meta:
        icon = "list-ul"
        label = _("Latest news")
        description = _("The newest published articles, updated automatically.")

    def latest_pages(self, value, pages):
        if value.get("kind"):
            pages = pages.filter(kind=value["kind"])
        return super().latest_pages(value, pages)


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "home/blocks/figure.html"


VIDEO_HOSTS = {
    # host: (the address that plays, with the video's id; what the page must allow)
    "youtube": (
        "https://www.youtube-nocookie.com/embed/{id}?autoplay=1",
        "https://www.youtube-nocookie.com",
    ),
    "vimeo": ("https://player.vimeo.com/video/{id}?autoplay=1&dnt=1", "https://player.vimeo.com"),
}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def video_source(url):
    """(host, video id) of a YouTube or Vimeo address, else None."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    path = [part for part in parts.path.split("/") if part]
    if host in ("youtube.com", "youtube-nocookie.com"):
        video_id = parse_qs(parts.query).get("v", [""])[0] if path == ["watch"] else ""
        if len(path) == 2 and path[0] in ("embed", "shorts", "live"):
            video_id = path[1]
        return ("youtube", video_id) if YOUTUBE_ID.match(video_id) else None
    if host == "youtu.be" and len(path) == 1 and YOUTUBE_ID.match(path[0]):
        return ("youtube", path[0])
    if host in ("vimeo.com", "player.vimeo.com") and path and path[-1].isdigit():
        return ("vimeo", path[-1])
    return None


class VideoBlock(blocks.StructBlock):
    """A talk or webinar recording from YouTube or Vimeo that loads nothing from the
    video host until the visitor asks: a poster and a link first, then (with JavaScript)
    the player in its place. The page's content-security policy lets in that host's
    player only on pages that have a video (cope_site.models.VideoEmbedsMixin)."""

    url = blocks.URLBlock(
        label=_("Video address"),
        help_text=_("The video's page on YouTube or Vimeo, e.g. https://www.youtube.com/watch?v=…"),
    )
    title = blocks.CharBlock(max_length=160, label=_("Title"))
    poster = ImageBlock(
        required=False,
        label=_("Poster image"),
        help_text=_("Shown until the visitor plays the video. Empty: a plain panel."),
    )
    transcript = LinkBlock(
        required=False,
        label=_("Transcript or captions"),
        help_text=_(
            "A page or document with the words of the video, for those who cannot hear it."
        ),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "home/blocks/video.html"
        description = _("A recording from YouTube or Vimeo, loaded only when played.")

    def clean(self, value):
        value = super().clean(value)
        if video_source(value.get("url")) is None:
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Enter the address of a video on YouTube or Vimeo."))
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        host, video_id = video_source(value.get("url")) or ("", "")
        context["host_name"] = {"youtube": "YouTube", "vimeo": "Vimeo"}.get(host, "")
        context["player_url"] = VIDEO_HOSTS[host][0].format(id=video_id) if host else ""
        return context


def video_hosts_in(stream):
    """The player origins the videos of a StreamField value need."""
    sources = [
        video_source(block.value.get("url")) for block in stream if block.block_type == "video"
    ]
    return sorted({VIDEO_HOSTS[source[0]][1] for source in sources if source})


class BodyStreamBlock(blocks.StreamBlock):
    """The blocks every content page offers."""

    section = SectionBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        label=_("Text"),
        template="home/blocks/paragraph.html",
    )
    image = FigureBlock()
    quote = QuoteBlock()
    quotes = QuoteGroupBlock()
    call_to_action = CallToActionBlock()
    video = VideoBlock()


class HomeStreamBlock(BodyStreamBlock):
    """The homepage adds blocks that pull content from elsewhere on the site."""

    mission_vision = MissionVisionBlock()
    latest_news = LatestNewsBlock()
    latest_publications = LatestPublicationsBlock()
