"""A volunteer's own pages: see, change, renew, export and delete their registration; answer
invitations; see the projects they joined and their involvement history."""

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openqi.coproduction import selectors, services
from openqi.coproduction.forms import AnswerForm, VolunteerDetailsForm
from openqi.coproduction.models import OfferStatus, Volunteer
from openqi.coproduction.privacy import volunteer_export
from openqi.coproduction.views.common import forget_volunteer, home_url, volunteer_view
from openqi.core.forms_util import call_service
from openqi.core.submission import once_per_submission
from openqi.organisations.models import System


@volunteer_view
def me(request: HttpRequest, system: System, volunteer: Volunteer) -> HttpResponse:
    return render(
        request,
        "coproduction/me.jinja",
        {
            "system": system,
            "volunteer": volunteer,
            "words": selectors.words,
            "registrations": volunteer.registrations.select_related("organisation"),
            "offers": selectors.volunteer_offers(volunteer=volunteer).filter(status=OfferStatus.INVITED),
            "projects": selectors.volunteer_projects(volunteer=volunteer),
            "history": selectors.volunteer_history(volunteer=volunteer)[:50],
            "lapsed": volunteer.lapsed(),
        },
    )


@volunteer_view
def me_change(request: HttpRequest, system: System, volunteer: Volunteer) -> HttpResponse:
    organisations = selectors.system_organisations(system=system)
    initial = {name: getattr(volunteer, name) for name in services.DETAIL_FIELDS}
    initial["organisations"] = [r.organisation_id for r in volunteer.registrations.all()]
    form = VolunteerDetailsForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            lambda: services.volunteer_update(
                volunteer=volunteer,
                organisations=list(data["organisations"]),
                **{name: data[name] for name in services.DETAIL_FIELDS},
            ),
        )
        if done is not None:
            messages.success(request, "Your details are saved.")
            return redirect(home_url(system))
    return render(
        request,
        "coproduction/me_change.jinja",
        {"system": system, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@volunteer_view
def me_renew(request: HttpRequest, system: System, volunteer: Volunteer) -> HttpResponse:
    services.volunteer_renew(volunteer=volunteer)
    messages.success(request, f"Thank you. Your consent is renewed until {volunteer.review_on:%-d %B %Y}.")
    return redirect(home_url(system))


@volunteer_view
def me_export(request: HttpRequest, system: System, volunteer: Volunteer) -> HttpResponse:
    body = json.dumps(volunteer_export(volunteer), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-involvement-registration.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@volunteer_view
def me_delete(request: HttpRequest, system: System, volunteer: Volunteer) -> HttpResponse:
    if request.method == "POST":
        services.volunteer_erase(volunteer=volunteer)
        forget_volunteer(request, system)
        messages.success(request, "Your registration and every organisation's notes about it are deleted.")
        return redirect("coproduction:home", system.slug)
    return render(request, "coproduction/me_delete.jinja", {"system": system, "volunteer": volunteer})


@volunteer_view
@once_per_submission
def offer_answer(request: HttpRequest, system: System, volunteer: Volunteer, offer_id: int) -> HttpResponse:
    offer = selectors.volunteer_offer_get(volunteer=volunteer, offer_id=offer_id)
    if offer is None:
        raise Http404
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and offer.status == OfferStatus.INVITED and form.is_valid():
        accept = form.cleaned_data["choice"] == "accept"
        done = call_service(
            form, lambda: services.offer_answer(offer=offer, accept=accept, answer=form.cleaned_data["answer"])
        )
        if done is not None:
            messages.success(
                request,
                f"Thank you. You have joined {offer.request.project.title} as a partner: we have emailed you how to sign in."
                if accept
                else "Thank you for letting us know.",
            )
            return redirect(home_url(system))
    return render(
        request,
        "coproduction/offer_answer.jinja",
        {"system": system, "offer": offer, "form": form, "words": selectors.words},
        status=400 if form.errors else 200,
    )
