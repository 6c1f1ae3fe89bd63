"""Demo agencies, people and cases for trying the service. Idempotent; refuses unless DEBUG."""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services as account_services
from accounts.totp import secret_in_groups
from agencies import permissions
from agencies import services as agency_services
from agencies.models import Agency, AgencyKind, Membership, Role
from agreements import demo as demo_agreements
from records import services as record_services
from records.models import Allocation, Case, Relationship
from sharing import demo, selectors, services
from sharing.models import Decision

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105  (printed to the person running the demo)
# The privileged demo accounts' authenticator key (printed, like the password; README).
DEMO_TOTP_KEY = "64656d6f2d326e642d666163746f722d32303236"  # "demo-2nd-factor-2026"

AGENCIES = [
    (
        "csc",
        "Northshire Children's Social Care",
        AgencyKind.CHILDRENS_SOCIAL_CARE,
        True,
        ["northshire.gov.uk"],
    ),
    ("police", "Northshire Police", AgencyKind.POLICE, True, ["northshire.police.uk"]),
    ("health", "Northshire Community Health NHS Trust", AgencyKind.HEALTH, True, ["nhs.net"]),
    ("school", "Riverside Primary School", AgencyKind.EDUCATION, True, ["riverside.sch.uk"]),
    ("youth", "Northshire Youth Project", AgencyKind.VOLUNTARY, False, []),
]

PEOPLE = {
    Role.PRACTITIONER: [
        ("practitioner", "Sam", "Okafor", "Social worker"),
        ("practitioner2", "Priya", "Shah", "Senior practitioner"),
    ],
    Role.LEAD_OFFICER: [("lio", "Alex", "Morgan", "Lead information officer")],
    Role.AUDITOR: [("auditor", "Jo", "Bennett", "Data Protection Officer")],
    Role.AGENCY_ADMIN: [("admin", "Chris", "Taylor", "Agency administrator")],
}
# Each agency's own auditor audits that agency.
AUDITS_OWN_AGENCY = {"auditor"}

CASES = {
    "csc": [
        ("CSC-1001", "Amelia Clarke", datetime.date(2011, 4, 2), "practitioner"),
        ("CSC-1002", "Noah Williams", datetime.date(2024, 9, 15), "practitioner"),
        ("CSC-1003", "Leo Hughes", datetime.date(2008, 1, 20), "practitioner2"),
    ],
    "police": [("NP-24-5531", "Maya Patel", datetime.date(2009, 6, 11), "practitioner")],
    "health": [
        ("HV-3301", "Oliver Brown", datetime.date(2025, 2, 3), "practitioner"),
        ("HV-3302", "Isla Johnson", datetime.date(2014, 12, 30), "practitioner2"),
    ],
    "school": [
        ("RPS-0042", "Ethan Wright", datetime.date(2016, 3, 8), "practitioner"),
        ("RPS-0057", "Grace Evans", datetime.date(2017, 10, 19), "practitioner2"),
    ],
}


# (agency, case, allocated practitioner, scenario from sharing/demo.py)
DECISIONS = [
    ("health", "HV-3301", "practitioner", "baby_failing_to_thrive"),
    ("school", "RPS-0042", "practitioner", "widely_known"),
    ("csc", "CSC-1003", "practitioner2", "not_shared_despite_harm"),
    ("csc", "CSC-1001", "practitioner", "draft"),
]


class Command(BaseCommand):
    help = "Load demo agencies, users of every role, and cases with allocations (DEBUG only)."

    def handle(self, *args: Any, **options: Any) -> None:
        # Production settings never allow it, whatever DEBUG says (config/settings/).
        if not (settings.DEBUG and getattr(settings, "DEMO_DATA_ALLOWED", False)):
            raise CommandError(
                "demo_data refuses to run unless DEBUG is on under development settings: "
                "it creates accounts with a published password."
            )
        with transaction.atomic():
            agencies = self._agencies()
            self._people(agencies)
            self._cases(agencies)
            self._decisions(agencies)
            # Apps above this one add their own demo records (exchange, review).
            for config in apps.get_app_configs():
                loader = getattr(config, "load_demo", None)
                if loader is not None:
                    loader(agencies=agencies)
            self._draft_relies_on_the_protocol()
            self._second_factors()
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000/accounts/login/")
        )
        self.stdout.write(f"Every demo account's password: {DEMO_PASSWORD}")
        for prefix, name, *_ in AGENCIES:
            users = ", ".join(
                f"{prefix}.{username}" for people in PEOPLE.values() for username, *_ in people
            )
            self.stdout.write(f"  {name}: {users}")
        self.stdout.write("  Information governance auditor for every agency: ig.auditor")
        key = secret_in_groups(bytes.fromhex(DEMO_TOTP_KEY))
        self.stdout.write(
            "Lead officers, auditors and administrators also enter a code from an "
            f"authenticator app. Add this key to one (time-based, 6 digits): {key}"
        )

    def _draft_relies_on_the_protocol(self) -> None:
        """The demo draft's question 1 relies on the protocol's clause 1 (issue 14), once
        the agreements' demo has recorded it: the other clauses stay on offer there."""
        draft = Decision.objects.filter(
            status=Decision.Status.DRAFT, author__username="csc.practitioner"
        ).first()
        if draft is None or "agreement_clause_id" in (draft.answers.get("q1") or {}):
            return
        offered = selectors.agreement_facts(draft, draft.answers)["offered_clauses"]
        clause = next(
            (c for c in offered if str(c["words"]).startswith(demo_agreements.PROTOCOL)), None
        )
        if clause is None:
            return
        services.decision_save_answer(
            actor=draft.author,
            decision=draft,
            number=1,
            page="agreement",
            answers={"agreement_clause_id": clause["id"], "agreement_clause": clause["words"]},
        )

    def _second_factors(self) -> None:
        for user in get_user_model().objects.filter(membership__isnull=False):
            if permissions.is_privileged(user):
                account_services.two_factor_preenrol(user=user, key_hex=DEMO_TOTP_KEY)

    def _agencies(self) -> dict[str, Agency]:
        agencies = {}
        for prefix, name, kind, statutory, domains in AGENCIES:
            agency = Agency.objects.filter(name=name).first() or agency_services.agency_create(
                actor=None,
                name=name,
                kind=kind,
                statutory=statutory,
                protocol_signed_on=datetime.date(2025, 4, 1),
                secure_email_domains=domains,
                lead_information_officer=f"Alex Morgan, {name}",
                data_protection_officer=f"Jo Bennett, {name}",
                caldicott_guardian="Dr R. Singh" if kind == AgencyKind.HEALTH else "",
                designated_safeguarding_lead=f"Designated safeguarding lead, {name}",
            )
            agencies[prefix] = agency
        return agencies

    def _people(self, agencies: dict[str, Agency]) -> None:
        users = get_user_model().objects
        for prefix, agency in agencies.items():
            for role, people in PEOPLE.items():
                for username, first, last, title in people:
                    full_username = f"{prefix}.{username}"
                    if users.filter(username=full_username).exists():
                        continue
                    agency_services.member_create(
                        actor=None,
                        agency=agency,
                        username=full_username,
                        password=DEMO_PASSWORD,
                        role=role,
                        first_name=first,
                        last_name=last,
                        job_title=title,
                        email=f"{full_username}@example.org",
                        audit_scope=[agency] if username in AUDITS_OWN_AGENCY else None,
                    )
        if not users.filter(username="ig.auditor").exists():
            agency_services.member_create(
                actor=None,
                agency=agencies["csc"],
                username="ig.auditor",
                password=DEMO_PASSWORD,
                role=Role.AUDITOR,
                first_name="Morgan",
                last_name="Reid",
                job_title="Information governance auditor",
                email="ig.auditor@example.org",
                audit_scope=list(agencies.values()),
            )

    def _decisions(self, agencies: dict[str, Agency]) -> None:
        users = get_user_model().objects
        for prefix, reference, username, scenario in DECISIONS:
            case = Case.objects.get(agency=agencies[prefix], reference=reference)
            demo.load(
                case=case,
                actor=users.get(username=f"{prefix}.{username}"),
                agencies=agencies,
                scenario=scenario,
            )

    def _cases(self, agencies: dict[str, Agency]) -> None:
        users = get_user_model().objects
        for prefix, cases in CASES.items():
            agency = agencies[prefix]
            lead = Membership.objects.get(agency=agency, user__username=f"{prefix}.lio").user
            for reference, name, born, allocated in cases:
                case = Case.objects.filter(agency=agency, reference=reference).first()
                if case is None:
                    case = record_services.case_create(
                        actor=lead, reference=reference, child_name=name, date_of_birth=born
                    )
                    surname = name.split()[-1]
                    record_services.connected_person_add(
                        actor=lead,
                        case=case,
                        name=f"Karen {surname}",
                        relationship=Relationship.PARENT_CARER,
                        parental_responsibility=True,
                        lives_with_child=True,
                    )
                practitioner = users.get(username=f"{prefix}.{allocated}")
                if not Allocation.objects.filter(
                    case=case, user=practitioner, ended_at__isnull=True
                ).exists():
                    record_services.case_allocate(actor=lead, case=case, user=practitioner)
