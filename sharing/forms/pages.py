"""Each page of the journey (sharing.journey.PAGES) with its form, and what each answer key
is called, for the check-answers page, the record and the case history."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from django import forms

from consent.catalogues import PURPOSES
from records.catalogue import Entry
from sharing import catalogues as cat
from sharing import journey

from . import consent, decision, how_shared, information, items, public_interest, purpose
from .base import PageForm

FORMS: dict[str, type[PageForm]] = {
    "1": purpose.PurposePage,
    "1/legal-basis": purpose.LegalBasisPage,
    "1/functions": purpose.FunctionsPage,
    "1/agreement": purpose.AgreementPage,
    "2": information.IdentifiablePage,
    "2/identity": information.IdentityPage,
    "3": information.ConfidentialPage,
    "3/special-category": information.SpecialCategoryPage,
    "3/condition": information.ConditionPage,
    "4": consent.ConsentPage,
    "4/consents": consent.ConsentsPage,
    "4/parents": consent.ParentsPage,
    "4/best-interests": consent.BestInterestsPage,
    "4/refusals": consent.RefusalsPage,
    "4/other-reason": consent.OtherReasonPage,
    "4/not-obtained": consent.NotObtainedPage,
    "5": consent.DutyPage,
    "5/duty": consent.WhichDutyPage,
    "6": public_interest.RiskPage,
    "6/weighing": public_interest.WeighingPage,
    "6/advice": public_interest.AdvicePage,
    "6/advice-details": public_interest.AdviceDetailsPage,
    "6/conclusion": public_interest.ConclusionPage,
    "7": items.ItemsPage,
    "7/court": how_shared.CourtPage,
    "7/recipient": how_shared.RecipientPage,
    "7/method": how_shared.MethodPage,
    "7/in-writing": how_shared.WrittenConfirmationPage,
    "7/checklist": how_shared.ChecklistPage,
    "7/onward": how_shared.OnwardPage,
    "7/onward-agreed": how_shared.OnwardAgreedPage,
    "7/consent-limits": how_shared.ConsentLimitsPage,
    "7/person-told": how_shared.PersonToldPage,
    "8": decision.DecisionPage,
}

# Keys some records hold from questions asked before December 2026, or that a page stores
# under another name than its field (labels for the record and the history).
LEGACY_LABELS: dict[str, str] = {
    "agreement_clause": "Information-sharing agreement relied on",
    "has_purpose": "Is there a legitimate purpose to share the information?",
    "recipient_will_pass_on": "Will the recipient pass the information on to anyone else?",
    "identifiable": "Does the information enable a person to be identified?",
    "confidential": "Is the information confidential?",
    "consent_status": "Has consent to share been obtained?",
    "not_sought_reason": "Why was consent not sought?",
    "advice_sought": "Did you seek advice?",
    "items": "What is shared",
}
# The catalogue each coded answer comes from: every code reads, including ones no longer
# offered on any page (a page may offer only some of a catalogue).
KEY_CATALOGUES: dict[str, tuple[Entry, ...]] = {
    "purpose_category": PURPOSES,
    "legal_bases": cat.LEGAL_BASES,
    "identifiable_people": cat.IDENTIFIABLE_PEOPLE,
    "relationship": cat.CONFIDENTIALITY_RELATIONSHIPS,
    "special_category": cat.SPECIAL_CATEGORIES,
    "dpa_condition": cat.DPA_CONDITIONS,
    "consent_status": cat.CONSENT_STATUSES,
    "not_sought_reason": cat.NOT_SOUGHT_REASONS,
    "duty": cat.STATUTORY_DUTIES,
    "risk_level": cat.RISK_LEVELS,
    "pressing_need": cat.PRESSING_NEED_FACTORS,
    "advice_from": cat.ADVICE_SOURCES,
    "conclusion": cat.PUBLIC_INTEREST_CONCLUSIONS,
    "verification": cat.VERIFICATION,
    "method": cat.METHODS,
    "checklist": cat.SHARING_CHECKLIST,
    "person_told": cat.PERSON_TOLD,
    "decision": cat.DECISIONS,
}
HIDDEN_KEYS = frozenset({"confidential", "has_purpose", "identifiable", "advice_sought"})


def form_for(spec: journey.PageSpec) -> type[PageForm]:
    return FORMS[spec.ref]


@cache
def question_fields(number: int) -> dict[str, tuple[str, dict[str, str]]]:
    """Each answer key of question ``number``, in page order, with its label and the labels
    of its fixed choices (choices read from the database, such as agencies, are not here)."""
    labels: dict[str, str] = {}
    static: dict[str, Any] = {}
    for spec in journey.pages_of(number):
        form_fields = FORMS[spec.ref].base_fields
        for key in spec.keys:  # the order the pages ask them
            field = form_fields.get(key)
            if field is not None:
                labels.setdefault(key, str(field.label))
                if not isinstance(field, forms.ModelChoiceField):
                    static.setdefault(key, getattr(field, "choices", None) or [])
            elif key in LEGACY_LABELS:
                labels.setdefault(key, LEGACY_LABELS[key])
    for key, label in LEGACY_LABELS.items():
        labels.setdefault(key, label)
    fields: dict[str, tuple[str, dict[str, str]]] = {}
    for name, label in labels.items():
        if name in KEY_CATALOGUES:
            choices = {e.code: e.label for e in KEY_CATALOGUES[name]}
        else:
            choices = {str(c[0]): str(c[1]) for c in static.get(name, []) if c[0] != ""}
        fields[name] = (label, choices)
    return fields


def question_answers(
    number: int,
    data: Mapping[str, Any],
    *,
    context: Mapping[str, Any],
    earlier: Mapping[str, Any] | None = None,
    partial: bool = False,
) -> dict[str, Any]:
    """All of question ``number`` from one dict of form data, each needed page validated as
    that page would be, in order (demo data and the scale data build decisions with this).
    ``earlier`` holds the answers to the questions before it. With ``partial``, a page none
    of whose fields is in ``data`` is left unanswered, as a draft left part way would."""
    answers: dict[str, Any] = {}
    view = dict(earlier or {})
    for spec in journey.pages_of(number):
        view[f"q{number}"] = answers
        if not spec.needed(view):
            continue
        form = FORMS[spec.ref](data, context={**context, "answers": view})
        if partial and not set(form.fields) & set(data):
            continue
        if not form.is_valid():
            raise ValueError(f"answers for page {spec.ref} are invalid: {form.errors.as_json()}")
        answers.update(form.answers())
    return answers
