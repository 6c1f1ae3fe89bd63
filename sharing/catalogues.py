"""Catalogues for the eight key questions (L 4.5.1) and the guidance engine.

Pure data, no Django imports. Codes are stored in the database, so they never change;
labels are what practitioners see. Every entry carries the paragraph of the procedure it
comes from: L = London procedures ch. 4, H = Hampshire, O = Oxfordshire protocol (main
text unless "Annex A"), P = partnership protocol ("P rule 6 (2024)" is the 2024 Seven
Golden Rules in P 1, "P rule 6 (2018)" the DfE 2018 rules quoted there), B = Bromley.
"""

from __future__ import annotations

from dataclasses import dataclass

from consent.catalogues import PURPOSES
from records.catalogue import Entry, choices, codes, get, label

__all__ = [
    "ADVICE_SOURCES",
    "CONFIDENTIALITY_RELATIONSHIPS",
    "CONSENT_STATUSES",
    "DECISIONS",
    "DECISION_KINDS",
    "DPA_CONDITIONS",
    "IDENTIFIABLE_PEOPLE",
    "INFORMATION_NATURE",
    "LEGAL_BASES",
    "METHODS",
    "NOT_SOUGHT_REASONS",
    "PERSON_TOLD",
    "PRESSING_NEED_FACTORS",
    "PUBLIC_INTEREST_CONCLUSIONS",
    "PURPOSES",
    "RECOMMENDATIONS",
    "RISK_LEVELS",
    "SHARING_CHECKLIST",
    "SPECIAL_CATEGORIES",
    "STATUTORY_DUTIES",
    "VERIFICATION",
    "Entry",
    "LegalBasis",
    "Method",
    "Outcome",
    "Relationship",
    "RiskLevel",
    "choices",
    "codes",
    "get",
    "label",
    "suggested_legal_bases",
]


@dataclass(frozen=True, slots=True)
class LegalBasis(Entry):
    statutory: bool = False  # an Act of Parliament gives a duty or power to share
    # The purposes (consent.catalogues.PURPOSES codes) it is the usual basis for, and the
    # kinds of agency (agencies.models.AgencyKind values) that can rely on it; an empty
    # set of kinds means any agency. Only the order of the legal basis page depends on
    # these (suggested_legal_bases): every basis can always be chosen.
    purposes: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Relationship(Entry):
    confidential: bool = True


@dataclass(frozen=True, slots=True)
class RiskLevel(Entry):
    significant: bool = False  # a risk of significant harm (L 4.3.8)
    uncertain: bool = False  # not sure whether there is reasonable cause to believe (L 4.4.3)
    offered: bool = True  # False: kept so that old records still read, no longer asked


@dataclass(frozen=True, slots=True)
class Method(Entry):
    secure: bool = True
    verbal: bool = False


@dataclass(frozen=True, slots=True)
class Outcome(Entry):
    shares: bool = False  # information leaves the agency


DECISION_KINDS: tuple[Entry, ...] = (
    Entry("proactive", "We want to share information", "L 4.5.2; L 4.1.3"),
    Entry("request_received", "Another agency has asked us for information", "L 4.5.2; O 13.2"),
    Entry("request_made", "We are asking another agency for information", "L 4.7.1; P 4"),
)

# Purpose codes (consent.catalogues.PURPOSES) and agency kinds, for the suggestions.
_SAFEGUARDING = frozenset(
    {
        "child_protection_enquiry",
        "assessment_of_need",
        "early_help",
        "health_care",
        "education_support",
        "multi_agency_planning",
    }
)
_CRIME = frozenset({"prevention_detection_of_crime", "multi_agency_planning"})
# Statutory bodies; section 115 does not reach voluntary groups (O scope note, O Annex C).
_STATUTORY_KINDS = frozenset(
    {"childrens_social_care", "police", "health", "education", "probation", "youth_justice"}
)
_S115_KINDS = frozenset({"childrens_social_care", "police", "health", "probation", "youth_justice"})

LEGAL_BASES: tuple[LegalBasis, ...] = (
    LegalBasis(
        "ca1989_s17",
        "Children Act 1989, section 17 (children in need)",
        "O Annex A 9.1.3; P 1 (Children Act 1989)",
        statutory=True,
        purposes=frozenset({"assessment_of_need", "early_help", "multi_agency_planning"}),
    ),
    LegalBasis(
        "ca1989_s27",
        "Children Act 1989, section 27 (helping the local authority)",
        "O 2.1; O Annex A 9.1.1; L 4.6.16",
        statutory=True,
        purposes=frozenset({"assessment_of_need", "child_protection_enquiry"}),
        kinds=_STATUTORY_KINDS - {"childrens_social_care"},
    ),
    LegalBasis(
        "ca1989_s47",
        "Children Act 1989, section 47 (child protection enquiries)",
        "O 1.5.3; O Annex A 9.1.2; L 4.5.4; P 1 (Children Act 1989)",
        statutory=True,
        purposes=frozenset({"child_protection_enquiry"}),
    ),
    LegalBasis(
        "ca2004_s10",
        "Children Act 2004, section 10 (co-operating to improve well-being)",
        "O Annex A 9.2.1-9.2.3; L 4.2.2",
        statutory=True,
        purposes=frozenset(
            {"early_help", "assessment_of_need", "education_support", "multi_agency_planning"}
        ),
        kinds=_STATUTORY_KINDS,
    ),
    LegalBasis(
        "ca2004_s11",
        "Children Act 2004, section 11 (safeguarding and promoting welfare)",
        "O Annex A 9.2.4-9.2.7; L 4.2.1",
        statutory=True,
        purposes=_SAFEGUARDING,
        kinds=_STATUTORY_KINDS,
    ),
    LegalBasis(
        "cda1998_s115",
        "Crime and Disorder Act 1998, section 115",
        "O Annex A 9.3.1; O scope note; P 1 (Crime and Disorder Act 1998)",
        "Disclosure to the police, local authorities, probation or health bodies for the "
        "purposes of the Act. It does not cover sharing with voluntary organisations.",
        statutory=True,
        purposes=_CRIME,
        kinds=_S115_KINDS,
    ),
    LegalBasis(
        "dpa2018_safeguarding",
        "Data Protection Act 2018: safeguarding of children and individuals at risk",
        "P 1 (Data Protection Act 2018)",
        purposes=_SAFEGUARDING,
    ),
    LegalBasis(
        "ukgdpr_6_1_c",
        "UK GDPR Article 6(1)(c): a legal obligation",
        "O Annex A 6.2.2 (the DPA 1998 equivalent)",
        purposes=frozenset({"court_proceedings"}),
    ),
    LegalBasis(
        "ukgdpr_6_1_d",
        "UK GDPR Article 6(1)(d): vital interests",
        "O Annex A 6.2.3 (the DPA 1998 equivalent)",
    ),
    LegalBasis(
        "ukgdpr_6_1_e",
        "UK GDPR Article 6(1)(e): a task in the public interest or a statutory function",
        "O Annex A 6.2.4 (the DPA 1998 equivalent)",
        purposes=_SAFEGUARDING | _CRIME,
        kinds=_STATUTORY_KINDS,
    ),
    LegalBasis(
        "court_order",
        "A court order",
        "L 4.5.9; O Annex A 3.1.4; O Annex A 9.1.6",
        purposes=frozenset({"court_proceedings"}),
    ),
    LegalBasis(
        "ea2002_s175",
        "Education Act 2002, section 175 (safeguarding in education)",
        "O Annex A 10.1; L 4.6.17",
        statutory=True,
        purposes=frozenset(
            {"child_protection_enquiry", "education_support", "early_help", "assessment_of_need"}
        ),
        kinds=frozenset({"education"}),
    ),
    LegalBasis(
        "pcsca2022_s16_s17",
        "Police, Crime, Sentencing and Courts Act 2022, sections 16 and 17 (Serious Violence Duty)",
        "P 1 (Serious Violence Duty)",
        statutory=True,
        purposes=_CRIME,
        kinds=_S115_KINDS,
    ),
    LegalBasis(
        "csods",
        "Child Sex Offender Disclosure Scheme (Criminal Justice Act 2003, sections 327A and 327B)",
        "O 7; P 1 (Child Sex Offender Disclosure Scheme)",
        statutory=True,
        purposes=frozenset({"prevention_detection_of_crime"}),
        kinds=frozenset({"police"}),
    ),
    # P 1 files the DVDS under the Crime and Security Act 2010 "(ss 24-33)", but those
    # sections create domestic violence protection notices and orders; the scheme itself
    # is a police disclosure under common law powers, so it is not marked statutory.
    LegalBasis(
        "dvds",
        "Domestic Violence Disclosure Scheme",
        "P 1 (Domestic Violence Disclosure Scheme)",
        purposes=frozenset({"prevention_detection_of_crime"}),
        kinds=frozenset({"police"}),
    ),
    # Consent is a lawful basis of its own (O Annex A 6.2.1: "the Data Subject consents").
    LegalBasis(
        "ukgdpr_6_1_a",
        "UK GDPR Article 6(1)(a): the person has consented",
        "O Annex A 6.2.1 (the DPA 1998 equivalent); O Annex C",
    ),
    LegalBasis("other", "Another legal basis (describe it)", "L 4.5.4"),
)


def suggested_legal_bases(agency_kind: str, purpose: str) -> tuple[LegalBasis, ...]:
    """The legal bases usually relied on for this purpose by this kind of agency, in
    catalogue order (O Annex A 9-10, P 1, L 4.5.4). The legal basis page offers these
    first and the rest under "Other legal bases"; any basis can be chosen."""
    return tuple(
        basis
        for basis in LEGAL_BASES
        if purpose in basis.purposes and (not basis.kinds or agency_kind in basis.kinds)
    )


IDENTIFIABLE_PEOPLE: tuple[Entry, ...] = (
    Entry("child", "The child or young person", "L 4.5.5"),
    Entry("parent_carer", "A parent or carer", "L 4.5.5"),
    Entry(
        "third_party",
        "Someone else, such as the person who gave the information",
        "L 4.3.15; P rule 5 (2024)",
    ),
)

CONFIDENTIALITY_RELATIONSHIPS: tuple[Relationship, ...] = (
    Relationship(
        "formal",
        "A formal confidential relationship",
        "L 4.5.6",
        "For example doctor and patient, social worker and client, counsellor and client.",
    ),
    Relationship(
        "informal",
        "An informal relationship where the person asked for it to be kept confidential",
        "L 4.5.6",
        "For example a pupil who asks a teacher to keep something to themselves.",
    ),
    Relationship(
        "assumed",
        "The person did not ask, but would assume it would be kept confidential",
        "L 4.5.6; L 4.5.7",
    ),
    Relationship(
        "not_confidential_public",
        "Not confidential: already public or widely known",
        "L 4.3.2-4.3.3; O Annex A 3.2.1",
        confidential=False,
    ),
    Relationship(
        "not_confidential_understood",
        "Not confidential: given on the understanding that it would be shared",
        "L 4.3.3-4.3.4; O Annex A 3.6.1",
        confidential=False,
    ),
)

SPECIAL_CATEGORIES: tuple[Entry, ...] = (
    Entry("health", "Physical or mental health", "O Annex A 7.1; UK GDPR Art 9(1)"),
    Entry(
        "sex_life_orientation",
        "Sex life or sexual orientation",
        "O Annex A 7.1; UK GDPR Art 9(1)",
    ),
    Entry(
        "criminal_offences",
        "Criminal offences or allegations",
        "O Annex A 7.1; UK GDPR Art 10",
    ),
    Entry("racial_ethnic_origin", "Racial or ethnic origin", "O Annex A 7.1; UK GDPR Art 9(1)"),
    Entry(
        "religious_beliefs",
        "Religious or philosophical beliefs",
        "O Annex A 7.1; UK GDPR Art 9(1)",
    ),
    Entry("political_opinions", "Political opinions", "UK GDPR Art 9(1); P 1 (DPA 2018)"),
    Entry("trade_union", "Trade union membership", "O Annex A 7.1; UK GDPR Art 9(1)"),
    Entry("genetic", "Genetic data", "UK GDPR Art 9(1); P 1 (DPA 2018)"),
    Entry(
        "biometric",
        "Biometric data used to identify someone",
        "UK GDPR Art 9(1); P 1 (DPA 2018)",
    ),
)

DPA_CONDITIONS: tuple[Entry, ...] = (
    Entry(
        "safeguarding_children_individuals",
        "Safeguarding of children and individuals at risk",
        "P 1 (Data Protection Act 2018); DPA 2018 Sch 1 para 18",
    ),
    Entry(
        "preventing_detecting_crime",
        "Preventing or detecting crime",
        "O Annex A 8.1-8.2; O 6.2.1; DPA 2018 Sch 1 para 10",
    ),
    Entry(
        "statutory_purposes",
        "Carrying out a statutory function",
        "O Annex A 7.2.4; DPA 2018 Sch 1 para 6",
    ),
    Entry("health_social_care", "Health or social care", "O 6.5.3; DPA 2018 Sch 1 para 2"),
    Entry(
        "vital_interests",
        "Protecting someone's vital interests when consent cannot be given",
        "O Annex A 7.2.2; UK GDPR Art 9(2)(c)",
    ),
    Entry(
        "legal_claims",
        "Establishing, exercising or defending legal rights",
        "O Annex A 7.2.3; UK GDPR Art 9(2)(f)",
    ),
    Entry(
        "explicit_consent",
        "The person has given explicit consent",
        "O Annex A 7.2.1; UK GDPR Art 9(2)(a)",
    ),
    Entry("other", "Another condition (describe it)", "P 1 (Data Protection Act 2018)"),
)

CONSENT_STATUSES: tuple[Entry, ...] = (
    Entry("obtained", "Consent was obtained", "L 4.7.2; L 4.3.4"),
    Entry("refused", "Consent was refused", "L 4.7.2; L 4.3.5"),
    Entry("not_sought", "Consent was not sought", "L 4.7.2; L 4.4.2; L 4.3.29"),
    Entry(
        "could_not_be_obtained",
        "Consent could not be obtained",
        "L 4.3.5; P 1 (Purpose and Principles)",
        "For example the person could not be contacted in time.",
    ),
)

NOT_SOUGHT_REASONS: tuple[Entry, ...] = (
    Entry(
        "child_at_increased_risk",
        "Asking would put a child at increased risk of significant harm",
        "L 4.4.2; O Annex A 4.2; P rule 2 (2024)",
    ),
    Entry(
        "adult_at_risk",
        "Asking would put an adult at risk of serious harm",
        "L 4.4.2",
    ),
    Entry(
        "prejudice_serious_crime",
        "Asking would prejudice the prevention, detection or prosecution of a serious crime",
        "L 4.4.2; O Annex A 4.2",
    ),
    Entry(
        "unjustified_delay",
        "Asking would cause unjustified delay in enquiries about significant harm",
        "L 4.4.2; O Annex A 3.7.1; O Annex A 4.2",
    ),
    Entry("other", "Another reason (explain it)", "L 4.3.29"),
    Entry(
        "statutory_duty_or_court_order",
        "A legal duty or court order requires the sharing",
        "B 7; L 4.5.10",
    ),
)

STATUTORY_DUTIES: tuple[Entry, ...] = (
    Entry(
        "court_order",
        "A court order",
        "L 4.5.9; O Annex A 3.1.4",
        "Give the order number and date.",
    ),
    Entry(
        "ca1989_s47_enquiry",
        "A request to help with child protection enquiries under section 47 of the "
        "Children Act 1989",
        "P 1 (Children Act 1989); L 4.6.9",
        "The local authority, or the police in a joint enquiry, has asked for information.",
    ),
    Entry(
        "ca1989_s27_request",
        "A request from the local authority under section 27 of the Children Act 1989",
        "P 1 (Children Act 1989); O 2.1; L 4.6.16",
        "Help must be given unless it is incompatible with your own duties.",
    ),
    Entry("notifiable_disease", "A notifiable disease", "L 4.5.9"),
    Entry("other_statutory", "Another legal duty (give the reference)", "L 4.5.9-4.5.10"),
)

RISK_LEVELS: tuple[RiskLevel, ...] = (
    RiskLevel(
        "suffered_or_likely",
        "There is evidence that the child has suffered, or is likely to suffer, significant harm",
        "L 4.3.8",
        significant=True,
    ),
    RiskLevel(
        "reasonable_cause",
        "There is reasonable cause to believe that the child has suffered, or is likely to "
        "suffer, significant harm",
        "L 4.3.8; L 4.4.1",
        significant=True,
    ),
    RiskLevel(
        "prevent_harm_or_serious_crime",
        "Sharing is needed to prevent significant harm to a child or serious harm to an "
        "adult, including by preventing, detecting or prosecuting serious crime",
        "L 4.3.8",
        significant=True,
    ),
    RiskLevel(
        "concern_below_threshold",
        "A concern about the child, but below these levels",
        "L 4.3.7; L 4.4.3",
    ),
    RiskLevel(
        "unsure",
        "I am not sure whether there is reasonable cause to believe the child has suffered, "
        "or is likely to suffer, significant harm",
        "L 4.4.3-4.4.4",
        uncertain=True,
    ),
    # Until December 2026 one answer covered both; records that gave it still read it.
    # It counts as uncertain, as it always did (advice is expected).
    RiskLevel(
        "below_threshold",
        "A concern below this, or I am not sure whether there is reasonable cause to believe",
        "L 4.4.3",
        uncertain=True,
        offered=False,
    ),
)

ADVICE_SOURCES: tuple[Entry, ...] = (
    Entry("line_manager", "Line manager or supervisor", "L 4.5.17; P rule 4 (2024)"),
    Entry(
        "designated_safeguarding_lead",
        "Designated safeguarding lead or named child protection professional",
        "L 4.4.4; L 4.5.17-4.5.18",
    ),
    Entry("caldicott_guardian", "Caldicott Guardian", "L 4.4.4; L 4.5.17"),
    Entry(
        "data_protection_officer",
        "Data protection officer or information governance lead",
        "O 8.3; P rule 4 (2024)",
    ),
    Entry("lead_information_officer", "Lead information officer", "L 4.2.4; L 4.3.19"),
    Entry("legal", "Legal team", "O 8.3; L 4.5.5; P rule 4 (2024)"),
    Entry(
        "professional_body",
        "Professional body, for example the GMC or NMC",
        "L 4.5.17",
    ),
)

PRESSING_NEED_FACTORS: tuple[Entry, ...] = (
    Entry("belief_in_truth", "Belief in the truth of the allegation", "O Annex A 11.2.1"),
    Entry(
        "legitimate_interest",
        "The legitimate interest of the person who needs the information",
        "O Annex A 11.2.2",
    ),
    Entry("risk_if_not_disclosed", "The risk if it is not disclosed", "O Annex A 11.2.3"),
    Entry(
        "relevance_importance",
        "How relevant and important the information is",
        "O Annex A 11.3.1",
    ),
    Entry("urgency", "How urgent disclosure is", "O Annex A 11.3.2"),
    Entry(
        "consent_sought",
        "Whether consent to disclosure has been sought",
        "O Annex A 11.3.3-11.3.4",
    ),
    Entry(
        "impact_on_person",
        "The impact on the person the information is about",
        "O Annex A 11.3.5",
    ),
    Entry(
        "chance_to_respond",
        "Whether the person could respond before the decision",
        "O Annex A 11.7-11.8",
    ),
)

PUBLIC_INTEREST_CONCLUSIONS: tuple[Entry, ...] = (
    Entry(
        "justified",
        "Yes, the public interest justifies sharing without consent",
        "L 4.3.6-4.3.8; L 4.5.16",
    ),
    Entry(
        "not_justified",
        "No, the public interest does not justify sharing without consent",
        "L 4.3.6; L 4.5.16",
    ),
    Entry("unsure", "I am not sure", "L 4.4.3-4.4.4; L 4.5.17"),
)

INFORMATION_NATURE: tuple[Entry, ...] = (
    Entry("fact", "Fact", "L 4.7.9; B 8"),
    Entry("opinion", "Opinion", "L 4.7.9; B 8"),
    Entry("hypothesis", "Hypothesis", "L 4.7.9"),
    Entry("mixture", "A mixture of these", "L 4.7.9"),
)

VERIFICATION: tuple[Entry, ...] = (
    Entry("known", "I already know the person", "L 4.7.4"),
    Entry("called_back", "I called them back through their agency", "L 4.7.4"),
    Entry("not_verified", "Not verified", "L 4.7.4"),
)

METHODS: tuple[Method, ...] = (
    Method("secure_email", "Secure email", "O 9.3; B 8; L 4.7.8"),
    Method("secure_portal", "Secure portal or system", "B 8"),
    Method("in_person", "In person", "P 4; L 4.7.5", verbal=True),
    Method("telephone", "Telephone", "P 4; L 4.7.4-4.7.5", verbal=True),
    Method("post_recorded", "Recorded or secure post", "B 8"),
    Method("ordinary_email", "Ordinary email (not secure)", "L 4.7.8; O 9.3; B 8", secure=False),
    Method("fax", "Fax", "L 4.7.6-4.7.7", secure=False),
)

SHARING_CHECKLIST: tuple[Entry, ...] = (
    Entry("necessary", "Necessary for the purpose", "P rule 6 (2024); L 4.5.20"),
    Entry(
        "proportionate",
        "Proportionate to the need and the level of risk",
        "P rule 6 (2024); B appendix",
    ),
    Entry("relevant", "Relevant to the purpose", "P rule 6 (2024); B appendix"),
    Entry(
        "adequate",
        "Adequate: good enough to be understood and relied on",
        "P rule 6 (2024); B appendix",
    ),
    Entry(
        "accurate",
        "Accurate and up to date, with fact and opinion kept apart",
        "P rule 6 (2024); L 4.5.20; B appendix",
    ),
    Entry("timely", "Shared in good time", "P rule 6 (2018); B appendix"),
    Entry("secure", "Shared securely", "P rule 6 (2018); L 4.5.20; B appendix"),
)

PERSON_TOLD: tuple[Entry, ...] = (
    Entry("yes_already", "Yes, they have been told", "L 4.5.20; L 4.7.3"),
    Entry("will_be_told", "They will be told", "L 4.5.10; L 4.5.19; L 4.7.3"),
    Entry(
        "not_told",
        "No, they will not be told",
        "L 4.5.19; L 4.7.3; L 4.7.5",
        "Say why, for example because telling them would put the child at risk of harm.",
    ),
)

DECISIONS: tuple[Outcome, ...] = (
    Outcome("share", "Share the information", "L 4.5.21; P rule 7 (2024)", shares=True),
    Outcome("share_part", "Share some of the information", "L 4.3.7; L 4.5.21", shares=True),
    Outcome("do_not_share", "Do not share", "L 4.5.21; P rule 7 (2024)"),
)

RECOMMENDATIONS: tuple[Outcome, ...] = (
    Outcome("do_not_share", "Do not share", "L 4.5.2; L 4.5.16"),
    Outcome(
        "may_share_anonymised",
        "You may share the information in anonymised form",
        "L 4.5.5",
        shares=True,
    ),
    Outcome(
        "may_share",
        "You may share: the information is not confidential",
        "L 4.3.2-4.3.4; L 4.5.6",
        shares=True,
    ),
    Outcome("share_with_consent", "Share with consent", "L 4.3.4", shares=True),
    Outcome(
        "must_share",
        "You must share: there is a legal duty or court order",
        "L 4.5.10",
        shares=True,
    ),
    Outcome(
        "share_in_public_interest",
        "Share without consent in the public interest",
        "L 4.3.6-4.3.8; L 4.5.16",
        shares=True,
    ),
    Outcome(
        "seek_advice",
        "Seek advice before you decide",
        "L 4.4.3-4.4.4; L 4.5.17",
    ),
)
