"""Systems (ICS), organisations, teams, memberships and invitations."""

import hashlib
import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class System(models.Model):
    """An Integrated Care System: organisations that improve together."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A trust, ICB, GP federation or council service. Owns its data."""

    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    # k for check-ins and surveys lives here when those features land (never below 10).
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A ward, department, directorate or service; teams nest."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("organisation", "parent", "name"), name="team_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PARTNER = "partner", "Partner (expert by experience)"
    STAFF = "staff", "Staff"
    CHAMPION = "champion", "Improvement champion"
    QI_COACH = "qi_coach", "QI coach"
    LEAD = "lead", "QI lead"
    ORG_ADMIN = "org_admin", "Organisation admin"


# Organisation roles are ordered: a role includes the permissions of the roles below it.
# Partners sit below staff: they see only the improvement work they are invited into.
ROLE_RANK: dict[str, int] = {
    Role.PARTNER: 0,
    Role.STAFF: 1,
    Role.CHAMPION: 2,
    Role.QI_COACH: 3,
    Role.LEAD: 4,
    Role.ORG_ADMIN: 5,
}


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("organisation__name", "user__email")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("user", "organisation"), name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.role})"

    def has_role(self, minimum: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[minimum]


class SystemRole(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "System admin"
    EXECUTIVE = "executive", "Executive"


class SystemMembership(models.Model):
    """A person's place at ICS level."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="system_memberships")
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=SystemRole.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("user", "system", "role"), name="system_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.system} ({self.role})"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An emailed invitation to join an organisation. Only a hash of the token is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("organisation", "email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash_token(token)

    @staticmethod
    def hash_token(token: str) -> str:
        return _hash_token(token)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "Accepted"
        if self.revoked_at:
            return "Withdrawn"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Pending"


class OrganisationSSO(models.Model):
    """Single sign-on for an organisation: an OpenID Connect app in allauth and this
    organisation's rule for joining through it. Several organisations may share one app (one
    registration at a shared issuer such as NHSmail), each with its own rule (ADR 0016).

    Accounts made through it are keyed by the provider (issuer) and the subject claim, so a
    changed or reused email address never hands one person's account to another.
    """

    class JoinRule(models.TextChoices):
        INVITATION = "invitation", "Only people with an invitation"
        DOMAIN = "domain", "Anyone with a verified email address at an allowed domain"

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="sso")
    social_app = models.ForeignKey(
        "socialaccount.SocialApp", on_delete=models.CASCADE, related_name="organisation_ssos"
    )
    default_role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    default_team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    button_text = models.CharField(max_length=100, default="Sign in with NHSmail")
    # Who may join by signing in (ADR 0016). A shared issuer (NHSmail is one tenant for the whole
    # NHS) must never let everyone it knows in: invitation only unless the trust lists domains.
    join_rule = models.CharField(max_length=20, choices=JoinRule.choices, default=JoinRule.INVITATION)
    allowed_domains = models.TextField(
        blank=True, help_text="Email domains, one a line, whose verified addresses may join without an invitation."
    )
    required_claims = models.JSONField(
        default=dict,
        blank=True,
        help_text='Claims that a token must carry to join by domain, for example {"tid": "your tenant id"}.',
    )
    # Off by default: OpenQI's own second factor applies unless the id_token says MFA happened.
    trust_provider_mfa = models.BooleanField(default=False)
    mfa_acr_values = models.TextField(
        blank=True, help_text="acr values, one a line, that mean the provider used multi-factor authentication."
    )

    def __str__(self) -> str:
        return f"SSO for {self.organisation}"

    def acr_values(self) -> list[str]:
        return [line.strip() for line in self.mfa_acr_values.splitlines() if line.strip()]

    def domains(self) -> list[str]:
        return [line.strip().lower().lstrip("@") for line in self.allowed_domains.splitlines() if line.strip()]
