from django.conf import settings

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
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PATH_PREFIXES):
            response._csp_config = settings.ADMIN_CSP
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
