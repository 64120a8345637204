"""The QI team's pages: status, assignment, answers and moderation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.concurrency import call_edit_service, track_edits
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.submission import once_per_submission
from openqi.ideas import selectors, services
from openqi.ideas.forms import (
    AnswerForm,
    AssignForm,
    StatusForm,
)
from openqi.ideas.models import ANSWERABLE, Status
from openqi.ideas.views.common import QI_TEAM, idea_or_404
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role


@org_view(QI_TEAM)
def idea_status(request: AuthenticatedHttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = idea_or_404(access, idea_id)
    if not services.TRANSITIONS.get(idea.status):
        messages.error(request, "This idea is implemented: its status can no longer change")
        return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)
    form = StatusForm(request.POST or None, current=idea.status)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        original = None
        if data["status"] == Status.DUPLICATE and data["duplicate_of"]:
            original = selectors.idea_get(organisation=access.organisation, idea_id=data["duplicate_of"])
        call_service(
            form,
            lambda: services.idea_change_status(
                actor=request.user,
                idea=idea,
                status=data["status"],
                message=data["message"],
                accepted_as=data["accepted_as"],
                duplicate_of=original,
            ),
        )
        if not form.errors:
            messages.success(request, f"Idea {idea.pk} is now {idea.status_text.lower()}")
            return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)
    return render(request, "ideas/idea_status.jinja", {"form": form, "organisation": access.organisation, "idea": idea})


@org_view(QI_TEAM)
def idea_assign(request: AuthenticatedHttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = idea_or_404(access, idea_id)
    initial = {"owner": str(idea.owner_id or ""), "team": str(idea.team_id or ""), "response_due": idea.response_due}
    form = AssignForm(request.POST or None, initial=initial, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call_service(
            form,
            lambda: services.idea_assign(
                actor=request.user,
                idea=idea,
                owner=data["owner"],
                team=data["team"],
                response_due=data["response_due"],
            ),
        )
        if not form.errors:
            messages.success(request, f"Idea {idea.pk} assigned")
            return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)
    return render(request, "ideas/idea_assign.jinja", {"form": form, "organisation": access.organisation, "idea": idea})


@org_view("staff")
@once_per_submission
def idea_answer(request: AuthenticatedHttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = idea_or_404(access, idea_id)
    if not (access.has_role(QI_TEAM) or idea.owner_id == request.user.pk):
        raise PermissionDenied("Only the idea's owner or the QI team can answer it.")
    if idea.status not in ANSWERABLE:
        # Offer no form that can only be refused: say when the answer can be written instead.
        return render(
            request,
            "ideas/idea_answer_not_yet.jinja",
            {"organisation": access.organisation, "idea": idea, "is_qi_team": access.has_role(QI_TEAM)},
        )
    form = track_edits(AnswerForm(request.POST or None, initial={"answer": idea.public_answer}))
    if request.method == "POST" and form.is_valid():
        call_edit_service(
            form,
            lambda base: services.idea_answer(
                actor=request.user, idea=idea, answer=form.cleaned_data["answer"], base=base
            ),
        )
        if not form.errors:
            messages.success(request, "Your answer is on the ‘you said, we did’ page")
            return redirect("ideas:idea_detail", access.organisation.slug, idea.pk)
    return render(request, "ideas/idea_answer.jinja", {"form": form, "organisation": access.organisation, "idea": idea})


@org_view(Role.LEAD)
def moderation_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    return render(
        request,
        "ideas/moderation_list.jinja",
        {
            "organisation": access.organisation,
            "ideas": selectors.idea_moderation_queue(organisation=access.organisation),
        },
    )


@org_view(Role.LEAD)
@require_POST
def idea_moderate(request: AuthenticatedHttpRequest, access: OrgAccess, idea_id: int) -> HttpResponse:
    idea = idea_or_404(access, idea_id, include_unmoderated=True)
    approve = request.POST.get("decision") == "approve"
    if call_service_from_button(
        request, lambda: services.idea_moderate(actor=request.user, idea=idea, approve=approve)
    ):
        messages.success(request, f"Idea {idea.pk} {'approved' if approve else 'rejected'}")
    return redirect("ideas:moderation_list", access.organisation.slug)
