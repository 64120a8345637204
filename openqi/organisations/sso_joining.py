"""Who may join an organisation by single sign-on, and joining them (ADR 0016).

An identity provider knowing a person is not a reason to let them in: NHSmail is one tenant for
the whole NHS. Each organisation's SSO says its rule. A person joins when they hold a pending
invitation to that organisation (its role and team apply), or, under the domain rule, when the
provider vouches for an email address at one of the organisation's domains and the token carries
every required claim (Entra's `tid`, say). Everyone else is refused with a reason, which is
audited and shown to them with a way to get access.

One registration at a shared issuer (NHSmail) may serve several organisations, each with its own
rule: a person joins every organisation whose rule admits them. When none does, the refusal names
no organisation's rule to the person, and it is audited for the system admins, not in any one
organisation's log, so no organisation learns of another's rule or of people it never had.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.organisations.models import Invitation, Membership, OrganisationSSO
from openqi.organisations.services import invitation_accept_as, invitation_find

# Why a sign-in was refused, as audited, and what the person is told.
REASONS = {
    "no_email": "Your organisation's sign-in did not tell OpenQI your email address.",
    "email_not_verified": "Your organisation's sign-in did not confirm that your email address is yours.",
    "no_invitation": "You need an invitation to join {organisation} on OpenQI.",
    "no_organisation": "None of the organisations that use this sign-in lets you join without an invitation.",
    "domain_not_allowed": "Your email address is not at a domain {organisation} lets join without an invitation.",
    "claim_mismatch": "Your account is not in the directory {organisation} lets join without an invitation.",
    "nonce_mismatch": "The sign-in response was not the one OpenQI asked for. Start again.",
    "existing_account": "You already have an OpenQI account with this email address.",
    "provider_unreachable": "OpenQI could not reach your organisation's sign-in service.",
    "provider_error": "Your organisation's sign-in service refused or could not complete the sign-in.",
    "cancelled": "You cancelled signing in.",
}


@dataclass(frozen=True)
class JoinDecision:
    sso: OrganisationSSO
    invitation: Invitation | None = None
    refused: str = ""  # a key of REASONS; empty when the person may join


def ssos_for_provider(provider_id: str) -> list[OrganisationSSO]:
    """Every organisation's SSO on one registration (several when an issuer is shared)."""
    return list(
        OrganisationSSO.objects.filter(social_app__provider_id=provider_id)
        .select_related("organisation", "social_app", "default_team")
        .order_by("organisation__name", "pk")
    )


def sso_for_provider(provider_id: str) -> OrganisationSSO | None:
    """The registration's SSO when one organisation uses it; with several, the first (the app's
    settings, client and end-session endpoint are the same for all: use it for those only)."""
    ssos = ssos_for_provider(provider_id)
    return ssos[0] if ssos else None


@dataclass(frozen=True)
class JoinOutcome:
    """What the organisations on one registration decided about one identity."""

    decisions: list[JoinDecision]

    @property
    def admitted(self) -> list[JoinDecision]:
        return [decision for decision in self.decisions if not decision.refused]

    @property
    def refused(self) -> str:
        """Empty when some organisation admits the person; else the reason to show them.
        With several organisations, a reason that reveals none of their rules."""
        if self.admitted or not self.decisions:
            return "" if self.admitted else "provider_error"
        if len(self.decisions) == 1:
            return self.decisions[0].refused
        reasons = {decision.refused for decision in self.decisions}
        return reasons.pop() if reasons <= {"no_email", "email_not_verified"} else "no_organisation"


def join_outcome(
    *, ssos: list[OrganisationSSO], email: str, email_verified: bool, claims: dict[str, Any], invitation_token: str = ""
) -> JoinOutcome:
    return JoinOutcome(
        [
            join_decision(
                sso=sso, email=email, email_verified=email_verified, claims=claims, invitation_token=invitation_token
            )
            for sso in ssos
        ]
    )


def join_decision(
    *, sso: OrganisationSSO, email: str, email_verified: bool, claims: dict[str, Any], invitation_token: str = ""
) -> JoinDecision:
    """May this identity join `sso.organisation`? Decided from the provider's claims alone."""
    email = (email or "").strip().lower()
    if not email:
        return JoinDecision(sso, refused="no_email")
    held = invitation_find(token=invitation_token) if invitation_token else None
    if held is not None and held.organisation_id == sso.organisation_id and held.email.lower() == email:
        # The invitation's link proved the address, whatever the provider says about it.
        return JoinDecision(sso, invitation=held)
    if not email_verified:
        return JoinDecision(sso, refused="email_not_verified")
    invitation = (
        Invitation.objects.pending().filter(organisation=sso.organisation, email__iexact=email).order_by("-id").first()
    )
    if invitation is not None:
        return JoinDecision(sso, invitation=invitation)
    if sso.join_rule != OrganisationSSO.JoinRule.DOMAIN:
        return JoinDecision(sso, refused="no_invitation")
    if email.rpartition("@")[2] not in sso.domains():
        return JoinDecision(sso, refused="domain_not_allowed")
    if any(str(claims.get(name, "")) != str(value) for name, value in (sso.required_claims or {}).items()):
        return JoinDecision(sso, refused="claim_mismatch")
    return JoinDecision(sso)


@transaction.atomic
def sso_member_join(*, user: User, decision: JoinDecision) -> Membership:
    """A first SSO sign-in that `join_decision` allowed: join with the invitation's or the default role."""
    if decision.refused:
        raise ValueError(f"refused sign-in ({decision.refused}) cannot join")
    if decision.invitation is not None:
        return invitation_accept_as(user=user, invitation=decision.invitation, via="single sign-on")
    sso = decision.sso
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=sso.organisation, defaults={"role": sso.default_role, "team": sso.default_team}
    )
    if created:
        audit_log(
            actor=user,
            action="membership.sso_join",
            organisation=sso.organisation,
            obj=membership,
            detail={"provider": sso.social_app.provider_id, "role": membership.role, "rule": sso.join_rule},
        )
    return membership


def sso_join_if_allowed(*, user: User, decision: JoinDecision) -> Membership | None:
    """A person who already signs in by SSO (or just linked it) but is not yet a member joins
    when the rule lets them, for example after being invited; otherwise nothing changes."""
    if decision.refused or Membership.objects.filter(user=user, organisation=decision.sso.organisation).exists():
        return None
    return sso_member_join(user=user, decision=decision)


def sso_refusal_audit(*, sso: OrganisationSSO | None, reason: str, email: str = "", detail: str = "") -> None:
    """Every refused or failed SSO sign-in leaves a line in the organisation's audit log, or, on a
    registration several organisations share, in the system's (organisation-less) log."""
    shared = sso is not None and OrganisationSSO.objects.filter(social_app_id=sso.social_app_id).count() > 1
    audit_log(
        actor=None,
        action="sso.refused",
        organisation=sso.organisation if sso and not shared else None,
        detail={
            "reason": reason,
            "provider": sso.social_app.provider_id if sso else "",
            "email": email,
            **({"error": detail[:300]} if detail else {}),
        },
    )
