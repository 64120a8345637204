"""One emailed-link sign-in for a care system's public pages (the network's members, co-production's
volunteers): a signed, expiring link proves an email address, and the session remembers which person
the visitor is in which care system. No OpenQI account is needed.

Each app declares one `EmailLinkSignIn`: its token salt and purposes, its session key, its
templates, its rate limit and two callables into its own services (check a link's person, send a
sign-in link). The pages' behaviour (a link page that changes nothing on GET, a new session id on
signing in, the rate limit before any email, the same answer whether or not the address is known)
is written once, here. Nothing is stored for a link: the signature (SECRET_KEY and a salt per app
and purpose) and the age limit are the whole check, and a link names the address it was sent to,
so it proves nothing once the address changes."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openqi.core import ratelimit
from openqi.core.submission import shown_once
from openqi.organisations.models import System

VERIFY = "verify"
SIGN_IN = "sign-in"
TOKEN_MAX_CHARS = 500  # longer input is cut before it is unsigned: a cheap bound on the work


@dataclass(frozen=True)
class LinkTemplates:
    expired: str
    confirm: str
    sign_in: str
    sent: str
    limited: str


@dataclass(frozen=True)
class EmailLinkTokens:
    """An app's signed links: `namespace` makes the salt ("openqi.<namespace>.<purpose>"), `id_key`
    names the person's id inside a token (kept per app, so links already sent still work), and
    `max_age` gives each purpose its lifetime in seconds (None never expires)."""

    namespace: str
    id_key: str
    max_age: Mapping[str, int | None]

    def make(self, *, person_id: int, email: str, purpose: str) -> str:
        if purpose not in self.max_age:
            raise ValueError(f"Unknown link purpose: {purpose}")
        return signing.dumps({self.id_key: person_id, "e": email}, salt=self._salt(purpose), compress=True)

    def read(self, token: str, *, purpose: str) -> tuple[int, str] | None:
        try:
            data = signing.loads(token[:TOKEN_MAX_CHARS], salt=self._salt(purpose), max_age=self.max_age[purpose])
        except signing.BadSignature:  # includes SignatureExpired
            return None
        if not isinstance(data, dict):
            return None
        person_id, email = data.get(self.id_key), data.get("e")
        if not isinstance(person_id, int) or isinstance(person_id, bool) or not isinstance(email, str):
            return None
        return person_id, email

    def _salt(self, purpose: str) -> str:
        return f"openqi.{self.namespace}.{purpose}"


@dataclass(frozen=True)
class EmailLinkSignIn:
    """One app's emailed-link sign-in. `verify(person_id, email)` returns the person (with
    `pk` and `system_id`) when the link still names them at that address; `send(system, email)`
    emails a sign-in link when the address is known and says nothing either way."""

    tokens: EmailLinkTokens
    session_key: str
    templates: LinkTemplates
    form_class: type[forms.Form]
    verify: Callable[[int, str], Any]
    send: Callable[[System, str], None]
    rate_scope: str  # one counter per scope and care system, shared with the app's other public forms
    rate_limit: int
    verified_message: str
    signed_out_message: str

    # ---- the session -----------------------------------------------------------------------

    def current_id(self, request: HttpRequest, system: System) -> int | None:
        person_id = request.session.get(self.session_key, {}).get(str(system.pk))
        return person_id if isinstance(person_id, int) and not isinstance(person_id, bool) else None

    def remember(self, request: HttpRequest, *, system_id: int, person_id: int) -> None:
        request.session.cycle_key()  # a new session id on signing in: no fixation
        known = dict(request.session.get(self.session_key, {}))
        known[str(system_id)] = person_id
        request.session[self.session_key] = known

    def forget(self, request: HttpRequest, system: System) -> None:
        known = dict(request.session.get(self.session_key, {}))
        known.pop(str(system.pk), None)
        request.session[self.session_key] = known

    def too_many(self, request: HttpRequest, system_id: int) -> bool:
        return ratelimit.too_many(request, scope=f"{self.rate_scope}:{system_id}", limit=self.rate_limit)

    # ---- the pages -------------------------------------------------------------------------

    def link_page(
        self, request: HttpRequest, *, system: System, token: str, purpose: str, then: Callable[[], str]
    ) -> HttpResponse:
        """GET shows a button (a link scanner's visit changes nothing); POST confirms and signs in,
        then goes to `then()`."""
        found = self.tokens.read(token, purpose=purpose)
        if found is None:
            return render(request, self.templates.expired, {"system": system}, status=400)
        if request.method == "POST":
            person = self.verify(found[0], found[1])
            if person is None or person.system_id != system.pk:
                return render(request, self.templates.expired, {"system": system}, status=400)
            self.remember(request, system_id=system.pk, person_id=person.pk)
            if purpose == VERIFY:
                messages.success(request, self.verified_message)
            return redirect(then())
        return render(request, self.templates.confirm, {"system": system, "purpose": purpose})

    def sign_in_page(self, request: HttpRequest, *, system: System) -> HttpResponse:
        """Ask for an address and email it a link: the same answer whether it is known or not."""
        form = self.form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if self.too_many(request, system.pk):
                return render(request, self.templates.limited, {"system": system}, status=429)
            email = form.cleaned_data["email"]
            self.send(system, email)
            return shown_once(render(request, self.templates.sent, {"system": system, "email": email}))
        return render(
            request, self.templates.sign_in, {"system": system, "form": form}, status=400 if form.errors else 200
        )

    def sign_out(self, request: HttpRequest, *, system: System, then: str) -> HttpResponse:
        self.forget(request, system)
        messages.success(request, self.signed_out_message)
        return redirect(then)
