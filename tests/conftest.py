"""Shared fixtures: the roles of SPEC 2, each in its agency, and a browser."""

from __future__ import annotations

import contextlib
import os

import pytest
from django.core.management.commands import flush
from django.db import connection

from agencies.models import AgencyKind, Role
from tests.factories.agencies import AgencyFactory, member
from tests.factories.records import CaseFactory, allocate

# Stops the embedded PostgreSQL server when the run ends, however it ends.
pytest_plugins = ["tests.embedded_server"]


@contextlib.contextmanager
def guards_off(tables=("audit_event", "audit_chain_head")):
    """Turn the database's guards off, as only the tables' owner can: to simulate someone
    with that power tampering with the log, or to let the test runner empty the tables."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        try:
            yield cursor
        finally:
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def guarded_tables() -> list[str]:
    """Every table with a trigger of ours on it (the audit log's, submitted decisions')."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
        )
        return sorted(row[0] for row in cursor.fetchall())


@pytest.fixture(autouse=True, scope="session")
def _flush_may_empty_guarded_tables():
    """Transactional tests end with Django's flush (TRUNCATE of every table).

    The audit tables refuse TRUNCATE, as they must everywhere else; only the test runner's
    flush between tests is let through.
    """
    original = flush.Command.handle

    def handle(self, *args, **options):
        with guards_off(guarded_tables()):
            return original(self, *args, **options)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(scope="session")
def _audit_signing_key(tmp_path_factory):
    return tmp_path_factory.mktemp("audit-key") / "log-signing-key.pem"


@pytest.fixture(autouse=True)
def _audit_checkpoints_of_this_test(settings, tmp_path, _audit_signing_key):
    """Each test keeps its checkpoint copies apart (the database is emptied between tests,
    and a copy without its checkpoint would be taken for a deleted one); one signing key,
    made on first use, serves the run."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.AUDIT_SIGNING_KEY = ""
    settings.AUDIT_SIGNING_KEY_FILE = str(_audit_signing_key)
    settings.AUDIT_LOG_PUBLIC_KEY_FILE = ""
    settings.AUDIT_WITNESS_KEYS = []


@pytest.fixture
def agency(db):
    return AgencyFactory(
        name="Northshire Children's Social Care", kind=AgencyKind.CHILDRENS_SOCIAL_CARE
    )


@pytest.fixture
def other_agency(db):
    return AgencyFactory(name="Southshire Police", kind=AgencyKind.POLICE)


@pytest.fixture
def practitioner(agency):
    return member(agency, Role.PRACTITIONER, user__username="practitioner")


@pytest.fixture
def lead_officer(agency):
    return member(agency, Role.LEAD_OFFICER, user__username="lead.officer", job_title="LIO")


@pytest.fixture
def auditor(agency):
    return member(agency, Role.AUDITOR, user__username="auditor", audit_scope=[agency])


@pytest.fixture
def agency_admin(agency):
    return member(agency, Role.AGENCY_ADMIN, user__username="agency.admin")


@pytest.fixture
def other_agency_practitioner(other_agency):
    return member(other_agency, Role.PRACTITIONER, user__username="other.practitioner")


@pytest.fixture
def other_agency_lead_officer(other_agency):
    return member(other_agency, Role.LEAD_OFFICER, user__username="other.lead")


@pytest.fixture
def case(agency, lead_officer):
    return CaseFactory(agency=agency, created_by=lead_officer, child_name="Amelia Clarke")


@pytest.fixture
def allocated_case(case, practitioner):
    allocate(case, practitioner)
    return case


# --- browser ---------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI and was not found at {CHROMIUM}")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's guard against
    # ORM calls from async code would otherwise trip on the test's own factory calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def watched_context(browser, base_url):
    """A browser context as every browser test's: en-GB, 10 s timeouts, and every Content
    Security Policy refusal recorded for assert_accessible to report. A test that needs a
    second person (another context) opens it with this too."""
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(10_000)
    context.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
    )
    return context


@pytest.fixture
def page(browser, live_server):
    context = watched_context(browser, live_server.url)
    page = context.new_page()
    yield page
    context.close()


# --- the second factor -----------------------------------------------------------------


def verified_device(user):
    """The user's confirmed authenticator app, set up as enrolment would leave it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


@pytest.fixture(autouse=True)
def _force_login_verifies_a_second_factor(monkeypatch):
    """`client.force_login(user)` signs in as the service's sign-in would: for someone who
    must use a second factor (lead officers, auditors, agency administrators, superusers,
    an agency that asks it of all), the session is also verified with their authenticator
    app, so tests about what those roles may do need not repeat the sign-in.

    Tests of the refusal itself sign in without it: `client.force_login(user,
    verify_device=False)`.
    """
    from django.test.client import Client, ClientMixin
    from django_otp import DEVICE_ID_SESSION_KEY

    from agencies import permissions

    original = ClientMixin.force_login

    def force_login(self, user, backend=None, *, verify_device=True):
        original(self, user, backend)
        if verify_device and permissions.needs_second_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
