"""What a person needs to add the service to an authenticator app: a QR code and the key."""

from __future__ import annotations

import base64

import segno
from django.utils.safestring import SafeString, mark_safe


def secret_in_groups(bin_key: bytes) -> str:
    """The key as an app asks for it when typed: base32, in groups of four."""
    text = base64.b32encode(bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(config_url: str) -> SafeString:
    """The otpauth:// address as an inline SVG image (no script, no external request)."""
    svg = segno.make(config_url, error="m").svg_inline(
        scale=5, title="QR code for your authenticator app", dark="#0b0c0c", light="#ffffff"
    )
    return mark_safe(svg)  # noqa: S308  (segno's own markup of a URL we built)
