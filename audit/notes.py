"""Checkpoints as text, and their Ed25519 signatures (docs/adr/0018).

A checkpoint says, for every chain, how many events its tree had, the tree's root and the
hash of its last event, at one moment. Its body is plain text, one fact a line, in the
spirit of the transparency logs' checkpoints (C2SP tlog-checkpoint):

    sharing-decisions audit log checkpoint v1
    number 17
    time 2026-11-21T13:10:13.123456+00:00
    chain agency:1 size 1234 root <base64 of the 32-byte root> head <hex hash of event #1234>
    chain system size 56 root ... head ...

The signature is Ed25519 over the body's UTF-8 bytes; a key is named by its id, the first
eight bytes of the SHA-256 of its 32 raw public bytes, in hex.

Standard library and `cryptography` only: the offline verifier uses this too.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

HEADER = "sharing-decisions audit log checkpoint v1"


@dataclass(frozen=True)
class ChainState:
    chain: str
    size: int
    root: bytes
    head: str  # hex hash of event #size


@dataclass(frozen=True)
class Checkpoint:
    number: int
    time: str
    chains: tuple[ChainState, ...]

    def chain(self, name: str) -> ChainState | None:
        return next((c for c in self.chains if c.chain == name), None)

    @property
    def events(self) -> int:
        return sum(c.size for c in self.chains)


def body(checkpoint: Checkpoint) -> str:
    lines = [HEADER, f"number {checkpoint.number}", f"time {checkpoint.time}"]
    for c in sorted(checkpoint.chains, key=lambda c: c.chain):
        root = base64.b64encode(c.root).decode()
        lines.append(f"chain {c.chain} size {c.size} root {root} head {c.head}")
    return "\n".join(lines) + "\n"


class NoteError(ValueError):
    pass


def parse(text: str) -> Checkpoint:
    """The checkpoint a body states; NoteError if it is not one."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[0] != HEADER or lines[-1] != "":
        raise NoteError("not a checkpoint of this audit log")
    try:
        number = int(lines[1].removeprefix("number "))
        time = lines[2].removeprefix("time ")
        chains = []
        for line in lines[3:-1]:
            word, name, size_word, size, root_word, root, head_word, head = line.split(" ")
            if (word, size_word, root_word, head_word) != ("chain", "size", "root", "head"):
                raise NoteError(f"unreadable line: {line!r}")
            digest = base64.b64decode(root, validate=True)
            if len(digest) != 32 or len(head) != 64:
                raise NoteError(f"unreadable line: {line!r}")
            chains.append(ChainState(name, int(size), digest, head))
    except (ValueError, binascii.Error) as error:
        raise NoteError(str(error)) from error
    parsed = Checkpoint(number, time, tuple(chains))
    if body(parsed) != text:
        raise NoteError("not in the canonical form")
    return parsed


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public(key)).hexdigest()[:16]


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def load_public_key(data: bytes | str) -> Ed25519PublicKey:
    """A public key as PEM, or as the base64 of its 32 raw bytes."""
    raw = data.encode() if isinstance(data, str) else data
    if b"BEGIN" in raw:
        key = serialization.load_pem_public_key(raw)
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
        return key
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(raw.strip(), validate=True))


def load_private_key(data: bytes | str) -> Ed25519PrivateKey:
    """A private key as unencrypted PKCS#8 PEM, or as the base64 of its 32 raw bytes."""
    raw = data.encode() if isinstance(data, str) else data
    if b"BEGIN" in raw:
        key = serialization.load_pem_private_key(raw, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 private key")
        return key
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(raw.strip(), validate=True))


def private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def sign(key: Ed25519PrivateKey, text: str) -> str:
    return base64.b64encode(key.sign(text.encode("utf-8"))).decode()


def verify(key: Ed25519PublicKey, text: str, signature: str) -> bool:
    try:
        key.verify(base64.b64decode(signature, validate=True), text.encode("utf-8"))
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
