"""Patient and carer voice for the involvement lead (ADR 0033): a public survey's answers feed a
project's p chart. Step one chooses the question, step two the favourable answers and the measure;
saving feeds the measure at once, and "Feed again" brings later answers in."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.coproduction import survey_feeds
from openqi.coproduction.forms import FeedForm, FeedQuestionForm
from openqi.core.forms_util import call_service, call_service_on_page
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view
from openqi.surveys.models import Survey
from openqi.surveys.selectors import survey_get

LEAD = "lead"


def _public_survey(access: OrgAccess, survey_id: int) -> Survey:
    survey = survey_get(organisation=access.organisation, survey_id=survey_id)
    if survey is None or not survey.is_public:
        raise Http404
    return survey


def _fed_message(result: survey_feeds.FeedResult) -> str:
    written = f"{result.written} period{'s' if result.written != 1 else ''} written to the measure"
    if result.held_back:
        return f"{written}. {result.held_back} held back: too few answers to show without identifying anyone."
    return f"{written}."


@org_view(LEAD)
@once_per_submission
def survey_feed(request: AuthenticatedHttpRequest, access: OrgAccess, survey_id: int) -> HttpResponse:
    organisation = access.organisation
    survey = _public_survey(access, survey_id)
    feed = survey_feeds.survey_feed_get(organisation=organisation, survey=survey)
    questions = survey_feeds.feed_questions(survey=survey)
    measures = list(survey_feeds.feed_measures(access=access))
    context: dict[str, object] = {
        "organisation": organisation,
        "survey": survey,
        "feed": feed,
        "measures": measures,
        "shares": survey_feeds.survey_feed_shares(feed=feed) if feed else [],
    }
    chosen = request.GET.get("question") or request.POST.get("question") or (str(feed.question_id) if feed else "")
    step_one = FeedQuestionForm({"question": chosen} if chosen else None, questions=questions)
    if not chosen or not step_one.is_valid():
        return render(
            request,
            "coproduction/survey_feed_question.jinja",
            {**context, "form": step_one, "questions": questions},
            status=400 if chosen else 200,
        )
    question = next(q for q in questions if q.pk == step_one.cleaned_data["question"])
    initial = (
        {"favourable": feed.favourable, "measure": feed.measure_id} if feed and feed.question_id == question.pk else {}
    )
    form = FeedForm(
        request.POST if request.method == "POST" else None,
        options=question.options,
        measures=measures,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        measure = next(m for m in measures if m.pk == form.cleaned_data["measure"])

        def save_and_feed() -> survey_feeds.FeedResult:
            saved = survey_feeds.survey_feed_set(
                actor=request.user,
                access=access,
                survey=survey,
                question=question,
                favourable=form.cleaned_data["favourable"],
                measure=measure,
            )
            return survey_feeds.survey_feed_run(actor=request.user, feed=saved)

        result = call_service(form, save_and_feed)
        if result is not None:
            messages.success(request, f"Saved. {_fed_message(result)}")
            return redirect("coproduction:survey_feed", organisation.slug, survey.pk)
    return render(
        request,
        "coproduction/survey_feed.jinja",
        {**context, "form": form, "question": question},
        status=400 if form.errors else 200,
    )


@org_view(LEAD)
@require_POST
def survey_feed_run(request: AuthenticatedHttpRequest, access: OrgAccess, survey_id: int) -> HttpResponse:
    survey = _public_survey(access, survey_id)
    feed = survey_feeds.survey_feed_get(organisation=access.organisation, survey=survey)
    if feed is None:
        raise Http404
    result, refusal = call_service_on_page(lambda: survey_feeds.survey_feed_run(actor=request.user, feed=feed))
    if result is not None:
        messages.success(request, _fed_message(result))
    else:
        messages.error(request, refusal)
    return redirect("coproduction:survey_feed", access.organisation.slug, survey.pk)
