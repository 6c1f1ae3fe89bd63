"""Paragraph references are spelled out on every page (sharing/sources.py)."""

from __future__ import annotations

import re

import pytest

from consent import catalogues as consent_catalogues
from sharing import catalogues
from sharing.explain import EXIT_REASON
from sharing.guidance import RULES
from sharing.journey import QUESTIONS
from sharing.sources import spell, spell_inline

SHORT_FORM = re.compile(r"\b(?:[LHOPB] (?:\d|Annex|rule|appendix|scope))")


@pytest.mark.parametrize(
    ("source", "spelled"),
    [
        ("L 4.5.3", "London Child Protection Procedures, paragraph 4.5.3"),
        ("L 4.5.2-4.5.4", "London Child Protection Procedures, paragraphs 4.5.2 to 4.5.4"),
        (
            "B 1; B 6; L 4.3.7",
            "Bromley Multi Agency Children's Safeguarding Information Sharing Protocol, "
            "sections 1 and 6; London Child Protection Procedures, paragraph 4.3.7",
        ),
        (
            "O Annex A 11.2; O Annex A 11.7",
            "Oxfordshire Information Sharing Protocol, Annex A, paragraphs 11.2 and 11.7",
        ),
        ("O 11", "Oxfordshire Information Sharing Protocol, section 11"),
        ("P rule 5 (2024)", "the Seven Golden Rules for Information Sharing (2024), rule 5"),
        (
            "B 4 (Caldicott 4)",
            "Bromley Multi Agency Children's Safeguarding Information Sharing Protocol, "
            "section 4 (Caldicott principle 4)",
        ),
        ("UK GDPR Art 9(1)", "UK GDPR, Article 9(1)"),
        ("DPA 2018 Sch 1 para 18", "Data Protection Act 2018, Schedule 1, paragraph 18"),
        ("H 2", "Hampshire Children's Trust, key points when sharing information, section 2"),
        ("not a reference", "not a reference"),
    ],
)
def test_a_reference_is_spelled_out_in_full(source: str, spelled: str) -> None:
    assert spell(source) == spelled


def test_references_in_brackets_are_spelled_out_and_other_brackets_kept() -> None:
    text = "Do not share (L 4.5.2). Ask (your manager). Share (B 1, B 6)."
    assert spell_inline(text) == (
        "Do not share (London Child Protection Procedures, paragraph 4.5.2). Ask (your manager). "
        "Share (Bromley Multi Agency Children's Safeguarding Information Sharing Protocol, "
        "sections 1 and 6)."
    )


def every_source() -> list[str]:
    sources = [rule.source for rule in RULES] + [q.source for q in QUESTIONS.values()]
    for module in (catalogues, consent_catalogues):
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, tuple):
                sources += [entry.source for entry in value]
    return sources


@pytest.mark.parametrize("source", sorted(set(every_source())))
def test_every_source_the_service_cites_can_be_spelled_out(source: str) -> None:
    assert not SHORT_FORM.search(spell(source)), spell(source)


@pytest.mark.parametrize("reason", sorted(EXIT_REASON.values()))
def test_every_reason_reads_without_short_references(reason: str) -> None:
    assert not SHORT_FORM.search(spell_inline(reason)), spell_inline(reason)
