"""The admin's listing of a form's submissions: Wagtail's own, with CSV cells that a
spreadsheet never runs as formulas (cope_site/exports.py)."""

from wagtail.contrib.forms.views import SubmissionsListView as WagtailSubmissionsListView

from cope_site.exports import FormulaSafeExportMixin


class SubmissionsListView(FormulaSafeExportMixin, WagtailSubmissionsListView):
    pass
