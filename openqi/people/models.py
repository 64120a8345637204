"""Staff records: what the trust's systems of record (an ESR extract, Entra ID through SCIM) say
about a person in one organisation, kept apart from the account and the membership.

A record is matched by assignment number, then employee number, then email; it points at the
account once the person has joined (an invitation accepted, by its link or through single sign-on).
A leaver's record is marked ended, never deleted, and their membership ends; their work stays with
their account (ADR 0035).
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class RecordSource(models.TextChoices):
    ESR = "esr", "ESR import"
    SCIM = "scim", "SCIM provisioning"


class StaffRecord(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()  # kept lower case
    given_name = models.CharField(max_length=150, blank=True)
    family_name = models.CharField(max_length=150, blank=True)
    employee_number = models.CharField(max_length=64, blank=True)
    assignment_number = models.CharField(max_length=30, blank=True)
    # SCIM `userName` (Entra's user principal name), once provisioned; the email is the address.
    user_name = models.CharField(max_length=255, blank=True)
    # The identity provider's own key for the person (SCIM `externalId`, Entra's object id).
    external_id = models.CharField(max_length=255, blank=True)
    position = models.CharField(max_length=200, blank=True)
    staff_group = models.CharField(max_length=100, blank=True)
    team = models.ForeignKey("organisations.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The account, once the person has one and has joined this organisation.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff_records"
    )
    active = models.BooleanField(default=True)
    ended_on = models.DateField(null=True, blank=True)
    # DELETE through SCIM detaches the record from provisioning (404 from then on) but keeps it.
    scim_detached = models.BooleanField(default=False)
    source = models.CharField(max_length=10, choices=RecordSource.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("family_name", "given_name", "email")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("organisation", "email"), name="staff_record_one_per_email"),
            models.UniqueConstraint(
                fields=("organisation", "assignment_number"),
                condition=~Q(assignment_number=""),
                name="staff_record_unique_assignment",
            ),
            models.UniqueConstraint(
                fields=("organisation", "employee_number"),
                condition=~Q(employee_number=""),
                name="staff_record_unique_employee",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p) or self.email


class TeamLink(models.Model):
    """A team as a SCIM group: the identity provider's key for it, and whether it was withdrawn from
    provisioning (DELETE on the group). Teams own work, so a withdrawn team is never deleted."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    team = models.OneToOneField("organisations.Team", on_delete=models.CASCADE, related_name="scim_link")
    external_id = models.CharField(max_length=255, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"SCIM group for {self.team_id}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    CONFIRMED = "confirmed", "Imported"
    CANCELLED = "cancelled", "Cancelled"


class StaffImport(models.Model):
    """An uploaded ESR-style file, read and checked, waiting for an organisation admin to confirm."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)  # one dict per good row (people.esr.ParsedRow fields)
    errors = models.JSONField(default=list)  # {"line": n, "message": "..."}
    row_count = models.PositiveIntegerField(default=0)
    # What confirming would change (at upload) and what it did change (after confirming).
    preview = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"
