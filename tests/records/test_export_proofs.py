"""A case's JSON export carries each event's inclusion proof against a signed checkpoint,
and the standalone verifier checks it offline: no database, no Django, no other child's
events (docs/exports.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from audit import keys, notes, services
from records import exports, history
from tests.records.test_history import busy_case  # noqa: F401  (a fixture)

ROOT = Path(__file__).resolve().parents[2]


def _offline(*args: str) -> subprocess.CompletedProcess[str]:
    """The verifier as a court's expert would run it: without Django's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))}
    return subprocess.run(
        [sys.executable, "-m", "audit.verify_export", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def exported(busy_case, auditor, tmp_path):  # noqa: F811
    services.checkpoint_create()
    built = history.build(busy_case, filters=history.Filters(), user=auditor)
    path = tmp_path / "history.json"
    path.write_text(exports.json_text(built), "utf-8")
    public = tmp_path / "log-key.pub"
    public.write_text(notes.public_pem(keys.signing_key().public_key()))
    return path, public


@pytest.mark.django_db
def test_a_case_export_verifies_offline_with_the_logs_public_key(exported):
    path, public = exported
    document = json.loads(path.read_text("utf-8"))
    assert document["evidence"]["checkpoint"]["number"] == 1
    assert document["evidence"]["public_key_id"] == notes.key_id(
        notes.load_public_key(public.read_bytes())
    )
    assert all(event["proof"]["leaf_index"] == event["seq"] - 1 for event in document["events"])
    checked = _offline(str(path), "--public-key", str(public))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "VERIFIED: every event in this export is in the signed audit log" in checked.stdout


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("find", "replace"),
    [
        ('"username": "practitioner"', '"username": "practitionel"'),  # one byte of a name
        ('"tree_size": ', '"tree_size": 1'),  # a proof for another tree
        ("size ", "sizf "),  # one byte of the signed checkpoint
    ],
)
def test_one_changed_byte_of_the_export_fails_offline(exported, find, replace):
    path, public = exported
    text = path.read_text("utf-8")
    assert find in text
    path.write_text(text.replace(find, replace, 1), "utf-8")
    checked = _offline(str(path), "--public-key", str(public))
    assert checked.returncode == 1
    assert "NOT VERIFIED" in checked.stdout


@pytest.mark.django_db
def test_another_key_does_not_verify_the_export(exported, tmp_path):
    path, _ = exported
    other = tmp_path / "other.pub"
    other.write_text(notes.public_pem(keys.generate(tmp_path / "other.pem").public_key()))
    checked = _offline(str(path), "--public-key", str(other))
    assert checked.returncode == 1
    assert "the checkpoint is not signed by the key given" in checked.stdout


@pytest.mark.django_db
def test_events_newer_than_the_checkpoint_are_said_to_be_unchecked(busy_case, auditor, tmp_path):  # noqa: F811
    built = history.build(busy_case, filters=history.Filters(), user=auditor)
    document = exports.json_document(built)
    assert document["evidence"]["checkpoint"] is None
    assert all(event["proof"] is None for event in document["events"])


def test_the_verifier_loads_no_django():
    checked = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, audit.verify_export; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert checked.stdout.strip() == "[]"


@pytest.mark.django_db
def test_the_pdf_states_the_checkpoint_and_how_to_check_the_export(busy_case, auditor):  # noqa: F811
    import io

    from pypdf import PdfReader

    services.checkpoint_create()
    built = history.build(busy_case, filters=history.Filters(), user=auditor, compact=True)
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(exports.pdf_bytes(built))).pages
    )
    text = " ".join(text.split())
    key_id = notes.key_id(keys.signing_key().public_key())
    assert "sealed with a digital signature" in text
    assert "(checkpoint 1, covering" in text
    assert key_id in text
    # How to check it is for the reviewer's tools (docs/exports.md), not a command to run.
    assert "The JSON export of this case carries the proofs" in text
    assert "python -m" not in text


def test_keygen_makes_a_key_pair_the_verifier_reads(tmp_path):
    path = tmp_path / "log.pem"
    made = subprocess.run(
        [sys.executable, "-m", "audit.keygen", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    private = notes.load_private_key(path.read_bytes())
    public = notes.load_public_key((tmp_path / "log.pem.pub").read_bytes())
    assert notes.key_id(private.public_key()) == notes.key_id(public)
    assert notes.key_id(public) in made.stdout
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    again = subprocess.run(
        [sys.executable, "-m", "audit.keygen", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert again.returncode == 1  # never overwrites a key
