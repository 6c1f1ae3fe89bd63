"""Demo agreements (issue 14): the Northshire protocol signed by the five demo agencies,
and an older school health agreement whose review date has passed."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from agencies.models import Agency

from . import services
from .models import Agreement

PROTOCOL = "Northshire multi-agency information sharing protocol"
SCHOOL_HEALTH = "Northshire school health information sharing agreement"

CLAUSES = [
    (
        "1",
        "Sharing information to protect a child who is suffering, or likely to suffer, "
        "significant harm",
        "The child's identity, the concerns, and what each agency knows about the child and "
        "the people around them",
        "Section 47 of the Children Act 1989",
        ("csc", "police", "health", "school", "youth"),
    ),
    (
        "2",
        "Sharing information to assess and meet the needs of a child in need, and for early help",
        "The child's and family's circumstances, health and education needs, and the "
        "support each agency gives",
        "Sections 17 and 27 of the Children Act 1989",
        ("csc", "health", "school", "youth"),
    ),
    (
        "3",
        "Sharing information to prevent or detect crime and disorder affecting a child",
        "Incidents, offences and the people involved, as far as needed for the purpose",
        "Section 115 of the Crime and Disorder Act 1998",
        ("csc", "police"),
    ),
]


def load(*, agencies: dict[str, Agency]) -> None:
    if Agreement.objects.filter(title=PROTOCOL).exists():
        return
    users = get_user_model().objects
    admin = users.get(username="csc.admin")
    protocol = services.agreement_create(
        actor=admin,
        title=PROTOCOL,
        version="4.0",
        ratified_on=datetime.date(2026, 3, 1),
        review_on=datetime.date(2027, 3, 1),
        signed_on=datetime.date(2026, 3, 1),
    )
    for prefix, day in (("police", 3), ("health", 4), ("school", 9), ("youth", 16)):
        services.agreement_party_add(
            actor=admin,
            agreement=protocol,
            agency=agencies[prefix],
            signed_on=datetime.date(2026, 3, day),
        )
    for number, purpose, data, basis, covers in CLAUSES:
        services.agreement_clause_add(
            actor=admin,
            agreement=protocol,
            number=number,
            purpose=purpose,
            data_covered=data,
            legal_basis=basis,
            covers=[agencies[prefix] for prefix in covers],
        )
    health_admin = users.get(username="health.admin")
    older = services.agreement_create(
        actor=health_admin,
        title=SCHOOL_HEALTH,
        version="1.2",
        ratified_on=datetime.date(2023, 9, 1),
        review_on=datetime.date(2025, 9, 1),
        signed_on=datetime.date(2023, 9, 1),
    )
    services.agreement_party_add(
        actor=health_admin,
        agreement=older,
        agency=agencies["school"],
        signed_on=datetime.date(2023, 9, 12),
    )
    services.agreement_clause_add(
        actor=health_admin,
        agreement=older,
        number="1",
        purpose="School nurses and the school sharing what they need to support a pupil's health",
        data_covered="Health conditions and care plans that affect the pupil at school",
        legal_basis="Section 175 of the Education Act 2002; section 10 of the Children Act 2004",
        covers=[agencies["school"], agencies["health"]],
    )
