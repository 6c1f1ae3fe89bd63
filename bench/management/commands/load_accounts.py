"""Accounts for `make load`: one per simulated person, so that no two share a session or a
second-factor code. Development settings only (like demo_data); idempotent."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import services as account_services
from agencies import services as agency_services
from agencies.models import Agency, Role
from records import services as record_services
from sharing.management.commands.demo_data import DEMO_PASSWORD, DEMO_TOTP_KEY

ROLES = {"practitioner": Role.PRACTITIONER, "lio": Role.LEAD_OFFICER, "auditor": Role.AUDITOR}


class Command(BaseCommand):
    help = "Create load.<role>.<n> accounts (and a case for each practitioner) for make load."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--each", type=int, default=12)

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG and settings.DEMO_DATA_ALLOWED):
            raise CommandError("load_accounts runs under development settings only.")
        agency = Agency.objects.get(name="Northshire Children's Social Care")
        everyone = list(Agency.objects.all())
        users = get_user_model().objects
        for prefix, role in ROLES.items():
            for n in range(options["each"]):
                username = f"load.{prefix}.{n}"
                if users.filter(username=username).exists():
                    continue
                membership = agency_services.member_create(
                    actor=None,
                    agency=agency,
                    username=username,
                    password=DEMO_PASSWORD,
                    role=role,
                    first_name="Load",
                    last_name=f"{prefix.title()} {n}",
                    audit_scope=everyone if role == Role.AUDITOR else None,
                )
                if role == Role.PRACTITIONER:
                    record_services.case_create(
                        actor=membership.user,
                        reference=f"LOAD-{n:04d}",
                        child_name=f"Load Child {n}",
                        date_of_birth=datetime.date(2014, 1, 1 + n % 28),
                    )
                else:
                    account_services.two_factor_preenrol(
                        user=membership.user, key_hex=DEMO_TOTP_KEY
                    )
        self.stdout.write(
            f"Load accounts ready: load.<practitioner|lio|auditor>.<0..{options['each'] - 1}>"
        )
