"""The CQI team's partner email domains: how confirmed members are linked to their organisation."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service
from openqi.core.submission import once_per_submission
from openqi.network import selectors, services
from openqi.network.forms import PartnerDomainForm
from openqi.network.views.common import say_then_go, team_view
from openqi.organisations.models import System


@team_view
@once_per_submission
def team_domains(request: AuthenticatedHttpRequest, system: System) -> HttpResponse:
    organisations = [(o.pk, o.name) for o in system.organisations.order_by("name")]
    form = PartnerDomainForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = call_service(
            form,
            lambda: services.partner_domain_add(
                actor=request.user, system=system, organisation_id=data["organisation"], domain=data["domain"]
            ),
        )
        if added is not None:
            messages.success(request, f"Members who confirm an address at {added.domain} join as its staff.")
            return redirect("network:team_domains", system.slug)
    return render(
        request,
        "network/team_domains.jinja",
        {"system": system, "form": form, "domains": list(selectors.partner_domain_list(system=system))},
        status=400 if form.errors else 200,
    )


@team_view
def team_domain_remove(request: AuthenticatedHttpRequest, system: System, domain_id: int) -> HttpResponse:
    domain = selectors.partner_domain_get(system=system, domain_id=domain_id)
    if domain is None:
        raise Http404
    back = reverse("network:team_domains", args=[system.slug])
    return confirm_then(
        request,
        Confirmation(
            title=f"Stop linking {domain.domain} to {domain.organisation.name}?",
            button="Remove domain",
            cancel_url=back,
            body=(
                "People who join from now on with an address at this domain will be public members.",
                "Members already linked stay linked. You can add the domain again.",
            ),
        ),
        act=lambda: services.partner_domain_remove(actor=request.user, domain=domain),
        done=say_then_go(request, f"{domain.domain} is no longer linked.", back),
    )
