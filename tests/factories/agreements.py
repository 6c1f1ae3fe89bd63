"""Agreements for tests: one signed by the given agencies, with one clause covering them."""

from __future__ import annotations

import datetime

from agencies.models import Agency
from agreements.models import Agreement, Clause, Party


def agreement_signed_by(
    *agencies: Agency,
    covers: list[Agency] | None = None,
    review_on: datetime.date = datetime.date(2099, 3, 1),
    title: str = "Northshire multi-agency information sharing protocol",
) -> Clause:
    """An agreement the agencies signed (the first recorded it), with clause 3 covering
    ``covers`` (by default all of them). Returns the clause."""
    agreement = Agreement.objects.create(
        title=title,
        version="4.0",
        ratified_on=datetime.date(2026, 3, 1),
        review_on=review_on,
        recorded_by_agency=agencies[0],
    )
    for agency in agencies:
        Party.objects.create(
            agreement=agreement, agency=agency, signed_on=datetime.date(2026, 3, 2)
        )
    clause = Clause.objects.create(
        agreement=agreement,
        number="3",
        purpose="Protecting a child from significant harm",
        data_covered="The concerns about the child",
        legal_basis="Section 47 of the Children Act 1989",
    )
    clause.covers.set(covers if covers is not None else agencies)
    return clause
