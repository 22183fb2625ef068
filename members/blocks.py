"""The country pages' facts and figures: a typed table, one row per figure, each with
its year and source, so no figure is shown without where it comes from."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class FactRowBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        max_length=40,
        label=_("Figure"),
        help_text=_(
            "As the source writes it, in this page's language, e.g. '54,000' or '1 in 20'."
        ),
    )
    counts = blocks.CharBlock(
        max_length=200,
        label=_("What it counts"),
        help_text=_("e.g. 'children with a parent in prison on a given day'."),
    )
    year = blocks.IntegerBlock(
        min_value=1900, max_value=2100, label=_("Year"), help_text=_("The year the figure is for.")
    )
    source = blocks.CharBlock(
        max_length=200,
        label=_("Source"),
        help_text=_("Who published the figure: an organisation, a ministry, a study."),
    )
    source_url = blocks.URLBlock(
        required=False,
        label=_("Source link"),
        help_text=_("Where readers can check the figure: the publication's own address."),
    )

    class Meta:
        icon = "list-ol"
        label = _("Figure")


class FactsTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        required=False,
        max_length=160,
        label=_("Caption"),
        help_text=_("Optional; says what the table is about. Leave empty for 'Facts and figures'."),
    )
    rows = blocks.ListBlock(FactRowBlock(), min_num=1, label=_("Figures"))

    class Meta:
        icon = "table"
        label = _("Facts and figures")
        template = "members/blocks/facts_table.html"
        description = _("Figures in a table, each with its year and source.")
        preview_value = {
            "caption": "",
            "rows": [
                {
                    "figure": "1,000",
                    "counts": "children with a parent in prison (an example)",
                    "year": 2025,
                    "source": "A national statistics office",
                    "source_url": "",
                }
            ],
        }
