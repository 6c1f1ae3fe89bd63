"""Who may do what: one predicate per question, the acting user first (SPEC 2).

Selectors, services, views and templates all ask these. This is the only module that
reads a member's role: nothing else compares a role (`scripts/lint_rules.py` fails the
suite if something does). Objects from the apps above (a case, a decision, a consent)
are described by the few attributes a predicate reads, so this module imports none of
them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from django.contrib.auth import get_user_model

from audit.events import Actor

from .models import Agency, AgencyKind, Membership, Office, OfficerAppointment, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.db.models import Model, QuerySet

    AnyUser = User | AnonymousUser


class OwnedByAgency(Protocol):
    """A case, or anything else that belongs to one agency."""

    pk: Any
    agency_id: int


class OnACase(Protocol):
    """A decision, a consent record: something recorded on a case."""

    @property
    def case(self) -> OwnedByAgency: ...


class Authored(OnACase, Protocol):
    author_id: int


# What an allocation opens to a practitioner, on that one case (object permissions).
RECORD_ON_CASE = "records.record_decision"
# Who can be allocated to a case and record on it: not auditors, not administrators.
_RECORDING_ROLES = (Role.PRACTITIONER, Role.LEAD_OFFICER)
# Who sees beyond their own allocations, or manages people: always a second factor.
_PRIVILEGED_ROLES = (Role.LEAD_OFFICER, Role.AUDITOR, Role.AGENCY_ADMIN)
_CACHE = "_membership_cache"


def membership_of(user: AnyUser | None) -> Membership | None:
    """The user's membership with its agency, read once per user object."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, _CACHE):
        membership = Membership.objects.select_related("agency").filter(user_id=user.pk).first()
        setattr(user, _CACHE, membership)
    return getattr(user, _CACHE)


def _role(user: AnyUser | None) -> str | None:
    membership = membership_of(user)
    return membership.role if membership is not None else None


def audit_actor(user: User) -> Actor:
    """The user as the audit log records them: name, agency and role at the time."""
    membership = membership_of(user)
    if membership is None:
        return Actor(
            user.pk, user.get_username(), None, "", "superuser" if user.is_superuser else ""
        )
    return Actor(
        user.pk, user.get_username(), membership.agency_id, membership.agency.name, membership.role
    )


# --- the agency a user leads, or audits ---------------------------------------------------


def agency_led_by(user: AnyUser) -> int | None:
    """The agency whose whole caseload and log this user sees: a lead officer's own."""
    membership = membership_of(user)
    if membership is not None and membership.role == Role.LEAD_OFFICER:
        return membership.agency_id
    return None


def leads(user: AnyUser, agency_id: int) -> bool:
    """The user is the lead information officer of this agency (L 4.2.4)."""
    return agency_led_by(user) == agency_id


def audited_agencies(user: AnyUser) -> QuerySet[Agency]:
    """The agencies in an auditor's audit scope; none for anyone else (SPEC 2)."""
    membership = membership_of(user)
    if membership is not None and membership.role == Role.AUDITOR:
        return membership.audit_scope.all()
    return Agency.objects.none()


def audits(user: AnyUser, agency_id: int) -> bool:
    return audited_agencies(user).filter(pk=agency_id).exists()


def reads_submitted_decisions_only(user: AnyUser) -> bool:
    """Auditors read the record, never another person's draft."""
    return _role(user) == Role.AUDITOR


# --- cases ---------------------------------------------------------------------------------


def may_open_cases(user: AnyUser) -> bool:
    """Practitioners and lead officers open cases in their agency (SPEC 2)."""
    return _role(user) in _RECORDING_ROLES


def allocated_on_opening(user: AnyUser) -> bool:
    """A practitioner who opens a case is allocated to it at once, so they can see it."""
    return _role(user) == Role.PRACTITIONER


def may_record_on(user: AnyUser, case: OwnedByAgency) -> bool:
    """Practitioners allocated to the case, and its agency's lead officer, record
    decisions, consents and connected people on it (SPEC 2)."""
    if not user.is_authenticated:
        return False
    return leads(user, case.agency_id) or user.has_perm(RECORD_ON_CASE, cast("Model", case))


def may_allocate_on(user: AnyUser, case: OwnedByAgency) -> bool:
    """The case agency's lead officer allocates its cases (SPEC 2)."""
    return leads(user, case.agency_id)


def may_be_allocated(user: AnyUser, case: OwnedByAgency) -> bool:
    """Practitioners and lead officers of the case's own agency."""
    membership = membership_of(user)
    return (
        membership is not None
        and membership.agency_id == case.agency_id
        and membership.role in _RECORDING_ROLES
    )


def members_who_may_be_allocated(case: OwnedByAgency) -> QuerySet[User]:
    return get_user_model().objects.filter(
        is_active=True,
        membership__agency_id=case.agency_id,
        membership__role__in=_RECORDING_ROLES,
    )


def may_see_case_accesses(user: AnyUser) -> bool:
    """Who looked at a case: lead officers and auditors, on the cases they can see."""
    return _role(user) in (Role.LEAD_OFFICER, Role.AUDITOR)


def may_ask_emergency_access(user: AnyUser, case: OwnedByAgency) -> bool:
    """A practitioner of the case's own agency may open it for a limited time with a
    recorded reason (SPEC 6, the NHS Summary Care Record's model); never another agency's."""
    membership = membership_of(user)
    return (
        membership is not None
        and membership.agency_id == case.agency_id
        and membership.role == Role.PRACTITIONER
    )


def may_review_emergency_access(user: AnyUser, access: OnACase) -> bool:
    """The case agency's lead officer reviews every emergency access (SPEC 6)."""
    return leads(user, access.case.agency_id)


def may_see_case_history(user: AnyUser, case: OwnedByAgency) -> bool:
    """A case's disclosure history and exports: its agency's lead officer, and auditors
    with the agency in scope (SPEC 2, 7)."""
    return leads(user, case.agency_id) or audits(user, case.agency_id)


# --- decisions and consents -------------------------------------------------------------


def may_continue_draft(user: AnyUser, decision: Authored) -> bool:
    """A draft's pages are for the practitioner who started it."""
    return decision.author_id == user.pk


def may_change_draft(user: AnyUser, decision: Authored) -> bool:
    """Only the practitioner who started a draft changes it, while they may record on the
    case."""
    return may_continue_draft(user, decision) and may_record_on(user, decision.case)


def may_record_on_case_of(user: AnyUser, record: OnACase) -> bool:
    """Amending a decision, closing its follow-ups, withdrawing a consent: whoever may
    record on its case."""
    return may_record_on(user, record.case)


def may_review_decision(user: AnyUser, decision: OnACase) -> bool:
    """Countersign, return, determine, escalate: the case agency's lead information officer,
    who "determines controversial issues" (L 4.2.4; SPEC 6)."""
    return leads(user, decision.case.agency_id)


class Escalated(Protocol):
    from_agency_id: int
    to_agency_id: int


def may_answer_escalation(user: AnyUser, escalation: Escalated) -> bool:
    """The receiving agency's lead officer answers an escalation (B 11)."""
    return leads(user, escalation.to_agency_id)


def may_see_escalation(user: AnyUser, escalation: Escalated) -> bool:
    """The lead officers of the two agencies that disagree, and nobody else."""
    return leads(user, escalation.from_agency_id) or leads(user, escalation.to_agency_id)


def may_reconsider(user: AnyUser, decision: OnACase) -> bool:
    """A decision not to share is reconsidered by whoever may record on its case (P rule 7)."""
    return may_record_on(user, decision.case)


def lead_officers_of(agency_id: int) -> QuerySet[User]:
    """The agency's lead information officers, who hear of what needs them."""
    return get_user_model().objects.filter(
        is_active=True, membership__agency_id=agency_id, membership__role=Role.LEAD_OFFICER
    )


def escalation_recipients(agency_id: int) -> QuerySet[User]:
    """Who hears of an escalation to the agency (Bromley 11): the lead information officer
    its officer register names, or, while it names none who can sign in, every lead
    information officer of the agency (issue 14)."""
    named = get_user_model().objects.filter(
        is_active=True,
        membership__agency_id=agency_id,
        membership__offices__office=Office.LEAD_INFORMATION_OFFICER,
        membership__offices__agency_id=agency_id,
    )
    return named if named.exists() else lead_officers_of(agency_id)


def auditors_of(agency_id: int) -> QuerySet[Membership]:
    """The active auditors whose scope includes the agency (each agency sees who may read
    its records for audit)."""
    return Membership.objects.filter(
        role=Role.AUDITOR, audit_scope=agency_id, user__is_active=True
    ).select_related("user", "agency")


def records_decisions(user: AnyUser) -> bool:
    """Practitioners and lead officers record decisions, so they have drafts and returns."""
    return _role(user) in _RECORDING_ROLES


def may_see_recent_exports(user: AnyUser) -> bool:
    """An auditor's home page lists the exports they made lately."""
    return _role(user) == Role.AUDITOR


def may_see_decision_log(user: AnyUser) -> bool:
    """The agency's decision log: its lead officer, and auditors (SPEC 6)."""
    return _role(user) in (Role.LEAD_OFFICER, Role.AUDITOR)


def decision_log_agencies(user: AnyUser) -> QuerySet[Agency]:
    """Whose decisions this user's log covers: a lead officer's own agency, or an
    auditor's scope."""
    led = agency_led_by(user)
    if led is not None:
        return Agency.objects.filter(pk=led)
    return audited_agencies(user)


# --- the exchange between agencies (exchange/) ---------------------------------------------


class OfAnAgency(Protocol):
    """A request, a receipt: one agency's side of an exchange."""

    agency_id: int


class RecordedByOne(OfAnAgency, Protocol):
    recorded_by_id: int


class AddressedToOne(OfAnAgency, Protocol):
    recipient_user_id: int | None


def member_agency(user: AnyUser) -> int | None:
    """The agency the user works in, whatever their role."""
    membership = membership_of(user)
    return membership.agency_id if membership is not None else None


def may_record_requests(user: AnyUser) -> bool:
    """Practitioners and lead officers record requests received and made (O 13.1)."""
    return _role(user) in _RECORDING_ROLES


def may_manage_request(user: AnyUser, request: RecordedByOne) -> bool:
    """Link a case, pause or restart the clock, note the written follow-up: the agency's
    lead officer, or whoever recorded the request (not auditors)."""
    if leads(user, request.agency_id):
        return True
    return request.recorded_by_id == user.pk and member_agency(user) == request.agency_id


def may_handle_receipt(user: AnyUser, receipt: AddressedToOne) -> bool:
    """Open (as the recipient), acknowledge, file and ask to pass on what was received: the
    recipient agency's lead officer, and the practitioner it was addressed to. Auditors
    read it without changing its state."""
    if leads(user, receipt.agency_id):
        return True
    return (
        receipt.recipient_user_id is not None
        and receipt.recipient_user_id == user.pk
        and member_agency(user) == receipt.agency_id
        and _role(user) in _RECORDING_ROLES
    )


def may_answer_onward(user: AnyUser, originator_agency_id: int) -> bool:
    """The data holding agency's lead officer agrees or refuses onward sharing (O 11.1)."""
    return leads(user, originator_agency_id)


def sees_lead_officer_queues(user: AnyUser) -> bool:
    """The work queues of requests due, unacknowledged disclosures and corrections."""
    return agency_led_by(user) is not None


def exchange_audit_agencies(user: AnyUser) -> QuerySet[Agency]:
    """Whose side of each exchange this user may read paired with the other: an auditor's
    scope, or a lead officer's own agency."""
    return decision_log_agencies(user)


def may_see_exchange_pairs(user: AnyUser) -> bool:
    return may_see_decision_log(user)


# --- signing in ------------------------------------------------------------------------------


def is_privileged(user: AnyUser) -> bool:
    """Lead officers, auditors, agency administrators and superusers: they can read or
    export whole caseloads, or change who may, so they always use a second factor."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser) or _role(user) in _PRIVILEGED_ROLES


def needs_second_factor(user: AnyUser) -> bool:
    """Must sign in with a second factor: the privileged, and everyone in an agency that
    asks it of all its members (ASVS 5.0 level 2)."""
    if is_privileged(user):
        return True
    membership = membership_of(user)
    return membership is not None and membership.agency.two_factor_for_everyone


def may_use_admin(user: AnyUser) -> bool:
    """Django's admin: superusers, in a session verified with a second factor."""
    is_verified = getattr(user, "is_verified", None)
    return (
        user.is_authenticated
        and bool(user.is_active and user.is_superuser)
        and callable(is_verified)
        and bool(is_verified())
    )


def agency_administered_by(user: AnyUser) -> int | None:
    """The agency whose members this user manages: an agency administrator's own."""
    membership = membership_of(user)
    if membership is not None and membership.role == Role.AGENCY_ADMIN:
        return membership.agency_id
    return None


def may_unlock(user: AnyUser, member: AnyUser) -> bool:
    """An agency administrator unlocks the accounts of their own agency's members, never
    their own (docs/adr/0033): a locked-out administrator is unlocked by another, or by
    the lock's 30 minutes running out."""
    agency_id = agency_administered_by(user)
    member_membership = membership_of(member)
    return (
        agency_id is not None
        and member_membership is not None
        and member_membership.agency_id == agency_id
        and member.pk != user.pk
    )


def may_administer_agency(user: AnyUser) -> bool:
    """The agency's own administration pages (/agency/): its administrators only."""
    return agency_administered_by(user) is not None


def may_change_member(user: AnyUser, member: Membership) -> bool:
    """An agency administrator changes the role or access of their own agency's members,
    never their own: nobody raises their own role or ends their own access (issue 14)."""
    agency_id = agency_administered_by(user)
    return agency_id is not None and member.agency_id == agency_id and member.user_id != user.pk


def assignable_roles() -> list[tuple[str, str]]:
    """The roles an agency administrator gives their members, as (code, words)."""
    return list(Role.choices)


def role_may_be_allocated(role: str) -> bool:
    """Whether a member in this role can hold case allocations: practitioners and lead
    officers; a member moved to any other role has their allocations ended."""
    return role in _RECORDING_ROLES


def sees_leavers_drafts(user: AnyUser) -> bool:
    """A leaver's open drafts wait in their agency's lead officer's queue, to reassign."""
    return agency_led_by(user) is not None


def offices_of(agency: Agency) -> list[Office]:
    """The offices an agency's register names: every agency a lead information officer
    and a Data Protection Officer; health and social care a Caldicott Guardian; schools a
    designated safeguarding lead (O 6.7.6, O 8)."""
    offices = [Office.LEAD_INFORMATION_OFFICER, Office.DATA_PROTECTION_OFFICER]
    if agency.kind in (AgencyKind.HEALTH, AgencyKind.CHILDRENS_SOCIAL_CARE):
        offices.append(Office.CALDICOTT_GUARDIAN)
    if agency.kind == AgencyKind.EDUCATION:
        offices.append(Office.DESIGNATED_SAFEGUARDING_LEAD)
    return offices


def is_named_data_protection_officer(user: AnyUser, agency_id: int) -> bool:
    """The agency's officer register names this (active) member as its DPO."""
    membership = membership_of(user)
    if membership is None or membership.agency_id != agency_id or not user.is_active:
        return False
    return OfficerAppointment.objects.filter(
        agency_id=agency_id, office=Office.DATA_PROTECTION_OFFICER, membership=membership
    ).exists()


# --- subject access requests (issue 13b) ---------------------------------------------------


def may_handle_subject_access(user: AnyUser, agency_id: int) -> bool:
    """Records, reviews, checks and releases the agency's subject access requests (UK GDPR
    Article 15): an auditor of the agency's own staff whose audit scope includes it, or
    the member its officer register names as Data Protection Officer."""
    membership = membership_of(user)
    if membership is None or membership.agency_id != agency_id:
        return False
    if membership.role == Role.AUDITOR and audits(user, agency_id):
        return True
    # Or the member the agency's officer register names as its DPO (issue 14a).
    return is_named_data_protection_officer(user, agency_id)


def subject_access_agency(user: AnyUser) -> int | None:
    """The agency whose subject access requests this user handles, if any."""
    agency_id = member_agency(user)
    if agency_id is not None and may_handle_subject_access(user, agency_id):
        return agency_id
    return None


# --- information-sharing agreements (issue 14; docs/adr/0035) ---


def agreement_reader_agencies(user: AnyUser) -> list[int]:
    """The agencies whose agreements the user reads: their own, and an auditor's scope."""
    own = member_agency(user)
    ids = [own] if own is not None else []
    return ids + [pk for pk in audited_agencies(user).values_list("pk", flat=True) if pk != own]


def may_record_agreements(user: AnyUser) -> bool:
    """An agency administrator records the agreements their agency signs (ADR 0035)."""
    return agency_administered_by(user) is not None


def may_change_agreement(user: AnyUser, recorded_by_agency_id: int) -> bool:
    """Only the administrators of the agency that recorded an agreement change it."""
    return agency_administered_by(user) == recorded_by_agency_id


def sees_agreements_past_review(user: AnyUser) -> bool:
    """The home-page queue of agreements past their review date: the administrators and
    the lead information officer of an agency that signed them (issue 14)."""
    return agency_administered_by(user) is not None or agency_led_by(user) is not None
