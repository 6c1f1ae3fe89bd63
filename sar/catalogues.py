"""The subject access catalogues: codes, plain-English labels and where each comes from.

Pure Python (records.catalogue): no Django.
"""

from __future__ import annotations

from records.catalogue import Entry

IDENTITY_CHECKS = (
    Entry(
        "photo_id", "Photo identification seen (passport or driving licence)", "UK GDPR Art 12(6)"
    ),
    Entry("known_in_person", "Known to the agency and seen in person", "UK GDPR Art 12(6)"),
    Entry("documents", "Two documents with their name and address", "UK GDPR Art 12(6)"),
    Entry(
        "representative",
        "A representative with written authority (a solicitor, or a parent for a young child)",
        "UK GDPR Art 12(6)",
    ),
)

ITEM_KINDS = (
    Entry("case", "The case record", ""),
    Entry("person", "A person connected to the child", ""),
    Entry("decision", "A decision about sharing information", ""),
    Entry("consent", "A consent record", ""),
    Entry("disclosure_sent", "Information shared with another agency", ""),
    Entry("disclosure_received", "Information received from another agency", ""),
    Entry("request", "A request for information between agencies", ""),
    Entry("correction", "A correction of shared information", ""),
)

MARKS = (
    Entry(
        "third_party",
        "Names another person",
        "DPA 2018 Sch 2 para 16",
        hint="Release only with their consent, or if it is reasonable to release without it",
    ),
    Entry(
        "opinion",
        "A professional's opinion",
        "DPA 2018 Sch 3",
        hint="Check whether releasing it would be likely to cause serious harm",
    ),
)

OUTCOMES = (
    Entry("release", "Release in full", "UK GDPR Art 15"),
    Entry("redact", "Release with parts removed", "UK GDPR Art 15"),
    Entry("withhold", "Withhold it all", "UK GDPR Art 15"),
)

EXEMPTIONS = (
    Entry(
        "third_party",
        "Information about another person (Data Protection Act 2018, Schedule 2, paragraph 16)",
        "DPA 2018 Sch 2 para 16",
    ),
    Entry(
        "serious_harm_social_work",
        "Serious harm: social work data (Data Protection Act 2018, Schedule 3, Part 3)",
        "DPA 2018 Sch 3 Part 3",
    ),
    Entry(
        "serious_harm_health",
        "Serious harm: health data, with a health professional's opinion "
        "(Data Protection Act 2018, Schedule 3, Part 2)",
        "DPA 2018 Sch 3 Part 2",
    ),
    Entry(
        "serious_harm_education",
        "Serious harm: education data (Data Protection Act 2018, Schedule 3, Part 4)",
        "DPA 2018 Sch 3 Part 4",
    ),
    Entry(
        "crime",
        "Prevention or detection of crime (Data Protection Act 2018, Schedule 2, paragraph 2)",
        "DPA 2018 Sch 2 para 2",
    ),
    Entry(
        "legal_privilege",
        "Legal professional privilege (Data Protection Act 2018, Schedule 2, paragraph 19)",
        "DPA 2018 Sch 2 para 19",
    ),
)

STATUSES = (
    Entry("reviewing", "Being reviewed", ""),
    Entry("checking", "Waiting for a second person's check", ""),
    Entry("checked", "Checked, ready to release", ""),
    Entry("released", "Released", ""),
)
