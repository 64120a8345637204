"""The loopback provider itself (tests/oidc_provider.py, ADR 0016): oauthlib enforces what the SSO
tests rely on it to enforce, so a sign-in that passes there passed a strict provider."""

import base64
import hashlib
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests

from openqi.organisations.tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, LoopbackProvider

pytestmark = pytest.mark.oidc

CALLBACK = "http://testserver/accounts/oidc/x/login/callback/"
VERIFIER = "a-verifier-long-enough-to-be-a-real-one-0123456789"


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def authorize(idp: LoopbackProvider, **overrides: str) -> dict[str, str]:
    query = {
        "client_id": CLIENT_ID,
        "response_type": "code",
        "redirect_uri": CALLBACK,
        "scope": "openid email profile",
        "state": "s1",
        "nonce": "n1",
        "code_challenge": _s256(VERIFIER),
        "code_challenge_method": "S256",
        **overrides,
    }
    query = {key: value for key, value in query.items() if value != ""}
    response = requests.get(f"{idp.base_url}/authorize?{urlencode(query)}", allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    return {key: values[0] for key, values in parse_qs(location.query).items()}


def token(idp: LoopbackProvider, code: str, **overrides: str) -> requests.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
        "code_verifier": VERIFIER,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        **overrides,
    }
    return requests.post(f"{idp.base_url}/token", data=form, timeout=5)


def test_the_code_flow_issues_a_signed_id_token_with_the_nonce_and_userinfo(idp: LoopbackProvider) -> None:
    idp.person(sub="s-1", email="a@nhs.net", tid="tenant-1")
    answer = authorize(idp)
    assert answer["state"] == "s1"
    response = token(idp, answer["code"])
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "refresh_token" not in body
    key = jwt.PyJWKSet.from_dict(requests.get(f"{idp.base_url}/jwks", timeout=5).json()).keys[0]
    claims = jwt.decode(body["id_token"], key.key, algorithms=["RS256"], audience=CLIENT_ID, issuer=idp.issuer)
    assert (claims["sub"], claims["nonce"], claims["tid"]) == ("s-1", "n1", "tenant-1")
    userinfo = requests.get(
        f"{idp.base_url}/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"}, timeout=5
    )
    assert userinfo.json()["email"] == "a@nhs.net"
    assert requests.get(f"{idp.base_url}/userinfo", headers={"Authorization": "Bearer x"}, timeout=5).status_code == 401


@pytest.mark.parametrize(
    "overrides",
    [
        {"code_challenge_method": "plain", "code_challenge": VERIFIER},
        {"code_challenge": "", "code_challenge_method": ""},
    ],
)
def test_pkce_with_s256_is_required(idp: LoopbackProvider, overrides: dict[str, str]) -> None:
    idp.person(sub="s-1", email="a@nhs.net")
    answer = authorize(idp, **overrides)
    assert answer["error"] == "invalid_request" and "code" not in answer


def test_nobody_signed_in_at_the_provider_gets_login_required(idp: LoopbackProvider) -> None:
    assert authorize(idp)["error"] == "login_required"


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"client_secret": "wrong"}, "invalid_client"),
        ({"code_verifier": "another-verifier-just-as-long-as-the-real-one-0123"}, "invalid_grant"),
        ({"redirect_uri": "http://testserver/elsewhere/"}, "invalid_request"),
    ],
)
def test_the_token_endpoint_refuses_a_wrong_secret_verifier_or_redirect(
    idp: LoopbackProvider, overrides: dict[str, str], error: str
) -> None:
    idp.person(sub="s-1", email="a@nhs.net")
    response = token(idp, authorize(idp)["code"], **overrides)
    assert response.json()["error"] == error


def test_a_code_works_once_and_basic_client_authentication_is_accepted(idp: LoopbackProvider) -> None:
    idp.person(sub="s-1", email="a@nhs.net")
    code = authorize(idp)["code"]
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK, "code_verifier": VERIFIER}
    first = requests.post(f"{idp.base_url}/token", data=form, headers={"Authorization": f"Basic {basic}"}, timeout=5)
    assert first.status_code == 200, first.text
    again = requests.post(f"{idp.base_url}/token", data=form, headers={"Authorization": f"Basic {basic}"}, timeout=5)
    assert again.json()["error"] == "invalid_grant"


def test_discovery_describes_only_what_the_provider_allows(idp: LoopbackProvider) -> None:
    config = requests.get(f"{idp.base_url}/.well-known/openid-configuration", timeout=5).json()
    assert config["issuer"] == idp.issuer
    assert config["response_types_supported"] == ["code"]
    assert config["code_challenge_methods_supported"] == ["S256"]
    assert config["end_session_endpoint"] == f"{idp.base_url}/logout"
    assert set(config["token_endpoint_auth_methods_supported"]) == {"client_secret_post", "client_secret_basic"}
