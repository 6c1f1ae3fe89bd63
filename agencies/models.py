"""Agencies that signed the information-sharing protocol, and the people who work in them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models


class AgencyKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    VOLUNTARY = "voluntary", "Voluntary or community"
    OTHER = "other", "Other"


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=AgencyKind.choices)
    # CDA 1998 s115 does not cover voluntary groups (O, note to 5.1).
    statutory = models.BooleanField(default=True)
    protocol_signed_on = models.DateField(null=True, blank=True)
    secure_email_domains = ArrayField(
        models.CharField(max_length=253),
        default=list,
        blank=True,
        help_text="Domains this agency accepts secure e-mail on (B 9).",
    )
    # Officer register (O 6.7.6, O 8, L 4.2.4, B): names and contact details as published.
    lead_information_officer = models.CharField(max_length=200, blank=True)
    data_protection_officer = models.CharField(
        "Data Protection / Liaison Officer", max_length=200, blank=True
    )
    caldicott_guardian = models.CharField(max_length=200, blank=True)
    designated_safeguarding_lead = models.CharField(max_length=200, blank=True)
    # Lead officers, auditors and administrators always sign in with a second factor; this
    # asks it of the agency's practitioners too (docs/adr/0013).
    two_factor_for_everyone = models.BooleanField(
        "Everyone signs in with a second factor",
        default=False,
        help_text="Practitioners too must use an authenticator app to sign in.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    LEAD_OFFICER = "lead_officer", "Lead information officer"
    AUDITOR = "auditor", "Auditor"
    AGENCY_ADMIN = "agency_admin", "Agency administrator"


class Membership(models.Model):
    """A person's place in one agency, with their role there."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    job_title = models.CharField(max_length=200, blank=True)
    # Auditors read across the agencies in their audit scope (SPEC 2).
    audit_scope = models.ManyToManyField(Agency, blank=True, related_name="auditors")

    class Meta:
        indexes = [models.Index(fields=["agency", "role"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.agency})"


class Office(models.TextChoices):
    """The offices an agency's register names (O 6.7.6, O 8)."""

    LEAD_INFORMATION_OFFICER = "lead_information_officer", "Lead information officer"
    DATA_PROTECTION_OFFICER = "data_protection_officer", "Data Protection Officer"
    CALDICOTT_GUARDIAN = "caldicott_guardian", "Caldicott Guardian"
    DESIGNATED_SAFEGUARDING_LEAD = "designated_safeguarding_lead", "Designated safeguarding lead"


class OfficerAppointment(models.Model):
    """One office in an agency's officer register: the member who holds it and how to reach
    them. The register names who answers subject access requests (the DPO) and who
    receives escalations (the lead information officer) (issue 14)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="officers")
    office = models.CharField(max_length=40, choices=Office.choices)
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="offices")
    telephone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["agency", "office"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "office"], name="one_holder_per_office")
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()}, {self.agency}"
