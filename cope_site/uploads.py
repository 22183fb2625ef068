"""What editors may upload: a document must be what its extension says, an image only an image.

Wagtail checks the extension (WAGTAILDOCS_EXTENSIONS) and the size
(WAGTAILDOCS_MAX_UPLOAD_SIZE); this form (WAGTAILDOCS_DOCUMENT_FORM_BASE) also looks
at the first bytes, so a web page renamed `.txt` or a script renamed `.pdf` is a form
error rather than a file visitors download from the site's own address.

Wagtail checks an image's format, size and pixels; ImageForm (WAGTAILIMAGES_IMAGE_FORM_BASE)
also refuses one with anything after the image's end (a web page appended to a GIF still
opens as a GIF) or with web-page markup anywhere in it (in a comment or metadata block).
"""

import re
import struct
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

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


# Searched in every byte of an image, pixel data included: only tags long enough that
# compressed data does not spell them by chance (a four-letter one and its delimiter about
# once in 10^12 random bytes; "<a " would be every 40 kB).
IMAGE_MARKUP = re.compile(rb"<(?:script|html|body|iframe|object|embed|!doctype|\?php)[\s/>]", re.I)


class Truncated(Exception):
    """The image's structure runs past the end of the file."""


def read(data, start, length):
    if start + length > len(data):
        raise Truncated
    return data[start : start + length]


def png_end(data):
    position = 8
    while True:
        length, kind = struct.unpack(">I4s", read(data, position, 8))
        position += 12 + length
        if kind == b"IEND":
            return position


def gif_sub_blocks_end(data, position):
    while size := read(data, position, 1)[0]:
        position += 1 + size
    return position + 1


def gif_colour_table(flags):
    return 3 << ((flags & 7) + 1) if flags & 0x80 else 0


def gif_end(data):
    position = 13 + gif_colour_table(read(data, 10, 1)[0])
    while True:
        block = read(data, position, 1)
        if block == b";":  # the trailer
            return position + 1
        if block == b"!":  # an extension: its label, then data sub-blocks
            position = gif_sub_blocks_end(data, position + 2)
        elif block == b",":  # an image: descriptor, colour table, LZW code size, data
            position += 10 + gif_colour_table(read(data, position + 9, 1)[0])
            position = gif_sub_blocks_end(data, position + 1)
        else:
            raise Truncated


def jpeg_end(data, position=0):
    position += 2  # SOI
    while True:
        if read(data, position, 1) != b"\xff":
            raise Truncated
        marker = read(data, position + 1, 1)[0]
        if marker == 0xFF:  # fill byte
            position += 1
        elif marker == 0xD9:  # EOI
            return position + 2
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:  # no length
            position += 2
        else:
            position += 2 + struct.unpack(">H", read(data, position + 2, 2))[0]
            if marker == 0xDA:  # a scan: entropy-coded data up to the next real marker
                while True:
                    position = data.find(b"\xff", position)
                    if position < 0:
                        raise Truncated
                    following = read(data, position + 1, 1)[0]
                    if following != 0 and not 0xD0 <= following <= 0xD7:
                        break
                    position += 2


def jpeg_images_end(data):
    """Phones store HDR gain maps and depth maps as further JPEGs after the first
    (CIPA's Multi-Picture Format): those are images too."""
    position = jpeg_end(data)
    while data.startswith(b"\xff\xd8", position):
        position = jpeg_end(data, position)
    return position


def webp_end(data):
    size = struct.unpack("<I", read(data, 4, 4))[0]
    return 8 + size + (size & 1)  # RIFF pads to an even length


def avif_end(data):
    """ISO base media boxes (size, type), one after another up to the end."""
    position = 0
    while position < len(data):
        size = struct.unpack(">I", read(data, position, 4))[0]
        if size == 1:
            size = struct.unpack(">Q", read(data, position + 8, 8))[0]
        elif size == 0:  # the last box runs to the end of the file
            return len(data)
        if size < 8:
            raise Truncated
        read(data, position, size)
        position += size
    return position


IMAGE_ENDS = [
    (b"\x89PNG\r\n\x1a\n", png_end),
    (b"GIF8", gif_end),
    (b"\xff\xd8", jpeg_images_end),
    (b"RIFF", webp_end),
    (b"", avif_end),  # the only other format Wagtail lets through (WAGTAILIMAGES_EXTENSIONS)
]


def image_problem(upload):
    """Why an image that Pillow opened must still not be kept, or None."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if IMAGE_MARKUP.search(data):
        return _("This image contains web-page code. Save it again from an image editor.")
    end_of = next(end for signature, end in IMAGE_ENDS if data.startswith(signature))
    try:
        end = end_of(data)
    except (Truncated, struct.error):
        end = None
    if end != len(data):
        return _(
            "This image has something other than the image in it, or after its end "
            "(which can hide a web page). Open it in an image editor, save or export "
            "it again, and upload that."
        )
    return None


class ImageForm(BaseImageForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            problem = image_problem(upload)
            if problem:
                raise ValidationError(problem, code="not_only_an_image")
        return upload
