"""Pages for API tokens (list, make, revoke) and the API guide, which needs no JavaScript."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.api import selectors, services
from openqi.api.forms import TokenForm
from openqi.api.models import SERVICE_TOKEN_ROLE
from openqi.api.v1 import api
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service
from openqi.core.submission import once_per_submission, shown_once
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role


@org_view("staff")
def token_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    tokens = selectors.token_list(access=access, user_id=request.user.pk)
    return render(
        request,
        "api/token_list.jinja",
        {
            "organisation": access.organisation,
            "tokens": tokens,
            "is_admin": access.has_role(SERVICE_TOKEN_ROLE),
            "role_labels": dict(Role.choices),
        },
    )


@org_view("staff")
@once_per_submission
def token_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    form = TokenForm(
        request.POST or None,
        acting_role=access.acting_role,
        may_issue_service=access.has_role(SERVICE_TOKEN_ROLE),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issued = call_service(
            form,
            lambda: services.token_issue(
                actor=request.user,
                access=access,
                kind=data["kind"],
                name=data["name"],
                role=data["role"],
                token_access=data["access"],
                expires_on=data["expires_on"],
                scope=data.get("scope") or "api",
            ),
            refused_field="kind",
        )
        if issued is not None:
            token, secret = issued
            # The secret is in this one answer only: never stored, never in a redirect or session.
            page = render(
                request,
                "api/token_created.jinja",
                {"organisation": access.organisation, "token": token, "secret": secret},
            )
            return shown_once(page)
    return render(request, "api/token_create.jinja", {"form": form, "organisation": access.organisation})


@org_view("staff")
def token_revoke(request: AuthenticatedHttpRequest, access: OrgAccess, token_id: int) -> HttpResponse:
    token = selectors.token_get(access=access, user_id=request.user.pk, token_id=token_id)
    if token is None or token.revoked_at is not None:
        raise Http404
    back = reverse("api:token_list", args=[access.organisation.slug])

    def done() -> HttpResponse:
        messages.success(request, f"Token ‘{token.name}’ revoked")
        return redirect(back)

    return confirm_then(
        request,
        Confirmation(
            title=f"Revoke ‘{token.name}’?",
            button="Revoke token",
            cancel_url=back,
            caption=f"Token {token.prefix}",
            body=(
                "Anything that uses this token will be refused from now on.",
                "This cannot be undone: make a new token if you need one again.",
            ),
        ),
        act=lambda: services.token_revoke(actor=request.user, access=access, token=token),
        done=done,
        organisation=access.organisation,
    )


def api_guide(request: HttpRequest) -> HttpResponse:
    """How to use the API, and every operation it offers, read from its own OpenAPI document."""
    schema = api.get_openapi_schema()
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "summary": spec.get("summary", ""),
            "tag": (spec.get("tags") or [""])[0],
        }
        for path, methods in schema["paths"].items()
        for method, spec in methods.items()
    ]
    tags: dict[str, list[dict[str, str]]] = {}
    for operation in operations:
        tags.setdefault(operation["tag"], []).append(operation)
    return render(
        request,
        "api/guide.jinja",
        {
            "tags": tags,
            "openapi_url": reverse("api-v1:openapi-json"),
            "explorer_url": reverse("api-v1:openapi-view"),
        },
    )
