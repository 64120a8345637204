"""Check-in pages: answer today, the organisation overview, a team's page, settings, kiosks."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.audit.services import audit_log
from openqi.checkins import presenters, selectors, services
from openqi.checkins.forms import CheckInForm, CheckinSettingsForm, KioskForm
from openqi.checkins.models import Score
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.csv_export import csv_response
from openqi.core.forms_util import call_service, call_service_on_page
from openqi.core.logging import no_access_log
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission, shown_once
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Team
from openqi.organisations.selectors import team_list


@no_access_log
@org_view("staff")
@once_per_submission
def checkin_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    context = {"organisation": organisation, "can_see_results": access.has_role("qi_coach")}
    if not selectors.checkin_allowed(access=access):
        raise PermissionDenied("Only members of the organisation can check in.")
    if selectors.checkin_done_today(user=request.user, organisation=organisation):
        return render(request, "checkins/checkin_done.jinja", {**context, "already": True})
    reasons = selectors.checkin_settings_get(organisation=organisation).reasons
    form = CheckInForm(request.POST if request.method == "POST" else None, reasons=reasons)
    if request.method == "POST" and form.is_valid():
        checkin = call_service(
            form,
            lambda: services.checkin_submit(
                user=request.user,
                organisation=organisation,
                team=access.membership.team if access.membership else None,
                score=form.cleaned_data["score"],
                reasons=form.cleaned_data["reasons"],
                comment=form.cleaned_data["comment"],
            ),
        )
        if checkin is not None:
            # A repeat is sent back here, where the one-per-day rule says it is done already.
            return shown_once(
                render(request, "checkins/checkin_done.jinja", {**context, "already": False}), repeat_here=True
            )
        if form.non_field_errors() and services.ALREADY_TODAY in form.non_field_errors():
            return render(request, "checkins/checkin_done.jinja", {**context, "already": True})
    return render(request, "checkins/checkin_create.jinja", {**context, "form": form})


@org_view("qi_coach")
def checkin_overview(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    overview = selectors.checkin_organisation_overview(organisation=access.organisation)
    return render(
        request,
        "checkins/checkin_overview.jinja",
        {
            "organisation": access.organisation,
            "overview": overview,
            "is_lead": access.has_role("lead"),
            "hidden_text": presenters.hidden_text(overview.k),
        },
    )


@org_view("staff")
def checkin_my_team(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    """A member's own team: the weekly share of good days only (no days, reasons or comments),
    from the same suppressed report the QI team reads, so the two always agree."""
    team = access.membership.team if access.membership else None
    report = selectors.checkin_team_report(organisation=access.organisation, team=team) if team else None
    return render(
        request,
        "checkins/checkin_my_team.jinja",
        {
            "organisation": access.organisation,
            "team": team,
            "report": report,
            "hidden_text": presenters.hidden_text(report.k if report else 0),
        },
    )


def _team(access: OrgAccess, team_id: int) -> Team:
    team = selectors.team_get(organisation=access.organisation, team_id=team_id)
    if team is None:
        raise Http404
    return team


COMMENTS_PER_PAGE = 20


@org_view("qi_coach")
def checkin_team(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    team = _team(access, team_id)
    report = selectors.checkin_team_report(organisation=access.organisation, team=team)
    # Comments come newest week first; a page of them keeps the team page a readable length.
    comments = paginate(request, report.comments, per_page=COMMENTS_PER_PAGE)
    return render(
        request,
        "checkins/checkin_team.jinja",
        {
            "organisation": access.organisation,
            "report": report,
            "comments": comments,
            "comment_pages": page_links(request, comments),
            "chart": presenters.PChartPresenter(report.chart, [c.label for c in report.chart_weeks]),
            "can_hide": access.has_role("lead"),
            "hidden_text": presenters.hidden_text(report.k),
        },
    )


@org_view("qi_coach")
def checkin_team_export(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    team = _team(access, team_id)
    report = selectors.checkin_team_report(organisation=access.organisation, team=team)
    audit_log(actor=request.user, action="checkin.export", organisation=access.organisation, obj=team)
    return csv_response(
        f"check-ins-{access.organisation.slug}-team-{team.pk}.csv",
        ["Week beginning", "Responses", "Good days", "Share of good days"],
        presenters.week_rows(report.weeks, report.k),
    )


@org_view("lead")
@require_POST
def comment_hide(request: AuthenticatedHttpRequest, access: OrgAccess, checkin_id: uuid.UUID) -> HttpResponse:
    checkin = selectors.checkin_get(organisation=access.organisation, checkin_id=str(checkin_id))
    if checkin is None:
        raise Http404
    services.checkin_comment_hide(actor=request.user, organisation=access.organisation, checkin=checkin)
    messages.success(request, "Comment hidden. It no longer appears in any view or export.")
    team_id = request.POST.get("team", "")
    if team_id.isdigit():
        page = request.POST.get("page", "")
        url = reverse("checkins:checkin_team", args=[access.organisation.slug, int(team_id)])
        return redirect(url + (f"?page={page}#comments" if page.isdigit() else "#comments"))
    return redirect("checkins:checkin_overview", access.organisation.slug)


@org_view("lead")
def settings_edit(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    current = selectors.checkin_settings_get(organisation=access.organisation)
    initial = {"reporting_k": current.reporting_k, "reasons": "\n".join(current.reasons)}
    form = CheckinSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.checkin_settings_update(
                actor=request.user,
                organisation=access.organisation,
                reporting_k=form.cleaned_data["reporting_k"],
                reasons=form.cleaned_data["reasons"],
            ),
        )
        if saved is not None:
            messages.success(request, "Check-in settings saved")
            return redirect("checkins:checkin_overview", access.organisation.slug)
    return render(request, "checkins/settings_edit.jinja", {"form": form, "organisation": access.organisation})


@org_view("lead")
def kiosk_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    return render(
        request,
        "checkins/kiosk_list.jinja",
        {"organisation": access.organisation, "devices": selectors.kiosk_list(organisation=access.organisation)},
    )


@org_view("lead")
@once_per_submission
def kiosk_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    form = KioskForm(
        request.POST if request.method == "POST" else None,
        organisation=access.organisation,
        teams=team_list(organisation=access.organisation),
    )
    if request.method == "POST" and form.is_valid():
        created = call_service(
            form,
            lambda: services.kiosk_create(
                actor=request.user,
                organisation=access.organisation,
                team=form.cleaned_data["team"],
                name=form.cleaned_data["name"],
            ),
        )
        if created is not None:
            device, token = created
            # The link is shown this once: only a hash of its token is kept.
            link = request.build_absolute_uri(f"/k/{token}/")
            return shown_once(
                render(
                    request,
                    "checkins/kiosk_created.jinja",
                    {"organisation": access.organisation, "device": device, "link": link},
                )
            )
    return render(request, "checkins/kiosk_create.jinja", {"form": form, "organisation": access.organisation})


@org_view("lead")
def kiosk_revoke(request: AuthenticatedHttpRequest, access: OrgAccess, kiosk_id: int) -> HttpResponse:
    device = selectors.kiosk_get(organisation=access.organisation, kiosk_id=kiosk_id)
    if device is None or device.revoked_at is not None:
        raise Http404

    def done() -> HttpResponse:
        messages.success(request, f"‘{device.name}’ switched off. Its link no longer works.")
        return redirect("checkins:kiosk_list", access.organisation.slug)

    return confirm_then(
        request,
        Confirmation(
            title=f"Switch off the kiosk ‘{device.name}’?",
            caption=f"Ward kiosk for {device.team.name}",
            button="Switch off kiosk",
            cancel_url=reverse("checkins:kiosk_list", args=[access.organisation.slug]),
            body=(
                "Its link stops working at once and cannot be switched back on: to use the device again, "
                "set up a new kiosk for it. Check-ins already given through it stay in the counts.",
                "Switching it off is recorded in the audit log.",
            ),
        ),
        act=lambda: services.kiosk_revoke(actor=request.user, device=device),
        done=done,
        organisation=access.organisation,
    )


@no_access_log
@once_per_submission
def kiosk_checkin(request: HttpRequest, token: str) -> HttpResponse:
    """A shared ward device: no sign-in, the team comes from the link, one answer per tap."""
    device = services.kiosk_find(token=token)
    if device is None:
        return render(request, "checkins/kiosk_invalid.jinja", status=404)
    error = ""
    if request.method == "POST":
        raw = request.POST.get("score", "")
        score = int(raw) if raw.isdigit() else 0
        _, error = call_service_on_page(lambda: services.checkin_submit_kiosk(device=device, score=score))
        if not error:
            messages.success(request, "Thank you. Your answer has been added.")
            return redirect("checkins:kiosk_checkin", token)
    status = 429 if error and "Too many" in error else (400 if error else 200)
    return render(
        request,
        "checkins/kiosk_checkin.jinja",
        {"device": device, "scores": Score.choices, "error": error, "rate": settings.CHECKIN_KIOSK_RATE},
        status=status,
    )
