"""Reading surveys and their results. Results go through `openqi.anonymity` with the
organisation's k: nothing shows until k people have answered, and each option is checked too."""

import datetime
from collections.abc import Hashable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from openqi.accounts.models import User
from openqi.anonymity import Decision
from openqi.anonymity.suppression import suppress_counts
from openqi.anonymity.tables import results_options
from openqi.organisations.models import Membership, Organisation
from openqi.organisations.reporting import reporting_k
from openqi.surveys.breakdowns import AGREE_GROUP, NPS_GROUPS, option_groups, round_counts
from openqi.surveys.models import (
    Audience,
    Question,
    QuestionKind,
    Survey,
    SurveyMarker,
    SurveyState,
    survey_marker_digest,
)
from openqi.surveys.services import survey_in_audience
from openqi.surveys.services.rounds import series_rounds


def survey_list(*, organisation: Organisation, include_archived: bool = False) -> QuerySet[Survey]:
    surveys = Survey.objects.filter(organisation=organisation).prefetch_related("teams")
    return surveys if include_archived else surveys.filter(archived_at__isnull=True)


def survey_latest_recurring_of(*, organisations: list[Organisation]) -> dict[int, Survey]:
    """Each organisation's latest recurring survey that has had a second round (not a draft, not
    archived), by organisation id, from one query (the leaders' dashboards' survey trend)."""
    found: dict[int, Survey] = {}
    rows = (
        Survey.objects.filter(organisation__in=organisations, archived_at__isnull=True, round_number__gte=2)
        .exclude(state="draft")
        .order_by("organisation_id", "-opens_on", "-pk")
    )
    for survey in rows:
        found.setdefault(survey.organisation_id, survey)
    return found


def survey_get(*, organisation: Organisation, survey_id: int) -> Survey | None:
    return Survey.objects.filter(organisation=organisation, pk=survey_id).prefetch_related("questions").first()


def question_get(*, survey: Survey, question_id: int) -> Question | None:
    return Question.objects.filter(survey=survey, pk=question_id).first()


def survey_answered(*, user: User, survey: Survey) -> bool:
    if not survey.marker_key:
        return False
    digest = survey_marker_digest(key=survey.marker_key, survey_id=survey.pk, user_id=user.pk)
    return SurveyMarker.objects.filter(digest=digest).exists()


def survey_list_open_for(*, user: User, membership: Membership) -> list[tuple[Survey, bool]]:
    """Open surveys this member is in the audience for, each with whether they have answered.
    Drafts and scheduled surveys are not open: nobody but the leads sees them."""
    today = timezone.localdate()
    current = Survey.objects.filter(
        organisation=membership.organisation,
        audience=Audience.STAFF,
        state=SurveyState.OPENED,
        opens_on__lte=today,
        closes_on__gte=today,
        archived_at__isnull=True,
    )
    surveys = [s for s in current.prefetch_related("teams") if survey_in_audience(survey=s, team=membership.team)]
    # One query for every survey's "answered" marker (the home page asks for each organisation).
    digests = {
        s.pk: survey_marker_digest(key=s.marker_key, survey_id=s.pk, user_id=user.pk) for s in surveys if s.marker_key
    }
    answered = (
        set(SurveyMarker.objects.filter(digest__in=digests.values()).values_list("digest", flat=True))
        if digests
        else set()
    )
    return [(s, digests.get(s.pk) in answered) for s in surveys]


@dataclass(frozen=True)
class OptionResult:
    label: str
    count: int | None  # None when hidden
    status: str  # shown · below_k · complementary

    def share(self, answered: int) -> str:
        return "" if self.count is None or not answered else f"{round(100 * self.count / answered)}%"


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answered: int | None  # None when fewer than k answered this question
    options: list[OptionResult]
    texts: list[str]
    nps: int | None = None
    groups: list[OptionResult] = field(default_factory=list)  # totals of groups of options (agree)

    @property
    def agree(self) -> OptionResult | None:
        return next((g for g in self.groups if g.label == AGREE_GROUP), None)


@dataclass(frozen=True)
class SurveyResults:
    k: int
    responses: int | None  # None when fewer than k
    questions: list[QuestionResult]

    def _hidden(self, status: str) -> int:
        return sum(1 for q in self.questions for figure in (*q.groups, *q.options) if figure.status == status) + sum(
            1 for q in self.questions if q.answered is None and status == "below_k"
        )

    @property
    def hidden_below_k(self) -> int:
        """Figures hidden because fewer than k people gave them (a whole question counts once)."""
        return self._hidden("below_k")

    @property
    def hidden_complementary(self) -> int:
        """Figures of k or more hidden so that a smaller one cannot be worked out by subtraction."""
        return self._hidden("complementary")


def _figure(decision: Decision, label: str, count: int) -> OptionResult:
    if decision.shows(label):
        return OptionResult(label=label, count=count, status="shown")
    return OptionResult(label=label, count=None, status="below_k" if label in decision.below_k else "complementary")


def survey_results(*, organisation: Organisation, survey: Survey) -> SurveyResults:
    if survey.organisation_id != organisation.pk:
        raise ValueError("The survey belongs to another organisation.")
    k = reporting_k(organisation=organisation)
    all_answers = list(survey.responses.values_list("answers", flat=True))
    if len(all_answers) < k:
        return SurveyResults(k=k, responses=None, questions=[])
    results = []
    for question in survey.questions.all():
        given = [a[str(question.pk)] for a in all_answers if str(question.pk) in a]
        if len(given) < k:
            results.append(QuestionResult(question=question, answered=None, options=[], texts=[]))
            continue
        if question.kind == QuestionKind.TEXT:
            # Sorted, so the order says nothing about who answered when.
            results.append(QuestionResult(question=question, answered=len(given), options=[], texts=sorted(given)))
            continue
        # The same counts and rule the breakdown pages' decision starts from (`round_decide`).
        _, counts = round_counts(question, all_answers)
        labels = list(counts)
        groups = option_groups(question)
        decision = results_options(
            counts, len(given), k, overlapping=question.kind == QuestionKind.MULTIPLE, groups=groups
        )
        options = [_figure(decision, o, counts.get(o, 0)) for o in labels]
        group_results = [
            _figure(decision, group, sum(counts.get(o, 0) for o in members))
            for group, members in (groups or {}).items()
        ]
        nps = None
        # The score with a hidden group would let the hidden groups be worked out: show it only
        # when every group is shown.
        if question.kind == QuestionKind.NPS and all(option.status == "shown" for option in options):
            nps = round(100 * (counts.get(NPS_GROUPS[2], 0) - counts.get(NPS_GROUPS[0], 0)) / len(given))
        results.append(
            QuestionResult(
                question=question, answered=len(given), options=options, texts=[], nps=nps, groups=group_results
            )
        )
    return SurveyResults(k=k, responses=len(all_answers), questions=results)


# ---- trend across rounds ---------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    survey: Survey
    answered: int | None  # None when fewer than k answered the question in that round
    score: int | None  # Likert: % agreeing; NPS: the score; None when not shown or not defined


@dataclass(frozen=True)
class QuestionTrend:
    position: int
    text: str
    kind: str
    points: list[TrendPoint]


def _score(result: QuestionResult) -> int | None:
    if result.answered is None:
        return None
    if result.question.kind == QuestionKind.NPS:
        return result.nps
    if result.question.kind == QuestionKind.LIKERT:
        # Only from the total the round's own results show (decided with its options, so that it
        # gives no hidden option away): the trend reveals nothing more.
        agree = result.agree
        if agree is not None and agree.count is not None:
            return round(100 * agree.count / result.answered)
    return None


def survey_trend(*, organisation: Organisation, survey: Survey) -> list[QuestionTrend]:
    """Per question of this round, its answers and score in every round up to this one, each round
    suppressed on its own exactly as its results page is. Empty for a survey with one round."""
    if survey.organisation_id != organisation.pk:
        raise ValueError("The survey belongs to another organisation.")
    rounds = [r for r in series_rounds(survey) if r.round_number <= survey.round_number]
    if len(rounds) < 2:
        return []
    by_round = {r.pk: survey_results(organisation=organisation, survey=r) for r in rounds}
    trends = []
    for question in survey.questions.all():
        points = []
        for r in rounds:
            match = next(
                (
                    q
                    for q in by_round[r.pk].questions
                    if q.question.position == question.position and q.question.text == question.text
                ),
                None,
            )
            points.append(
                TrendPoint(
                    survey=r,
                    answered=match.answered if match else None,
                    score=_score(match) if match else None,
                )
            )
        trends.append(QuestionTrend(position=question.position, text=question.text, kind=question.kind, points=points))
    return trends


# ---- public surveys (ADR 0033) ---------------------------------------------------------------


def survey_get_public(*, token: str) -> Survey | None:
    """A public survey by its link, once a lead has opened it (a draft reaches nobody)."""
    if not token:
        return None
    return (
        Survey.objects.filter(public_token=token[:40], audience=Audience.PUBLIC, state=SurveyState.OPENED)
        .select_related("organisation")
        .prefetch_related("questions")
        .first()
    )


def survey_get_kiosk(*, token: str) -> Survey | None:
    if not token:
        return None
    return (
        Survey.objects.filter(kiosk_token=token[:40], audience=Audience.PUBLIC, state=SurveyState.OPENED)
        .select_related("organisation")
        .prefetch_related("questions")
        .first()
    )


@dataclass(frozen=True)
class PeriodShare:
    """One period of a public survey's answers to a question: how many answered, and how many chose
    a favourable option. `favourable` is None when k hides it (then the period feeds nothing)."""

    period: datetime.date
    answered: int | None
    favourable: int | None


def period_start(day: datetime.date, frequency: str) -> datetime.date:
    if frequency == "weekly":
        return day - datetime.timedelta(days=day.weekday())
    if frequency == "daily":
        return day
    return day.replace(day=1)


def survey_period_shares(
    *, organisation: Organisation, survey: Survey, question: Question, favourable: list[str], frequency: str
) -> list[PeriodShare]:
    """Per period (the measure's frequency), the answers to a choose-one question of a public survey
    and those among them that chose a favourable option: a p chart's numerator and denominator.
    The same k rule as the results page, per period: a period shows only with k or more answers,
    and the favourable count only when it and the rest are each 0 or at least k, so that neither
    can be worked out from the other."""
    if survey.organisation_id != organisation.pk or question.survey_id != survey.pk:
        raise ValueError("The survey belongs to another organisation.")
    k = reporting_k(organisation=organisation)
    answered: dict[datetime.date, int] = {}
    chosen: dict[datetime.date, int] = {}
    key = str(question.pk)
    for answers, day in survey.responses.filter(answered_on__isnull=False).values_list("answers", "answered_on"):
        if key not in answers or day is None:
            continue
        start = period_start(day, frequency)
        answered[start] = answered.get(start, 0) + 1
        chosen[start] = chosen.get(start, 0) + (1 if answers[key] in favourable else 0)
    shares = []
    for start in sorted(answered):
        total = answered[start]
        if total < k:
            shares.append(PeriodShare(period=start, answered=None, favourable=None))
            continue
        counts: dict[Hashable, int] = {"favourable": chosen[start], "other": total - chosen[start]}
        decision = suppress_counts(counts, total=total, k=k)
        shown = decision.shows("favourable") and decision.shows("other")
        shares.append(PeriodShare(period=start, answered=total, favourable=chosen[start] if shown else None))
    return shares
