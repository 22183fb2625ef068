"""What every public form of the site shares: the registration form (events/forms.py)
and the contact and membership forms (contact/forms.py).

- Errors screen readers say: each input points at its help text and its errors
  (`aria-describedby`, `aria-invalid`), and `error_summary()` lists the errors for the
  summary at the top of the page (templates/includes/forms/error_summary.html).
- A honeypot: a field people never see (hidden by the stylesheet and from screen
  readers); bots that fill every input reveal themselves (`is_spam`).
- Text that cannot be kept as it came is refused with a clear error: bytes that were
  not UTF-8, control characters, markup.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# The honeypot's name on the registration form; the form builder's forms use a name no
# editor's field can have (field names there are letters, digits and underscores).
HONEYPOT_NAME = "website"

# Bidirectional formatting characters (embeddings, overrides, isolates and marks): a
# right-to-left override at the start of a name reverses how the rest reads in the
# admin, exports and e-mails. Names in any script are whole without them.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
# C0 and C1 control characters but tab, line feed and carriage return. (NUL is refused
# by Django's own validator first.) Nobody types them; they garble e-mails and exports.
CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def honeypot_field():
    field = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)
    field.widget.attrs.update(tabindex="-1", autocomplete="off")
    return field


def without_bidi_controls(value):
    return value.translate(BIDI_CONTROLS)


def no_markup(value):
    # Names never need angle brackets; refusing them keeps markup out of e-mails,
    # exports and any screen that might forget to escape.
    if "<" in value or ">" in value:
        raise forms.ValidationError(_("Please leave out the characters < and >."))
    return value


def is_choice_group(widget):
    return isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))


class PublicFormMixin:
    """Mixed into a Django form (before forms.Form) that visitors fill in."""

    honeypot_name = HONEYPOT_NAME

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_fields()

    def full_clean(self):
        super().full_clean()
        self.describe_fields()

    def describe_fields(self):
        """Point each input at its help text and errors, so screen readers say them.
        A radio or checkbox group's help text is on its fieldset (in the template); each
        of its options is pointed at the errors, so the option a visitor lands on from
        the error summary says what is wrong."""
        errors = self._errors or {}
        for name, field in self.fields.items():
            described_by = []
            if field.help_text and not is_choice_group(field.widget):
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
    def honeypot(self):
        return self[self.honeypot_name]

    @property
    def is_spam(self):
        return bool(self.data.get(self.honeypot_name, "").strip())

    def clean(self):
        cleaned_data = super().clean()
        for name, value in list(cleaned_data.items()):
            texts = value if isinstance(value, list) else [value]
            for text in texts:
                if not isinstance(text, str):
                    continue
                # Django replaces bytes that are not UTF-8 with U+FFFD; storing them
                # would keep a garbled name, so ask again instead.
                if "\ufffd" in text:
                    self.add_error(name, _("This contains characters we could not read."))
                    break
                if CONTROL_CHARACTERS.search(text):
                    self.add_error(
                        name, _("This contains control characters: please type it again.")
                    )
                    break
        return cleaned_data
