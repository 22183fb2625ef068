"""The homepage's 'Latest publications' block (home/blocks.py offers it)."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from cope_site.blocks import LatestPagesBlock


class LatestPublicationsBlock(LatestPagesBlock):
    heading = blocks.CharBlock(max_length=120, default=_("Latest publications"), label=_("Heading"))
    count = blocks.IntegerBlock(
        min_value=1, max_value=12, default=3, label=_("How many publications")
    )
    page_model, index_model = "publications.PublicationPage", "publications.PublicationIndexPage"
    empty_text, all_text = _("No publications yet."), _("All publications")

    class Meta:
        icon = "doc-full-inverse"
        label = _("Latest publications")
        description = _("The newest published publications, updated automatically.")

    def latest_pages(self, value, pages):
        from .models import with_listing_data

        return with_listing_data(pages)
