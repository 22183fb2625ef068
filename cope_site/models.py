from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin
from wagtail.snippets.models import register_snippet

from wagtail_localize.fields import SynchronizedField, TranslatableField

from .blocks import LinkBlock, SocialLinkBlock


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Organisation details and links, edited once per site, the same in every
    language. What readers read in their language (tagline, navigation) is in
    HeaderFooterTexts."""

    select_related = ["privacy_policy_page", "sharing_image"]

    organisation_name = models.CharField(
        max_length=120,
        default="Children of Prisoners Europe",
        help_text=_("Shown in the header, the footer and page titles."),
    )
    short_name = models.CharField(
        max_length=20, default="COPE", help_text=_("Abbreviation shown next to the logo.")
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
    social_links = StreamField([("social", SocialLinkBlock())], blank=True)
    newsletter_url = models.URLField(
        _("newsletter sign-up address"),
        blank=True,
        help_text=_(
            "The newsletter provider's sign-up page. Linked from the footer and usable in "
            "call-to-action blocks; nothing of the provider's is loaded on our pages."
        ),
    )
    donation_url = models.URLField(
        _("donation address"),
        blank=True,
        help_text=_(
            "The donation provider's page. Linked from the footer and usable in "
            "call-to-action blocks; nothing of the provider's is loaded on our pages."
        ),
    )
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
                FieldPanel("contact_email"),
                FieldPanel("security_contact_email"),
                FieldPanel("privacy_policy_page"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("newsletter_url"), FieldPanel("donation_url")],
            heading=_("Newsletter and donations"),
        ),
        FieldPanel("social_links"),
        FieldPanel("sharing_image"),
    ]

    class Meta:
        verbose_name = _("Site settings")


@register_snippet
class HeaderFooterTexts(TranslatableMixin, models.Model):
    """The words of the header and footer in one language, for one site: translated in
    the admin with wagtail-localize like a page (Snippets › Header and footer texts ›
    Translate). The default language's copy is the one translations are made from, and
    what readers get in a language that has none yet."""

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="header_footer_texts"
    )
    tagline = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("One line under the organisation's name in the footer."),
    )
    main_navigation = StreamField(
        [("link", LinkBlock())],
        blank=True,
        help_text=_("Links in the header, in this order. Keep it to six or fewer."),
    )
    footer_navigation = StreamField(
        [("link", LinkBlock())], blank=True, help_text=_("Links in the footer.")
    )

    funding_statement = models.CharField(
        _("funding statement"),
        max_length=120,
        blank=True,
        help_text=_(
            "Shown in the footer beside the EU emblem, in the funder's required words, e.g. "
            "'Co-funded by the European Union'. Empty: no emblem and no statement."
        ),
    )
    funding_disclaimer = models.TextField(
        _("funding disclaimer"),
        max_length=600,
        blank=True,
        help_text=_("The funder's disclaimer, in small print under the statement."),
    )

    panels = [
        FieldPanel("site"),
        FieldPanel("tagline"),
        FieldPanel("main_navigation"),
        FieldPanel("footer_navigation"),
        MultiFieldPanel(
            [FieldPanel("funding_statement"), FieldPanel("funding_disclaimer")],
            heading=_("Funding"),
        ),
    ]
    # The site is the same in every language; pages chosen in the links are followed to
    # the reader's language at run time (cope_site.templatetags.language_tags).
    translatable_fields = [
        TranslatableField("tagline"),
        TranslatableField("main_navigation"),
        TranslatableField("footer_navigation"),
        TranslatableField("funding_statement"),
        TranslatableField("funding_disclaimer"),
        SynchronizedField("site"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Header and footer texts")
        verbose_name_plural = _("Header and footer texts")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "locale"], name="one_header_footer_per_language"
            )
        ]

    def __str__(self):
        return f"{self.site} ({self.locale})"

    @classmethod
    def for_reader(cls, site_id, locale_id=None):
        """The site's texts in `locale_id` (the active language's when None), else in
        the default language; None when the site has neither. One query."""
        wanted = (
            Q(locale_id=locale_id)
            if locale_id is not None
            else Q(locale__language_code=translation.get_language())
        )
        candidates = cls.objects.filter(site_id=site_id).filter(
            wanted | Q(locale__language_code=settings.LANGUAGE_CODE)
        )
        in_default = {
            texts.locale.language_code == settings.LANGUAGE_CODE: texts
            for texts in candidates.select_related("locale")
        }
        return in_default.get(False) or in_default.get(True)


def default_language_topics():
    """Pages choose among the default language's topics: each topic once, whatever the
    number of its translations (the translations name it in their languages)."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


class Topic(TranslatableMixin, models.Model):
    """A subject that news, events and publications are filed under, named in each
    language (Snippets › Topics › Translate). Pages link to the default language's
    topic, and translations of a page keep those links; what readers see is the
    topic's name in their language (`in_reader_language`). The slug, used in filter
    addresses, is the same in every language."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("Used in the address of filtered lists, e.g. ?topic=prison-visits."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="one_topic_slug_per_language")
        ]

    def __str__(self):
        return self.name

    @classmethod
    def in_reader_language(cls, topics):
        """`topics` named in the active language where they have a translation into it,
        in alphabetical order: one query, however many topics."""
        topics = list(topics)
        language = translation.get_language()
        if topics and language != settings.LANGUAGE_CODE:
            translated = {
                topic.translation_key: topic
                for topic in cls.objects.filter(
                    translation_key__in={topic.translation_key for topic in topics},
                    locale__language_code=language,
                )
            }
            topics = [translated.get(topic.translation_key, topic) for topic in topics]
        return sorted(topics, key=lambda topic: topic.name.casefold())

    @classmethod
    def filter_pages(cls, request, pages, filters):
        """The topics of `pages`, for a list's topic filter, in the reader's language
        and alphabetical order; and `pages` narrowed to the one asked for (?topic=),
        which goes into `filters`."""
        choices = cls.in_reader_language(cls.objects.filter(pk__in=pages.values("topics")))
        slug = request.GET.get("topic", "").strip()
        if slug:
            filters["topic"] = next((topic for topic in choices if topic.slug == slug), slug)
            pages = pages.filter(topics__slug=slug)
        return pages, choices


class TopicsMixin(models.Model):
    """Topics on a page: chosen among the default language's, copied to the page's
    translations (wagtail-localize leaves many-to-many fields alone unless told)."""

    topics = ParentalManyToManyField(
        Topic,
        blank=True,
        limit_choices_to=default_language_topics,
        related_name="+",
        verbose_name=_("topics"),
    )

    topics_panel = FieldPanel("topics", widget=forms.CheckboxSelectMultiple)
    override_translatable_fields = [SynchronizedField("topics", overridable=False)]

    class Meta:
        abstract = True

    def topics_in_reader_language(self):
        return Topic.in_reader_language(self.topics.all())
