"""An organisation's single sign-on settings: the form, saving them, the client secret and the
connection check behind the "Test connection" button (issue 21, ADR 0016).

The client secret is never shown again once saved. It is kept either encrypted (Fernet, with a key
derived from SSO_SECRET_KEY, or SECRET_KEY when that is unset) or as the name of an environment
variable that holds it (`env:NAME`), which is what docs/sso.md recommends for production.
allauth reads it through `secret_reveal` (SocialAccountAdapter.list_apps).
"""

import base64
import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from typing import Any

import requests
from allauth.socialaccount.models import SocialApp
from cryptography.fernet import Fernet, InvalidToken
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.core.forms import set_choices
from openqi.organisations.forms import team_choices
from openqi.organisations.models import Organisation, OrganisationSSO, Role, Team

ENV_PREFIX = "env:"
ENCRYPTED_PREFIX = "fernet:"
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,99}$")
# A default role may not hand out leadership: leads and admins are invited by name.
DEFAULT_ROLES = (Role.PARTNER, Role.STAFF, Role.CHAMPION)


def _fernet() -> Fernet:
    secret = getattr(settings, "SSO_SECRET_KEY", "") or settings.SECRET_KEY
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"openqi-sso-client-secret:{secret}".encode()).digest()))


def secret_seal(raw: str) -> str:
    return ENCRYPTED_PREFIX + _fernet().encrypt(raw.encode()).decode()


def secret_reveal(stored: str) -> str:
    """The client secret to send to the provider: decrypted, or read from the environment."""
    if stored.startswith(ENV_PREFIX):
        return os.environ.get(stored.removeprefix(ENV_PREFIX), "")
    if stored.startswith(ENCRYPTED_PREFIX):
        try:
            return _fernet().decrypt(stored.removeprefix(ENCRYPTED_PREFIX).encode()).decode()
        except InvalidToken:
            return ""  # the key changed: the sign-in fails at the token endpoint and is audited
    return stored


def secret_describe(stored: str) -> str:
    if not stored:
        return "Not set"
    if stored.startswith(ENV_PREFIX):
        name = stored.removeprefix(ENV_PREFIX)
        present = "set" if os.environ.get(name) else "not set on this server"
        return f"Read from the environment variable {name} ({present})"
    if stored.startswith(ENCRYPTED_PREFIX):
        return "Stored encrypted"
    return "Stored without encryption: enter it again to encrypt it"


def _issuer(server_url: str) -> str:
    return server_url.split("/.well-known/")[0].rstrip("/")


class SSOSettingsForm(forms.Form):
    server_url = forms.URLField(
        label="Issuer",
        max_length=500,
        assume_scheme="https",
        help_text="The identity provider's issuer URL. For Microsoft Entra ID: "
        "https://login.microsoftonline.com/<tenant id>/v2.0",
        error_messages={"required": "Enter the issuer URL", "invalid": "Enter the issuer as a full URL"},
    )
    client_id = forms.CharField(label="Client ID", max_length=191, error_messages={"required": "Enter the client ID"})
    client_secret = forms.CharField(
        label="Client secret",
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False),
        help_text="Stored encrypted and never shown again. Leave blank to keep the current secret.",
    )
    secret_env = forms.CharField(
        label="Or read the secret from this environment variable (optional)",
        required=False,
        max_length=100,
        help_text="For example OPENQI_SSO_SECRET. Used instead of a stored secret.",
    )
    uid_field = forms.ChoiceField(
        label="Claim that identifies a person",
        choices=[("sub", "sub (standard)"), ("oid", "oid (Microsoft Entra ID object id)")],
        widget=forms.RadioSelect,
    )
    join_rule = forms.ChoiceField(label="Who may join by signing in", choices=OrganisationSSO.JoinRule.choices)
    allowed_domains = forms.CharField(
        label="Allowed email domains (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line, for example alpha.nhs.uk. Only used when anyone at an allowed domain may join.",
    )
    required_claims = forms.CharField(
        label="Claims a person's token must carry to join by domain (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One a line as name=value, for example tid=<your tenant id>. Needed with NHSmail or any shared issuer.",
    )
    default_role = forms.ChoiceField(label="Role for people who join by domain")
    default_team = forms.ChoiceField(label="Team for people who join by domain", required=False)
    trust_provider_mfa = forms.BooleanField(
        label="Trust the provider's multi-factor authentication",
        required=False,
        help_text="Skip OpenQI's own authenticator code only for sign-ins whose token says the provider "
        'used multi-factor authentication (amr contains "mfa", or an acr value listed below). Otherwise OpenQI '
        "still asks for it.",
    )
    mfa_acr_values = forms.CharField(
        label="acr values that mean multi-factor authentication (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One a line, exactly as the provider sends them. Leave blank to rely on amr alone.",
    )
    button_text = forms.CharField(
        label="Sign-in button text", max_length=100, error_messages={"required": "Enter the button text"}
    )

    def __init__(self, *args: Any, organisation: Organisation, sso: OrganisationSSO | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation, self.sso = organisation, sso
        set_choices(self, "default_role", [(role.value, role.label) for role in DEFAULT_ROLES])
        set_choices(self, "default_team", team_choices(organisation))

    def clean_server_url(self) -> str:
        url = _issuer(self.cleaned_data["server_url"])
        loopback = url.startswith(("http://127.0.0.1", "http://localhost"))
        if not url.startswith("https://") and not loopback:
            raise ValidationError("Enter an issuer URL that starts with https://")
        return url

    def clean_secret_env(self) -> str:
        name = self.cleaned_data["secret_env"].strip()
        if name and not _ENV_NAME.match(name):
            raise ValidationError("Enter an environment variable name in capitals, digits and underscores")
        return name

    def clean_required_claims(self) -> dict[str, str]:
        claims: dict[str, str] = {}
        for line in self.cleaned_data["required_claims"].splitlines():
            if not line.strip():
                continue
            name, equals, value = line.partition("=")
            if not equals or not name.strip() or not value.strip():
                raise ValidationError("Write each claim as name=value, one a line")
            claims[name.strip()] = value.strip()
        return claims

    def clean_mfa_acr_values(self) -> str:
        values = [line.strip() for line in self.cleaned_data["mfa_acr_values"].splitlines() if line.strip()]
        if any(len(value) > 200 or " " in value for value in values):
            raise ValidationError("Enter each acr value on its own line, without spaces")
        return "\n".join(values)

    def clean_default_team(self) -> Team | None:
        value = self.cleaned_data.get("default_team")
        if not value:
            return None
        team = Team.objects.filter(organisation=self.organisation, pk=value).first()
        if team is None:
            raise ValidationError("Choose a team from the list")
        return team

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_secret = bool(self.sso and self.sso.social_app.secret)
        if not data.get("client_secret") and not data.get("secret_env") and not has_secret:
            self.add_error("client_secret", "Enter the client secret, or the environment variable that holds it")
        domains = [line.strip() for line in (data.get("allowed_domains") or "").splitlines() if line.strip()]
        if data.get("join_rule") == OrganisationSSO.JoinRule.DOMAIN and not domains:
            self.add_error("allowed_domains", "Enter at least one email domain, or choose invitation only")
        return data


def _registration(app: SocialApp) -> tuple[str, str, str]:
    settings_ = app.settings or {}
    return (_issuer(settings_.get("server_url", "")), app.client_id, settings_.get("uid_field", "sub"))


def _shared_with_others(app: SocialApp, organisation: Organisation) -> bool:
    return OrganisationSSO.objects.filter(social_app=app).exclude(organisation=organisation).exists()


def _app_to_join(*, server_url: str, client_id: str, uid_field: str, secret: str) -> SocialApp | None:
    """An app another organisation already registered for the same issuer and client, joined only
    by someone who knows its client secret (so a client id alone never attaches to another trust's
    sign-in). One registration then serves several organisations, each with its own rule."""
    if not secret:
        return None
    candidates = SocialApp.objects.filter(provider="openid_connect", client_id=client_id).order_by("pk")
    for app in candidates:
        if _registration(app) == (server_url, client_id, uid_field) and secrets.compare_digest(
            secret_reveal(app.secret).encode(), secret.encode()
        ):
            return app
    return None


def _new_provider_id(organisation: Organisation) -> str:
    base = f"{organisation.slug}-sso"[:150]
    provider_id, number = base, 1
    while SocialApp.objects.filter(provider_id=provider_id).exists():
        number += 1
        provider_id = f"{base}-{number}"
    return provider_id


@transaction.atomic
def sso_configure(*, actor: User, organisation: Organisation, data: dict[str, Any]) -> OrganisationSSO:
    """Save an organisation's SSO settings; the secret is sealed or referenced, never kept plain.

    The registration (issuer, client, secret, identifying claim) may be shared with other
    organisations: nothing one organisation saves changes another's. Changing a shared
    registration gives this organisation its own copy; a new registration that matches an
    existing one, with the same secret, joins it."""
    sso = OrganisationSSO.objects.filter(organisation=organisation).select_related("social_app").first()
    raw_secret = os.environ.get(data["secret_env"], "") if data.get("secret_env") else data.get("client_secret") or ""
    secret_changed = bool(data.get("secret_env") or data.get("client_secret"))
    wanted = (data["server_url"], data["client_id"].strip(), data["uid_field"])
    app: SocialApp | None = sso.social_app if sso else None
    own = app is not None and not _shared_with_others(app, organisation)
    if app is not None and not own and (_registration(app) != wanted or secret_changed):
        app = None  # leave the shared registration as it is for the others
    joined = None
    if app is None or own:
        joined = _app_to_join(server_url=wanted[0], client_id=wanted[1], uid_field=wanted[2], secret=raw_secret)
    if joined is not None and (app is None or joined.pk != app.pk):
        app = joined  # join the registration as it is: nothing of it changes
    elif app is None or own:
        if app is None:
            app = SocialApp(provider="openid_connect", provider_id=_new_provider_id(organisation))
            if sso is not None:
                app.secret = sso.social_app.secret  # a copy of a shared registration keeps its secret
        app.name = data["button_text"].removeprefix("Sign in with ").strip() or organisation.name
        app.client_id = wanted[1]
        if data.get("secret_env"):
            app.secret = ENV_PREFIX + data["secret_env"]
        elif data.get("client_secret"):
            app.secret = secret_seal(data["client_secret"])
        # Entra's userinfo has no `oid`: identified by it, the person is read from the id_token alone.
        app.settings = {
            **(app.settings or {}),
            "server_url": data["server_url"],
            "uid_field": data["uid_field"],
            "fetch_userinfo": data["uid_field"] == "sub",
        }
        app.save()
    previous_app = sso.social_app if sso else None
    sso = sso or OrganisationSSO(organisation=organisation, social_app=app)
    sso.social_app = app
    sso.join_rule = data["join_rule"]
    sso.allowed_domains = "\n".join(
        line.strip() for line in (data.get("allowed_domains") or "").splitlines() if line.strip()
    )
    sso.required_claims = data.get("required_claims") or {}
    sso.default_role = data["default_role"]
    sso.default_team = data.get("default_team")
    sso.button_text = data["button_text"].strip()
    sso.trust_provider_mfa = bool(data.get("trust_provider_mfa"))
    sso.mfa_acr_values = data.get("mfa_acr_values") or ""
    sso.save()
    if previous_app is not None and previous_app.pk != app.pk and not previous_app.organisation_ssos.exists():
        previous_app.delete()  # nobody uses it any more
    audit_log(
        actor=actor,
        action="sso.configure",
        organisation=organisation,
        obj=sso,
        detail={
            "issuer": data["server_url"],
            "client_id": app.client_id,
            "provider": app.provider_id,
            "shared_registration": _shared_with_others(app, organisation),
            "join_rule": sso.join_rule,
            "domains": sso.domains(),
            "required_claims": sorted(sso.required_claims),
            "trust_provider_mfa": sso.trust_provider_mfa,
            "mfa_acr_values": sso.acr_values(),
            "secret_changed": secret_changed,
        },
    )
    return sso


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str


def connection_check(sso: OrganisationSSO) -> list[Check]:
    """Fetch the provider's discovery document and keys and say what is wrong, in plain words."""
    app = sso.social_app
    issuer = _issuer((app.settings or {}).get("server_url", ""))
    url = f"{issuer}/.well-known/openid-configuration"
    checks: list[Check] = []
    try:
        response = requests.get(url, timeout=5)
        response.raise_for_status()
        config = response.json()
    except requests.RequestException as exc:
        return [Check(False, f"Could not fetch {url}: {exc.__class__.__name__}. Check the issuer URL and the network.")]
    except ValueError:
        return [Check(False, f"{url} did not answer with JSON. Check the issuer URL.")]
    checks.append(Check(True, f"Fetched the discovery document from {url}"))
    if _issuer(str(config.get("issuer", ""))) != issuer:
        checks.append(Check(False, f"The provider calls itself {config.get('issuer')!r}, not {issuer!r}."))
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not config.get(key):
            checks.append(Check(False, f"The discovery document has no {key}."))
    methods = config.get("code_challenge_methods_supported")
    if methods is not None and "S256" not in methods:
        checks.append(Check(False, "The provider does not offer PKCE with S256, which OpenQI uses."))
    if not config.get("end_session_endpoint"):
        checks.append(Check(False, "No end_session_endpoint: signing out of OpenQI will not sign out at the provider."))
    if app.secret.startswith(ENCRYPTED_PREFIX) and not secret_reveal(app.secret):
        checks.append(
            Check(False, "The stored client secret cannot be decrypted (SSO_SECRET_KEY changed?): enter it again.")
        )
    elif not secret_reveal(app.secret):
        checks.append(Check(False, f"No client secret: {secret_describe(app.secret)}."))
    if config.get("jwks_uri"):
        try:
            keys = requests.get(config["jwks_uri"], timeout=5)
            keys.raise_for_status()
            count = len(keys.json().get("keys", []))
        except (requests.RequestException, ValueError, AttributeError) as exc:
            checks.append(Check(False, f"Could not fetch the signing keys: {exc.__class__.__name__}."))
        else:
            checks.append(Check(count > 0, f"Fetched {count} signing key{'s' if count != 1 else ''}."))
    return checks
