"""Volunteering from the public front door: what it is, volunteer, confirm, sign in. No account."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.coproduction import selectors, services, tokens
from openqi.coproduction.forms import VolunteerForm
from openqi.coproduction.views.common import SIGN_IN, current_volunteer, home_url, system_or_404
from openqi.core.forms_util import call_service
from openqi.core.logging import no_access_log
from openqi.core.submission import once_per_submission, shown_once


def involve_home(request: HttpRequest, system_slug: str) -> HttpResponse:
    system = system_or_404(system_slug)
    return render(
        request,
        "coproduction/home.jinja",
        {
            "system": system,
            "volunteer": current_volunteer(request, system),
            "organisations": selectors.system_organisations(system=system),
        },
    )


@no_access_log
@once_per_submission
def volunteer_create(request: HttpRequest, system_slug: str) -> HttpResponse:
    system = system_or_404(system_slug)
    organisations = selectors.system_organisations(system=system)
    form = VolunteerForm(
        request.POST or None,
        organisations=organisations,
        initial={"contact_by": "email", "payment": "expenses"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = render(request, "coproduction/check_email.jinja", {"system": system, "email": data["email"]})
        if data["website"]:  # a robot filled the hidden field: keep nothing
            return shown_once(done)
        if SIGN_IN.too_many(request, system.pk):
            return render(request, "coproduction/limited.jinja", {"system": system}, status=429)
        volunteer = call_service(
            form,
            lambda: services.volunteer_register(
                system=system,
                email=data["email"],
                organisations=list(data["organisations"]),
                consented=data["consent"],
                **{name: data[name] for name in services.DETAIL_FIELDS},
            ),
            refused_field="consent",
        )
        if volunteer is not None:
            return shown_once(done)
    return render(
        request,
        "coproduction/volunteer.jinja",
        {"system": system, "form": form, "consent_wording": services.consent_wording(system)},
        status=400 if form.errors else 200,
    )


@no_access_log
def verify(request: HttpRequest, system_slug: str, token: str) -> HttpResponse:
    system = system_or_404(system_slug)
    return SIGN_IN.link_page(request, system=system, token=token, purpose=tokens.VERIFY, then=lambda: home_url(system))


@no_access_log
def sign_in_link(request: HttpRequest, system_slug: str, token: str) -> HttpResponse:
    system = system_or_404(system_slug)
    return SIGN_IN.link_page(request, system=system, token=token, purpose=tokens.SIGN_IN, then=lambda: home_url(system))


@no_access_log
@once_per_submission
def sign_in(request: HttpRequest, system_slug: str) -> HttpResponse:
    return SIGN_IN.sign_in_page(request, system=system_or_404(system_slug))


@require_POST
def sign_out(request: HttpRequest, system_slug: str) -> HttpResponse:
    system = system_or_404(system_slug)
    return SIGN_IN.sign_out(request, system=system, then=reverse("coproduction:home", args=[system.slug]))
