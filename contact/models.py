"""The contact form and the membership application: pages made with Wagtail's form
builder, whose fields editors set. One page type serves both; each page has its own
fields, thank-you text and staff address.

What visitors send is a `FormPageSubmission`: stored once, with the version of the
privacy notice they agreed to and the language they wrote in, e-mailed to staff by a
task after commit (contact/emails.py), visible only with the permission
`contact.view_form_submissions` (contact/wagtail_hooks.py) and erased after
settings.FORM_SUBMISSION_RETENTION_DAYS (contact/retention.py).
"""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField

from .forms import SubmissionFormBuilder

SUBMISSIONS_PERMISSION = "contact.view_form_submissions"


def can_see_submissions(user):
    return user.is_active and user.has_perm(SUBMISSIONS_PERMISSION)


class FormField(TranslatableMixin, AbstractFormField):
    """One field of a form, translated with its page (label, help text, choices)."""

    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")

    # The name is the key of the answers in every submission: the same in each
    # language, so a French submission exports under the English columns' names.
    override_translatable_fields = [SynchronizedField("clean_name", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")


class FormPage(RoutablePageMixin, AbstractEmailForm):
    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=400,
        help_text=_("One or two sentences shown above the form."),
    )
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown to the visitor once the form is sent."),
    )

    form_builder = SubmissionFormBuilder
    # A form's own address ends in thanks/; pages below it would only confuse that.
    subpage_types = []
    template = "contact/form_page.html"
    landing_page_template = "contact/form_page_landing.html"

    content_panels = [
        *AbstractEmailForm.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel("to_address"),
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("subject")]),
            ],
            heading=_("E-mail to staff"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    # The staff addresses are the same in every language, not words to translate.
    override_translatable_fields = [
        SynchronizedField("to_address", overridable=False),
        SynchronizedField("from_address", overridable=False),
    ]

    class Meta:
        verbose_name = _("Form page")

    def get_submission_class(self):
        return FormPageSubmission

    def get_submissions_list_view_class(self):
        from .admin_views import SubmissionsListView

        return SubmissionsListView

    def get_data_fields(self):
        return [
            *super().get_data_fields(),
            ("language", _("Language")),
            ("privacy_notice_version", _("Privacy notice version")),
        ]

    def process_form_submission(self, form, privacy_notice_version="none"):
        """Store the submission once and queue the staff e-mail after commit."""
        from .emails import queue_staff_email

        with transaction.atomic():
            submission = FormPageSubmission.objects.create(
                page=self,
                form_data=form.submission_data(),
                language=self.locale.language_code,
                privacy_notice_version=privacy_notice_version,
                privacy_consented_at=timezone.now(),
            )
            if self.to_address:
                queue_staff_email(submission)
        return submission

    # --- routes: the form, and the thank-you page it sends the visitor to ----------

    @path("")
    def index_route(self, request, *args, **kwargs):
        from .views import form_view

        return form_view(request, self)

    @path("thanks/", name="thanks")
    def thanks_route(self, request):
        from .views import thanks_view

        return thanks_view(request, self)

    def serve(self, request, view=None, args=None, kwargs=None):
        # Always through a route, never Wagtail's plain form handling.
        if view is None:
            view, args, kwargs = self.resolve_subpage("/")
        return super().serve(request, view, args, kwargs)

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.render_landing_page(request)
        return super().serve_preview(request, mode_name)


class FormPageSubmission(AbstractFormSubmission):
    # Not in Wagtail's reference index: a submission is not content using the page.
    wagtail_reference_index_ignore = True

    language = models.CharField(_("language"), max_length=10)
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=40)
    privacy_consented_at = models.DateTimeField(_("privacy notice accepted at"))

    class Meta(AbstractFormSubmission.Meta):
        permissions = [("view_form_submissions", _("Can see what visitors sent through forms"))]
        indexes = [models.Index(fields=["submit_time"], name="contact_submission_time")]

    def get_data(self):
        return {
            **super().get_data(),
            "language": self.language,
            "privacy_notice_version": self.privacy_notice_version,
        }
