"""A real OpenID Connect provider on loopback, for tests that sign in through single sign-on.

The protocol is oauthlib's (`oauthlib.openid.Server`, ADR 0016): it validates the authorisation
request (client, redirect URI, response type, scopes, PKCE), issues the code, authenticates the
client at the token endpoint, checks the code, redirect URI and PKCE verifier, issues the bearer
token and the id_token carrying the nonce, and answers userinfo; its MetadataEndpoint writes the
discovery document. This module supplies only what oauthlib leaves to a provider: a
`RequestValidator` that keeps the one client, codes and tokens in memory and signs id_tokens RS256
with PyJWT (`finalize_id_token`), the JWKS, the end-session endpoint (oauthlib has no RP-initiated
logout) and the stdlib HTTP server as transport on 127.0.0.1.

A test says who is "signed in at the provider" with `provider.person(...)`, and can spoil the
id_tokens it issues (`provider.spoil(aud=..., exp=...)`).
"""

import base64
import hmac
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from oauthlib.oauth2.rfc6749 import errors
from oauthlib.oauth2.rfc6749.endpoints.metadata import MetadataEndpoint
from oauthlib.openid import RequestValidator, Server

CLIENT_ID = "openqi-test-client"
CLIENT_SECRET = "loopback-secret"
SCOPES = ("openid", "profile", "email")
LIFETIME = 300  # seconds, for access tokens and id_tokens

Answer = tuple[dict[str, str], str | None, int]


@dataclass
class _Client:
    client_id: str


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    code_challenge: str
    code_challenge_method: str
    nonce: str | None
    scopes: list[str]
    claims: dict[str, Any]


@dataclass
class _Token:
    scopes: list[str]
    claims: dict[str, Any]


@dataclass
class LoopbackProvider:
    """State shared between the HTTP thread and the tests."""

    base_url: str = ""
    claims: dict[str, Any] = field(default_factory=dict)
    spoiled: dict[str, Any] = field(default_factory=dict)
    grants: dict[str, _Grant] = field(default_factory=dict)
    tokens: dict[str, _Token] = field(default_factory=dict)
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    end_session_requests: list[dict[str, str]] = field(default_factory=list)
    key: Any = None
    kid: str = "loopback-1"
    server: Any = None  # oauthlib.openid.Server, made by start() once the port is known
    metadata: Any = None  # oauthlib MetadataEndpoint

    def person(self, *, sub: str, email: str, email_verified: bool = True, **claims: Any) -> None:
        self.claims = {"sub": sub, "email": email, "email_verified": email_verified, "name": email, **claims}

    def spoil(self, **claims: Any) -> None:
        """Claims the id_tokens carry instead of the right ones (a wrong aud, a past exp)."""
        self.spoiled = claims

    def reset(self) -> None:
        self.claims, self.spoiled = {}, {}
        self.grants.clear()
        self.tokens.clear()
        self.authorize_requests.clear()
        self.end_session_requests.clear()

    @property
    def issuer(self) -> str:
        return self.base_url

    def discovery(self) -> dict[str, Any]:
        return dict(self.metadata.claims)

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    def authorize(self, uri: str, headers: dict[str, str]) -> Answer:
        """oauthlib validates the request; the person signed in here consents to everything."""
        try:
            scopes, info = self.server.validate_authorization_request(uri, "GET", None, headers)
        except errors.FatalClientError as error:  # bad client or redirect URI: never redirect
            return {"Content-Type": "application/json"}, error.json, error.status_code
        except errors.OAuth2Error as error:
            return {"Location": error.in_uri(error.redirect_uri)}, None, 302
        if not self.claims:  # nobody signed in here, and a fixture has no sign-in page to show
            refused = errors.LoginRequired(request=info["request"])
            return {"Location": refused.in_uri(refused.redirect_uri)}, None, 302
        answer: Answer = self.server.create_authorization_response(
            uri, "GET", None, headers, scopes=scopes, credentials={"user": dict(self.claims)}
        )
        return answer

    def userinfo(self, uri: str, method: str, body: str | None, headers: dict[str, str]) -> Answer:
        try:
            answer: Answer = self.server.create_userinfo_response(uri, method, body, headers)
        except errors.OAuth2Error as error:  # oauthlib raises here rather than answering (RFC 6750 §3)
            return {"Content-Type": "application/json", **error.headers}, error.json, error.status_code
        return answer


def _s256_only(request: Any) -> dict[str, Any]:
    """oauthlib accepts `plain` PKCE too (and assumes it when no method is sent); this one does not."""
    if request.code_challenge is not None and request.code_challenge_method != "S256":
        raise errors.UnsupportedCodeChallengeMethodError(request=request)
    return {}


class _Validator(RequestValidator):
    """What oauthlib asks of a provider: who the client is, where codes and tokens are kept, and
    how the id_token is signed."""

    def __init__(self, provider: LoopbackProvider) -> None:
        self.provider = provider

    # The one client -----------------------------------------------------------------------

    def validate_client_id(self, client_id: str, request: Any, *args: Any, **kwargs: Any) -> bool:
        if client_id != CLIENT_ID:
            return False
        request.client = _Client(client_id)
        return True

    def client_authentication_required(self, request: Any, *args: Any, **kwargs: Any) -> bool:
        return True

    def authenticate_client(self, request: Any, *args: Any, **kwargs: Any) -> bool:
        """client_secret_basic (RFC 6749 §2.3.1: form-encoded, then Basic) or client_secret_post."""
        client_id, secret = request.client_id, request.client_secret
        authorization = request.headers.get("Authorization", "")
        if authorization.startswith("Basic "):
            user, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
            client_id, secret = unquote_plus(user), unquote_plus(password)
        if client_id != CLIENT_ID or not hmac.compare_digest((secret or "").encode(), CLIENT_SECRET.encode()):
            return False
        request.client = _Client(client_id)
        return True

    def validate_redirect_uri(self, client_id: str, redirect_uri: str, request: Any, *args: Any, **kwargs: Any) -> bool:
        # The test client is registered for any callback: OpenQI's live-server port changes.
        return urlsplit(redirect_uri).scheme in ("http", "https")

    def get_default_redirect_uri(self, client_id: str, request: Any, *args: Any, **kwargs: Any) -> None:
        return None  # the client must send its redirect_uri

    def validate_response_type(
        self, client_id: str, response_type: str, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        return response_type == "code"

    def validate_grant_type(
        self, client_id: str, grant_type: str, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        return grant_type == "authorization_code"

    def get_default_scopes(self, client_id: str, request: Any, *args: Any, **kwargs: Any) -> list[str]:
        return ["openid"]

    def validate_scopes(
        self, client_id: str, scopes: list[str], client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        return "openid" in scopes and set(scopes) <= set(SCOPES)

    # Authorisation codes and PKCE ---------------------------------------------------------

    def is_pkce_required(self, client_id: str, request: Any) -> bool:
        return True

    def save_authorization_code(
        self, client_id: str, code: dict[str, str], request: Any, *args: Any, **kwargs: Any
    ) -> None:
        self.provider.grants[code["code"]] = _Grant(
            client_id=client_id,
            redirect_uri=request.redirect_uri,
            code_challenge=request.code_challenge,
            code_challenge_method=request.code_challenge_method,
            nonce=request.nonce,
            scopes=list(request.scopes),
            claims=request.user,
        )

    def _grant(self, code: str, client_id: str | None = None) -> _Grant | None:
        grant = self.provider.grants.get(code)
        if grant is None or (client_id is not None and grant.client_id != client_id):
            return None
        return grant

    def validate_code(self, client_id: str, code: str, client: Any, request: Any, *args: Any, **kwargs: Any) -> bool:
        grant = self._grant(code, client.client_id)
        if grant is None:
            return False
        request.user, request.scopes = grant.claims, grant.scopes
        return True

    def get_code_challenge(self, code: str, request: Any) -> str | None:
        grant = self._grant(code)
        return grant.code_challenge if grant else None

    def get_code_challenge_method(self, code: str, request: Any) -> str | None:
        grant = self._grant(code)
        return grant.code_challenge_method if grant else None

    def confirm_redirect_uri(
        self, client_id: str, code: str, redirect_uri: str, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        grant = self._grant(code)
        return grant is not None and grant.redirect_uri == redirect_uri

    def invalidate_authorization_code(self, client_id: str, code: str, request: Any, *args: Any, **kwargs: Any) -> None:
        self.provider.grants.pop(code, None)

    def get_authorization_code_scopes(self, client_id: str, code: str, redirect_uri: str, request: Any) -> list[str]:
        grant = self._grant(code)
        return grant.scopes if grant else []

    def get_authorization_code_nonce(self, client_id: str, code: str, redirect_uri: str, request: Any) -> str | None:
        grant = self._grant(code)
        return grant.nonce if grant else None

    # Tokens -------------------------------------------------------------------------------

    def save_bearer_token(self, token: dict[str, Any], request: Any, *args: Any, **kwargs: Any) -> None:
        self.provider.tokens[token["access_token"]] = _Token(scopes=list(request.scopes), claims=request.user)

    def validate_bearer_token(self, token: str, scopes: list[str], request: Any) -> bool:
        saved = self.provider.tokens.get(token or "")
        if saved is None or not set(scopes) <= set(saved.scopes):
            return False
        request.user, request.scopes = saved.claims, saved.scopes
        return True

    def finalize_id_token(
        self, id_token: dict[str, Any], token: dict[str, Any], token_handler: Any, request: Any
    ) -> str:
        """oauthlib fills aud, iat, nonce and at_hash; the provider adds who and when, and signs."""
        claims = {**request.user, "iss": self.provider.issuer, "exp": id_token["iat"] + LIFETIME, **id_token}
        claims.update(self.provider.spoiled)
        return self.provider.sign(claims)

    def get_userinfo_claims(self, request: Any) -> dict[str, Any]:
        return dict(request.user)

    # OpenID Connect prompts: the person is either signed in here or not ---------------------

    def validate_silent_login(self, request: Any) -> bool:
        return bool(self.provider.claims)

    def validate_silent_authorization(self, request: Any) -> bool:
        return True

    def validate_user_match(self, id_token_hint: str | None, scopes: list[str], claims: Any, request: Any) -> bool:
        return True


def _oauthlib_server(provider: LoopbackProvider) -> tuple[Any, Any]:
    server = Server(_Validator(provider), token_expires_in=LIFETIME)
    server.openid_connect_auth.custom_validators.pre_auth.append(_s256_only)
    server.openid_connect_auth.refresh_token = False  # no refresh tokens: OpenQI does not ask for them
    base = provider.base_url
    metadata = MetadataEndpoint(
        [server],
        claims={
            "issuer": provider.issuer,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "end_session_endpoint": f"{base}/logout",
            # What this provider allows, narrower than everything oauthlib's Server can do.
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": list(SCOPES),
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        },
        # oauthlib's checks insist on an https issuer; this one is http on loopback.
        raise_errors=False,
    )
    for unused in ("revocation_endpoint_auth_methods_supported", "introspection_endpoint_auth_methods_supported"):
        metadata.claims.pop(unused, None)
    return server, metadata


class _Handler(BaseHTTPRequestHandler):
    """Transport only: turn HTTP into oauthlib calls and their answers back into HTTP."""

    provider: LoopbackProvider

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _answer(self, headers: dict[str, str], body: str | None, status: int) -> None:
        data = (body or "").encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _json(self, body: dict[str, Any], status: int = 200) -> None:
        self._answer({"Content-Type": "application/json"}, json.dumps(body), status)

    def _uri(self) -> str:
        return f"{self.provider.base_url}{self.path}"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        provider = self.provider
        headers = dict(self.headers.items())
        if url.path == "/.well-known/openid-configuration":
            return self._answer(*provider.metadata.create_metadata_response(self._uri(), "GET"))
        if url.path == "/jwks":
            return self._json(provider.jwks())
        if url.path == "/authorize":
            provider.authorize_requests.append(query)
            return self._answer(*provider.authorize(self._uri(), headers))
        if url.path == "/userinfo":
            return self._answer(*provider.userinfo(self._uri(), "GET", None, headers))
        if url.path == "/logout":  # RP-initiated logout: not in oauthlib, so by hand
            provider.end_session_requests.append(query)
            if query.get("post_logout_redirect_uri"):
                return self._answer({"Location": query["post_logout_redirect_uri"]}, None, 302)
            return self._json({"signed_out": True})
        return self._json({"error": "not_found"}, 404)

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        headers = dict(self.headers.items())
        server = self.provider.server
        if path == "/token":
            return self._answer(*server.create_token_response(self._uri(), "POST", body, headers))
        if path == "/userinfo":
            return self._answer(*self.provider.userinfo(self._uri(), "POST", body, headers))
        return self._json({"error": "not_found"}, 404)


def start() -> tuple[LoopbackProvider, ThreadingHTTPServer]:
    provider = LoopbackProvider(key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    handler = type("Handler", (_Handler,), {"provider": provider})
    http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    provider.base_url = f"http://127.0.0.1:{http.server_address[1]}"
    provider.server, provider.metadata = _oauthlib_server(provider)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    return provider, http


def closed_port_url() -> str:
    """An issuer URL on loopback where nothing listens: the provider is down."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
