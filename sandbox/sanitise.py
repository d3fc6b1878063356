"""Plain text from whatever a trainee types or pastes, and safe uploaded files.

Free text (reasons, notes, replies) is shown inside printed forms and HTML pages, so it is
stored as plain text: bleach strips every tag (a pasted fragment of a web page does not
survive into Mẫu 02), HTML entities are turned back into characters, control characters go,
and templates escape the result on output (Django's autoescape). Nothing is stored as HTML.

Uploads: size and extension limits, the content must match the extension (PDF magic bytes;
images opened and verified with Pillow), and the stored name is reduced to safe characters.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata

import bleach
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png"}
ALLOWED_EXTENSIONS = IMAGE_EXTENSIONS | {".pdf"}


def clean_text(value, *, max_length: int = 2000) -> str:
    """`value` as plain text: no tags, no control characters, trimmed to `max_length`."""
    if value is None:
        return ""
    text = bleach.clean(str(value), tags=set(), attributes={}, strip=True, strip_comments=True)
    text = html.unescape(text)
    text = _CONTROL.sub("", text).replace("\r\n", "\n").strip()
    return text[:max_length]


def safe_filename(name: str) -> str:
    """A stored file name: ASCII letters, digits, dots, dashes and underscores only (the
    Vietnamese diacritics are dropped: "Giấy chứng sinh.pdf" → "Giay_chung_sinh.pdf")."""
    base = os.path.basename(name or "")
    base = unicodedata.normalize("NFKD", base.replace("đ", "d").replace("Đ", "D"))
    base = base.encode("ascii", "ignore").decode()
    base = get_valid_filename(base) if base.strip(" .") else ""
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = stem.strip("._-")[:80] or "tep"
    return f"{stem}.{ext.lower()[:10]}" if ext else stem


def validate_upload(upload) -> str:
    """Check an uploaded file (size, extension, content) and return its safe name; raise
    `ValidationError` with a message for the applicant otherwise."""
    name = safe_filename(getattr(upload, "name", ""))
    ext = os.path.splitext(name)[1]
    if ext not in ALLOWED_EXTENSIONS:
        raise ValidationError(_("Upload a PDF, JPG or PNG file."))
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise ValidationError(_("The file is empty."))
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    upload.seek(0)
    if ext == ".pdf":
        if not upload.read(5).startswith(b"%PDF-"):
            raise ValidationError(_("This file is not a PDF document."))
    else:
        try:
            with Image.open(upload) as image:
                image.verify()
                kind = (image.format or "").upper()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ValidationError(_("This file is not a valid image.")) from exc
        if kind not in {"JPEG", "PNG"}:
            raise ValidationError(_("Upload a PDF, JPG or PNG file."))
    upload.seek(0)
    return name
