"""The homepage's 'Latest publications' block (home/blocks.py offers it)."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from cope_site.languages import in_language, page_locale_id


class LatestPublicationsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("Latest publications"), label=_("Heading"))
    count = blocks.IntegerBlock(
        min_value=1, max_value=12, default=3, label=_("How many publications")
    )

    class Meta:
        icon = "doc-full-inverse"
        label = _("Latest publications")
        template = "publications/blocks/latest_publications.html"
        description = _("The newest published publications, updated automatically.")

    def get_context(self, value, parent_context=None):
        from .models import PublicationPage, with_listing_data

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        # Publications in the language of the page that shows the block.
        locale_id = page_locale_id(parent_context)
        publications = in_language(PublicationPage.objects.live().public(), locale_id)
        context["publications"] = list(
            with_listing_data(publications).order_by("-date", "-pk")[: value["count"]]
        )
        context["publications_index_url"] = PublicationPage.publications_index_url(
            request, locale_id
        )
        return context
