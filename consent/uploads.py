"""Signed consent forms: PDF, PNG or JPEG, 10 MB at most, judged by content, not by name."""

from __future__ import annotations

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_BYTES = 10 * 1024 * 1024
ALLOWED = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}


def checked_content_type(upload: UploadedFile[bytes]) -> str:
    """The file's real type, or a ValidationError that says what is wrong in plain words."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError("The signed form must be smaller than 10 MB", code="too_big")
    if not upload.size:
        raise ValidationError("The selected file is empty", code="empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError("The signed form must be a PDF, PNG or JPEG", code="wrong_type")
    return str(kind.mime)
