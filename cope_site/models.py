from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from .blocks import LinkBlock, SocialLinkBlock


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Organisation details, navigation and footer, edited once per site."""

    select_related = ["privacy_policy_page", "sharing_image"]

    organisation_name = models.CharField(
        max_length=120,
        default="Children of Prisoners Europe",
        help_text=_("Shown in the header, the footer and page titles."),
    )
    short_name = models.CharField(
        max_length=20, default="COPE", help_text=_("Abbreviation shown next to the logo.")
    )
    tagline = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("One line under the organisation's name in the footer."),
    )
    contact_email = models.EmailField(
        blank=True, help_text=_("Public contact address, shown in the footer.")
    )
    security_contact_email = models.EmailField(
        blank=True,
        help_text=_(
            "Where people report a security problem with the site, published in "
            "/.well-known/security.txt. Empty: the contact address above."
        ),
    )
    privacy_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the footer and from every registration form."),
    )
    main_navigation = StreamField(
        [("link", LinkBlock())],
        blank=True,
        help_text=_("Links in the header, in this order. Keep it to six or fewer."),
    )
    footer_navigation = StreamField(
        [("link", LinkBlock())], blank=True, help_text=_("Links in the footer.")
    )
    social_links = StreamField([("social", SocialLinkBlock())], blank=True)
    sharing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown when a page without its own listing image is shared on social media or "
            "in messaging apps. Best at 1200 × 630 pixels; it is cropped to that. Empty: "
            "the COPE logo on navy."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("short_name"),
                FieldPanel("tagline"),
                FieldPanel("contact_email"),
                FieldPanel("security_contact_email"),
                FieldPanel("privacy_policy_page"),
            ],
            heading=_("Organisation"),
        ),
        FieldPanel("main_navigation"),
        FieldPanel("footer_navigation"),
        FieldPanel("social_links"),
        FieldPanel("sharing_image"),
    ]

    class Meta:
        verbose_name = _("Site settings")
