import datetime
import logging
import sys
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseServerError,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache

from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve_document
from wagtail.models import Locale, Page, Site

from .models import SiteSettings

# RFC 9116 wants Expires less than a year ahead; the file is made afresh, so this only
# says how long a copy someone kept may be trusted.
SECURITY_TXT_LIFETIME = datetime.timedelta(days=180)
RESULTS_PER_PAGE = 10
# What a database that cannot be reached (down, restarting, too slow: the statement
# timeout) raises, as opposed to a query that is wrong.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
outage_logger = logging.getLogger("cope_site.outages")
MAX_QUERY_LENGTH = 200


# Never shared: what someone searches for can say a lot about them.
@never_cache
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        # Wagtail's search backend over every live, public page in the reader's
        # language: new page types are found without touching this view.
        results = (
            Page.objects.live().public().filter(locale=Locale.get_active()).specific().search(query)
        )
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(_("There is no such page of results.")) from error
    return render(
        request,
        "search.html",
        {
            "query": query,
            "results": page_of_results,
            "base_query": urlencode({"q": query}),
            "seo_title": _("Search"),
            "share_path": reverse("search"),
        },
    )


def serve_document(request, document_id, document_filename):
    """Wagtail's document view, where an out-of-date filename redirects to the file's
    current address instead of a 404: replacing a document's file in the admin gives it
    a new filename, and the old address is in e-mails and on other websites. Temporary
    (302), as the file may be replaced again; the new address is Wagtail's, with its
    privacy checks. `/documents/` is never kept by the edge (cache_headers.py).

    A document in a private collection is never redirected, which would tell anyone
    its filename: Wagtail's view serves it at the old address to those its privacy
    check lets through (after signing in or giving the password)."""
    document = get_object_or_404(get_document_model(), id=document_id)
    if document.filename != document_filename:
        if document.collection.get_view_restrictions().exists():
            return wagtail_serve_document(request, document_id, document.filename)
        return redirect(document.url)
    return wagtail_serve_document(request, document_id, document_filename)


def not_translated(request, page_id):
    """Where the language switcher leads from a page that has no translation in this
    language: says so, in this language, and links to the page as it is and to this
    language's home page. Once the translation is published, it leads there."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id)
    locale = Locale.get_active()
    translated = page.get_translations(inclusive=True).live().filter(locale=locale).first()
    if translated is not None:
        return redirect(translated.get_url(request))
    page = page.specific
    return render(
        request,
        "not_translated.html",
        {
            "original": page,
            "original_language_code": page.locale.language_code,
            "seo_title": _("Not translated yet"),
        },
    )


@cache_control(max_age=86400, public=True)
def favicon(request):
    return redirect(static("images/favicon.svg"), permanent=True)


def security_txt(request):
    """/.well-known/security.txt (RFC 9116) from the site's settings; addresses from
    the Site record, never the Host header, as the edge shares the answer."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    site_settings = SiteSettings.for_site(site)
    contact = site_settings.security_contact_email or site_settings.contact_email
    if not contact:
        raise Http404(_("No security contact is set."))
    # Whole days, so every copy the edge keeps within a day says the same.
    expires = (
        timezone.now().astimezone(datetime.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        + SECURITY_TXT_LIFETIME
    )
    fields = [
        ("Contact", f"mailto:{contact}"),
        ("Expires", expires.strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("Preferred-Languages", ", ".join(code for code, _name in settings.LANGUAGES)),
        ("Canonical", f"{site.root_url}{reverse('security_txt')}"),
    ]
    body = "".join(f"{name}: {value}\n" for name, value in fields)
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@never_cache
def health(request):
    """For the edge cache's health probe: while this fails, Varnish serves the pages it
    has, stale if need be, instead of errors (deploy/varnish/)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        response = HttpResponse("database unavailable", status=503, content_type="text/plain")
        # One WARNING line per probe, as for any request during the outage, not
        # Django's ERROR for a 5xx.
        log_response(
            "Database unavailable (%s): health check answered 503",
            type(error).__name__,
            response=response,
            request=request,
            logger=outage_logger,
            level="warning",
        )
        return response
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    # Not Django's default: that one runs the CSRF check, which reads the body again and
    # turns a body Django refused (UTF-16, Latin-1) into a 500. Rendered without the
    # request, which may carry a host we do not serve.
    return HttpResponseBadRequest(loader.get_template("400.html").render())


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the site's own page instead of Django's plain one; the reason
    stays in the log, not on the page."""
    return HttpResponseForbidden(loader.render_to_string("403_csrf.html", request=request))


def server_error(request):
    # An outage met outside a view (a session saved by its middleware): the same 503 as
    # DatabaseUnavailableMiddleware gives.
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        return database_unavailable(request, error)
    # No context processors: whatever failed may be what they need.
    return HttpResponseServerError(loader.get_template("500.html").render())


def outage_response():
    """The "back in a moment" page: 503, with when to come back. Varnish answers a copy
    of it while it cannot reach the app (cope_site/outage_page.py)."""
    return HttpResponse(
        loader.get_template("503.html").render(),
        status=503,
        headers={"Retry-After": str(settings.DATABASE_UNAVAILABLE_RETRY_AFTER)},
    )


def database_unavailable(request, error):
    """The "back in a moment" page (503, Retry-After) for a request the database could
    not serve. Logged here as one WARNING line without a traceback or the path (which
    may hold a registrant's token); Django then logs this response no more. A request
    that meets the outage again in an outer middleware (request.user read once more)
    gets the page again, logged at DEBUG: one WARNING per request."""
    response = outage_response()
    log_response(
        "Database unavailable (%s): answered 503",
        type(error).__name__,
        response=response,
        request=request,
        logger=outage_logger,
        level="debug" if getattr(request, "database_unavailable", False) else "warning",
    )
    request.database_unavailable = True
    return response
