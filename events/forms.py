import functools

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from django_countries import countries

from .models import AccessNeed, RegistrantRole, Registration


@functools.lru_cache(maxsize=32)
def country_choices(language):
    """Countries sorted by their name in `language` (the active one): sorting some 250
    translated names on every form costs more than the rest of a registration's form."""
    return [("", str(_("Choose a country"))), *((code, str(name)) for code, name in countries)]


@functools.lru_cache(maxsize=32)
def country_values(language):
    """What the select may show chosen: a country code, or nothing."""
    return frozenset({"", None, *(code for code, _name in country_choices(language))})


class CountrySelect(forms.Select):
    """The country select, its markup kept per language, value and attributes: some
    250 options cost more to render than the rest of the registration page."""

    def render(self, name, value, attrs=None, renderer=None):
        language = get_language()
        if value not in country_values(language):
            # Whatever else a visitor sent is shown back, escaped, and never kept.
            return super().render(name, value, attrs, renderer)
        attrs = self.build_attrs(self.attrs, attrs)
        return _country_select(language, name, value or "", tuple(attrs.items()))


@functools.lru_cache(maxsize=512)
def _country_select(language, name, value, attrs):
    select = forms.Select(choices=country_choices(language))
    return select.render(name, value, dict(attrs))


class RegistrationForm(forms.Form):
    """What a visitor gives to register. Only fixed choices for access needs: the form
    never asks for health details in free text."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=Registration._meta.get_field("name").max_length,
        help_text=_("A first name or a nickname is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send your confirmation and the joining details here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        required=False,
        max_length=Registration._meta.get_field("organisation").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = forms.ChoiceField(
        label=_("Which describes you best?"),
        choices=RegistrantRole.choices,
        widget=forms.RadioSelect,
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        help_text=_("Optional: helps us plan times and languages."),
        widget=CountrySelect(attrs={"autocomplete": "country"}),
    )
    access_needs = forms.MultipleChoiceField(
        label=_("Access needs (optional)"),
        required=False,
        choices=AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tell us what would help you take part. We will contact you if needed."),
    )
    discreet_emails = forms.BooleanField(
        label=_("Send me discreet e-mails"),
        required=False,
        help_text=_(
            "If other people read your e-mail or see your phone: the subject and sender "
            "name stay neutral and the calendar entry does not name the event's topic."
        ),
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that COPE keeps these details "
            "to run this event."
        ),
        error_messages={"required": _("Please agree to the privacy notice to register.")},
    )
    news_consent = forms.BooleanField(
        label=_("Also send me COPE's news (you can stop it at any time)."),
        required=False,
    )
    # A field people never see (hidden by the stylesheet and from screen readers);
    # bots that fill every input reveal themselves.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices(get_language())
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        self._describe_fields()

    def full_clean(self):
        super().full_clean()
        self._describe_fields()

    def _describe_fields(self):
        """Point each input at its help text and errors, so screen readers say them.
        A radio or checkbox group's help text is on its fieldset (in the template); each
        of its options is pointed at the errors, so the option a visitor lands on from
        the error summary says what is wrong."""
        errors = self._errors or {}
        for name, field in self.fields.items():
            described_by = []
            if field.help_text and not _is_choice_group(field.widget):
                described_by.append(f"id_{name}_helptext")
            if name in errors:
                described_by.append(f"id_{name}_errors")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)
            else:
                field.widget.attrs.pop("aria-describedby", None)

    def error_summary(self):
        """(id of the input to go to, label, message) for each field error, in the
        form's order. A radio or checkbox group's label has no single input, so its
        link goes to the first option."""
        for field in self:
            target = field.id_for_label or field.subwidgets[0].id_for_label
            for error in field.errors:
                yield target, field.label, error

    @property
    def is_spam(self):
        return bool(self.data.get("website", "").strip())

    def clean(self):
        cleaned_data = super().clean()
        # Django replaces bytes that are not UTF-8 with U+FFFD; storing them would keep
        # a garbled name, so ask again instead.
        for name, value in list(cleaned_data.items()):
            if isinstance(value, str) and "\ufffd" in value:
                self.add_error(name, _("This contains characters we could not read."))
        return cleaned_data

    def clean_name(self):
        name = " ".join(_without_bidi_controls(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError(_("Please tell us a name we can call you."))
        return _no_markup(name)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_organisation(self):
        organisation = _without_bidi_controls(self.cleaned_data["organisation"])
        return _no_markup(" ".join(organisation.split()))

    def clean_access_needs(self):
        # Each choice once, in the form's order, however often a crafted post repeats it.
        chosen = set(self.cleaned_data["access_needs"])
        return [value for value, _label in AccessNeed.choices if value in chosen]


def _is_choice_group(widget):
    return isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))


# Bidirectional formatting characters (embeddings, overrides, isolates and marks): a
# right-to-left override at the start of a name reverses how the rest reads in the
# admin, exports and e-mails. Names in any script are whole without them.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def _without_bidi_controls(value):
    return value.translate(BIDI_CONTROLS)


def _no_markup(value):
    # Names never need angle brackets; refusing them keeps markup out of e-mails,
    # exports and any screen that might forget to escape.
    if "<" in value or ">" in value:
        raise forms.ValidationError(_("Please leave out the characters < and >."))
    return value
