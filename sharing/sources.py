"""Paragraph references spelled out for people: "L 4.5.3" is "London Child Protection
Procedures, paragraph 4.5.3". The guidance engine and the catalogues keep the short form
beside each rule (docs/guidance.md, "Paragraph references"); no page shows it. Pure, no
Django imports."""

from __future__ import annotations

import re
from dataclasses import dataclass

_L = "London Child Protection Procedures"
_H = "Hampshire Children's Trust, key points when sharing information"
_O = "Oxfordshire Information Sharing Protocol"
_P = "Protocol on Sharing Information to Safeguard and Promote the Welfare of Children"
_B = "Bromley Multi Agency Children's Safeguarding Information Sharing Protocol"
_RULES = {
    "2024": "the Seven Golden Rules for Information Sharing (2024)",
    "2018": "the Seven Golden Rules (Department for Education, 2018)",
}
_NUMBER = r"\d+(?:\.\d+)*"
_RANGE = re.compile(rf"^({_NUMBER})(?:-({_NUMBER}))?$")


@dataclass(frozen=True, slots=True)
class Place:
    document: str
    kind: str = ""  # "paragraph", "section", "rule", "Article"...; "" for none
    where: str = ""  # "4.5.3", "4.5.2 to 4.5.4", "1 (Children Act 1989)"
    plural: bool = False


def _numbered(document: str, rest: str, *, deep: int = 3) -> Place | None:
    """'4.5.3' is a paragraph, '4.7' or '11' a section; '4.5.2-4.5.4' a range."""
    note = ""
    if " (" in rest and rest.endswith(")"):
        rest, note = rest.split(" (", 1)
        note = f" ({note[:-1]})"
    match = _RANGE.match(rest.strip())
    if match is None:
        return None
    first, last = match.groups()
    kind = "paragraph" if first.count(".") + 1 >= deep else "section"
    where = f"{first} to {last}" if last else first
    return Place(document, kind, where + note, plural=bool(last))


def _place(reference: str) -> Place | None:
    ref = reference.strip()
    if ref.startswith("UK GDPR Art "):
        return Place("UK GDPR", "Article", ref.removeprefix("UK GDPR Art "))
    if ref.startswith("DPA 2018"):
        rest = ref.removeprefix("DPA 2018").strip()
        rest = rest.replace("Sch ", "Schedule ").replace(" para ", ", paragraph ")
        return Place("Data Protection Act 2018" + (f", {rest}" if rest else ""))
    doc, _, rest = ref.partition(" ")
    if doc == "L":
        return _numbered(_L, rest)
    if doc == "H":
        return _numbered(_H, rest, deep=9)
    if doc == "B":
        if rest in ("appendix", "checklist"):
            return Place(_B, "", "appendix (the information sharing checklist)")
        rest = re.sub(r"\(Caldicott (\S+)\)", r"(Caldicott principle \1)", rest)
        rest = rest.replace("(Caldicott principle 2-3)", "(Caldicott principles 2 and 3)")
        return _numbered(_B, rest, deep=9)
    if doc == "O":
        if rest == "scope":
            return Place(f"{_O}, the scope of the protocol")
        if rest == "scope note":
            return Place(f"{_O}, note on its scope")
        if rest.startswith("Annex A "):
            return _numbered(f"{_O}, Annex A", rest.removeprefix("Annex A "), deep=2)
        if rest.startswith("Annex "):
            return Place(f"{_O}, {rest}")
        return _numbered(_O, rest, deep=2)
    if doc == "P":
        rule = re.fullmatch(r"rule (\d+) \((2024|2018)\)", rest)
        if rule:
            return Place(_RULES[rule.group(2)], "rule", rule.group(1))
        if rest.startswith("rule "):
            return Place(_RULES["2024"], "rule", rest.removeprefix("rule "))
        return _numbered(_P, rest, deep=9)
    return None


def _parts(text: str) -> list[Place] | None:
    """Each reference in "L 4.3.7; B 1; B 6" or "L 4.4.3-4.4.4, L 4.5.17", or None if any
    part is not a reference. A bare number continues the document before it."""
    places: list[Place] = []
    for raw in re.split(r"[;,] ", text.strip()):
        part = raw.strip()
        place = _place(part)
        if place is None and places and _RANGE.match(part):
            place = _numbered(places[-1].document, part)
        if place is None:
            return None
        places.append(place)
    return places or None


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _merge(places: list[Place]) -> str:
    """One phrase per document, in order: "London ..., paragraphs 4.3.7 and 4.4.1"."""
    phrases: list[str] = []
    i = 0
    while i < len(places):
        same = [places[i]]
        while i + len(same) < len(places) and places[i + len(same)].document == same[0].document:
            same.append(places[i + len(same)])
        i += len(same)
        located = [p for p in same if p.where]
        if not located:
            phrases.append(same[0].document)
            continue
        by_kind: dict[str, list[str]] = {}
        plural: dict[str, bool] = {}
        for p in located:
            by_kind.setdefault(p.kind, []).append(p.where)
            plural[p.kind] = plural.get(p.kind, False) or p.plural
        located_text = []
        for kind, wheres in by_kind.items():
            many = len(wheres) > 1 or plural[kind]
            name = f"{kind}s" if many and kind else kind
            located_text.append(f"{name} {_join(wheres)}".strip())
        phrases.append(f"{same[0].document}, {_join(located_text)}")
    return "; ".join(phrases)


def spell(source: str) -> str:
    """A rule's or an entry's source ("L 4.3.7; B 1; B 6") in full. Anything that is not a
    known reference is returned as it is, so nothing is hidden."""
    places = _parts(source)
    return _merge(places) if places else source


_INLINE = re.compile(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)")


def spell_inline(text: str) -> str:
    """Text with its bracketed references spelled out: "... do not share (L 4.5.2)." becomes
    "... do not share (London Child Protection Procedures, paragraph 4.5.2)."."""

    def replace(match: re.Match[str]) -> str:
        places = _parts(match.group(1))
        return f"({_merge(places)})" if places else match.group(0)

    return _INLINE.sub(replace, text)
