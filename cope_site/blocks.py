from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from .languages import in_language, page_locale_id


class LinkStructValue(blocks.StructValue):
    def text(self):
        page = self.get("page")
        return self.get("label") or (page.title if page else self.get("url"))


class LinkBlock(blocks.StructBlock):
    """A link to a page of this site or to an external address: exactly one of them."""

    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("External address"))
    label = blocks.CharBlock(
        required=False,
        max_length=60,
        label=_("Label"),
        help_text=_("Leave empty to use the page's title."),
    )

    class Meta:
        icon = "link"
        label = _("Link")
        value_class = LinkStructValue

    def __init__(self, *args, required=True, **kwargs):
        # An optional link may be left wholly empty; a partly filled one is still checked.
        self.link_required = required
        super().__init__(*args, **kwargs)

    @property
    def required(self):
        return self.link_required

    def clean(self, value):
        value = super().clean(value)
        is_empty = not (value.get("page") or value.get("url") or value.get("label"))
        if is_empty and not self.link_required:
            return value
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose a page or enter an external address, not both.")
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        if value.get("url") and not value.get("label"):
            raise StructBlockValidationError(
                block_errors={"label": ValidationError(_("An external link needs a label."))}
            )
        return value


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        choices=[
            ("facebook", "Facebook"),
            ("linkedin", "LinkedIn"),
            ("bluesky", "Bluesky"),
            ("instagram", "Instagram"),
            ("youtube", "YouTube"),
            ("mastodon", "Mastodon"),
        ],
        label=_("Network"),
    )
    url = blocks.URLBlock(label=_("Address of the profile"))

    class Meta:
        icon = "site"
        label = _("Social link")


class LatestPagesBlock(blocks.StructBlock):
    """The newest live pages of one kind, in the language of the page that shows the
    block, and a link to their index. Subclasses name the two models ("app.Model") and
    the block's words, and may narrow the pages (`latest_pages`)."""

    page_model = index_model = ""
    empty_text = all_text = ""

    class Meta:
        template = "cope_site/blocks/latest_pages.html"

    def latest_pages(self, value, pages):
        return pages.select_related("listing_image").prefetch_related("listing_image__renditions")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        locale_id = page_locale_id(parent_context)
        pages = in_language(apps.get_model(self.page_model).objects.live().public(), locale_id)
        context["items"] = list(
            self.latest_pages(value, pages).order_by("-date", "-pk")[: value["count"]]
        )
        index = in_language(apps.get_model(self.index_model).objects.live(), locale_id).first()
        context["index_url"] = index.get_url(request) if index else ""
        context["empty_text"], context["all_text"] = self.empty_text, self.all_text
        return context
