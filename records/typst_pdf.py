"""The per-case history as a tagged PDF/UA-1 file, laid out by Typst (ADR 0038).

The History is handed to `records/typst/history.typ` as one JSON value (`typst_data`), so
every value is shown as text and never run as Typst markup; Typst reads no file outside that
folder and fetches nothing. About 60 times faster than WeasyPrint at 500 events
(docs/performance.md, "PDF engines compared"). The words here are the same as the page's
and as `templates/records/history_pdf.html`, which WeasyPrint still renders for the
engines' comparison in `make bench`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from records.history import History

TEMPLATE = Path(__file__).resolve().parent / "typst" / "history.typ"
# Liberation Sans is the Arial the HTML asks for; giving Typst only these folders makes its
# output the same on every machine and spares it a scan of every font installed. Where
# neither is installed, Typst uses the fonts it carries.
FONT_DIRS = ("/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/dejavu")


def _plural(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _when(moment: Any) -> str:
    from django.utils import timezone

    local = timezone.localtime(moment)
    return f"{local:%-d %B %Y} at {local:%H:%M}"


def typst_data(history: History) -> dict[str, Any]:
    """The history as the Typst template reads it: the same words as the HTML template's."""
    from django.conf import settings
    from django.utils import timezone

    from audit import proofs
    from records.summary import uk_time
    from records.templatetags.history_tags import detail_text

    case, agency = history.case, history.case.agency.name
    generated = timezone.localtime(history.generated_at)
    disclosures, not_shared = history.summary.disclosures, history.summary.not_shared
    when = f"{generated:%-d %B %Y} at {generated:%H:%M}"
    if history.check.intact:
        sentence = (
            f"The record of this case was checked against {agency}'s audit log on {when}: intact."
        )
        detail = (
            f"Each of the {history.check.events} events matches the fingerprint the log holds "
            "for it, and each links to the event before it, so none has been changed or removed "
            "since it was written."
        )
    else:
        sentence = (
            f"The record of this case was checked against {agency}'s audit log on {when}: "
            "it does not match."
        )
        detail = (
            f"{history.check.summary} Tell your information governance team and the service's "
            "system administrator before relying on this document."
        )
    checkpoint = proofs.latest_checkpoint()
    if checkpoint:
        sealed = (
            f"The audit log was last sealed with a digital signature on "
            f"{_when(checkpoint['time'])} (checkpoint {checkpoint['number']}, covering "
            f"{checkpoint['events']} events, signed with the key whose identifier is "
            f"{', '.join(checkpoint['key_ids'])})"
            + (
                ", and countersigned by " + ", ".join(checkpoint["witnesses"])
                if checkpoint["witnesses"]
                else ""
            )
            + ". The JSON export of this case carries the proofs that let an independent "
            "reviewer check each event against that signature without access to the service."
        )
    else:
        sealed = (
            "The audit log has not yet been sealed with a digital signature, so this history "
            "cannot yet be checked without access to the service."
        )
    return {
        "title": f"Disclosure history of {case.child_name}",
        "service_name": settings.SERVICE_NAME,
        "footer": f"{agency} · case {case.reference} · OFFICIAL-SENSITIVE",
        "lede": (
            f"What {agency} shared about this child, with whom, when and on what basis, what it "
            "decided not to share and why, and every other event recorded on the case, taken "
            "from the agency's audit log."
        ),
        "facts": [
            ["Child", f"{case.child_name} (born {case.date_of_birth:%-d %B %Y})"],
            ["Case", f"{case.reference}, {agency}"],
            ["Prepared for", history.generated_by or "An export made from the command line"],
            [
                "Prepared by",
                f"{settings.SERVICE_NAME}, on {generated:%-d %B %Y} at "
                f"{generated:%H:%M} {generated.tzname()}",
            ],
            ["Period", history.period],
            [
                "What it contains",
                f"{_plural(len(disclosures), 'disclosure')}, "
                f"{_plural(len(not_shared), 'decision')} not to share, and "
                f"{_plural(len(history.views), 'event')} ({history.filters.describe()})",
            ],
        ],
        "check": {"intact": history.check.intact, "sentence": sentence, "detail": detail},
        "checkpoint": sealed,
        "chain_heads": [
            [label, f"entry {seq}, fingerprint {digest}"]
            for label, seq, digest in history.chain_heads
        ],
        "disclosures": [
            {
                "heading": f"{uk_time(line.shared_at)}: {line.from_agency} to {line.to_agency}",
                "facts": [
                    [
                        "From",
                        line.from_agency
                        + (f", decided by {line.decided_by}" if line.decided_by else ""),
                    ],
                    ["To", f"{line.to_person}, {line.to_agency}"],
                    ["What was shared", "; ".join(line.what) if line.what else "Not recorded"],
                    ["Legal basis", line.legal_basis],
                    ["Consent", line.consent_position],
                    [
                        "Person told",
                        line.person_told
                        + (f". Why not: {line.not_told_reason}" if line.not_told_reason else ""),
                    ],
                ],
            }
            for line in disclosures
        ],
        "not_shared": [
            [
                uk_time(line.decided_at),
                line.decided_by,
                line.asked_by or "No one: not a request",
                line.consent_position,
                line.reasons,
            ]
            for line in not_shared
        ],
        "groups": [
            {
                "label": label,
                "counted": counted,
                "events": [
                    {
                        "title": view.title,
                        "meta": f"{uk_time(view.event.occurred_at)} · {view.actor} · "
                        f"event {view.event.pk} · entry {view.event.seq}",
                        "details": detail_text(view),
                    }
                    for view in views
                ],
            }
            for _kind, label, views, counted in history.grouped()
            if views
        ],
    }


def pdf_bytes(history: History) -> bytes:
    """The history as a tagged PDF/UA-1 file laid out by Typst."""
    import typst

    source = json.dumps(typst_data(history), ensure_ascii=False)
    pdf: bytes = typst.compile(
        str(TEMPLATE),
        root=str(TEMPLATE.parent),  # Typst reads no file outside the template's folder
        format="pdf",
        font_paths=[d for d in FONT_DIRS if os.path.isdir(d)],
        ignore_system_fonts=True,
        pdf_standards=["ua-1"],
        pdf_tags=True,
        sys_inputs={"history": source},
    )
    return pdf
