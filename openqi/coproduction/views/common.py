"""The volunteer's light sign-in, the network's too (`openqi.organisations.email_link`): an emailed
link proves the address and the session remembers which volunteer they are in which care system.
No OpenQI account is needed."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from openqi.coproduction import selectors, services, tokens
from openqi.coproduction.forms import SignInForm
from openqi.coproduction.models import Volunteer
from openqi.organisations.email_link import EmailLinkSignIn, LinkTemplates
from openqi.organisations.models import System

SESSION_KEY = "coproduction_volunteers"
LIMIT_PER_HOUR = 20  # per address: a form that sends email must not become a spam relay

SIGN_IN = EmailLinkSignIn(
    tokens=tokens.LINKS,
    session_key=SESSION_KEY,
    templates=LinkTemplates(
        expired="coproduction/link_expired.jinja",
        confirm="coproduction/link_confirm.jinja",
        sign_in="coproduction/sign_in.jinja",
        sent="coproduction/sign_in_sent.jinja",
        limited="coproduction/limited.jinja",
    ),
    form_class=SignInForm,
    verify=lambda person_id, email: services.volunteer_verify(volunteer_id=person_id, email=email),
    send=lambda system, email: services.volunteer_sign_in_request(system=system, email=email),
    rate_scope="coproduction",
    rate_limit=LIMIT_PER_HOUR,
    verified_message="Your email address is confirmed. Thank you for volunteering.",
    signed_out_message="You have signed out.",
)


def system_or_404(system_slug: str) -> System:
    system = selectors.system_get(slug=system_slug)
    if system is None:
        raise Http404
    return system


def current_volunteer(request: HttpRequest, system: System) -> Volunteer | None:
    volunteer_id = SIGN_IN.current_id(request, system)
    return None if volunteer_id is None else selectors.volunteer_get(system=system, volunteer_id=volunteer_id)


def forget_volunteer(request: HttpRequest, system: System) -> None:
    SIGN_IN.forget(request, system)


def volunteer_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A volunteer's own page: anyone else is sent to the emailed-link sign-in."""

    @wraps(view)
    def wrapper(request: HttpRequest, system_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        system = system_or_404(system_slug)
        volunteer = current_volunteer(request, system)
        if volunteer is None:
            return redirect("coproduction:sign_in", system.slug)
        return view(request, system, volunteer, *args, **kwargs)

    return wrapper


def home_url(system: System) -> str:
    return reverse("coproduction:me", args=[system.slug])
