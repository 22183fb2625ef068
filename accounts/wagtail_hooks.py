from django import forms
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.views.account import BaseSettingsPanel

from . import views
from .second_factor import has_second_factor, second_factor_required


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-factor/verify/", views.verify, name="accounts_verify"),
        path("two-factor/set-up/", views.enrol, name="accounts_enrol"),
        path("two-factor/", views.overview, name="accounts_two_factor"),
        path("two-factor/backup-codes/", views.new_backup_codes, name="accounts_backup_codes"),
        path("two-factor/turn-off/", views.turn_off, name="accounts_turn_off"),
        path(
            "two-factor/passkeys/<int:pk>/remove/",
            views.remove_passkey,
            name="accounts_remove_passkey",
        ),
        # django-otp-webauthn's JSON views, for the browser's passkey ceremonies.
        path("two-factor/passkeys/", include("django_otp_webauthn.urls")),
    ]


class TwoFactorStatusPanel(BaseSettingsPanel):
    """Says on the account page whether two-step verification is on, with a link.
    It has nothing to save with the account form, so its form is empty."""

    name = "two_factor"
    title = _("Two-step verification")
    order = 600
    template_name = "accounts/account_panel.html"

    def get_form(self):
        return forms.Form()

    def get_context_data(self):
        return {
            "enrolled": has_second_factor(self.user),
            "required": second_factor_required(self.user),
            "url": reverse("accounts_two_factor"),
        }


@hooks.register("register_account_settings_panel")
def two_factor_panel(request, user, profile):
    return TwoFactorStatusPanel(request, user, profile)


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("accounts_two_factor"),
        "label": _("Two-step verification"),
        "help_text": _("Set up an authenticator app or a passkey, or get new backup codes."),
    }
