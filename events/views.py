"""Registration pages. Views stay thin: every seat decision is in services.py."""

import base64
import functools
import json
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from cope_site import ratelimit
from cope_site.privacy import privacy_context

from . import audit, services
from .forms import RegistrationForm
from .models import Registration, RegistrationState, RegistrationStatus

THANKS_SALT = "events.registration.thanks"
THANKS_MAX_AGE = 60 * 60 * 24
TOKEN_MAX_LENGTH = 64
# The rate limit's counters of registration posts (cope_site/ratelimit.py).
REGISTRATION_SCOPE = "events-register"


def _render_register(request, event, form, *, message="", status=200):
    privacy_page, _version = privacy_context(request)
    response = event.render(
        request,
        template="events/event_register.html",
        context_overrides={
            "form": form,
            "refusal": message,
            "privacy_page": privacy_page,
            "seo_title": _("Register: %(title)s") % {"title": event.title},
        },
    )
    response.status_code = status
    return response


@never_cache
# Error reports (ADMINS e-mails, logging) show "********" for every field the visitor sent.
@sensitive_post_parameters()
def register(request, event):
    """GET shows the form (or why registration is not possible); POST registers."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])

    if request.method == "POST":
        if ratelimit.too_many(request, REGISTRATION_SCOPE, settings.EVENTS_REGISTRATION_RATE):
            response = render(
                request,
                "events/rate_limited.html",
                {"page": event, "seo_title": _("Too many attempts")},
                status=429,
            )
            response["Retry-After"] = str(ratelimit.retry_after(settings.EVENTS_REGISTRATION_RATE))
            return response
        form = RegistrationForm(request.POST)
        if form.is_spam:
            return _render_register(
                request,
                event,
                RegistrationForm(),
                message=_(
                    "Your registration could not be accepted because it looked automated. "
                    "Please try again, leaving the last field empty."
                ),
                status=400,
            )
        if form.is_valid():
            _privacy_page, version = privacy_context(request)
            data = {**form.cleaned_data, "privacy_notice_version": version}
            try:
                registration, outcome = services.register(event, data)
            except services.RegistrationRefused as refusal:
                return _render_register(request, event, None, message=refusal.message, status=409)
            return redirect(thanks_url(event, registration, outcome))
        return _render_register(request, event, form, status=400)

    # Shown, not decided: the registration service counts afresh under its lock.
    original = event.registration_event()
    state = original.registration_state(places_left=original.places_left())
    form = RegistrationForm() if state in ACCEPTING else None
    message = services.REFUSAL_MESSAGES.get(state, "")
    return _render_register(request, event, form, message=message)


ACCEPTING = (RegistrationState.OPEN, RegistrationState.FULL_WAITLIST)


def _thanks_cipher():
    """Fernet (authenticated encryption) with a key derived from SECRET_KEY, and from
    each of SECRET_KEY_FALLBACKS so that links made before a key rotation still open."""
    keys = [
        base64.urlsafe_b64encode(
            salted_hmac(THANKS_SALT, "key", secret=secret, algorithm="sha256").digest()
        )
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]
    return MultiFernet([Fernet(key) for key in keys])


def thanks_url(event, registration, outcome):
    # A repeat submit says only 'already registered': whoever typed an address must not
    # learn that person's status or get their manage link.
    payload = {"e": event.pk, "o": str(outcome)}
    if outcome != services.Outcome.ALREADY_REGISTERED:
        payload["p"] = registration.pk
    # Encrypted, not just signed: the reference reads as nothing without the key (and
    # holds the registration's number, not its manage token, even then).
    reference = _thanks_cipher().encrypt(json.dumps(payload).encode()).decode()
    return f"{event.url}{event.reverse_subpage('thanks')}?{urlencode({'r': reference})}"


@never_cache
def thanks(request, event, reference):
    try:
        payload = json.loads(_thanks_cipher().decrypt(reference.encode(), ttl=THANKS_MAX_AGE))
    except InvalidToken as error:
        raise Http404(_("This confirmation link is not valid.")) from error
    if payload.get("e") != event.pk:
        raise Http404(_("This confirmation link is not valid."))
    registration = None
    if payload.get("p"):
        registration = (
            event.event_registrations()
            .filter(pk=payload["p"], erased_at__isnull=True)
            .select_related("event")
            .first()
        )
        if registration is None:
            raise Http404(_("This registration no longer exists."))
    return event.render(
        request,
        template="events/event_thanks.html",
        context_overrides={
            "registration": registration,
            # The registration's status now, not at sign-up: the link may be reopened
            # after a promotion or a cancellation.
            "outcome": registration.status if registration else payload.get("o"),
            "seo_title": _("Thank you"),
        },
    )


# --- self-service through the manage link ----------------------------------------------


def registrant_view(view):
    """A view of one registration, found by its manage token (404 when there is none),
    answered in the registrant's language whatever the browser's."""

    @functools.wraps(view)
    def wrapper(request, token):
        if not token or len(token) > TOKEN_MAX_LENGTH:
            raise Http404(_("There is no registration at this address."))
        registration = (
            Registration.objects.filter(token=token, erased_at__isnull=True)
            .select_related("event")
            .first()
        )
        if registration is None:
            raise Http404(_("There is no registration at this address."))
        with translation.override(registration.language):
            response = view(request, registration)
            response.headers["Content-Language"] = translation.get_language()
        return response

    return wrapper


@never_cache
@registrant_view
def manage(request, registration):
    event = registration.event_page
    now = timezone.now()
    return render(
        request,
        "events/manage.html",
        {
            "registration": registration,
            "event": event,
            "show_join_link": registration.join_link_visible(now),
            "can_cancel": registration.is_active and now < registration.event.end,
            "just_cancelled": request.GET.get("done") == "cancelled",
            # (input to go to, label, message), as RegistrationForm.error_summary gives.
            "erase_errors": [
                ("erase-confirm", "", _("Nothing was erased: tick the box to confirm first."))
            ]
            if request.GET.get("erase") == "confirm"
            else [],
            "seo_title": _("Your registration"),
            "Status": RegistrationStatus,
        },
    )


@never_cache
@require_POST
@registrant_view
def cancel(request, registration):
    services.cancel(registration)
    return redirect(registration.manage_path() + "?done=cancelled")


@never_cache
@registrant_view
def export(request, registration):
    data = services.export_personal_data(registration)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-registration.json"'
    return response


@never_cache
@require_POST
@registrant_view
def erase(request, registration):
    if request.POST.get("confirm") != "yes":
        return redirect(registration.manage_path() + "?erase=confirm#erase-summary")
    event = registration.event_page
    services.erase(registration)
    # Recorded with no user: the registrant did it themselves.
    audit.record(registration, audit.ERASED, by="registrant")
    return render(
        request,
        "events/erased.html",
        {"event": event, "seo_title": _("Your data has been erased")},
    )
