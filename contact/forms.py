"""The visitor's side of the form builder: the form Wagtail builds from the fields
editors set, with what every public form of the site has (cope_site/forms.py) and the
privacy consent the registration form asks for too."""

import django.forms
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from cope_site.forms import (
    PublicFormMixin,
    honeypot_field,
    is_choice_group,
    no_markup,
    without_bidi_controls,
)

# Not names the form builder can give an editor's field (letters, digits and
# underscores only), so no field of theirs can take their place.
PRIVACY_CONSENT_NAME = "privacy-consent"
HONEYPOT_NAME = "your-website"
# Limits of what a visitor may type: the single-line limit is Wagtail's own.
MULTI_LINE_MAX_LENGTH = 5000
URL_MAX_LENGTH = 2000
EMAIL_MAX_LENGTH = 254
NUMBER_MAX_DIGITS = 15


class SubmissionForm(PublicFormMixin, BaseForm):
    """The base of every contact or membership form."""

    honeypot_name = HONEYPOT_NAME

    @property
    def own_names(self):
        return {PRIVACY_CONSENT_NAME, HONEYPOT_NAME}

    def clean(self):
        cleaned_data = super().clean()
        for name, value in list(cleaned_data.items()):
            if name in self.own_names:
                continue
            texts = value if isinstance(value, list) else [value]
            if not all(isinstance(text, str) for text in texts):
                continue
            texts = [without_bidi_controls(text) for text in texts]
            try:
                for text in texts:
                    no_markup(text)
            except django.forms.ValidationError as error:
                self.add_error(name, error)
                continue
            cleaned_data[name] = texts if isinstance(value, list) else texts[0]
        return cleaned_data

    def submission_data(self):
        """What is stored: the editors' fields only, not the consent (stored as its
        version and time) nor the honeypot."""
        return {
            name: value for name, value in self.cleaned_data.items() if name not in self.own_names
        }

    def editor_fields(self):
        """(partial template, field) for each of the editors' fields, in their order."""
        for field in self:
            if field.name in self.own_names:
                continue
            widget = field.field.widget
            if isinstance(widget, django.forms.HiddenInput):
                template = ""
            elif isinstance(widget, django.forms.CheckboxInput):
                template = "includes/forms/checkbox.html"
            elif is_choice_group(widget):
                template = "includes/forms/choice_group.html"
            else:
                template = "includes/forms/field.html"
            yield template, field

    @property
    def privacy_consent(self):
        return self[PRIVACY_CONSENT_NAME]


class SubmissionFormBuilder(FormBuilder):
    """Wagtail's builder, with a length limit on every field and the consent and
    honeypot added after the editors' fields."""

    def create_multiline_field(self, field, options):
        options["max_length"] = MULTI_LINE_MAX_LENGTH
        return super().create_multiline_field(field, options)

    def create_email_field(self, field, options):
        options["max_length"] = EMAIL_MAX_LENGTH
        return super().create_email_field(field, options)

    def create_url_field(self, field, options):
        options["max_length"] = URL_MAX_LENGTH
        return super().create_url_field(field, options)

    def create_number_field(self, field, options):
        options["max_digits"] = NUMBER_MAX_DIGITS
        return super().create_number_field(field, options)

    def create_hidden_field(self, field, options):
        options["max_length"] = 255
        return super().create_hidden_field(field, options)

    @property
    def formfields(self):
        fields = super().formfields
        fields[PRIVACY_CONSENT_NAME] = django.forms.BooleanField(
            label=_(
                "I have read the privacy notice and agree that COPE keeps these details "
                "to answer me."
            ),
            error_messages={"required": _("Please agree to the privacy notice to send this form.")},
        )
        fields[HONEYPOT_NAME] = honeypot_field()
        return fields

    def get_form_class(self):
        return type("SubmissionForm", (SubmissionForm,), self.formfields)
