"""A real OpenID Connect provider on loopback, for tests that sign in through single sign-on.

It speaks the protocol over HTTP on 127.0.0.1 (discovery, authorisation with PKCE, token with
client authentication, userinfo, JWKS, RP-initiated end-session) and signs id_tokens with RS256
through PyJWT and cryptography, the libraries allauth itself verifies them with (ADR 0016 says
why this and not a second Django project). A test says who is "signed in at the provider" with
`provider.person(...)`, and can spoil the next id_token (`provider.spoil(aud=..., exp=...)`).
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "openqi-test-client"
CLIENT_SECRET = "loopback-secret"


@dataclass
class _Grant:
    redirect_uri: str
    code_challenge: str
    nonce: str | None
    claims: dict[str, Any]


@dataclass
class LoopbackProvider:
    """State shared between the HTTP thread and the tests."""

    base_url: str = ""
    claims: dict[str, Any] = field(default_factory=dict)
    spoiled: dict[str, Any] = field(default_factory=dict)
    grants: dict[str, _Grant] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    end_session_requests: list[dict[str, str]] = field(default_factory=list)
    key: Any = None
    kid: str = "loopback-1"

    def person(self, *, sub: str, email: str, email_verified: bool = True, **claims: Any) -> None:
        self.claims = {"sub": sub, "email": email, "email_verified": email_verified, "name": email, **claims}

    def spoil(self, **claims: Any) -> None:
        """Claims the next id_token carries instead of the right ones (a wrong aud, a past exp)."""
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
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.base_url}/authorize",
            "token_endpoint": f"{self.base_url}/token",
            "userinfo_endpoint": f"{self.base_url}/userinfo",
            "jwks_uri": f"{self.base_url}/jwks",
            "end_session_endpoint": f"{self.base_url}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        }

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def id_token(self, grant: _Grant) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, **grant.claims}
        if grant.nonce:
            claims["nonce"] = grant.nonce
        claims.update(self.spoiled)
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


class _Handler(BaseHTTPRequestHandler):
    provider: LoopbackProvider

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _json(self, body: dict[str, Any], status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, url: str) -> None:
        self.send_response(302)
        self.send_header("Location", url)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        provider = self.provider
        if url.path == "/.well-known/openid-configuration":
            return self._json(provider.discovery())
        if url.path == "/jwks":
            return self._json(provider.jwks())
        if url.path == "/authorize":
            provider.authorize_requests.append(query)
            if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                return self._json({"error": "unauthorized_client"}, 400)
            if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
                return self._json({"error": "invalid_request", "error_description": "PKCE required"}, 400)
            code = secrets.token_urlsafe(16)
            provider.grants[code] = _Grant(
                redirect_uri=query["redirect_uri"],
                code_challenge=query["code_challenge"],
                nonce=query.get("nonce"),
                claims=dict(provider.claims),
            )
            return self._redirect(f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}")
        if url.path == "/userinfo":
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in provider.tokens:
                return self._json({"error": "invalid_token"}, 401)
            return self._json(provider.tokens[token])
        if url.path == "/logout":
            provider.end_session_requests.append(query)
            if query.get("post_logout_redirect_uri"):
                return self._redirect(query["post_logout_redirect_uri"])
            return self._json({"signed_out": True})
        return self._json({"error": "not_found"}, 404)

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/token":
            return self._json({"error": "not_found"}, 404)
        length = int(self.headers.get("Content-Length", 0))
        form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        basic = self.headers.get("Authorization", "")
        if basic.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(basic[6:]).decode().partition(":")
        if client_id != CLIENT_ID or client_secret != CLIENT_SECRET:
            return self._json({"error": "invalid_client"}, 401)
        grant = self.provider.grants.pop(form.get("code", ""), None)
        if grant is None or grant.redirect_uri != form.get("redirect_uri"):
            return self._json({"error": "invalid_grant"}, 400)
        if _s256(form.get("code_verifier", "")) != grant.code_challenge:
            return self._json({"error": "invalid_grant", "error_description": "PKCE verifier"}, 400)
        access_token = secrets.token_urlsafe(24)
        self.provider.tokens[access_token] = grant.claims
        return self._json(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.provider.id_token(grant),
            }
        )


def start() -> tuple[LoopbackProvider, ThreadingHTTPServer]:
    provider = LoopbackProvider(key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    handler = type("Handler", (_Handler,), {"provider": provider})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    provider.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return provider, server


def closed_port_url() -> str:
    """An issuer URL on loopback where nothing listens: the provider is down."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
