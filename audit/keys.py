"""The keys that sign and check checkpoints, from the settings (docs/adr/0018).

The log's private key comes from `AUDIT_SIGNING_KEY` (the key itself, from a secret) or
`AUDIT_SIGNING_KEY_FILE`; the database never sees it. With `AUDIT_SIGNING_KEY_GENERATE`
(development and tests only) a missing key file is created, readable by its owner only,
with the public key beside it (`.pub`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import notes

LOG_SIGNER = "the audit log"


@dataclass(frozen=True)
class TrustedKey:
    name: str
    kind: str  # "log" or "witness"
    key: Ed25519PublicKey

    @property
    def key_id(self) -> str:
        return notes.key_id(self.key)


def signing_key() -> Ed25519PrivateKey:
    if settings.AUDIT_SIGNING_KEY:
        return notes.load_private_key(settings.AUDIT_SIGNING_KEY)
    if not settings.AUDIT_SIGNING_KEY_FILE:
        raise ImproperlyConfigured(
            "Set AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE: checkpoints need a signing key."
        )
    path = Path(settings.AUDIT_SIGNING_KEY_FILE)
    if not path.exists() and settings.AUDIT_SIGNING_KEY_GENERATE:
        generate(path)
    return notes.load_private_key(path.read_bytes())


def generate(path: Path) -> Ed25519PrivateKey:
    """A new key at `path` (mode 0600) and its public key at `path`.pub; keeps one that a
    concurrent process wrote first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return notes.load_private_key(path.read_bytes())
    with os.fdopen(fd, "wb") as file:
        file.write(notes.private_pem(key))
    path.with_name(path.name + ".pub").write_text(notes.public_pem(key.public_key()))
    return key


def log_public_key() -> Ed25519PublicKey | None:
    if settings.AUDIT_LOG_PUBLIC_KEY_FILE:
        return notes.load_public_key(Path(settings.AUDIT_LOG_PUBLIC_KEY_FILE).read_bytes())
    if settings.AUDIT_SIGNING_KEY or settings.AUDIT_SIGNING_KEY_FILE:
        try:
            return signing_key().public_key()
        except (OSError, ValueError):
            return None
    return None


def trusted_keys() -> dict[str, TrustedKey]:
    """Every key whose signature verification recognises, by key id."""
    keys: list[TrustedKey] = []
    log = log_public_key()
    if log is not None:
        keys.append(TrustedKey(LOG_SIGNER, "log", log))
    for name, path in settings.AUDIT_WITNESS_KEYS:
        keys.append(TrustedKey(name, "witness", notes.load_public_key(Path(path).read_bytes())))
    return {k.key_id: k for k in keys}
