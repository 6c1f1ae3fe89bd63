"""The scale data's agencies and people, made once and found again on later runs, and the
blocks of ids each worker writes into."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection

from agencies.models import Agency, AgencyKind, Membership, Role

from .plan import PRACTITIONERS_PER_AGENCY


def setup_people(agency_count: int) -> list[tuple[Agency, list[Any], Any]]:
    users = get_user_model().objects
    password = make_password(None)  # unusable: scale users never sign in
    result = []
    kinds = [k for k, _ in AgencyKind.choices]
    for index in range(agency_count):
        name = f"Scale agency {index + 1:02d}"
        agency, _ = Agency.objects.get_or_create(
            name=name, defaults={"kind": kinds[index % len(kinds)]}
        )
        prefix = f"scale{index + 1:02d}"
        existing = {u.username: u for u in users.filter(username__startswith=prefix + ".")}
        wanted = [
            (f"{prefix}.p{n:02d}", Role.PRACTITIONER) for n in range(PRACTITIONERS_PER_AGENCY)
        ]
        wanted += [(f"{prefix}.lio", Role.LEAD_OFFICER), (f"{prefix}.auditor", Role.AUDITOR)]
        for username, role in wanted:
            if username not in existing:
                user = users.create(
                    username=username, password=password, first_name="Scale", last_name=username
                )
                Membership.objects.create(user=user, agency=agency, role=role)
                existing[username] = user
        practitioners = [existing[u] for u, r in wanted if r == Role.PRACTITIONER]
        result.append((agency, practitioners, existing[f"{prefix}.lio"]))
    return result


def reserve_ids(table: str, count: int) -> int:
    """Take `count` ids from the table's sequence; return the first."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s)", [sequence])
        (first,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count])
    return int(first)
