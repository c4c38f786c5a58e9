"""Checks for uploaded files, shared by every app that takes uploads (blocs is the lowest).

The extension alone proves nothing, so the first bytes are checked too: a renamed executable
or an HTML page called .pdf is refused.
"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc / .xls (Office 97-2003)
ZIP = b"PK\x03\x04"  # .docx / .xlsx (Office Open XML)
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "doc": (OLE,),
    "docx": (ZIP,),
    "xls": (OLE,),
    "xlsx": (ZIP,),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
DOCUMENT_TYPES = ("pdf", "doc", "docx")
IMAGE_TYPES = ("jpg", "jpeg", "png")
EVIDENCE_TYPES = (*DOCUMENT_TYPES, "xls", "xlsx", *IMAGE_TYPES)


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(file, allowed=DOCUMENT_TYPES, *, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse a file that is too large, of a type not allowed, or whose content does not match
    its extension. Raises a ValidationError with a Vietnamese message and a code."""
    if not file:
        return
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    extension = extension_of(file.name)
    if extension not in allowed:
        raise ValidationError(
            _("Only these file types are accepted: %(types)s.") % {"types": ", ".join(t.upper() for t in allowed)},
            code="file_type",
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[extension]):
        raise ValidationError(
            _("The content of the file is not a %(type)s file.") % {"type": extension.upper()}, code="file_content"
        )


def document_validator(file):
    check_upload(file, DOCUMENT_TYPES)


def evidence_validator(file):
    check_upload(file, EVIDENCE_TYPES)
