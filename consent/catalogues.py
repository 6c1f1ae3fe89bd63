"""Consent catalogues: who may consent, how capacity is judged, what they must be told.

Pure data, no Django imports. Codes are stored in the database, so they never change;
labels are what practitioners see. Every entry carries the paragraph of the procedure it
comes from (L = London procedures ch. 4, O = Oxfordshire protocol, P = partnership
protocol, B = Bromley protocol, H = Hampshire key points; see docs/guidance.md).
"""

from __future__ import annotations

from records.catalogue import Entry, choices, codes, get, label

__all__ = [
    "CAPACITY_HINTS",
    "CONSENT_FORMS",
    "CONSENT_GIVER_ROLES",
    "CONSENT_OUTCOMES",
    "GILLICK_CRITERIA",
    "PURPOSES",
    "TOLD_ITEMS",
    "Entry",
    "capacity_hint",
    "choices",
    "codes",
    "get",
    "label",
]


CONSENT_GIVER_ROLES: tuple[Entry, ...] = (
    Entry(
        "child",
        "The child or young person",
        "L 4.3.15-4.3.16; B 7",
        "A young person aged 16 or 17, or a younger child with enough understanding, "
        "may give or refuse consent.",
    ),
    Entry(
        "parent_with_pr",
        "A person with parental responsibility",
        "L 4.3.18-4.3.19; B 7",
        "The consent of one person with parental responsibility is enough. If the parents "
        "are separated, usually ask the parent the child lives with.",
    ),
    Entry(
        "information_provider",
        "The person who gave us the information",
        "L 4.3.15; O Annex A 3.5.1",
        "A duty of confidence is owed to the person who gave the information in confidence.",
    ),
    Entry(
        "adult_subject",
        "The adult the information is about",
        "L 4.3.15; O Annex A 3.5.1",
        "For example a parent or carer, when the information is about them.",
    ),
    Entry(
        "adult_representative",
        "Someone acting for an adult who lacks capacity",
        "L 4.3.15; O Annex A 3.9.1",
        "For example someone with a relevant power of attorney (Mental Capacity Act 2005).",
    ),
)

GILLICK_CRITERIA: tuple[Entry, ...] = (
    Entry("understands_question", "Can understand the question being asked", "L 4.3.17"),
    Entry(
        "understands_what_shared",
        "Has a reasonable understanding of what information might be shared",
        "L 4.3.17",
    ),
    Entry(
        "understands_reasons",
        "Has a reasonable understanding of the main reason or reasons for sharing it",
        "L 4.3.17",
    ),
    Entry(
        "understands_implications",
        "Has a reasonable understanding of what sharing it, and not sharing it, would mean",
        "L 4.3.17",
    ),
    Entry(
        "considers_alternatives",
        "Can appreciate and consider the other choices open to them",
        "L 4.3.17",
    ),
    Entry(
        "weighs_up",
        "Can weigh up one part of the situation against another",
        "L 4.3.17",
    ),
    Entry(
        "expresses_own_view",
        "Can give a clear view of their own, not just repeat what someone else thinks",
        "L 4.3.17",
    ),
    Entry(
        "consistent_view",
        "Is reasonably consistent in their view, rather than often changing their mind",
        "L 4.3.17",
    ),
)

TOLD_ITEMS: tuple[Entry, ...] = (
    Entry("what_collected", "What information has been or will be collected", "L 4.3.28"),
    Entry("purposes", "What it will be used for", "L 4.3.28; L 4.3.11"),
    Entry("who_shared_with", "Who it might be shared with", "L 4.3.28; L 4.3.11; B 7"),
    Entry(
        "recipient_uses_including_crime",
        "What the people who receive it might use it for, including detecting crime",
        "L 4.3.28",
    ),
)

CONSENT_FORMS: tuple[Entry, ...] = (
    Entry(
        "explicit_written",
        "Explicit consent in writing",
        "L 4.3.12; L 4.3.27; L 4.7.9",
        "File the signed consent with the record.",
    ),
    Entry(
        "explicit_verbal",
        "Explicit consent given verbally",
        "L 4.3.12",
        "Record the details: who agreed, when, and what they were told.",
    ),
    Entry(
        "implied",
        "Implied consent",
        "L 4.3.13; O Annex A 3.4.1; L 4.8",
        "Record the context that makes sharing part of the activity, for example a referral "
        "the person agreed to.",
    ),
)

CONSENT_OUTCOMES: tuple[Entry, ...] = (
    Entry("given", "Consent given", "L 4.3.11; L 4.7.2"),
    Entry("refused", "Consent refused", "L 4.3.5; L 4.7.2; O Annex A 3.8.1"),
    Entry(
        "withdrawn",
        "Consent withdrawn",
        "L 4.3.22",
        "People can withdraw consent after giving it. Record the date.",
    ),
)

PURPOSES: tuple[Entry, ...] = (
    Entry(
        "child_protection_enquiry",
        "Child protection enquiry (section 47 of the Children Act 1989)",
        "L 4.5.4; O Annex A 9.1.2; P 1 (Children Act 1989)",
    ),
    Entry(
        "assessment_of_need",
        "Assessing a child in need (section 17 of the Children Act 1989)",
        "O Annex A 9.1.3; P 1 (Children Act 1989); P 4",
    ),
    Entry("early_help", "Early help or preventative support", "L 4.1.2; H 1; P 4"),
    Entry(
        "prevention_detection_of_crime",
        "Preventing or detecting crime, or prosecuting offenders",
        "L 4.3.8; O Annex A 8.1; P 1 (Crime and Disorder Act 1998)",
    ),
    Entry("health_care", "Health care for the child or family", "L 4.3.13; O 6.5.3"),
    Entry("education_support", "Education and support at school", "L 4.6.15-4.6.17"),
    Entry(
        "multi_agency_planning",
        "Multi-agency planning or a risk management meeting",
        "L 4.6.9; O Annex A 9.2.3",
    ),
    Entry("court_proceedings", "Court proceedings", "L 4.5.9; L 4.5.11-4.5.14"),
    Entry("other", "Another purpose", "L 4.5.2"),
)

CAPACITY_HINTS: tuple[Entry, ...] = (
    Entry(
        "presumed",
        "Young people aged 16 or 17 can give or refuse consent themselves, unless they "
        "lack capacity (Mental Capacity Act 2005).",
        "L 4.3.15",
    ),
    Entry(
        "generally_expected",
        "Children aged 12 or over can generally be expected to understand enough to give or "
        "refuse consent. Assess and record their understanding.",
        "L 4.3.16; B 7",
    ),
    Entry(
        "may_have",
        "Younger children may also understand enough to give or refuse consent. Explain in a "
        "way that suits their age, language and understanding, and assess it.",
        "L 4.3.16-4.3.17",
    ),
    Entry(
        "adult",
        "Adults are presumed to have capacity. If they lack it, someone acting for them may "
        "consent (Mental Capacity Act 2005).",
        "L 4.3.15; O Annex A 3.9.1",
    ),
    Entry(
        "unknown",
        "The date of birth is not known. Assess the child's understanding against the criteria.",
        "L 4.3.17",
    ),
)


def capacity_hint(age_years: int | None) -> str:
    """The CAPACITY_HINTS code for a child's age in whole years (L 4.3.15-4.3.16).

    Any value that is not a non-negative whole number gives "unknown".
    """
    if isinstance(age_years, bool) or not isinstance(age_years, int) or age_years < 0:
        return "unknown"
    if age_years >= 18:
        return "adult"
    if age_years >= 16:
        return "presumed"  # L 4.3.15
    if age_years >= 12:
        return "generally_expected"  # L 4.3.16
    return "may_have"  # L 4.3.16
