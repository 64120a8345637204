"""Survey results by team and by role, without storing either on a response (ADR 0006).

When a response is saved, `tally_record` adds it to two sets of counts (`SurveyTally`): one by
team, one by role, never both together. The team is rolled up to the nearest team (itself or one
above) with at least k members, else "other"; roles are grouped, and groups with fewer than k
members are merged. So every stored bucket stands for at least k people, and even someone reading
the database cannot narrow an answer to fewer than k of them once the survey's key is gone.

`survey_breakdown` shows the counts only after the round has closed (nobody can watch a bucket
change answer by answer). `round_decide` decides the closed round once, over every figure the
results page and both breakdown pages show (`openqi.anonymity.tables`): buckets against the
round's total in each partition, and a bucket's row of a question shown in full or not at all,
so that neither the results page less the other buckets nor one partition against the other
gives a small group away.
"""

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from openqi.anonymity import Decision, suppress_counts
from openqi.anonymity.tables import QuestionDecision, question_decide
from openqi.organisations.models import ROLE_RANK, Membership, Organisation, Role, Team
from openqi.organisations.reporting import reporting_k
from openqi.surveys.models import (
    LIKERT_CHOICES,
    Breakdown,
    Question,
    QuestionKind,
    Survey,
    SurveyStatus,
    SurveyTally,
)

OTHER = "other"
ROLE_GROUPS = {
    Role.STAFF: "staff",
    Role.CHAMPION: "coaches",
    Role.QI_COACH: "coaches",
    Role.LEAD: "leads",
    Role.ORG_ADMIN: "leads",
}
ROLE_GROUP_LABELS = {"staff": "Staff", "coaches": "Champions and QI coaches", "leads": "Leads and admins"}
NPS_GROUPS = ("Detractors (0 to 6)", "Passives (7 or 8)", "Promoters (9 or 10)")

AGREE_GROUP = "Agree or strongly agree"
NOT_AGREE_GROUP = "Neither, disagree or strongly disagree"


def option_groups(question: Question) -> dict[str, tuple[str, ...]] | None:
    """Groups of options whose totals the results page shows beside the options, decided with them
    (`openqi.anonymity.tables`): for agree-or-disagree questions, those who agree (the trend's
    score) and the rest."""
    if question.kind == QuestionKind.LIKERT:
        return {AGREE_GROUP: tuple(LIKERT_CHOICES[:2]), NOT_AGREE_GROUP: tuple(LIKERT_CHOICES[2:])}
    return None


def nps_group(value: str) -> str:
    score = int(value)
    return NPS_GROUPS[0] if score <= 6 else NPS_GROUPS[1] if score <= 8 else NPS_GROUPS[2]


# ---- buckets at answer time ------------------------------------------------------------------


def _members(organisation_id: int) -> list[tuple[int | None, str]]:
    roles = [r for r in Role.values if ROLE_RANK[r] >= ROLE_RANK[Role.STAFF]]
    return list(
        Membership.objects.filter(organisation_id=organisation_id, role__in=roles, user__is_active=True).values_list(
            "team_id", "role"
        )
    )


def team_bucket(*, organisation_id: int, team: Team | None, k: int) -> str:
    """The team, or the nearest team above it, whose members (with the teams inside) number k or
    more; "other" when there is none."""
    if team is None:
        return OTHER
    parent = dict(Team.objects.filter(organisation_id=organisation_id).values_list("pk", "parent_id"))
    size: dict[int, int] = {}
    for team_id, _ in _members(organisation_id):
        while team_id is not None:  # a member counts in their team and every team above it
            size[team_id] = size.get(team_id, 0) + 1
            team_id = parent.get(team_id)
    current: int | None = team.pk
    while current is not None:
        if size.get(current, 0) >= k:
            return str(current)
        current = parent.get(current)
    return OTHER


def role_bucket(*, organisation_id: int, role: str | None, k: int) -> str:
    """The person's group of roles, merged with the next smallest groups until it has k members."""
    if role not in ROLE_GROUPS:
        return OTHER
    sizes = dict.fromkeys(ROLE_GROUP_LABELS, 0)
    for _, member_role in _members(organisation_id):
        sizes[ROLE_GROUPS[Role(member_role)]] += 1
    merged = {name: [name] for name, size in sizes.items() if size}  # an empty group protects nobody
    while True:
        small = sorted((group for group in merged if sum(sizes[g] for g in merged[group]) < k), key=str)
        if not small or len(merged) == 1:
            break
        smallest = min(small, key=lambda g: (sum(sizes[n] for n in merged[g]), g))
        rest = sorted((g for g in merged if g != smallest), key=lambda g: (sum(sizes[n] for n in merged[g]), g))
        merged[rest[0]] = merged[rest[0]] + merged.pop(smallest)
    own = ROLE_GROUPS[Role(role)]
    return "+".join(sorted(next((names for names in merged.values() if own in names), [OTHER])))


def _bump(lookup: Mapping[str, Any]) -> None:
    if SurveyTally.objects.filter(**lookup).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            SurveyTally.objects.create(**lookup, count=1)
    except IntegrityError:  # another answer created the row first; it is committed now
        SurveyTally.objects.filter(**lookup).update(count=F("count") + 1)


def tally_record(*, survey: Survey, team: Team | None, role: str | None, answers: Mapping[str, Any]) -> None:
    """Count one response by team and by role. Call inside the transaction that saves it."""
    k = reporting_k(organisation=survey.organisation)
    buckets = {
        Breakdown.TEAM: team_bucket(organisation_id=survey.organisation_id, team=team, k=k),
        Breakdown.ROLE: role_bucket(organisation_id=survey.organisation_id, role=role, k=k),
    }
    questions = {str(q.pk): q for q in survey.questions.all()}
    for dimension, bucket in buckets.items():
        base = {"survey": survey, "dimension": dimension, "bucket": bucket}
        _bump({**base, "question": None, "option": ""})
        for question_id, value in answers.items():
            question = questions[question_id]
            if question.kind == QuestionKind.TEXT:
                continue  # free text by team would identify people: never tallied
            _bump({**base, "question": question, "option": ""})
            chosen = value if isinstance(value, list) else [value]
            for option in chosen:
                _bump({**base, "question": question, "option": nps_group(option) if question.kind == "nps" else option})


# ---- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BucketCell:
    count: int | None  # None when hidden
    status: str  # shown · empty · below_k · row_below_k (a figure in the row) · complementary


@dataclass(frozen=True)
class BucketRow:
    label: str
    responses: BucketCell
    answered: BucketCell
    options: list[BucketCell]


@dataclass(frozen=True)
class QuestionBreakdown:
    question: Question
    options: list[str]
    rows: list[BucketRow]


@dataclass(frozen=True)
class SurveyBreakdown:
    k: int
    dimension: str
    available: bool  # False until the round has closed
    questions: list[QuestionBreakdown]
    complete: bool = True  # False when some responses are in no bucket: then nothing is broken down


def _cell(key: Hashable, count: int, shows: bool, k: int) -> BucketCell:
    if count == 0:
        return BucketCell(count=0, status="empty")
    if shows:
        return BucketCell(count=count, status="shown")
    return BucketCell(count=None, status="below_k" if count < k else "complementary")


def _label(dimension: str, bucket: str, teams: dict[int, Team]) -> str:
    if bucket == OTHER:
        return "Other teams and people without a team" if dimension == Breakdown.TEAM else "Other roles"
    if dimension == Breakdown.ROLE:
        return ", ".join(ROLE_GROUP_LABELS[name] for name in bucket.split("+"))
    team = teams.get(int(bucket))
    if team is None:
        return "A team that has been removed"
    has_inside = any(t.parent_id == team.pk for t in teams.values())
    return f"{team.name} (with smaller teams inside it)" if has_inside else team.name


def round_counts(question: Question, answers: list[dict[str, Any]]) -> tuple[int, dict[str, int]]:
    """The round's answers to a question and its count per option, as the results page counts them."""
    given = [a[str(question.pk)] for a in answers if str(question.pk) in a]
    if question.kind == QuestionKind.MULTIPLE:
        chosen = Counter(option for value in given for option in value)
        return len(given), {o: chosen.get(o, 0) for o in question.options}
    if question.kind == QuestionKind.NPS:
        groups = Counter(nps_group(v) for v in given)
        return len(given), {o: groups.get(o, 0) for o in NPS_GROUPS}
    picked = Counter(given)
    return len(given), {o: picked.get(o, 0) for o in question.options}


@dataclass(frozen=True)
class RoundDecision:
    """What every page may show of one closed round, decided once over the results and both
    breakdowns (`openqi.anonymity.tables`)."""

    k: int
    complete: bool  # every response is in a bucket of each partition; else no breakdown shows
    buckets: dict[str, Decision]  # per partition, whose responses are shown (step 1)
    questions: dict[int, QuestionDecision]


def round_decide(*, survey: Survey, k: int, tallies: list[SurveyTally]) -> RoundDecision:
    """Decide a closed round over every figure the results page and both breakdown pages show."""
    answers = list(survey.responses.values_list("answers", flat=True))
    total = len(answers)
    responses: dict[str, dict[Hashable, int]] = {d: {} for d in Breakdown.values}
    counts: dict[tuple[str, int, str, str], int] = {}
    for t in tallies:
        if t.question_id is None:
            responses[t.dimension][t.bucket] = t.count
        else:
            counts[(t.dimension, t.question_id, t.bucket, t.option)] = t.count
    # A response given before tallies existed is in no bucket: with it in neither partition, a
    # whole partition less the other's shown buckets can give a hidden bucket away (ADR 0006).
    complete = all(sum(found.values()) == total for found in responses.values())
    buckets = {d: suppress_counts(found, total=total, k=k) for d, found in responses.items()}
    questions = {}
    for question in survey.questions.exclude(kind=QuestionKind.TEXT):
        answered, by_option = round_counts(question, answers)
        partitions: dict[Hashable, Mapping[Hashable, tuple[int, Mapping[Any, int]]]] = {
            d: {
                b: (
                    counts.get((d, question.pk, str(b), ""), 0),
                    {o: counts.get((d, question.pk, str(b), o), 0) for o in by_option},
                )
                for b in found
                if buckets[d].shows(b)
            }
            for d, found in responses.items()
        }
        questions[question.pk] = question_decide(
            answered=answered,
            counts=by_option,
            partitions=partitions if complete else {},
            k=k,
            overlapping=question.kind == QuestionKind.MULTIPLE,
            groups=option_groups(question),
        )
    return RoundDecision(k=k, complete=complete, buckets=buckets, questions=questions)


def _row_reason(answered: int, per_option: Mapping[str, int], k: int) -> str:
    small = 0 < answered < k or any(0 < n < k for n in per_option.values())
    return "row_below_k" if small else "complementary"


def survey_breakdown(*, organisation: Organisation, survey: Survey, dimension: str) -> SurveyBreakdown:
    if survey.organisation_id != organisation.pk:
        raise ValueError("The survey belongs to another organisation.")
    if dimension not in Breakdown.values:
        raise ValueError(f"Not a breakdown: {dimension!r}")
    k = reporting_k(organisation=organisation)
    if survey.status() != SurveyStatus.CLOSED:
        return SurveyBreakdown(k=k, dimension=dimension, available=False, questions=[])
    tallies = list(SurveyTally.objects.filter(survey=survey))
    decision = round_decide(survey=survey, k=k, tallies=tallies)
    if not decision.complete:
        return SurveyBreakdown(k=k, dimension=dimension, available=True, questions=[], complete=False)
    mine = [t for t in tallies if t.dimension == dimension]
    responses: dict[str, int] = {t.bucket: t.count for t in mine if t.question_id is None}
    bucket_decision = decision.buckets[dimension]
    teams = {t.pk: t for t in Team.objects.filter(organisation=organisation)}
    ordered = sorted(responses, key=lambda b: (b == OTHER, _label(dimension, b, teams)))
    counts: dict[tuple[int, str, str], int] = {
        (t.question_id, t.bucket, t.option): t.count for t in mine if t.question_id is not None
    }
    found = []
    for question in survey.questions.exclude(kind=QuestionKind.TEXT):
        labels = list(NPS_GROUPS) if question.kind == QuestionKind.NPS else question.options
        shows_row = decision.questions[question.pk].shows_row
        rows = []
        for bucket in ordered:
            bucket_shown = bucket_decision.shows(bucket)
            answered = counts.get((question.pk, bucket, ""), 0)
            per_option = {o: counts.get((question.pk, bucket, o), 0) for o in labels}
            if bucket_shown and shows_row(dimension, bucket):
                # The whole row: every figure in it is 0 or at least k, and what the results page
                # shows less the rows shown is too.
                answered_cell = _cell(bucket, answered, True, k)
                option_cells = [_cell(o, n, True, k) for o, n in per_option.items()]
            else:
                reason = _row_reason(answered, per_option, k)
                answered_cell = BucketCell(count=None, status=reason)
                option_cells = [BucketCell(count=None, status=reason) for _ in labels]
            rows.append(
                BucketRow(
                    label=_label(dimension, bucket, teams),
                    responses=_cell(bucket, responses[bucket], bucket_shown, k),
                    answered=answered_cell,
                    options=option_cells,
                )
            )
        found.append(QuestionBreakdown(question=question, options=labels, rows=rows))
    return SurveyBreakdown(k=k, dimension=dimension, available=True, questions=found)
