"""The network's own light sign-in (shared with co-production: `openqi.organisations.email_link`): a member proves their address by an emailed link, and the
session remembers which member they are in which network. No OpenQI account is needed; a
signed-in account with the same confirmed address counts as that member too."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from openqi.network import selectors, services, tokens
from openqi.network.forms import SignInForm
from openqi.network.models import Member
from openqi.organisations.email_link import EmailLinkSignIn, LinkTemplates
from openqi.organisations.models import System

SESSION_KEY = "network_members"
JOIN_LIMIT_PER_HOUR = 20  # per address: a form that sends email must not become a spam relay

SIGN_IN = EmailLinkSignIn(
    tokens=tokens.LINKS,
    session_key=SESSION_KEY,
    templates=LinkTemplates(
        expired="network/link_expired.jinja",
        confirm="network/link_confirm.jinja",
        sign_in="network/sign_in.jinja",
        sent="network/sign_in_sent.jinja",
        limited="network/join_limited.jinja",
    ),
    form_class=SignInForm,
    verify=lambda person_id, email: services.member_verify(member_id=person_id, email=email),
    send=lambda system, email: services.member_sign_in_request(system=system, email=email),
    rate_scope="network-join",
    rate_limit=JOIN_LIMIT_PER_HOUR,
    verified_message="Your email address is confirmed. Welcome to the network.",
    signed_out_message="You have signed out of the network.",
)


def system_or_404(system_slug: str) -> System:
    system = selectors.system_get(slug=system_slug)
    if system is None:
        raise Http404
    return system


def current_member(request: HttpRequest, system: System) -> Member | None:
    member_id = SIGN_IN.current_id(request, system)
    if member_id is not None:
        member = selectors.member_get(system=system, member_id=member_id)
        if member is not None:
            return member
    return selectors.member_for_user(system=system, user=request.user)


def forget_member(request: HttpRequest, system: System) -> None:
    SIGN_IN.forget(request, system)


MemberView = Callable[..., HttpResponse]


def member_view(view: MemberView) -> Callable[..., HttpResponse]:
    """A page for a network member of this system: others are sent to the network's sign-in."""

    @wraps(view)
    def wrapper(request: HttpRequest, system_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        system = system_or_404(system_slug)
        member = current_member(request, system)
        if member is None:
            return redirect(f"{_sign_in_url(system)}?next={request.path}")
        return view(request, system, member, *args, **kwargs)

    return wrapper


def _sign_in_url(system: System) -> str:
    return reverse("network:sign_in", args=[system.slug])


def team_view(view: MemberView) -> Callable[..., HttpResponse]:
    """A page for the ICS's CQI team: signed out, sign in; anyone else, 404 (the network's team
    pages do not admit they exist, as organisation pages do for outsiders)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, system_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        system = system_or_404(system_slug)
        if not selectors.user_is_network_team(user=request.user, system=system):
            raise Http404
        return view(request, system, *args, **kwargs)

    return wrapper


def safe_next(request: HttpRequest, system: System, default: str) -> str:
    candidate = request.GET.get("next") or request.POST.get("next") or ""
    prefix = f"/network/{system.slug}/"
    return candidate if candidate.startswith(prefix) and "//" not in candidate else default


def say_then_go(request: HttpRequest, message: str, to: str) -> Callable[[], HttpResponse]:
    """A confirmation page's `done`: a success message, then the next page."""

    def done() -> HttpResponse:
        messages.success(request, message)
        return redirect(to)

    return done
