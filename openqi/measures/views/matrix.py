"""The icon matrix (a board's integrated performance view), saved selections, following a measure."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.measures import services
from openqi.measures.forms import MeasureSetForm
from openqi.measures.models import MeasureSet
from openqi.measures.presenters import (
    ASSURANCE_ICONS,
    format_number,
    icon_label_html,
    sparkline_path,
    unit_label,
)
from openqi.measures.selectors import matrix, measure_list
from openqi.measures.views.common import list_filters, measure_or_404
from openqi.organisations.access import OrgAccess, org_view

SET_MANAGER_ROLE = "lead"  # leads and admins may change or delete a shared selection
# Rows per page of the icon matrix: a board report's worth; a saved selection narrows further.
MATRIX_PAGE_SIZE = 100


def _matrix_filters(request: AuthenticatedHttpRequest, access: OrgAccess) -> tuple[dict[str, Any], matrix.MatrixQuery]:
    filters = list_filters(request, access)
    user_id: int = request.user.pk
    projects = [("", "Any project"), *matrix.project_choices(access=access, user_id=user_id)]
    sets = [("", "All measures")] + [
        (str(s.pk), s.name) for s in matrix.measure_set_list(access=access, user_id=user_id)
    ]
    assurance = request.GET.get("assurance", "")
    project = request.GET.get("project", "")
    selection = request.GET.get("set", "")
    sort = request.GET.get("sort", "name")
    filters.update(
        assurance=assurance if assurance in ASSURANCE_ICONS else "",
        project=project if project in dict(projects) else "",
        set=selection if selection in dict(sets) else "",
        sort=sort if sort in matrix.SORTS else "name",
        descending=request.GET.get("dir") == "desc",
        assurance_choices=[("", "Any assurance")] + [(k, v[3]) for k, v in ASSURANCE_ICONS.items()],
        project_choices=projects,
        set_choices=sets,
    )
    query = matrix.MatrixQuery(
        team_id=int(filters["team"]) if filters["team"] else None,
        measure_type=filters["type"],
        variation_icon=filters["icon"],
        assurance_icon=filters["assurance"],
        project_id=int(filters["project"]) if filters["project"] else None,
        set_id=int(filters["set"]) if filters["set"] else None,
        sort=filters["sort"],
        descending=filters["descending"],
    )
    return filters, query


def _sort_headers(request: HttpRequest, filters: dict[str, Any]) -> list[dict[str, str]]:
    """Column headers as links that sort by the column (again to reverse), with aria-sort."""
    headers = []
    for key, label in matrix.SORTS.items():
        current = filters["sort"] == key
        query = request.GET.copy()
        query["sort"] = key
        query["dir"] = "asc" if current and filters["descending"] else ("desc" if current else "asc")
        query.pop("page", None)
        headers.append(
            {
                "key": key,
                "label": label,
                # The page comes back with focus on the heading used to sort (openqi.js), not at the top.
                "href": "?" + query.urlencode() + f"#sort-{key}",
                "aria_sort": ("descending" if filters["descending"] else "ascending") if current else "none",
            }
        )
    return headers


@org_view("staff")
def measure_matrix(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    filters, query = _matrix_filters(request, access)
    measures = matrix.matrix_measures(access=access, user_id=request.user.pk, query=query)
    # One page at a time: the cost follows the rows read, not the measures the organisation has.
    page = paginate(request, measures, per_page=MATRIX_PAGE_SIZE)
    # One reverse() for the whole table: thousands of rows differ only in the id.
    href = reverse("measures:measure_detail", args=[access.organisation.slug, 0]).replace("/0/", "/{}/")
    rows = [
        {
            "measure": m,
            "href": href.format(m.pk),
            "latest": format_number(m.latest_value),
            "unit": unit_label(m),
            "variation": icon_label_html("variation", m.variation_icon, "Not enough data"),
            "assurance": icon_label_html("assurance", m.assurance_icon, "No target or not enough data"),
            "sparkline": sparkline_path(m.sparkline or []),
        }
        for m in page.object_list
    ]
    narrowed = any(filters[k] for k in ("team", "type", "icon", "assurance", "project", "set"))
    return render(
        request,
        "measures/measure_matrix.jinja",
        {
            "organisation": access.organisation,
            "rows": rows,
            "page": page,
            "pagination": page_links(request, page),
            "filters": filters,
            "narrowed": narrowed,
            "headers": _sort_headers(request, filters),
        },
    )


@org_view("staff")
@require_POST
def measure_follow(request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = measure_or_404(access, measure_id)
    if request.POST.get("follow") == "0":
        services.measure_unfollow(actor=request.user, measure=measure)
        messages.success(request, f"You no longer follow {measure.name}")
    else:
        services.measure_follow(actor=request.user, measure=measure)
        messages.success(request, f"You will be told when {measure.name} shows a new signal")
    return redirect("measures:measure_detail", access.organisation.slug, measure.pk)


def _visible_measures(access: OrgAccess) -> Any:
    return measure_list(organisation=access.organisation, access=access)


def _selection(request: AuthenticatedHttpRequest, access: OrgAccess, set_id: int) -> MeasureSet:
    selection = matrix.measure_set_get(access=access, user_id=request.user.pk, set_id=set_id)
    if selection is None:
        raise Http404
    return selection


@org_view("staff")
def measure_set_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    selections = matrix.measure_set_list(access=access, user_id=request.user.pk)
    return render(
        request,
        "measures/measure_set_list.jinja",
        {"organisation": access.organisation, "selections": selections, "user_id": request.user.pk},
    )


@org_view("staff")
@once_per_submission
def measure_set_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    return _selection_form(request, access, None)


@org_view("staff")
def measure_set_edit(request: AuthenticatedHttpRequest, access: OrgAccess, set_id: int) -> HttpResponse:
    selection = _selection(request, access, set_id)
    can_manage = access.has_role(SET_MANAGER_ROLE)
    if selection.created_by_id != request.user.pk and not (selection.shared and can_manage):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("delete") == "1":
        # Deleting always asks first, on its own page.
        return redirect("measures:measure_set_delete", access.organisation.slug, selection.pk)
    return _selection_form(request, access, selection, can_manage=can_manage)


@org_view("staff")
def measure_set_delete(request: AuthenticatedHttpRequest, access: OrgAccess, set_id: int) -> HttpResponse:
    selection = _selection(request, access, set_id)
    can_manage = access.has_role(SET_MANAGER_ROLE)
    if selection.created_by_id != request.user.pk and not (selection.shared and can_manage):
        raise PermissionDenied

    def done() -> HttpResponse:
        messages.success(request, f"Selection ‘{selection.name}’ deleted")
        return redirect("measures:measure_set_list", access.organisation.slug)

    return confirm_then(
        request,
        Confirmation(
            title=f"Delete the selection ‘{selection.name}’?",
            caption="Saved selection of measures",
            button="Delete selection",
            cancel_url=reverse("measures:measure_set_edit", args=[access.organisation.slug, selection.pk]),
            body=(
                "The measures themselves are not changed: only this saved choice of them goes"
                + (", for everyone in the organisation who uses it." if selection.shared else "."),
                "Its name, description and measures are kept in the audit log.",
            ),
        ),
        act=lambda: services.measure_set_delete(actor=request.user, selection=selection, can_manage_shared=can_manage),
        done=done,
        organisation=access.organisation,
    )


def _selection_form(
    request: AuthenticatedHttpRequest, access: OrgAccess, selection: MeasureSet | None, *, can_manage: bool = False
) -> HttpResponse:
    initial: dict[str, Any] = {"shared": True}
    if selection is not None:
        initial = {
            "name": selection.name,
            "description": selection.description,
            "shared": selection.shared,
            "measures": [str(pk) for pk in selection.measures.values_list("pk", flat=True)],
        }
    form = MeasureSetForm(request.POST or None, measures=_visible_measures(access), initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in ("name", "description", "shared", "measures")}
        if selection is None:
            selection = call_service(
                form,
                lambda: services.measure_set_create(actor=request.user, organisation=access.organisation, **values),
            )
        else:
            existing = selection
            call_service(
                form,
                lambda: services.measure_set_update(
                    actor=request.user, selection=existing, can_manage_shared=can_manage, **values
                ),
            )
        if selection is not None and not form.errors:
            messages.success(request, f"Selection ‘{selection.name}’ saved")
            return redirect(
                reverse("measures:measure_matrix", args=[access.organisation.slug]) + f"?set={selection.pk}"
            )
    return render(
        request,
        "measures/measure_set_form.jinja",
        {"form": form, "organisation": access.organisation, "selection": selection},
    )
