"""Sustainability pages of a project: the list and chart over time, scoring on your own, the
team's spread and the facilitated agreement, and the results."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view
from openqi.projects.access import ProjectAccess, project_access_get
from openqi.sustainability import presenters, selectors, services
from openqi.sustainability.forms import FactorLevelsForm
from openqi.sustainability.models import Assessment
from openqi.sustainability.scoring import sustainability_model


def _project(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> ProjectAccess:
    pa = project_access_get(access=access, user_id=request.user.pk, project_id=project_id)
    services.assessment_require_visible(project_access=pa)
    return pa


def _assessment(pa: ProjectAccess, assessment_id: int) -> Assessment:
    assessment = selectors.assessment_get(project=pa.project, assessment_id=assessment_id)
    if assessment is None:
        raise Http404
    return assessment


def _context(pa: ProjectAccess, **extra: object) -> dict[str, object]:
    return {
        "pa": pa,
        "project": pa.project,
        "organisation": pa.org.organisation,
        "model": sustainability_model(),
        **extra,
    }


@org_view("staff")
def assessment_list(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    history = selectors.assessment_history(project=pa.project)
    model = sustainability_model()
    bars = presenters.history_bars(
        [
            (h.assessment.agreed_at.strftime("%d %b %Y"), h.result, h.assessment.diversity)
            for h in history
            if h.assessment.agreed_at
        ],
        ceiling=model.known_maximum,
    )
    return render(
        request,
        "sustainability/assessment_list.jinja",
        _context(
            pa,
            assessments=list(selectors.assessment_list(project=pa.project)),
            open_assessment=selectors.assessment_open(project=pa.project),
            history=bars,
            points=history,
        ),
    )


@org_view("staff")
@once_per_submission
def assessment_start(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_lead()
    # A form with no fields: it carries the one-time token and shows a refusal in the error summary.
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        assessment = call_service(form, lambda: services.assessment_start(actor=request.user, project_access=pa))
        if assessment is not None:
            messages.success(request, "Assessment started. Ask each team member to score on their own first.")
            return redirect("sustainability:assessment_detail", access.organisation.slug, pa.project.pk, assessment.pk)
    return render(request, "sustainability/assessment_start.jinja", _context(pa, form=form))


@org_view("staff")
def assessment_detail(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, assessment_id: int
) -> HttpResponse:
    pa = _project(request, access, project_id)
    assessment = _assessment(pa, assessment_id)
    result = selectors.assessment_result(assessment=assessment)
    mine = selectors.my_scores(assessment=assessment, user_id=request.user.pk)
    # Score on your own first: someone who will score sees the spread only once they have, so
    # the others' levels cannot anchor theirs. The facilitator (lead) and readers outside the
    # project team see it; after agreement everyone does.
    spread_hidden = not assessment.is_agreed and pa.can_edit and not pa.can_lead and not mine
    return render(
        request,
        "sustainability/assessment_detail.jinja",
        _context(
            pa,
            assessment=assessment,
            result=result,
            chart=presenters.ResultPresenter(result) if result else None,
            spreads=[] if spread_hidden else selectors.assessment_spreads(assessment=assessment),
            spread_hidden=spread_hidden,
            scorers=selectors.scorer_count(assessment=assessment),
            scored=bool(mine),
            team=selectors.team_levels(assessment=assessment),
        ),
    )


@org_view("staff")
def assessment_score(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, assessment_id: int
) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_edit()
    assessment = _assessment(pa, assessment_id)
    if assessment.is_agreed:
        return redirect("sustainability:assessment_detail", access.organisation.slug, pa.project.pk, assessment.pk)
    mine = selectors.my_scores(assessment=assessment, user_id=request.user.pk)
    form = FactorLevelsForm(
        request.POST if request.method == "POST" else None, initial=FactorLevelsForm.initial_from(mine)
    )
    if request.method == "POST" and form.is_valid():
        call_service(
            form,
            lambda: services.individual_scores_save(
                actor=request.user, project_access=pa, assessment=assessment, levels=form.levels(), notes=form.notes()
            ),
        )
        if not form.errors:
            messages.success(request, "Your scores are saved. The team sees them only as a spread, without names.")
            return redirect("sustainability:assessment_detail", access.organisation.slug, pa.project.pk, assessment.pk)
    return render(request, "sustainability/assessment_score.jinja", _context(pa, assessment=assessment, form=form))


@org_view("staff")
def assessment_agree(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, assessment_id: int
) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_lead()
    assessment = _assessment(pa, assessment_id)
    if assessment.is_agreed:
        return redirect("sustainability:assessment_detail", access.organisation.slug, pa.project.pk, assessment.pk)
    spreads = selectors.assessment_spreads(assessment=assessment)
    suggested = {s.spread.factor.key: s.spread.suggested for s in spreads if s.spread.suggested is not None}
    form = FactorLevelsForm(
        request.POST if request.method == "POST" else None,
        initial=suggested,
        note_label="What the team agreed, and why (optional)",
    )
    if request.method == "POST" and form.is_valid():
        agreed = call_service(
            form,
            lambda: services.assessment_agree(
                actor=request.user, project_access=pa, assessment=assessment, levels=form.levels(), notes=form.notes()
            ),
        )
        if agreed is not None:
            messages.success(request, "The team's scores are agreed.")
            return redirect("sustainability:assessment_detail", access.organisation.slug, pa.project.pk, assessment.pk)
    return render(
        request,
        "sustainability/assessment_agree.jinja",
        _context(pa, assessment=assessment, form=form, spreads={s.spread.factor.key: s for s in spreads}),
    )
