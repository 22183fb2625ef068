"""COPE's member organisations, the member directory (grouped by country, with a map
of Europe) and a page per country with its members and its facts and figures.

Members are snippets, not pages (docs/architecture.md says why): an organisation has
no page of its own, only an entry in the directory and on its country's page.
"""

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Page, RevisionMixin, TranslatableMixin
from wagtail.search import index

from django_countries import countries
from django_countries.fields import CountryField
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.blocks import BodyStreamBlock
from home.models import VideoEmbedsMixin

from .blocks import FactsTableBlock
from .europe_map import HEIGHT as MAP_HEIGHT
from .europe_map import SHAPES as MAP_SHAPES
from .europe_map import WIDTH as MAP_WIDTH
from .forms import CountryPageForm


class MembershipCategory(models.TextChoices):
    FULL = "full", _("Full member")
    ASSOCIATE = "associate", _("Associate member")


class Member(DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """A member organisation, in one language. Only the description is translated;
    everything else is the organisation's own and is read from its original (the
    default language's copy), so a translation never shows an old address or logo."""

    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("short description"),
        max_length=600,
        blank=True,
        help_text=_("Two or three sentences on what the organisation does. Translated."),
    )
    category = models.CharField(
        _("membership category"),
        max_length=20,
        choices=MembershipCategory.choices,
        default=MembershipCategory.FULL,
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional; shown small, beside the name."),
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("country"), FieldPanel("city")],
            heading=_("Where"),
            help_text=_("The directory groups members by country."),
        ),
        FieldPanel("website"),
        FieldPanel("category"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]
    translatable_fields = [
        TranslatableField("description"),
        SynchronizedField("name"),
        SynchronizedField("country"),
        SynchronizedField("city"),
        SynchronizedField("website"),
        SynchronizedField("category"),
        SynchronizedField("logo"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.locale})" if self.locale_id else self.name

    @property
    def website_host(self):
        host = self.website.split("://", 1)[-1].split("/", 1)[0]
        return host.removeprefix("www.")


@dataclass
class MemberEntry:
    """A member as a reader sees it: the original's facts, the description in the
    reader's language when it has been translated (else the original's)."""

    member: Member
    description: str

    @property
    def country(self):
        return self.member.country


def country_sort_key(name):
    """Alphabetical in the reader's language: accents and case set aside (Égypte
    between Danemark and Espagne)."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def member_entries(locale_id, country=None):
    """The live members, each once, in `locale_id`'s words, sorted by name; only
    `country`'s when given. One query (plus one for the logos' renditions) whatever the
    number of members.

    Every language's copy is read at once: a member shows when its original is live,
    with a live translation's description when there is one. An editor's new member
    is in the directory of every language at once; its description is translated later.
    """
    copies = {}
    for member in (
        Member.objects.select_related("locale", "logo")
        .prefetch_related("logo__renditions")
        .order_by("pk")
    ):
        copies.setdefault(member.translation_key, []).append(member)
    entries = []
    for versions in copies.values():
        original = next(
            (m for m in versions if m.locale.language_code == settings.LANGUAGE_CODE), versions[0]
        )
        if not original.live or (country and original.country != country):
            continue
        localized = next((m for m in versions if m.locale_id == locale_id and m.live), original)
        entries.append(MemberEntry(original, localized.description or original.description))
    entries.sort(key=lambda entry: (country_sort_key(entry.member.name), entry.member.pk))
    return entries


def group_by_country(entries):
    """[(country, [entries])], countries alphabetical in the active language."""
    groups = {}
    for entry in entries:
        groups.setdefault(entry.country.code, []).append(entry)
    return sorted(
        ((entries[0].country, entries) for entries in groups.values()),
        key=lambda group: country_sort_key(group[0].name),
    )


def members_label(country_name, count):
    return ngettext("%(country)s: %(count)d member", "%(country)s: %(count)d members", count) % {
        "country": country_name,
        "count": count,
    }


class MemberDirectoryPage(Page):
    intro = models.TextField(
        blank=True,
        max_length=400,
        help_text=_("One or two sentences shown above the map."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["members.CountryPage"]
    # One per homepage, so one per language (each language has its own homepage).
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Member directory")

    def country_pages(self):
        """{country code: its live, public country page under this directory}."""
        return {
            page.country.code: page for page in CountryPage.objects.child_of(self).live().public()
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        everyone = member_entries(self.locale_id)
        groups = group_by_country(everyone)
        country_pages = self.country_pages()
        directory_url = self.get_url(request)

        def country_url(code):
            page = country_pages.get(code)
            return page.get_url(request) if page else f"{directory_url}?country={code}#members"

        counts = [
            {
                "country": country,
                "count": len(entries),
                "url": country_url(country.code),
                "label": members_label(country.name, len(entries)),
            }
            for country, entries in groups
        ]

        chosen = request.GET.get("country", "").strip().upper()
        if chosen:
            if chosen not in countries:
                raise Http404(_("There is no such country."))
            groups = [group for group in groups if group[0].code == chosen]

        context.update(
            groups=[
                {
                    "country": country,
                    "entries": entries,
                    "page_url": country_pages[country.code].get_url(request)
                    if country.code in country_pages
                    else "",
                }
                for country, entries in groups
            ],
            member_count=sum(len(entries) for _country, entries in groups),
            counts=counts,
            map=europe_map(counts),
            country_choices=[row["country"] for row in counts],
            chosen_country=chosen,
        )
        return context


def europe_map(counts):
    """The map's shapes: countries with members as links (in the order of the
    table, so keyboard users meet them alphabetically), the others plain."""
    by_code = {row["country"].code: row for row in counts}
    shapes = {code: path for code, _name, path in MAP_SHAPES if code}
    return {
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "plain": [path for code, _name, path in MAP_SHAPES if code not in by_code],
        "linked": [
            {**row, "path": shapes[row["country"].code]}
            for row in counts
            if row["country"].code in shapes
        ],
    }


class CountryPage(VideoEmbedsMixin, Page):
    country = CountryField(_("country"))
    intro = models.TextField(
        blank=True,
        max_length=400,
        help_text=_("One or two sentences shown at the top of the page."),
    )
    facts = StreamField(
        [("facts_table", FactsTableBlock())],
        blank=True,
        verbose_name=_("facts and figures"),
        help_text=_(
            "Only published figures, each with its year and source. Leave empty rather than guess."
        ),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("more about the country"))

    content_panels = [
        *Page.content_panels,
        FieldPanel(
            "country", help_text=_("The page lists the member organisations of this country.")
        ),
        FieldPanel("intro"),
        FieldPanel("facts"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    # The country is the same in every language (its name is translated for readers).
    override_translatable_fields = [SynchronizedField("country")]
    parent_page_types = ["members.MemberDirectoryPage"]
    subpage_types = []
    base_form_class = CountryPageForm

    class Meta:
        verbose_name = _("Country page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["members"] = member_entries(self.locale_id, country=self.country.code)
        return context
