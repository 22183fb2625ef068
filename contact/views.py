"""The form page and its thank-you page. As the registration form (events/views.py):
never kept by any cache (a form holds the visitor's CSRF token and what they typed),
rate-limited per client address, a honeypot, and the privacy notice's version stored."""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from cope_site import ratelimit
from cope_site.privacy import privacy_context

# The rate limit's counters of contact and membership posts (cope_site/ratelimit.py).
RATE_LIMIT_SCOPE = "contact-form"


def _render_form(request, page, form, *, refusal="", status=200):
    privacy_page, _version = privacy_context(request)
    response = page.render(
        request,
        context_overrides={"form": form, "refusal": refusal, "privacy_page": privacy_page},
    )
    response.status_code = status
    return response


@never_cache
# Error reports (ADMINS e-mails, logging) show "********" for every field the visitor sent.
@sensitive_post_parameters()
def form_view(request, page):
    """GET shows the form; POST stores a valid submission and sends to the thank-you
    page, or shows the form again with its errors and what was typed."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method != "POST":
        return _render_form(request, page, page.get_form(page=page, user=request.user))

    form = page.get_form(request.POST, page=page, user=request.user)
    if ratelimit.too_many(request, RATE_LIMIT_SCOPE, settings.FORM_SUBMISSION_RATE):
        # Nothing stored; what they typed stays in the form for later.
        response = _render_form(
            request,
            page,
            form,
            refusal=_(
                "We received too many messages from your connection in a short time, so "
                "this one was not saved. Please try again in an hour."
            ),
            status=429,
        )
        response["Retry-After"] = str(ratelimit.retry_after(settings.FORM_SUBMISSION_RATE))
        return response
    if form.is_spam:
        return _render_form(
            request,
            page,
            page.get_form(page=page, user=request.user),
            refusal=_(
                "Your message could not be accepted because it looked automated. Please "
                "try again, leaving the last field empty."
            ),
            status=400,
        )
    if not form.is_valid():
        return _render_form(request, page, form, status=400)
    _privacy_page, version = privacy_context(request)
    page.process_form_submission(form, privacy_notice_version=version)
    return redirect(page.url + page.reverse_subpage("thanks"))


@never_cache
def thanks_view(request, page):
    return page.render_landing_page(request)
