"""`make load`: practitioners recording decisions, lead officers filtering the log,
auditors exporting histories, against gunicorn on loopback (scripts/load.sh).

Each simulated person signs in once with their own account (bench load_accounts), with
the second factor for lead officers and auditors, and then works at a person's pace.
Requests are named by kind, so the figures come per kind of request.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import itertools
import re
import struct
import time
from typing import Any

from locust import HttpUser, between, task

PASSWORD = "demo-password-2026"  # noqa: S105  (the published demo password)
TOTP_KEY = bytes.fromhex("64656d6f2d326e642d666163746f722d32303236")  # demo_data's
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/(\d+)/"')
AGENCY_OPTION = re.compile(r'<option value="(\d+)"')
_numbers = {role: itertools.count() for role in ("practitioner", "lio", "auditor")}


def totp(at: float) -> str:
    """RFC 6238, as the authenticator app computes it: 6 digits, 30-second steps."""
    counter = struct.pack(">Q", int(at) // 30)
    digest = hmac.new(TOTP_KEY, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


class Person(HttpUser):
    abstract = True
    role = ""
    wait_time = between(2, 6)

    def token(self, path: str, name: str) -> str:
        response = self.client.get(path, name=name)
        found = CSRF.search(response.text)
        return found.group(1) if found else ""

    def post(self, path: str, data: dict[str, object], name: str, token: str) -> Any:
        """Every form here, accepted, answers with a redirect: anything else is an error of
        this kind of request (a form shown again with errors, a refusal, a failure)."""
        with self.client.post(
            path,
            data={**data, "csrfmiddlewaretoken": token},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"answered {response.status_code}, not a redirect")
            return response

    def on_start(self) -> None:
        self.username = f"load.{self.role}.{next(_numbers[self.role])}"
        token = self.token("/accounts/login/", "sign in: page")
        response = self.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD},
            "sign in: password",
            token,
        )
        if "/accounts/two-factor/" in response.headers.get("Location", ""):
            # Each account has its own device, so a code is never used twice; signing in
            # more than once a step waits for the next one, as a person would.
            token = self.token("/accounts/two-factor/", "sign in: code page")
            self.post("/accounts/two-factor/", {"code": totp(time.time())}, "sign in: code", token)


class Practitioner(Person):
    role = "practitioner"
    weight = 6

    def on_start(self) -> None:
        super().on_start()
        listing = self.client.get("/cases/", name="cases: list")
        found = CASE_LINK.search(listing.text)
        self.case_id = found.group(1) if found else None

    @task(3)
    def look_at_the_case(self) -> None:
        self.client.get("/cases/", name="cases: list")
        if self.case_id:
            self.client.get(f"/cases/{self.case_id}/", name="case: page")

    @task(2)
    def record_a_decision(self) -> None:
        if not self.case_id:
            return
        new = f"/cases/{self.case_id}/decisions/new/"
        token = self.token(new, "decision: start page")
        started = self.post(
            new, {"kind": "proactive", "prompted_by": "Load test"}, "decision: start", token
        )
        location = started.headers.get("Location", "")
        match = re.search(r"/decisions/(\d+)/", location)
        if not match:
            return
        decision = f"/decisions/{match.group(1)}"
        today = datetime.date.today()
        answers = [
            (
                1,
                {
                    "has_purpose": "yes",
                    "purpose": "To protect the child from significant harm",
                    "purpose_category": "child_protection_enquiry",
                    "legal_bases": ["ca1989_s47"],
                    "within_functions": "yes",
                    "need_to_know": "yes",
                    "anonymised_would_do": "no",
                    "recipient_will_pass_on": "no",
                    # The demo protocol's clauses are offered (issue 14): rely on none.
                    "agreement_clause_id": "none",
                },
            ),
            (2, {"identifiable": "no"}),
            (
                7,
                {
                    "item_1_text": "Weight has fallen below the 2nd centile",
                    "item_1_nature": "fact",
                    "recipient_agency_id": "",  # from the page: another agency's id
                    "recipient_name": "Jo Bloggs",
                    "recipient_role": "Duty social worker",
                    "verification": "called_back",
                    "method": "secure_email",
                    "shared_on_0": today.day,
                    "shared_on_1": today.month,
                    "shared_on_2": today.year,
                    "checklist": [
                        "necessary",
                        "proportionate",
                        "relevant",
                        "adequate",
                        "accurate",
                        "timely",
                        "secure",
                    ],
                    "onward_disclosure": "no",
                    "limits_explained": "yes",
                    "person_told": "will_be_told",
                },
            ),
            (
                8,
                {
                    "decision": "share",
                    "reasons": "Risk of significant harm",
                    "authorised_by": "A. Manager",
                    "risk_assessment": "On file",
                },
            ),
        ]
        for number, data in answers:
            path = f"{decision}/questions/{number}/"
            page = self.client.get(path, name="decision: question page").text
            found = CSRF.search(page)
            if number == 7:
                agency = AGENCY_OPTION.search(page)
                data["recipient_agency_id"] = agency.group(1) if agency else ""
            answered = self.post(path, data, "decision: answer", found.group(1) if found else "")
            if answered.status_code != 302:
                return
        check = f"{decision}/check/"
        self.post(check, {}, "decision: submit", self.token(check, "decision: check page"))


class LeadOfficer(Person):
    role = "lio"
    weight = 2

    @task(3)
    def filter_the_log(self) -> None:
        self.client.get("/review/", name="log: page")
        self.client.get("/review/?outcome=share&page=1", name="log: filtered")

    @task(1)
    def export_the_log(self) -> None:
        self.client.get("/review/?format=csv", name="log: csv export")


class Auditor(Person):
    role = "auditor"
    weight = 2

    def on_start(self) -> None:
        super().on_start()
        listing = self.client.get("/cases/", name="cases: list")
        self.case_ids = CASE_LINK.findall(listing.text)[:10] or ["1"]
        self.turn = itertools.cycle(self.case_ids)

    @task(3)
    def read_a_history(self) -> None:
        self.client.get(f"/audit/cases/{next(self.turn)}/history/", name="history: page")

    @task(2)
    def export_a_history(self) -> None:
        case_id = next(self.turn)
        for fmt in ("csv", "events-csv", "json"):
            self.client.get(f"/audit/cases/{case_id}/history/?format={fmt}", name=f"history: {fmt}")

    @task(1)
    def export_a_pdf(self) -> None:
        self.client.get(f"/audit/cases/{next(self.turn)}/history/?format=pdf", name="history: pdf")
