import functools

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from django_countries import countries

from cope_site.forms import PublicFormMixin, honeypot_field, no_markup, without_bidi_controls

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


class RegistrationForm(PublicFormMixin, forms.Form):
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
    # The honeypot (cope_site/forms.py).
    website = honeypot_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices(get_language())

    def clean_name(self):
        name = " ".join(without_bidi_controls(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError(_("Please tell us a name we can call you."))
        return no_markup(name)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_organisation(self):
        organisation = without_bidi_controls(self.cleaned_data["organisation"])
        return no_markup(" ".join(organisation.split()))

    def clean_access_needs(self):
        # Each choice once, in the form's order, however often a crafted post repeats it.
        chosen = set(self.cleaned_data["access_needs"])
        return [value for value, _label in AccessNeed.choices if value in chosen]
