"""COPE's publications library: toolkits, journal issues, policy briefings, reports,
annual reports and submissions, each with its files in one or more languages."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cope_site import sharing
from cope_site.models import Topic, TopicsMixin
from home.blocks import BodyStreamBlock
from home.models import ListingFields, VideoEmbedsMixin

PUBLICATIONS_PER_PAGE = 12


class PublicationType(models.TextChoices):
    TOOLKIT = "toolkit", _("Toolkit")
    JOURNAL_ISSUE = "journal_issue", _("Journal issue")
    POLICY_BRIEFING = "policy_briefing", _("Policy briefing")
    REPORT = "report", _("Report")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    SUBMISSION = "submission", _("Submission")


class FileLanguage(models.TextChoices):
    """The languages COPE's files come in: Europe's, the most common first. The context
    keeps these names apart from Django's own ("Anglais"): French writes a language's
    name in lower case inside a sentence ("Télécharger (PDF, 1,2 Mo, anglais)")."""

    ENGLISH = "en", pgettext_lazy("language of a file", "English")
    FRENCH = "fr", pgettext_lazy("language of a file", "French")
    DUTCH = "nl", pgettext_lazy("language of a file", "Dutch")
    GERMAN = "de", pgettext_lazy("language of a file", "German")
    SPANISH = "es", pgettext_lazy("language of a file", "Spanish")
    ITALIAN = "it", pgettext_lazy("language of a file", "Italian")
    PORTUGUESE = "pt", pgettext_lazy("language of a file", "Portuguese")
    POLISH = "pl", pgettext_lazy("language of a file", "Polish")
    GREEK = "el", pgettext_lazy("language of a file", "Greek")
    ROMANIAN = "ro", pgettext_lazy("language of a file", "Romanian")
    HUNGARIAN = "hu", pgettext_lazy("language of a file", "Hungarian")
    CZECH = "cs", pgettext_lazy("language of a file", "Czech")
    SLOVAK = "sk", pgettext_lazy("language of a file", "Slovak")
    SLOVENIAN = "sl", pgettext_lazy("language of a file", "Slovenian")
    CROATIAN = "hr", pgettext_lazy("language of a file", "Croatian")
    BULGARIAN = "bg", pgettext_lazy("language of a file", "Bulgarian")
    SWEDISH = "sv", pgettext_lazy("language of a file", "Swedish")
    DANISH = "da", pgettext_lazy("language of a file", "Danish")
    FINNISH = "fi", pgettext_lazy("language of a file", "Finnish")
    NORWEGIAN = "no", pgettext_lazy("language of a file", "Norwegian")
    ESTONIAN = "et", pgettext_lazy("language of a file", "Estonian")
    LATVIAN = "lv", pgettext_lazy("language of a file", "Latvian")
    LITHUANIAN = "lt", pgettext_lazy("language of a file", "Lithuanian")
    IRISH = "ga", pgettext_lazy("language of a file", "Irish")
    MALTESE = "mt", pgettext_lazy("language of a file", "Maltese")
    CATALAN = "ca", pgettext_lazy("language of a file", "Catalan")
    UKRAINIAN = "uk", pgettext_lazy("language of a file", "Ukrainian")


# The schema.org type search engines read for each type of publication.
SCHEMA_TYPES = {
    PublicationType.JOURNAL_ISSUE: "PublicationIssue",
    PublicationType.POLICY_BRIEFING: "Report",
    PublicationType.REPORT: "Report",
    PublicationType.ANNUAL_REPORT: "Report",
    PublicationType.SUBMISSION: "Report",
}


class PublicationIndexPage(Page):
    intro = models.TextField(blank=True, max_length=400)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["publications.PublicationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Publications index")

    def publications(self):
        return PublicationPage.objects.live().public().child_of(self).order_by("-date", "-pk")

    def filter_choices(self, publications):
        """Years and file languages that `publications` have (one query each)."""
        used = set(
            PublicationFile.objects.filter(page__in=publications)
            .values_list("language", flat=True)
            .distinct()
        )
        return {
            "years": [d.year for d in publications.dates("date", "year", order="DESC")],
            "languages": [(code, name) for code, name in FileLanguage.choices if code in used],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Wagtail's public() reads the view restrictions when it is called: once here.
        publications = self.publications()
        choices = self.filter_choices(publications)
        filters = {}
        publications, topics = Topic.filter_pages(request, publications, filters)

        kind = request.GET.get("kind", "").strip()
        if kind:
            if kind not in PublicationType.values:
                raise Http404(_("There is no such type of publication."))
            filters["kind"] = PublicationType(kind)
            publications = publications.filter(publication_type=kind)

        year = request.GET.get("year", "").strip()
        if year:
            if not (year.isdigit() and len(year) == 4):
                raise Http404(_("There is no such year."))
            filters["year"] = int(year)
            publications = publications.filter(date__year=int(year))

        language = request.GET.get("language", "").strip()
        if language:
            if language not in FileLanguage.values:
                raise Http404(_("There is no such language."))
            filters["language"] = FileLanguage(language)
            publications = publications.filter(
                Exists(PublicationFile.objects.filter(page=OuterRef("pk"), language=language))
            )

        paginator = Paginator(with_listing_data(publications), PUBLICATIONS_PER_PAGE)
        try:
            page_of_publications = paginator.page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(_("There is no such page of publications.")) from error

        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            publications=page_of_publications,
            filters=filters,
            kinds=PublicationType.choices,
            topics=topics,
            years=choices["years"],
            # Not `languages`: base.html names the page's translations so.
            file_languages=choices["languages"],
            query_without_page=query.urlencode(),
        )
        return context


def with_listing_data(publications):
    """What cards need, in a fixed number of queries whatever the number of
    publications: the cover and its renditions, the files and their documents."""
    return publications.select_related("listing_image").prefetch_related(
        "listing_image__renditions",
        Prefetch("files", queryset=PublicationFile.objects.select_related("document")),
    )


class PublicationPage(VideoEmbedsMixin, TopicsMixin, ListingFields, Page):
    publication_type = models.CharField(
        _("Type"),
        max_length=20,
        choices=PublicationType.choices,
        default=PublicationType.REPORT,
        help_text=_("Visitors can filter the publications by type."),
    )
    date = models.DateField(
        _("Date"), default=timezone.localdate, help_text=_("When it was published.")
    )
    authors = models.CharField(
        _("Authors"),
        max_length=200,
        blank=True,
        help_text=_("As the cover credits them. Leave empty for a publication of the network."),
    )
    # ListingFields' two fields, named as a publication has them.
    intro = models.TextField(
        _("Summary"),
        blank=True,
        max_length=600,
        help_text=_(
            "What the publication is about, in a few sentences: shown on its page, on "
            "its cards and in search results."
        ),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The cover, shown on the page, on cards and when the page is shared."),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("More about it"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("publication_type"),
                FieldPanel("date"),
                FieldPanel("authors"),
                TopicsMixin.topics_panel,
            ],
            heading=_("About this publication"),
        ),
        FieldPanel("intro"),
        FieldPanel("listing_image"),
        InlinePanel(
            "files",
            min_num=1,
            label=_("File"),
            heading=_("Files"),
            help_text=_(
                "The publication's files, one per language (or per part). Visitors "
                "see each file's language, format and size beside its link."
            ),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        *ListingFields.search_fields,
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("publication_type"),
    ]
    parent_page_types = ["publications.PublicationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Publication")
        indexes = [
            models.Index(fields=["-date", "-page_ptr"], name="publications_newest_first_idx")
        ]

    # Cards without a cover show the publications' placeholder (site.css).
    kind = "publication"

    def card_kind_label(self):
        return self.get_publication_type_display()

    def card_details(self):
        """The files' languages, for cards: 'Languages: English, French'."""
        names = []
        for publication_file in self.files.all():  # prefetched on listings
            name = str(publication_file.get_language_display())
            if name not in names:
                names.append(name)
        if not names:
            return ""
        return _("Languages: %(names)s") % {"names": ", ".join(names)}

    def structured_data(self, request, files):
        """schema.org data for search engines: the publication, who published it, and
        each file with its language, format and size."""
        root_url = sharing.site_root_url(request, self)
        organisation = sharing.organisation_data(request, self)
        data = {
            "@context": "https://schema.org",
            "@type": SCHEMA_TYPES.get(self.publication_type, "CreativeWork"),
            "name": self.title,
            "url": self.get_full_url(request),
            "datePublished": self.date.isoformat(),
            # The language it is read in, that of its address (/fr/…): no query.
            "inLanguage": translation.get_language(),
            "author": [{"@type": "Person", "name": self.authors}]
            if self.authors
            else [organisation],
            "publisher": organisation,
            "image": sharing.structured_data_images(request, self),
            "encoding": [
                {
                    "@type": "MediaObject",
                    "name": publication_file.document.title,
                    "contentUrl": sharing.absolute_url(publication_file.document.url, root_url),
                    "encodingFormat": publication_file.document.content_type,
                    "inLanguage": publication_file.language,
                    **(
                        {"contentSize": str(publication_file.document.file_size)}
                        if publication_file.document.file_size is not None
                        else {}
                    ),
                }
                for publication_file in files
            ],
        }
        if self.intro:
            data["description"] = self.intro
        return sharing.json_ld(data)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["files"] = list(self.files.select_related("document"))
        context["structured_data"] = self.structured_data(request, context["files"])
        return context


class PublicationFile(Orderable):
    """One of a publication's files: a Wagtail document and the language it is in."""

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        get_document_model_string(),
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Document"),
        help_text=_(
            "To replace a file and keep the links people shared, upload the new "
            "version on the document's own page (Documents in the menu)."
        ),
    )
    language = models.CharField(
        _("Language"),
        max_length=8,
        choices=FileLanguage.choices,
        default=FileLanguage.ENGLISH,
        help_text=_("The language the file is written in."),
    )

    panels = [FieldPanel("document"), FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    @property
    def file_format(self):
        """'PDF', 'DOCX'…, from the file's extension."""
        return self.document.file_extension.upper()

    @property
    def size(self):
        """'1.2 MB', in the reader's language ('1,2 Mo'); empty if the file is missing."""
        size = self.document.file_size
        return filesizeformat(size) if size is not None else ""

    def download_label(self):
        """The link's text: 'Download (PDF, 1.2 MB, English)'."""
        details = [self.file_format, self.size, str(self.get_language_display())]
        return _("Download (%(details)s)") % {
            "details": ", ".join(part for part in details if part)
        }
