"""Trusting the identity provider's multi-factor authentication (issue 21, ADR 0016).

Off by default: OpenQI asks for its own second factor after an SSO sign-in as after a password.
An organisation may trust its provider's MFA instead, and then only for a sign-in whose id_token
says MFA happened: `amr` contains "mfa", or `acr` is one of the values the organisation lists.
A person in several organisations on one registration skips OpenQI's factor only when every one
of them trusts the provider and the token satisfies each. Every SSO sign-in audits which second
factor was used (`sso.mfa`: provider, openqi or none).
"""

from typing import Any

from allauth.mfa.stages import AuthenticateStage

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.organisations.models import Membership, OrganisationSSO

# Session key: this session's second factor was the provider's (read by the admin-MFA middleware).
MFA_BY_PROVIDER = "openqi_sso_mfa_by_provider"


def provider_mfa_claimed(*, sso: OrganisationSSO, claims: dict[str, Any]) -> bool:
    """Does this organisation trust its provider's MFA, and does the id_token say it happened?
    `amr` must be a list of methods (RFC 8176); a string is not read as one."""
    if not sso.trust_provider_mfa:
        return False
    amr = claims.get("amr")
    if isinstance(amr, list) and "mfa" in [str(method) for method in amr]:
        return True
    acr = str(claims.get("acr") or "")
    return bool(acr) and acr in sso.acr_values()


def provider_mfa_trusted(*, user: User, provider_id: str, claims: dict[str, Any]) -> bool:
    """True when every organisation of this user on the registration trusts the provider's MFA
    and the token satisfies each; false when the user belongs to none of them."""
    ssos = list(OrganisationSSO.objects.filter(social_app__provider_id=provider_id))
    member_of = set(
        Membership.objects.filter(user=user, organisation__in=[sso.organisation_id for sso in ssos]).values_list(
            "organisation_id", flat=True
        )
    )
    relevant = [sso for sso in ssos if sso.organisation_id in member_of]
    return bool(relevant) and all(provider_mfa_claimed(sso=sso, claims=claims) for sso in relevant)


class ProviderMfaAuthenticateStage(AuthenticateStage):
    """allauth's "enter your authenticator code" stage, skipped when the provider's MFA is trusted."""

    def handle(self) -> tuple[Any, bool]:
        # allauth hands the social login to the login it performs; a password sign-in has none.
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        user = self.login.user
        self.request.session.pop(MFA_BY_PROVIDER, None)
        if sociallogin is None or not isinstance(user, User):
            return super().handle()  # a password sign-in: OpenQI's own rule, unchanged
        provider_id = sociallogin.account.provider
        # The id_token's claims, as allauth verified them (issuer, audience, expiry, signature).
        claims = (sociallogin.account.extra_data or {}).get("id_token") or {}
        trusted = provider_mfa_trusted(user=user, provider_id=provider_id, claims=claims)
        if trusted:
            second_factor = "provider"
            self.request.session[MFA_BY_PROVIDER] = True
        else:
            second_factor = "openqi" if self._should_handle(self.request) else "none"
        amr = claims.get("amr") or []
        for membership in Membership.objects.filter(
            user=user, organisation__sso__social_app__provider_id=provider_id
        ).select_related("organisation"):
            audit_log(
                actor=user,
                action="sso.mfa",
                organisation=membership.organisation,
                detail={
                    "second_factor": second_factor,
                    "provider": provider_id,
                    "amr": [str(method) for method in (amr if isinstance(amr, list) else [amr])][:10],
                    "acr": str(claims.get("acr") or "")[:100],
                },
            )
        if trusted:
            return None, True
        return super().handle()
