"""Two-step sign-in for staff: give a code, enrol an authenticator app, keep backup codes.

django-otp holds the devices and checks the codes (with its own throttling); these
views only ask for them and mark the session verified with `django_otp.login`.
"""

import base64
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import django_otp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image
from django_otp_webauthn.models import WebAuthnCredential

from .forms import SecondFactorCodeForm
from .second_factor import has_second_factor, second_factor_required

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def verify(request):
    """The second step of signing in, after the password."""
    user = request.user
    if user.is_verified() or not has_second_factor(user):
        return redirect(_next_url(request))
    form = SecondFactorCodeForm(request.POST or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        for device in django_otp.devices_for_user(user):
            accepted = django_otp.verify_token(user, device.persistent_id, code)
            if accepted:
                django_otp.login(request, accepted)
                if isinstance(accepted, StaticDevice):
                    left = accepted.token_set.count()
                    messages.warning(
                        request,
                        _("You used a backup code; %(left)s are left.") % {"left": left},
                    )
                return redirect(_next_url(request))
        form.add_error(
            "code",
            _(
                "That code is not right or has expired. After several wrong codes, wait a "
                "little before the next try."
            ),
        )
    return TemplateResponse(
        request,
        "accounts/verify.html",
        {
            "form": form,
            "next": _next_url(request),
            # The passkey button signs in through django-otp-webauthn's views.
            "has_passkey": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
        },
    )


def _qr_code_data_uri(text):
    svg = io.BytesIO()
    write_qrcode_image(text, svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode()


def _grouped(secret):
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def _new_backup_codes(user):
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def enrol(request):
    """Add an authenticator app: scan or type its key, then prove it with a code."""
    user = request.user
    if has_second_factor(user) and not user.is_verified():
        # Adding a device must not be a way round the one already there.
        raise PermissionDenied
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    form = SecondFactorCodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_backup_codes(user)
            django_otp.login(request, device)
            return TemplateResponse(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": _next_url(request), "first_time": True},
            )
        form.add_error(
            "code",
            _("That code is not right. Check the clock of your phone and try the newest code."),
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return TemplateResponse(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr_code": _qr_code_data_uri(device.config_url),
            "secret": _grouped(secret),
            "next": _next_url(request),
            "required": second_factor_required(user),
        },
    )


def overview(request):
    """The account page's 'Two-step verification': what is set up, and what to do."""
    user = request.user
    app_devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    backup = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return TemplateResponse(
        request,
        "accounts/overview.html",
        {
            "page_title": _("Two-step verification"),
            "header_icon": "key",
            "app_devices": app_devices,
            "passkeys": WebAuthnCredential.objects.filter(user=user).order_by("created_at"),
            "backup_codes_left": backup.token_set.count() if backup else 0,
            "enrolled": has_second_factor(user),
            "required": second_factor_required(user),
        },
    )


@require_POST
def new_backup_codes(request):
    if not has_second_factor(request.user):
        return redirect("accounts_two_factor")
    codes = _new_backup_codes(request.user)
    return TemplateResponse(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "next": reverse("accounts_two_factor"), "first_time": False},
    )


@require_POST
def remove_passkey(request, pk):
    passkey = get_object_or_404(WebAuthnCredential, pk=pk, user=request.user)
    passkey.delete()
    messages.success(request, _("The passkey is removed."))
    return redirect("accounts_two_factor")


@require_POST
def turn_off(request):
    user = request.user
    if second_factor_required(user):
        raise PermissionDenied
    for device in django_otp.devices_for_user(user, confirmed=None):
        device.delete()
    messages.success(request, _("Two-step verification is off for your account."))
    return redirect("accounts_two_factor")
