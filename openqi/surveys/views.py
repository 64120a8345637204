"""Pulse survey pages: leads build surveys and read results; members answer anonymously."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.logging import no_access_log
from openqi.core.pagination import page_links, paginate
from openqi.core.qr import qr_svg
from openqi.core.submission import once_per_submission, shown_once
from openqi.core.undo import undo_message
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.selectors import team_list
from openqi.surveys import selectors, services
from openqi.surveys.breakdowns import survey_breakdown as survey_breakdown_get
from openqi.surveys.forms import QuestionForm, ResponseForm, SurveyForm
from openqi.surveys.models import Breakdown, Survey, SurveyState, SurveyStatus
from openqi.surveys.services.reminders import survey_reminder_send
from openqi.surveys.services.rounds import survey_recurrence_stop as survey_recurrence_stop_service


def _survey(access: OrgAccess, survey_id: int) -> Survey:
    survey = selectors.survey_get(organisation=access.organisation, survey_id=survey_id)
    if survey is None:
        raise Http404
    return survey


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


@org_view("staff")
def survey_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    is_lead = access.has_role("lead")
    # Repeating surveys add a round each period: the list is paged.
    archived = request.GET.get("archived") == "1"
    all_surveys = (
        paginate(request, selectors.survey_list(organisation=access.organisation, include_archived=archived))
        if is_lead
        else None
    )
    return render(
        request,
        "surveys/survey_list.jinja",
        {
            "organisation": access.organisation,
            "open_for_me": (
                selectors.survey_list_open_for(user=request.user, membership=access.membership)
                if access.membership
                else []
            ),
            "all_surveys": all_surveys,
            "pagination": page_links(request, all_surveys) if all_surveys else {},
            "is_lead": is_lead,
            "show_archived": archived,
            "can_see_results": access.has_role("qi_coach"),
        },
    )


@org_view("lead")
@once_per_submission
def survey_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    form = SurveyForm(_posted(request), teams=team_list(organisation=access.organisation))
    if request.method == "POST" and form.is_valid():
        survey = call_service(
            form,
            lambda: services.survey_create(
                actor=request.user,
                organisation=access.organisation,
                title=form.cleaned_data["title"],
                intro=form.cleaned_data["intro"],
                teams=form.cleaned_data["teams"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                recurrence=form.cleaned_data["recurrence"] or "",
                auto_remind=form.cleaned_data["auto_remind"],
                audience=form.cleaned_data["audience"],
            ),
        )
        if survey is not None:
            messages.success(request, f"Survey ‘{survey.title}’ created as a draft. Add its questions, then open it.")
            return redirect("surveys:survey_edit", access.organisation.slug, survey.pk)
    return render(request, "surveys/survey_create.jinja", {"form": form, "organisation": access.organisation})


@org_view("lead")
def survey_edit(request: AuthenticatedHttpRequest, access: OrgAccess, survey_id: int) -> HttpResponse:
    survey = _survey(access, survey_id)
    return render(
        request,
        "surveys/survey_edit.jinja",
        {
            "organisation": access.organisation,
            "survey": survey,
            "questions": list(survey.questions.all()),
            "editable": not survey.responses.exists() and survey.status() != SurveyStatus.CLOSED,
            "status": survey.status(),
            "today": timezone.localdate(),
            "can_remind": survey.is_open() and survey.last_reminded_on != timezone.localdate(),
            "teams": list(survey.teams.all()),
            **_public_links(request, survey),
        },
    )


def _public_links(request: HttpRequest, survey: Survey) -> dict[str, object]:
    """A public survey's link, its QR code for posters and cards, and the kiosk address."""
    if not survey.is_public or not survey.public_token or not survey.kiosk_token:
        return {}
    link = request.build_absolute_uri(reverse("surveys:public_answer", args=[survey.public_token]))
    return {
        "public_link": link,
        "public_qr": qr_svg(link, labelled_by="public-qr-caption"),
        "kiosk_link": request.build_absolute_uri(reverse("surveys:kiosk_answer", args=[survey.kiosk_token])),
    }


@org_view("lead")
@once_per_submission
def question_add(request: AuthenticatedHttpRequest, access: OrgAccess, survey_id: int) -> HttpResponse:
    survey = _survey(access, survey_id)
    form = QuestionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        question = call_service(
            form,
            lambda: services.question_add(
                actor=request.user,
                survey=survey,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                choices=form.cleaned_data["choices"],
                required=form.cleaned_data["required"],
            ),
        )
        if question is not None:
            messages.success(request, "Question added")
            return redirect("surveys:survey_edit", access.organisation.slug, survey.pk)
    return render(
        request, "surveys/question_add.jinja", {"form": form, "organisation": access.organisation, "survey": survey}
    )


@org_view("lead")
def question_remove(
    request: AuthenticatedHttpRequest, access: OrgAccess, survey_id: int, question_id: int
) -> HttpResponse:
    """Ask, then delete the question (only possible before anyone has answered; the audit entry
    holds the whole question so it can be added back)."""
    survey = _survey(access, survey_id)
    question = selectors.question_get(survey=survey, question_id=question_id)
    if question is None:
        raise Http404

    def done() -> HttpResponse:
        messages.success(request, f"Question removed: ‘{question.text}’")
        return redirect("surveys:survey_edit", access.organisation.slug, survey.pk)

    return confirm_then(
        request,
        Confirmation(
            title=f"Remove question {question.position}?",
            caption=survey.title,
            button="Remove question",
            cancel_url=reverse("surveys:survey_edit", args=[access.organisation.slug, survey.pk]),
            body=(
                f"‘{question.text}’ ({question.get_kind_display().lower()}) will be removed from the survey. "
                "Nobody has answered the survey yet, so no answers are lost.",
                "The question, its options and its place are kept in the audit log.",
            ),
        ),
        act=lambda: services.question_remove(actor=request.user, survey=survey, question=question),
        done=done,
        organisation=access.organisation,
    )


@org_view("lead")
def survey_archive(request: AuthenticatedHttpRequest, access: OrgAccess, survey_id: int) -> HttpResponse:
    survey = _survey(access, survey_id)

    def done() -> HttpResponse:
        undo_message(
            request,
            f"Survey ‘{survey.title}’ archived",
            undo_url=reverse("surveys:survey_unarchive", args=[access.organisation.slug, survey.pk]),
        )
        return redirect("surveys:survey_list", access.organisation.slug)

    return confirm_then(
        request,
        Confirmation(
            title=f"Archive ‘{survey.title}’?",
            caption="Survey",
            button="Archive survey",
            cancel_url=reverse("surveys:survey_edit", args=[access.organisation.slug, survey.pk]),
            body=(
                "The survey leaves the list of surveys. Nothing is deleted: its questions and results stay, "
                "under ‘Show archived surveys’. A survey that has not opened yet will not open while archived.",
                "A lead can unarchive it at any time. Archiving is recorded in the audit log.",
            ),
        ),
        act=lambda: services.survey_archive(actor=request.user, survey=survey),
        done=done,
        organisation=access.organisation,
    )


@org_view("lead")
@require_POST
def survey_unarchive(request: AuthenticatedHttpRequest, access: OrgAccess, survey_id: int) -> HttpResponse:
    survey = _survey(access, survey_id)
    if call_service_from_button(request, lambda: services.survey_unarchive(actor=request.user, survey=survey)):
        messages.success(request, f"Survey ‘{survey.title}’ unarchived")
    return redirect("surveys:survey_edit", access.organisation.slug, survey.pk)


@org_view("lead")
@require_POST
def survey_open(request: AuthenticatedHttpRequest, access: OrgAccess, survey_id: int) -> HttpResponse:
    survey = _survey(access, survey_id)
    now = request.POST.get("when") == "now"
    if call_service_from_button(request, lambda: services.survey_open(actor=request.user, survey=survey, now=now)):
        survey.refresh_from_db()
        if survey.is_open():
            messages.success(request, f"Survey open. Its audience can answer it until {survey.closes_on:%-d %B %Y}.")
        else:
            messages.success(request, f"Survey scheduled. It opens to its audience on {survey.opens_on:%-d %B %Y}.")
    return redirect("surveys:survey_edit", access.organisation.slug, survey.pk)


@org_view("lead")
@require_POST
def survey_remind(request: AuthenticatedHttpRequest, access: OrgAccess, survey_id: int) -> HttpResponse:
    survey = _survey(access, survey_id)
    if call_service_from_button(request, lambda: survey_reminder_send(actor=request.user, survey=survey)):
        messages.success(request, "Reminder sent to everyone in the audience who has not answered yet.")
    return redirect("surveys:survey_edit", access.organisation.slug, survey.pk)


@org_view("lead")
@require_POST
def survey_recurrence_stop(request: AuthenticatedHttpRequest, access: OrgAccess, survey_id: int) -> HttpResponse:
    survey = _survey(access, survey_id)
    if survey_recurrence_stop_service(actor=request.user, survey=survey):
        messages.success(request, "The survey will not repeat. Rounds already open stay open until they close.")
    return redirect("surveys:survey_edit", access.organisation.slug, survey.pk)


@no_access_log
@org_view("staff")
@once_per_submission
def survey_answer(request: AuthenticatedHttpRequest, access: OrgAccess, survey_id: int) -> HttpResponse:
    survey = _survey(access, survey_id)
    membership = access.membership
    if survey.state == SurveyState.DRAFT or survey.is_public:
        # A draft reaches nobody: its audience cannot even learn that it exists. A public survey is
        # answered at its public link, where no account is linked to the answer.
        raise Http404
    if membership is None or not services.survey_in_audience(survey=survey, team=membership.team):
        raise PermissionDenied("This survey is for other teams.")
    context = {"organisation": access.organisation, "survey": survey}
    if not survey.is_open():
        return render(request, "surveys/survey_closed.jinja", context)
    if selectors.survey_answered(user=request.user, survey=survey):
        return render(request, "surveys/survey_done.jinja", {**context, "already": True})
    form = ResponseForm(_posted(request), survey=survey)
    if request.method == "POST" and form.is_valid():
        response = call_service(
            form,
            lambda: services.survey_respond(
                user=request.user,
                survey=survey,
                team=membership.team,
                role=membership.role,
                answers={name: value for name, value in form.cleaned_data.items()},
            ),
        )
        if response is not None:
            # A repeat is sent back here, where the survey says it is answered already.
            return shown_once(
                render(request, "surveys/survey_done.jinja", {**context, "already": False}), repeat_here=True
            )
    return render(request, "surveys/survey_answer.jinja", {**context, "form": form})


@org_view("qi_coach")
def survey_results(request: AuthenticatedHttpRequest, access: OrgAccess, survey_id: int) -> HttpResponse:
    survey = _survey(access, survey_id)
    results = selectors.survey_results(organisation=access.organisation, survey=survey)
    trend = selectors.survey_trend(organisation=access.organisation, survey=survey)
    return render(
        request,
        "surveys/survey_results.jinja",
        {"organisation": access.organisation, "survey": survey, "results": results, "trend": trend},
    )


@org_view("qi_coach")
def survey_breakdown(
    request: AuthenticatedHttpRequest, access: OrgAccess, survey_id: int, dimension: str
) -> HttpResponse:
    survey = _survey(access, survey_id)
    if dimension not in Breakdown.values or survey.is_public:  # the public have no team or role here
        raise Http404
    breakdown = survey_breakdown_get(organisation=access.organisation, survey=survey, dimension=dimension)
    return render(
        request,
        "surveys/survey_breakdown.jinja",
        {"organisation": access.organisation, "survey": survey, "breakdown": breakdown},
    )
