from django.conf import settings
from django.core.exceptions import BadRequest
from django.views.decorators.csp import csp_override

from .views import DATABASE_UNAVAILABLE, database_unavailable

ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")


class SecurityHeadersMiddleware:
    """Headers Django has no setting for, and the admin's own CSP.

    Wagtail's admin uses inline scripts and styles, so it cannot live under the strict
    public policy; it gets ADMIN_CSP instead. This sits after Django's CSP middleware,
    so it sees the response first and can choose the policy that middleware writes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        get_response = self.get_response
        if request.path.startswith(ADMIN_PATH_PREFIXES):
            get_response = csp_override(settings.ADMIN_CSP)(get_response)
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RefuseNullCharactersMiddleware:
    """A NUL character means nothing in an address, and PostgreSQL refuses it in text
    (a DataError): any view passing a path part or a query value to the database would
    answer 500. Such requests get the 400 page before any view runs. Form fields refuse
    NUL themselves (Django's ProhibitNullCharactersValidator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the address")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """While the database is down or too slow, a view's request gets the branded 503
    with Retry-After (views.database_unavailable), not the 500 page and a traceback in
    the log; the edge keeps serving the copies it has (deploy/varnish/). Nothing was
    stored: a failed statement rolls its transaction back. Outages met in other
    middleware reach the same page through handler500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return database_unavailable(request, exception)
        return None
