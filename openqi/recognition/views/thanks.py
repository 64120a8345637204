"""Thank-you pages: the recognition home, sending, a note, reporting, moderating, sharing, a team's notes."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role
from openqi.recognition import selectors, services
from openqi.recognition.forms import ModerateForm, ReasonForm, ShareForm, ThankYouForm
from openqi.recognition.models import NoteStatus, ThankYou

HOME_RECEIVED = 20
PER_PAGE = 25


@org_view("staff")
def recognition_home(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    team = access.membership.team if access.membership else None
    return render(
        request,
        "recognition/home.jinja",
        {
            "organisation": organisation,
            "access": access,
            "received": selectors.thank_you_received(organisation=organisation, user=request.user)[:HOME_RECEIVED],
            "sent": selectors.thank_you_sent(organisation=organisation, user=request.user)[:10],
            "team": team,
            "team_notes": selectors.thank_you_for_team(organisation=organisation, team=team)[:5] if team else [],
            "winners": selectors.winner_list(organisation=organisation)[:3],
            "challenges": selectors.challenge_list(organisation=organisation)[:5],
            "campaigns": selectors.campaign_choices_for_challenge(organisation=organisation)
            if access.has_role(Role.LEAD)
            else [],
            "reported": selectors.thank_you_reported(organisation=organisation).count()
            if access.has_role(Role.LEAD)
            else 0,
        },
    )


@org_view("staff")
def thank_you_collection(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    """Every thank-you this person received here, newest first: the collection they keep."""
    notes = paginate(
        request, selectors.thank_you_received(organisation=access.organisation, user=request.user), per_page=PER_PAGE
    )
    return render(
        request,
        "recognition/thank_you_collection.jinja",
        {"organisation": access.organisation, "notes": notes, "pages": page_links(request, notes)},
    )


@org_view("staff")
@once_per_submission
def thank_you_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    initial = {"team": request.GET.get("team", "")[:12], "recipient": request.GET.get("to", "")[:12]}
    form = ThankYouForm(request.POST or None, organisation=access.organisation, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        note = call_service(
            form,
            lambda: services.thank_you_send(
                actor=request.user,
                organisation=access.organisation,
                message=data["message"],
                recipient=data["recipient"],
                team=data["team"],
            ),
        )
        if note is not None:
            messages.success(request, "Thank you sent")
            return redirect("recognition:thank_you_detail", access.organisation.slug, note.pk)
    return render(request, "recognition/thank_you_create.jinja", {"form": form, "organisation": access.organisation})


def _note_or_404(request: AuthenticatedHttpRequest, access: OrgAccess, note_id: int) -> ThankYou:
    note = selectors.thank_you_get(organisation=access.organisation, note_id=note_id)
    if note is None or not selectors.thank_you_can_see(
        user=request.user, note=note, membership=access.membership, is_system_admin=access.is_system_admin
    ):
        raise Http404
    return note


@org_view("staff")
def thank_you_detail(request: AuthenticatedHttpRequest, access: OrgAccess, note_id: int) -> HttpResponse:
    note = _note_or_404(request, access, note_id)
    share_form = None
    if note.recipient_id == request.user.pk and note.status != NoteStatus.HIDDEN:
        share_form = ShareForm(organisation=access.organisation, actor=request.user)
    return render(
        request,
        "recognition/thank_you_detail.jinja",
        {
            "organisation": access.organisation,
            "access": access,
            "note": note,
            "share_form": share_form,
            "is_panel": access.has_role(Role.LEAD),
        },
    )


@org_view("staff")
def thank_you_share(request: AuthenticatedHttpRequest, access: OrgAccess, note_id: int) -> HttpResponse:
    note = _note_or_404(request, access, note_id)
    form = ShareForm(request.POST or None, organisation=access.organisation, actor=request.user)
    if request.method == "POST" and form.is_valid():
        manager = form.cleaned_data["manager"]
        call_service(form, lambda: services.thank_you_share(actor=request.user, note=note, manager=manager))
        if not form.errors:
            messages.success(request, f"Shared with {manager.display_name}")
            return redirect("recognition:thank_you_detail", access.organisation.slug, note.pk)
    return render(
        request,
        "recognition/thank_you_share.jinja",
        {"form": form, "organisation": access.organisation, "note": note},
        status=400 if form.errors else 200,
    )


@org_view("staff")
def thank_you_report(request: AuthenticatedHttpRequest, access: OrgAccess, note_id: int) -> HttpResponse:
    note = _note_or_404(request, access, note_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call_service(
            form, lambda: services.thank_you_report(actor=request.user, note=note, reason=form.cleaned_data["reason"])
        )
        if not form.errors:
            messages.success(request, "Thank you for telling us: a moderator will look at it")
            return redirect("recognition:recognition_home", access.organisation.slug)
    return render(
        request, "recognition/thank_you_report.jinja", {"form": form, "organisation": access.organisation, "note": note}
    )


@org_view(Role.LEAD)
def moderation_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    return render(
        request,
        "recognition/moderation_list.jinja",
        {"organisation": access.organisation, "notes": selectors.thank_you_reported(organisation=access.organisation)},
    )


@org_view(Role.LEAD)
def thank_you_moderate(request: AuthenticatedHttpRequest, access: OrgAccess, note_id: int) -> HttpResponse:
    note = _note_or_404(request, access, note_id)
    form = ModerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        hide = form.cleaned_data["decision"] == "hide"
        call_service(
            form,
            lambda: services.thank_you_moderate(
                actor=request.user, note=note, hide=hide, reason=form.cleaned_data["reason"]
            ),
        )
        if not form.errors:
            messages.success(request, "Thank-you hidden" if hide else "Thank-you kept")
            return redirect("recognition:moderation_list", access.organisation.slug)
    return render(
        request,
        "recognition/thank_you_moderate.jinja",
        {"form": form, "organisation": access.organisation, "note": note},
    )


@org_view("staff")
def team_thanks(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    team = selectors.team_get(organisation=access.organisation, team_id=team_id)
    if team is None:
        raise Http404
    notes = paginate(
        request, selectors.thank_you_for_team(organisation=access.organisation, team=team), per_page=PER_PAGE
    )
    return render(
        request,
        "recognition/team_thanks.jinja",
        {"organisation": access.organisation, "team": team, "notes": notes, "pages": page_links(request, notes)},
    )
