"""What evidence may be uploaded: checked by content, never by the file's name or the
browser's claim (`cases.services.document_upload` and `cases.forms.DocumentForm` call this).

PDF and images are recognised by their magic bytes (`filetype`). Office files are zip
containers, so a zip is accepted only when its inner marker says what it is: OOXML
(docx/xlsx) has `[Content_Types].xml` and a `word/` or `xl/` part; ODF (odt/ods) starts with a
`mimetype` entry naming its type. Nothing is extracted: only the entry list and the few bytes
of `mimetype` are read, so a zip bomb costs nothing here.
"""

from __future__ import annotations

import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
MAGIC_TYPES = {PDF, "image/jpeg", "image/png", "image/heic"}
ODF_TYPES = {ODT, ODS}
OOXML_PARTS = {"word/": DOCX, "xl/": XLSX}
ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,.docx,.xlsx,.odt,.ods"  # a hint for the file picker only

TYPE_ERROR = _(
    "This file is not a PDF, a JPEG, PNG or HEIC image, or a Word, Excel or OpenDocument "
    "file (docx, xlsx, odt, ods). We check what the file contains, not its name."
)


def _office_type(file) -> str | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in ODF_TYPES else None
            if "[Content_Types].xml" in names:
                for prefix, mime in OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return mime
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        file.seek(0)
    return None


def check_upload(file) -> str:
    """Return the MIME type of an acceptable upload, or raise ValidationError saying why not."""
    limit = settings.DOCUMENT_MAX_BYTES
    if not file.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if file.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in MAGIC_TYPES:
        return mime
    if head.startswith(b"PK\x03\x04"):
        office = _office_type(file)
        if office:
            return office
    raise ValidationError(TYPE_ERROR, code="type")
