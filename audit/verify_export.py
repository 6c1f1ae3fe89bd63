"""Check a per-case JSON export offline: python -m audit.verify_export FILE --public-key KEY

For a court, a subject's adviser or an auditor (docs/exports.md). Needs no database and
sees no other child's events: only this export, and the audit log's public key obtained
from the service by another route. It checks that

1. the checkpoint in the export is signed by that key (Ed25519);
2. each event's hash is the SHA-256 of its logged fields (audit.encoding's canonical form);
3. each event's inclusion proof leads from that hash to the root the checkpoint signed
   for its chain (RFC 9162), at the leaf its sequence number says.

Exit status 0 if every event checks, 1 if anything does not, or if some events are newer
than the checkpoint (they cannot be checked yet: export again after the next checkpoint).
Standard library and `cryptography` only, with audit.encoding, audit.merkle and
audit.notes (`pyproject.toml`'s import contracts keep Django out).
"""

from __future__ import annotations

import argparse
import base64
import datetime
import json
import sys
from pathlib import Path
from typing import Any

from audit import encoding, merkle, notes


def event_values(event: dict[str, Any], case_id: Any) -> dict[str, Any]:
    """The hashed fields of an exported event, as the log hashed them."""
    actor = event["actor"]
    return {
        "chain": event["chain"],
        "seq": event["seq"],
        "occurred_at": datetime.datetime.fromisoformat(event["occurred_at"]),
        "actor_id": actor["id"],
        "actor_username": actor["username"],
        "actor_agency_id": actor["agency_id"],
        "actor_agency_name": actor["agency"],
        "actor_role": actor["role"],
        "action": event["action"],
        "object_type": event["object"]["type"],
        "object_id": event["object"]["id"],
        "case_id": event.get("case_id", case_id),
        "payload": event["payload"],
        "request_id": event["request_id"],
        "ip": event["ip"],
        "prev_hash": event["prev_hash"],
    }


def check(document: dict[str, Any], public_key: Any) -> tuple[list[str], list[str]]:
    """(what checked out, what did not)."""
    good: list[str] = []
    bad: list[str] = []
    evidence = document.get("evidence") or {}
    signed = evidence.get("checkpoint")
    if not signed:
        return good, ["the export carries no checkpoint: nothing can be checked offline"]
    body = signed["body"]
    key_id = notes.key_id(public_key)
    mine = [s for s in signed.get("signatures", []) if s.get("key_id") == key_id]
    if not mine or not notes.verify(public_key, body, mine[0]["signature"]):
        return good, [f"the checkpoint is not signed by the key given (key {key_id})"]
    checkpoint = notes.parse(body)
    good.append(f"checkpoint {checkpoint.number} of {checkpoint.time} is signed by key {key_id}")
    others = [s for s in signed.get("signatures", []) if s.get("key_id") != key_id]
    for s in others:
        good.append(
            f"it also carries a signature by {s.get('signer')} (key {s.get('key_id')}), "
            "not checked here: check it with that party's key"
        )
    case_id = document["case"]["id"]
    for event in document["events"]:
        name = f"event {event['id']} ({event['chain']} #{event['seq']})"
        digest = encoding.event_hash(event_values(event, case_id))
        if digest != event["hash"]:
            bad.append(f"{name}: its contents do not match its hash")
            continue
        proof = event.get("proof")
        state = checkpoint.chain(event["chain"])
        if proof is None or state is None:
            bad.append(f"{name} is newer than checkpoint {checkpoint.number}: not checked")
            continue
        path = [base64.b64decode(p, validate=True) for p in proof["path"]]
        if (
            proof["leaf_index"] != event["seq"] - 1
            or proof["tree_size"] != state.size
            or not merkle.verify_inclusion(
                proof["leaf_index"], state.size, merkle.event_leaf(digest), path, state.root
            )
        ):
            bad.append(f"{name}: its inclusion proof does not lead to the signed root")
            continue
    checked = len(document["events"]) - len(bad)
    good.append(f"{checked} of {len(document['events'])} events are in the signed log")
    return good, bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m audit.verify_export", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("file", type=Path, help="the JSON export of a case's history")
    parser.add_argument(
        "--public-key",
        required=True,
        type=Path,
        help="the audit log's public key (PEM, or base64 of its 32 bytes)",
    )
    args = parser.parse_args(argv)
    try:
        document = json.loads(args.file.read_text("utf-8"))
        public_key = notes.load_public_key(args.public_key.read_bytes())
        good, bad = check(document, public_key)
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"NOT VERIFIED: the export or the key cannot be read ({error})")
        return 1
    for line in good:
        print(f"ok: {line}")
    for line in bad:
        print(f"FAILED: {line}")
    print(
        "NOT VERIFIED" if bad else "VERIFIED: every event in this export is in the signed audit log"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
