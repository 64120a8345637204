"""Organisation pages: switcher, home, members, invitations, teams, system admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service, call_service_from_button, call_service_on_page
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.organisations import selectors, services
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.adapters import PENDING_INVITATION
from openqi.organisations.forms import InvitationForm, MembershipForm, OrganisationForm, SystemForm, TeamForm
from openqi.organisations.models import Role


@login_required
def organisation_switch(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = list(selectors.organisation_list_for_user(user=request.user))
    if request.method == "POST":
        slug = request.POST.get("organisation", "")
        chosen = next((o for o in organisations if o.slug == slug), None)
        if chosen is not None:
            request.session["current_org"] = chosen.slug
            return redirect("organisations:organisation_home", chosen.slug)
        messages.error(request, "Choose one of your organisations.")
    return render(request, "organisations/organisation_switch.jinja", {"organisations": organisations})


@org_view("partner")
def organisation_home(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    return render(
        request,
        "organisations/organisation_home.jinja",
        {
            "access": access,
            "organisation": organisation,
            "summary": selectors.organisation_summary(organisation=organisation),
            "teams": selectors.team_list(organisation=organisation),
        },
    )


@org_view("lead")
def member_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selectors.membership_list(organisation=access.organisation, query=query))
    return render(
        request,
        "organisations/member_list.jinja",
        {
            "access": access,
            "organisation": access.organisation,
            "page": page,
            "pagination": page_links(request, page),
            "query": query,
            "invitations": selectors.invitation_list_pending(organisation=access.organisation),
            "can_manage": access.has_role(Role.ORG_ADMIN),
        },
    )


@org_view("lead")
@once_per_submission
def invitation_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    form = InvitationForm(request.POST or None, organisation=access.organisation, actor_role=access.acting_role)
    if request.method == "POST" and form.is_valid():
        invitation = call_service(
            form,
            lambda: services.invitation_create(
                actor=request.user,
                actor_role=access.acting_role,
                organisation=access.organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                team=form.cleaned_data["team"],
            ),
            refused_field="role",
        )
        if invitation is not None:
            messages.success(request, f"Invitation sent to {invitation.email}")
            return redirect("organisations:member_list", access.organisation.slug)
    return render(request, "organisations/invitation_create.jinja", {"form": form, "organisation": access.organisation})


@org_view("lead")
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, access: OrgAccess, invitation_id: int) -> HttpResponse:
    invitation = selectors.invitation_get(organisation=access.organisation, invitation_id=invitation_id)
    if invitation is None:
        raise Http404
    if call_service_from_button(request, lambda: services.invitation_revoke(actor=request.user, invitation=invitation)):
        messages.success(request, f"Invitation for {invitation.email} withdrawn")
    return redirect("organisations:member_list", access.organisation.slug)


@org_view("org_admin")
def membership_edit(request: AuthenticatedHttpRequest, access: OrgAccess, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get(organisation=access.organisation, membership_id=membership_id)
    if membership is None:
        raise Http404
    initial = {"role": membership.role, "team": str(membership.team_id or "")}
    form = MembershipForm(
        request.POST or None,
        initial=initial,
        organisation=access.organisation,
        actor_role=access.acting_role,
    )
    if request.method == "POST" and form.is_valid():
        changed = call_service(
            form,
            lambda: services.membership_change_role(
                actor=request.user,
                actor_role=access.acting_role,
                membership=membership,
                role=form.cleaned_data["role"],
                team=form.cleaned_data["team"],
            ),
            refused_field="role",
        )
        if changed is not None:
            messages.success(request, f"{membership.user.display_name} is now {Role(membership.role).label}")
            return redirect("organisations:member_list", access.organisation.slug)
    return render(
        request,
        "organisations/membership_edit.jinja",
        {"form": form, "membership": membership, "organisation": access.organisation},
    )


@org_view("org_admin")
def membership_remove(request: AuthenticatedHttpRequest, access: OrgAccess, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get(organisation=access.organisation, membership_id=membership_id)
    if membership is None:
        raise Http404
    error_text = ""
    if request.method == "POST":
        _, error_text = call_service_on_page(
            lambda: services.membership_remove(actor=request.user, membership=membership)
        )
        if not error_text:
            messages.success(
                request, f"{membership.user.display_name} has been removed from {access.organisation.name}"
            )
            return redirect("organisations:member_list", access.organisation.slug)
    return render(
        request,
        "organisations/membership_remove.jinja",
        {"membership": membership, "organisation": access.organisation, "error_text": error_text},
    )


@org_view("org_admin")
@once_per_submission
def team_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    form = TeamForm(request.POST or None, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        team = call_service(
            form,
            lambda: services.team_create(
                actor=request.user,
                organisation=access.organisation,
                name=form.cleaned_data["name"].strip(),
                parent=form.cleaned_data["parent"],
            ),
        )
        if team is not None:
            messages.success(request, f"Team ‘{team.name}’ added")
            return redirect("organisations:organisation_home", access.organisation.slug)
    return render(request, "organisations/team_create.jinja", {"form": form, "organisation": access.organisation})


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_find(token=token)
    if invitation is None:
        request.session.pop(PENDING_INVITATION, None)
        return render(request, "organisations/invitation_invalid.jinja", status=404)
    if not request.user.is_authenticated:
        request.session[PENDING_INVITATION] = token
        sso = selectors.sso_get(organisation=invitation.organisation)
        context = {"invitation": invitation, "token": token, "sso_enabled": sso is not None}
        return render(
            request, "organisations/invitation_accept.jinja", {**context, "sso_button": sso and sso.button_text}
        )
    user = request.user  # signed in from here on; a local keeps that known inside the lambda
    error_text = ""
    if request.method == "POST":
        membership, error_text = call_service_on_page(lambda: services.invitation_accept(user=user, token=token))
        if membership is not None:
            request.session.pop(PENDING_INVITATION, None)
            request.session["current_org"] = membership.organisation.slug
            messages.success(request, f"You have joined {membership.organisation.name}")
            return redirect("organisations:organisation_home", membership.organisation.slug)
    return render(
        request,
        "organisations/invitation_accept.jinja",
        {"invitation": invitation, "token": token, "error_text": error_text},
    )


def _require_system_admin(request: AuthenticatedHttpRequest) -> None:
    if not selectors.user_is_system_admin(user=request.user):
        raise PermissionDenied("Only system admins can do this.")


@login_required
def system_admin(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_system_admin(request)
    systems = selectors.system_list_for_admin(user=request.user)
    return render(request, "organisations/system_admin.jinja", {"systems": systems})


@login_required
@once_per_submission
def system_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_system_admin(request)
    form = SystemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        system = services.system_create(actor=request.user, name=form.cleaned_data["name"])
        messages.success(request, f"System ‘{system.name}’ created")
        return redirect("organisations:system_admin")
    return render(request, "organisations/system_create.jinja", {"form": form})


@login_required
@once_per_submission
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_system_admin(request)
    systems = selectors.system_list_for_admin(user=request.user)
    form = OrganisationForm(request.POST or None, systems=systems)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(
            actor=request.user,
            system=form.cleaned_data["system"],
            name=form.cleaned_data["name"],
            ods_code=form.cleaned_data["ods_code"].strip().upper(),
        )
        messages.success(request, f"Organisation ‘{organisation.name}’ created")
        return redirect("organisations:system_admin")
    return render(request, "organisations/organisation_create.jinja", {"form": form})
