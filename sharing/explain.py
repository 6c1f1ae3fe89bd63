"""Why the procedures point where they do: the guidance engine's reasons, in plain English
with the paragraphs they come from (pages spell the references out: sharing.sources).
Pure, no Django imports."""

from __future__ import annotations

from .catalogues import CONSENT_STATUSES, NOT_SOUGHT_REASONS, label
from .facts import Facts
from .reading import integer

EXIT_REASON = {
    "no_purpose": "You recorded no legitimate purpose for sharing. Without one, do not share "
    "(L 4.5.2).",
    "outside_functions": "Sharing is not within your agency's functions or powers. A statutory "
    "service may share only within them, so do not share (L 4.5.3, L 4.3.14).",
    "no_need_to_know": "The recipient does not need to know. Share only with people who need "
    "to know, so do not share (L 4.5.4, B 4).",
    "anonymised": "The information does not identify anyone. Anonymised information can be "
    "shared as long as the purpose is legitimate (L 4.5.5).",
    "not_confidential": "The information is not confidential: it is already public or widely "
    "known, or was given on the understanding that it would be shared. Sharing it is not a "
    "breach of confidence (L 4.3.2-4.3.4, L 4.5.6).",
    "consent": "Consent that covers this purpose and recipient has been given, so sharing is "
    "not a breach of confidence (L 4.3.4). Share only within its limits (L 4.5.20).",
    "statutory": "There is a legal duty or court order to share. You must share, even if the "
    "information is confidential and consent has not been given. Where you can, tell the "
    "person what is shared, why and with whom (L 4.5.10).",
    "pi_justified": "You concluded that the public interest justifies sharing without consent "
    "(L 4.3.6-4.3.8, L 4.5.16). Share only what is proportionate (L 4.3.7), and explain it to "
    "the child or parent unless that would put the child at risk of harm (L 4.5.19).",
    "pi_not_justified": "You concluded that the public interest does not justify sharing "
    "without consent, so do not share (L 4.5.16).",
    "pi_unsure": "You are not sure whether the public interest justifies sharing. Do not "
    "ignore the concern: talk to your designated safeguarding lead, and a Caldicott Guardian "
    "if you have one (L 4.4.3-4.4.4, L 4.5.17).",
}


def _consent_reason(f: Facts) -> str:
    status = f.consent_status
    if status == "obtained" and f.consent.child_refused and not f.consent.effective:
        return (
            "A child able to decide for themselves refused. Their refusal is the one to "
            "consider even if a parent agrees (L 4.3.19), unless it is overridden in the "
            "child's best interests (L 4.3.20)."
        )
    if status == "obtained":
        why = "; ".join(f.consent.problems)
        return f"The consent relied on does not cover this sharing ({why}) (L 4.3.11, L 4.3.22)."
    if status == "not_sought":
        reason = f.code(4, "not_sought_reason", NOT_SOUGHT_REASONS)
        said = f": {label(NOT_SOUGHT_REASONS, reason).lower()}" if reason else ""
        return f"Consent was not sought{said} (L 4.4.2). The reason must be recorded (L 4.3.29)."
    return (
        f"{label(CONSENT_STATUSES, status)}. A refusal, or consent that cannot be obtained, "
        "does not always stop sharing where there is a concern about a child (L 4.3.5)."
    )


def _after_exit(f: Facts) -> list[str]:
    """What the procedures add to the branch's own reason."""
    reasons = []
    if f.exit == "consent" and f.consent.unrecorded:
        reasons.append(
            "No consent record is linked yet. Consent given verbally is consent, but record "
            "its details: who agreed, when, and what they were told (L 4.3.12, L 4.3.28)."
        )
    if f.exit == "consent" and integer(f.q(7).get("recipient_agency_id")) is None:
        reasons.append("Check that the consent covers the agency you share with (L 4.5.20).")
    if f.recommendation == "seek_advice" and f.exit == "consent":
        reasons.append(
            "People with parental responsibility disagree about sharing. Talk to your agency's "
            "information lead and child protection adviser to decide whose consent counts "
            "(L 4.3.19)."
        )
    if f.exit in ("pi_not_justified", "pi_unsure") and f.significant:
        risk = label((f.risk,) if f.risk else (), f.text(6, "risk_level")).lower()
        reasons.append(
            f"But you recorded that {risk}. Where there is a clear risk of significant harm to "
            "a child the public interest test will almost certainly be satisfied (L 4.3.7), and "
            "you must share the information to safeguard the child (B 1, B 6)."
        )
    return reasons


def reasons(f: Facts) -> tuple[str, ...]:
    """The reasons for the recommendation ``f.recommendation``."""
    out: list[str] = []
    if 4 in f.route and f.consent_status and f.exit != "consent":
        out.append(_consent_reason(f))
    if 6 in f.route:
        out.append(
            "There is no legal duty or court order to share, so the public interest test "
            "applies (L 4.3.5, L 4.5.16)."
        )
    if f.exit is None:
        out.append(
            f"Question {f.route[-1]} needs an answer before the guidance is complete. Until "
            "then, seek advice if you are unsure (L 4.4.3-4.4.4, L 4.5.17)."
        )
        return tuple(out)
    out.append(EXIT_REASON[f.exit])
    return (*out, *_after_exit(f))
