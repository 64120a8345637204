"""Contact the CQI team (public) and the team's inbox of enquiries."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.logging import no_access_log
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission, shown_once
from openqi.network import enquiries
from openqi.network.forms import EnquiryForm
from openqi.network.views.common import system_or_404, team_view
from openqi.network.views.public import too_many
from openqi.organisations.models import System


@no_access_log
@once_per_submission
def contact(request: HttpRequest, system_slug: str) -> HttpResponse:
    system = system_or_404(system_slug)
    form = EnquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:  # a robot filled the hidden field: thank it and keep nothing
            return shown_once(render(request, "network/contact_done.jinja", {"system": system, "reference": ""}))
        if too_many(request, system.pk):
            return render(request, "network/join_limited.jinja", {"system": system}, status=429)
        enquiry = enquiries.enquiry_submit(
            system=system, name=data["name"], email=data["email"], message=data["message"]
        )
        return shown_once(
            render(request, "network/contact_done.jinja", {"system": system, "reference": enquiry.reference})
        )
    return render(
        request, "network/contact.jinja", {"system": system, "form": form}, status=400 if form.errors else 200
    )


@team_view
def team_enquiries(request: AuthenticatedHttpRequest, system: System) -> HttpResponse:
    handled = request.GET.get("show") == "handled"
    page = paginate(request, enquiries.enquiry_list(system=system, handled=handled), per_page=25)
    return render(
        request,
        "network/team_enquiries.jinja",
        {"system": system, "page": page, "pagination": page_links(request, page), "handled": handled},
    )


@require_POST
@team_view
def team_enquiry_handled(request: AuthenticatedHttpRequest, system: System, enquiry_id: int) -> HttpResponse:
    enquiry = enquiries.enquiry_get(system=system, enquiry_id=enquiry_id)
    if enquiry is None:
        raise Http404
    enquiries.enquiry_mark_handled(actor=request.user, enquiry=enquiry)
    messages.success(request, f"{enquiry.reference} is marked as answered.")
    return redirect("network:team_enquiries", system.slug)
