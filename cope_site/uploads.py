"""What editors may upload as documents: the file must be what its extension says.

Wagtail checks the extension (WAGTAILDOCS_EXTENSIONS) and the size
(WAGTAILDOCS_MAX_UPLOAD_SIZE); this form (WAGTAILDOCS_DOCUMENT_FORM_BASE) also looks
at the first bytes, so a web page renamed `.txt` or a script renamed `.pdf` is a form
error rather than a file visitors download from the site's own address.
"""

import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm

# Office and OpenDocument files, and Keynote, are zip archives.
ZIP_EXTENSIONS = {"docx", "key", "odt", "pptx", "xlsx", "zip"}
SIGNATURES = {"pdf": b"%PDF-", "rtf": b"{\\rtf"}
TEXT_EXTENSIONS = {"csv", "txt"}
# Markup a browser would run or render if it ever took the file for a web page.
MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta|img|a)\b", re.I
)
HEAD_BYTES = 64 * 1024


def content_problem(extension, upload):
    """Why the upload's content does not fit its extension, or None."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if extension in SIGNATURES:
        if not head.startswith(SIGNATURES[extension]):
            return _("This is not a .%(extension)s file.") % {"extension": extension}
    elif extension in ZIP_EXTENSIONS:
        if not zipfile.is_zipfile(upload):
            return _("This is not a .%(extension)s file.") % {"extension": extension}
        upload.seek(0)
    elif extension in TEXT_EXTENSIONS and MARKUP.search(head):
        return _("This file contains web-page markup; upload it as a PDF instead.")
    return None


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            problem = content_problem(extension, upload)
            if problem:
                raise ValidationError(problem, code="content_does_not_match_extension")
        return upload
