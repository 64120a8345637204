"""Public pulse surveys (ADR 0033): patients, carers and the public answer with no account.

`/s/<token>/` is the survey's public link (and its QR code): each browser gets a random answerer id
in its session and can answer once. `/s/kiosk/<token>/` is for a device a lead sets up on a ward or
at an event: each answer ends the kiosk session, and the next person starts a fresh one. Both are
rate-limited per address and carry a honeypot field; neither logs the request, and nothing about
the visitor is kept with the answers."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openqi.core import ratelimit
from openqi.core.forms_util import call_service
from openqi.core.logging import no_access_log
from openqi.core.submission import once_per_submission, shown_once
from openqi.surveys import selectors
from openqi.surveys.forms import ResponseForm
from openqi.surveys.models import Survey
from openqi.surveys.services.public import new_answerer, public_answered, survey_respond_public

SESSION_KEY = "public_survey_answerers"  # {survey id: answerer id} for the public link
KIOSK_SESSION_KEY = "kiosk_survey_answerers"  # the same for a kiosk, renewed after each answer
LIMIT_PER_HOUR = 60  # per address: a ward's shared connection may carry a few dozen honest answers


def _answerer(request: HttpRequest, survey: Survey, key: str) -> str:
    known = dict(request.session.get(key, {}))
    answerer = known.get(str(survey.pk))
    if not isinstance(answerer, str) or not answerer:
        answerer = new_answerer()
        known[str(survey.pk)] = answerer
        request.session[key] = known
    return answerer


def _renew(request: HttpRequest, survey: Survey, key: str) -> None:
    known = dict(request.session.get(key, {}))
    known[str(survey.pk)] = new_answerer()
    request.session[key] = known


def _answer(request: HttpRequest, survey: Survey | None, *, kiosk: bool) -> HttpResponse:
    if survey is None:
        raise Http404
    key = KIOSK_SESSION_KEY if kiosk else SESSION_KEY
    context = {"survey": survey, "organisation": survey.organisation, "kiosk": kiosk}
    if not survey.is_open():
        return render(request, "surveys/public_closed.jinja", context)
    answerer = _answerer(request, survey, key)
    if not kiosk and public_answered(survey=survey, answerer=answerer):
        return render(request, "surveys/public_done.jinja", {**context, "already": True})
    form = ResponseForm(request.POST if request.method == "POST" else None, survey=survey, public=True)
    if request.method == "POST" and form.is_valid():
        done = render(request, "surveys/public_done.jinja", {**context, "already": False})
        if form.cleaned_data.get("website"):  # a robot filled the hidden field: keep nothing
            return shown_once(done)
        if ratelimit.too_many(request, scope=f"public-survey:{survey.pk}", limit=LIMIT_PER_HOUR):
            return render(request, "surveys/public_limited.jinja", context, status=429)
        answers = {name: value for name, value in form.cleaned_data.items() if name != "website"}
        response = call_service(form, lambda: survey_respond_public(survey=survey, answerer=answerer, answers=answers))
        if response is not None:
            if kiosk:
                _renew(request, survey, key)  # the next person at the kiosk starts afresh
                request.session.cycle_key()
            return shown_once(done)
    return render(request, "surveys/public_answer.jinja", {**context, "form": form}, status=400 if form.errors else 200)


@no_access_log
@once_per_submission
def public_answer(request: HttpRequest, token: str) -> HttpResponse:
    return _answer(request, selectors.survey_get_public(token=token), kiosk=False)


@no_access_log
@once_per_submission
def kiosk_answer(request: HttpRequest, token: str) -> HttpResponse:
    return _answer(request, selectors.survey_get_kiosk(token=token), kiosk=True)


@no_access_log
def kiosk_next(request: HttpRequest, token: str) -> HttpResponse:
    """The kiosk's "next person" button (and the thank-you page's automatic return): a fresh start."""
    survey = selectors.survey_get_kiosk(token=token)
    if survey is None:
        raise Http404
    return redirect("surveys:kiosk_answer", token=survey.kiosk_token)
