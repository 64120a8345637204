"""The resources library: browse and search (public), open a resource (public, members-only or
for an event's bookers), and the CQI team's add and remove."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.network import selectors as network_selectors
from openqi.network.resources import selectors, services
from openqi.network.resources.files import BY_CONTENT_TYPE
from openqi.network.resources.forms import ResourceForm
from openqi.network.resources.models import Audience, Level, Method, Resource, ResourceKind
from openqi.network.views.common import current_member, say_then_go, system_or_404, team_view
from openqi.organisations.models import System

PER_PAGE = 20
# An uploaded file is someone else's content on our origin: it may run nothing and load nothing.
# PDFs get the PDF policy of ADR 0021 instead, since browsers' PDF viewers refuse a sandbox (ADR 0028).
SANDBOX_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"
PDF_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _viewer(request: HttpRequest, system: System) -> selectors.Viewer:
    return selectors.Viewer(
        member=current_member(request, system),
        is_team=network_selectors.user_is_network_team(user=request.user, system=system),
    )


def _choice(request: HttpRequest, name: str, allowed: list[str]) -> str:
    value = request.GET.get(name, "")
    return value if value in allowed else ""


def resource_list(request: HttpRequest, system_slug: str) -> HttpResponse:
    system = system_or_404(system_slug)
    filters = {
        "query": request.GET.get("q", "").strip()[:200],
        "method": _choice(request, "method", Method.values),
        "audience": _choice(request, "audience", Audience.values),
        "level": _choice(request, "level", Level.values),
        "kind": _choice(request, "kind", ResourceKind.values),
    }
    page = paginate(request, selectors.resource_search(system=system, **filters), per_page=PER_PAGE)
    viewer = _viewer(request, system)
    return render(
        request,
        "network/resources/list.jinja",
        {
            "system": system,
            "member": viewer.member,
            "is_team": viewer.is_team,
            "page": page,
            "pagination": page_links(request, page),
            "filters": filters,
            "filtered": any(filters.values()),
            "methods": Method.choices,
            "audiences": Audience.choices,
            "levels": Level.choices,
            "kinds": ResourceKind.choices,
            "method_labels": dict(Method.choices),
            "audience_labels": dict(Audience.choices),
        },
    )


def _resource(system: System, resource_id: int) -> Resource:
    resource = selectors.resource_get(system=system, resource_id=resource_id)
    if resource is None:
        raise Http404
    return resource


def resource_detail(request: HttpRequest, system_slug: str, resource_id: int) -> HttpResponse:
    system = system_or_404(system_slug)
    resource = _resource(system, resource_id)
    viewer = _viewer(request, system)
    file_type = BY_CONTENT_TYPE.get(resource.content_type)
    return render(
        request,
        "network/resources/detail.jinja",
        {
            "system": system,
            "resource": resource,
            "member": viewer.member,
            "is_team": viewer.is_team,
            "may_open": selectors.may_open(resource=resource, viewer=viewer),
            "file_label": file_type.label if file_type else "",
            "method_labels": dict(Method.choices),
            "audience_labels": dict(Audience.choices),
            "method_names": [label for code, label in Method.choices if code in resource.methods],
            "audience_names": [label for code, label in Audience.choices if code in resource.audiences],
        },
    )


def resource_download(request: HttpRequest, system_slug: str, resource_id: int) -> HttpResponseBase:
    """The file itself, to those who may open it, with headers that keep it from acting as a page
    of ours: its checked type, nosniff, a sandbox, and a download for anything not a PDF or image."""
    system = system_or_404(system_slug)
    resource = _resource(system, resource_id)
    if not resource.is_file:
        raise Http404
    viewer = _viewer(request, system)
    if not selectors.may_open(resource=resource, viewer=viewer):
        if viewer.member is None and not viewer.is_team:
            sign_in = reverse("network:sign_in", args=[system.slug])
            return redirect(f"{sign_in}?next={reverse('network:resource_detail', args=[system.slug, resource.pk])}")
        raise PermissionDenied("This resource is for the people who booked the event")
    file_type = BY_CONTENT_TYPE.get(resource.content_type)
    inline = file_type is not None and file_type.inline
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=resource.file_name,
        content_type=resource.content_type if file_type else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = PDF_POLICY if resource.content_type == "application/pdf" else SANDBOX_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "public, max-age=300" if resource.visibility == "public" else "private, no-store"
    return response


@team_view
@once_per_submission
def team_resource_add(request: AuthenticatedHttpRequest, system: System) -> HttpResponse:
    event = request.GET.get("event", "")  # "Attach a recording or slides" on an event's page
    initial = {"visibility": "public"} | ({"event": event, "kind": "recording"} if event.isdigit() else {})
    form = ResourceForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        events=selectors.event_choices(system=system),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        resource = call_service(
            form,
            lambda: services.resource_create(
                actor=request.user,
                system=system,
                title=data["title"],
                summary=data["summary"],
                kind=data["kind"],
                methods=data["methods"],
                audiences=data["audiences"],
                level=data["level"],
                visibility=data["visibility"],
                link=data["link"],
                upload=upload,
                upload_name=upload.name if upload else "",
                upload_size=upload.size if upload else 0,
                event=data["event"],
            ),
        )
        if resource is not None:
            messages.success(request, f"‘{resource.title}’ is in the library.")
            return redirect("network:resource_detail", system.slug, resource.pk)
    return render(
        request,
        "network/resources/team_form.jinja",
        {"system": system, "form": form},
        status=400 if form.errors else 200,
    )


@team_view
def team_resource_remove(request: AuthenticatedHttpRequest, system: System, resource_id: int) -> HttpResponse:
    resource = _resource(system, resource_id)
    return confirm_then(
        request,
        Confirmation(
            title=f"Remove ‘{resource.title}’?",
            button="Remove resource",
            cancel_url=reverse("network:resource_detail", args=[system.slug, resource.pk]),
            body=("The resource and its file are deleted from the library. This cannot be undone.",),
            caption=f"{system.name} resources library",
        ),
        act=lambda: services.resource_delete(actor=request.user, resource=resource),
        done=say_then_go(
            request, f"‘{resource.title}’ is removed.", reverse("network:resource_list", args=[system.slug])
        ),
    )
