"""Process control counts: categories and their counts."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.boards import selectors, services
from openqi.boards.forms import CategoryForm
from openqi.boards.views.common import team_or_404
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view


@org_view("lead")
@once_per_submission
def category_create(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    team = team_or_404(access, team_id)
    form = CategoryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        created = call_service(
            form,
            lambda: services.control_category_create(
                actor=request.user, organisation=access.organisation, team=team, name=form.cleaned_data["name"]
            ),
        )
        if created is not None:
            return redirect("boards:board_detail", access.organisation.slug, team.pk)
    return render(
        request, "boards/category_create.jinja", {"organisation": access.organisation, "team": team, "form": form}
    )


@org_view("staff")
@require_POST
def count_change(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int, category_id: int) -> HttpResponse:
    team = team_or_404(access, team_id)
    category = selectors.control_category_get(team=team, category_id=category_id)
    if category is None:
        raise Http404
    field = request.POST.get("field", "")
    delta = 1 if request.POST.get("delta") == "1" else (-1 if request.POST.get("delta") == "-1" else 0)
    call_service_from_button(
        request,
        lambda: services.control_count_change(actor=request.user, category=category, field=field, delta=delta),
    )
    return redirect(f"{reverse('boards:board_detail', args=[access.organisation.slug, team.pk])}#control")
