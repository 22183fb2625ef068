"""The admin's listing of a form's submissions: Wagtail's own, answered with 403 to
staff without the permission `contact.view_form_submissions`, and with CSV cells that a
spreadsheet never runs as formulas (cope_site/exports.py)."""

from django.contrib.auth.models import Permission
from django.template.response import TemplateResponse

from wagtail.contrib.forms.views import SubmissionsListView as WagtailSubmissionsListView

from cope_site.exports import FormulaSafeExportMixin

from .models import SUBMISSIONS_PERMISSION, can_see_submissions


class SubmissionsListView(FormulaSafeExportMixin, WagtailSubmissionsListView):
    def dispatch(self, request, *args, **kwargs):
        # A 403 that says which permission is missing, rather than Wagtail's redirect
        # to the dashboard (which it keeps for a form page the user may not edit).
        if not can_see_submissions(request.user):
            app_label, codename = SUBMISSIONS_PERMISSION.split(".")
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            return TemplateResponse(
                request,
                "contact/admin/permission_needed.html",
                {"permission_name": permission.name},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)
