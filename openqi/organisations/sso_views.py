"""Single sign-on pages around allauth's OpenID Connect views (ADR 0016).

allauth's own login and callback views answer 500 when the identity provider cannot be reached
(they fetch its discovery document outside any error handling) and send no `nonce`. OpenQI's
URLs for them come first: they add a nonce to the authorisation request, turn an unreachable
provider into a clear page that keeps local sign-in, and log and audit why.
"""

import logging
import secrets
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from allauth.socialaccount.providers.openid_connect import views as oidc
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.csp import sso_form_action_allow, sso_origins_for
from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import OrganisationSSO
from openqi.organisations.selectors import sso_get
from openqi.organisations.sso_joining import REASONS, sso_for_provider, sso_refusal_audit, ssos_for_provider
from openqi.organisations.sso_settings import (
    Check,
    SSOSettingsForm,
    connection_check,
    secret_describe,
    sso_configure,
)

logger = logging.getLogger("openqi.sso")

NONCES = "openqi_sso_nonces"  # session key: {state id: nonce}
SIGNED_IN_WITH = "openqi_sso_provider"  # session key: the provider the person signed in through


def sso_problem(
    request: HttpRequest,
    *,
    sso: OrganisationSSO | None,
    reason: str,
    email: str = "",
    error: str = "",
    status: int = 403,
) -> HttpResponse:
    """The page a person sees when SSO cannot sign them in: what happened and how to get access."""
    logger.warning(
        "sso sign-in refused: reason=%s provider=%s error=%s",
        reason,
        sso.social_app.provider_id if sso else "",
        error,
    )
    sso_refusal_audit(sso=sso, reason=reason, email=email, detail=error)
    # On a registration several organisations share, the page names none of them.
    shared = sso is not None and OrganisationSSO.objects.filter(social_app_id=sso.social_app_id).count() > 1
    organisation = sso.organisation.name if sso and not shared else "your organisation"
    return render(
        request,
        "organisations/sso_problem.jinja",
        {
            "reason": reason,
            "message": REASONS.get(reason, REASONS["provider_error"]).format(organisation=organisation),
            "organisation_name": organisation,
            "provider_id": sso.social_app.provider_id if sso else "",
            "button_text": sso.button_text if sso else "",
        },
        status=status,
    )


def _with_nonce(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    location = response.get("Location", "") if response.status_code == 302 else ""
    state = parse_qs(urlsplit(location).query).get("state", [""])[0]
    if not state:
        return response
    nonce = secrets.token_urlsafe(24)
    nonces = dict(request.session.get(NONCES, {}))
    nonces[state] = nonce
    request.session[NONCES] = dict(list(nonces.items())[-5:])  # a few tabs at once, never a growing list
    response["Location"] = f"{location}&{urlencode({'nonce': nonce})}"
    return response


def sso_login(request: HttpRequest, provider_id: str) -> HttpResponse:
    sso = sso_for_provider(provider_id)
    if sso is None:
        raise Http404
    try:
        response = oidc.login(request, provider_id)
    except requests.RequestException as exc:
        return sso_problem(request, sso=sso, reason="provider_unreachable", error=repr(exc), status=503)
    return _with_nonce(request, response)


def sso_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    sso = sso_for_provider(provider_id)
    if sso is None:
        raise Http404
    try:
        return oidc.callback(request, provider_id)
    except requests.RequestException as exc:
        return sso_problem(request, sso=sso, reason="provider_unreachable", error=repr(exc), status=503)


@login_required
def sso_link(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The guided step for a member moving to SSO: signed in with their password, they link it."""
    ssos = ssos_for_provider(provider_id)
    if not ssos:
        raise Http404
    # On a registration several organisations share, name the person's own organisation, or
    # none: never another organisation that uses it.
    member_of = set(request.user.memberships.values_list("organisation_id", flat=True))  # type: ignore[union-attr]
    own = [sso for sso in ssos if sso.organisation_id in member_of]
    sso = own[0] if own else ssos[0]
    organisation_name = sso.organisation.name if own or len(ssos) == 1 else "your organisation"
    linked = request.user.socialaccount_set.filter(provider=provider_id).exists()  # type: ignore[union-attr]
    # The button's form leads on to the provider: the page's CSP form-action must allow it.
    sso_form_action_allow(request, sso_origins_for(provider_id=provider_id))
    context: dict[str, Any] = {"sso": sso, "linked": linked, "organisation_name": organisation_name}
    return render(request, "organisations/sso_link.jinja", context)


def _settings_page(
    request: HttpRequest, access: OrgAccess, form: SSOSettingsForm, checks: list[Check] | None = None
) -> HttpResponse:
    sso = form.sso
    context = {
        "organisation": access.organisation,
        "form": form,
        "sso": sso,
        "secret_state": secret_describe(sso.social_app.secret) if sso else "Not set",
        "callback_url": settings.SITE_URL.rstrip("/")
        + reverse("openid_connect_callback", args=[sso.social_app.provider_id if sso else "PROVIDER"]),
        # How many other organisations share this registration (never which: their rules are theirs).
        "shared_with": OrganisationSSO.objects.filter(social_app=sso.social_app).exclude(pk=sso.pk).count()
        if sso
        else 0,
        "checks": checks,
        "checks_failed": [check for check in checks or [] if not check.ok],
    }
    return render(request, "organisations/sso_settings.jinja", context, status=400 if form.errors else 200)


def _initial(sso: OrganisationSSO | None) -> dict[str, Any]:
    if sso is None:
        return {"uid_field": "sub", "join_rule": OrganisationSSO.JoinRule.INVITATION, "default_role": "staff"}
    app_settings = sso.social_app.settings or {}
    return {
        "server_url": app_settings.get("server_url", ""),
        "client_id": sso.social_app.client_id,
        "uid_field": app_settings.get("uid_field", "sub"),
        "join_rule": sso.join_rule,
        "allowed_domains": sso.allowed_domains,
        "required_claims": "\n".join(f"{name}={value}" for name, value in (sso.required_claims or {}).items()),
        "default_role": sso.default_role,
        "default_team": str(sso.default_team_id or ""),
        "button_text": sso.button_text,
        "trust_provider_mfa": sso.trust_provider_mfa,
        "mfa_acr_values": sso.mfa_acr_values,
    }


@org_view("org_admin")
def sso_settings(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    """An organisation's single sign-on: its admins and its system's admins set it up here."""
    sso = sso_get(organisation=access.organisation)
    data = request.POST if request.method == "POST" else None
    form = SSOSettingsForm(data, initial=_initial(sso), organisation=access.organisation, sso=sso)
    if request.method == "POST" and form.is_valid():
        sso_configure(actor=request.user, organisation=access.organisation, data=form.cleaned_data)
        messages.success(request, "Single sign-on settings saved")
        return redirect("organisations:sso_settings", access.organisation.slug)
    return _settings_page(request, access, form)


@org_view("org_admin")
@require_POST
def sso_test(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    """The Test connection button: fetch discovery and keys now and show what is wrong. Saves nothing."""
    sso = sso_get(organisation=access.organisation)
    if sso is None:
        raise Http404("Save the settings before testing the connection.")
    checks = connection_check(sso)
    form = SSOSettingsForm(initial=_initial(sso), organisation=access.organisation, sso=sso)
    return _settings_page(request, access, form, checks)
