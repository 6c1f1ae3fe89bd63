"""Uploaded consent forms: stored outside the web root, served only through a checked view."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """No base URL: nothing in this storage has a public address."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
