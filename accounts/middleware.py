import time

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from .second_factor import has_second_factor, must_verify

# Admin pages a signed-in user may open before giving their second factor.
OPEN_BEFORE_SECOND_FACTOR = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "accounts_verify",
    # Signing in with a passkey, the second step itself (not adding one).
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:js-i18n-catalog",
}


class SecondFactorRequiredMiddleware:
    """Before any admin page (Wagtail's, and Django's were it mounted), a user who must
    give a second factor is sent to give it (or to enrol one, the first time). This
    guards every admin URL, exports included, in one place rather than view by view."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if self.admin_prefix is None:  # once, not for every public page
            self.admin_prefix = reverse("wagtailadmin_home")
        match = request.resolver_match
        in_admin = request.path_info.startswith(self.admin_prefix) or "admin" in match.namespaces
        if not in_admin or match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if not must_verify(request.user):
            return None
        if has_second_factor(request.user):
            return redirect_to_login(request.get_full_path(), reverse("accounts_verify"))
        if match.url_name == "accounts_enrol":
            return None
        return redirect_to_login(request.get_full_path(), reverse("accounts_enrol"))


class IdleSessionMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE after its last request.

    Django counts that age from the session's last save, so this saves a signed-in
    session again once a minute at most while it is used: saving on every request
    (SESSION_SAVE_EVERY_REQUEST) would write the database for each of the many
    requests an admin page makes.
    """

    KEY = "accounts_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(self.KEY, 0)
            if now - last_seen >= settings.SESSION_IDLE_REFRESH_SECONDS:
                request.session[self.KEY] = now
        return response
