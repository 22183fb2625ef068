"""Spreadsheet exports from the admin that a spreadsheet never runs as formulas.

Wagtail's SpreadsheetExportMixin already writes XLSX cells that look like formulas as
text; a CSV file has no types, so a cell starting with = + - @, a tab or a carriage
return is prefixed with ' there. Used by the registrations listing (events/) and the
form submissions listing (contact/).
"""

# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class FormulaSafeExportMixin:
    """Before Wagtail's SpreadsheetExportMixin (or a view that has it)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return neutralise_formula(value)
        return value
