from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import PasswordResetForm


class QueuedPasswordResetForm(PasswordResetForm):
    """Wagtail's password-reset form, whose e-mail goes out from a task.

    The request does the same work whatever the address (one lookup, one task
    queued), so neither its answer nor its timing tells whether an account exists.
    The task gets account ids, never the address typed.
    """

    def save(
        self,
        domain_override=None,
        subject_template_name="registration/password_reset_subject.txt",
        email_template_name="registration/password_reset_email.html",
        use_https=False,
        token_generator=None,
        from_email=None,
        request=None,
        html_email_template_name=None,
        extra_email_context=None,
    ):
        from .tasks import send_password_reset_emails

        user_ids = [user.pk for user in self.get_users(self.cleaned_data["email"])]
        send_password_reset_emails.enqueue(
            user_ids,
            domain=domain_override or (request.get_host() if request else ""),
            use_https=use_https,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
            html_email_template_name=html_email_template_name,
            from_email=from_email,
        )


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6 digits your authenticator app shows, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        # Apps show "123 456"; backup codes are typed in any case.
        return "".join(self.cleaned_data["code"].split()).lower()
