"""Make an Ed25519 key pair for signing checkpoints: python -m audit.keygen PATH

Writes the private key to PATH (readable by its owner only) and the public key to
PATH.pub. Keep the private key out of the database and out of the repository; give the
public key to whoever will check exports (docs/exports.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit import notes


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    path = Path(argv[0])
    if path.exists():
        print(f"{path} exists: not overwritten", file=sys.stderr)
        return 1
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_bytes(notes.private_pem(key))
    path.with_name(path.name + ".pub").write_text(notes.public_pem(key.public_key()))
    print(f"key {notes.key_id(key.public_key())}: {path} and {path}.pub")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
