"""Survey results by team and by role, without storing either on a response (ADR 0006).

When a response is saved, `tally_record` adds it to two sets of counts (`SurveyTally`): one by
team, one by role, never both together. The team is rolled up to the nearest team (itself or one
above) with at least k members, else "other"; roles are grouped, and groups with fewer than k
members are merged. So every stored bucket stands for at least k people, and even someone reading
the database cannot narrow an answer to fewer than k of them once the survey's key is gone.

`survey_breakdown` shows the counts only after the round has closed (nobody can watch a bucket
change answer by answer), with the organisation's k and complementary suppression: buckets
against the survey's total, options against the bucket's answers.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from openqi.anonymity import suppress_counts
from openqi.organisations.models import ROLE_RANK, Membership, Organisation, Role, Team
from openqi.organisations.reporting import reporting_k
from openqi.surveys.models import Breakdown, Question, QuestionKind, Survey, SurveyTally

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
    status: str  # shown · empty · below_k · complementary


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


def survey_breakdown(*, organisation: Organisation, survey: Survey, dimension: str) -> SurveyBreakdown:
    if survey.organisation_id != organisation.pk:
        raise ValueError("The survey belongs to another organisation.")
    if dimension not in Breakdown.values:
        raise ValueError(f"Not a breakdown: {dimension!r}")
    k = reporting_k(organisation=organisation)
    if survey.status() != "Closed":
        return SurveyBreakdown(k=k, dimension=dimension, available=False, questions=[])
    tallies = list(SurveyTally.objects.filter(survey=survey, dimension=dimension))
    total = survey.responses.count()
    responses: dict[Hashable, int] = {t.bucket: t.count for t in tallies if t.question_id is None}
    bucket_decision = suppress_counts(responses, total=total, k=k)
    teams = {t.pk: t for t in Team.objects.filter(organisation=organisation)}
    ordered = sorted((str(b) for b in responses), key=lambda b: (b == OTHER, _label(dimension, b, teams)))
    counts: dict[tuple[int, str, str], int] = {
        (t.question_id, t.bucket, t.option): t.count for t in tallies if t.question_id is not None
    }
    found = []
    for question in survey.questions.exclude(kind=QuestionKind.TEXT):
        labels = list(NPS_GROUPS) if question.kind == QuestionKind.NPS else question.options
        rows = []
        for bucket in ordered:
            bucket_shown = bucket_decision.shows(bucket)
            answered = counts.get((question.pk, bucket, ""), 0)
            answered_shown = bucket_shown and answered >= k
            per_option: dict[Hashable, int] = {o: counts.get((question.pk, bucket, o), 0) for o in labels}
            if not answered_shown:
                option_cells = [_cell(o, n, False, k) for o, n in per_option.items()]
            else:
                # Choose-any options overlap, so there is no total to subtract them from.
                decision = suppress_counts(
                    per_option, total=None if question.kind == QuestionKind.MULTIPLE else answered, k=k
                )
                option_cells = [_cell(o, n, decision.shows(o), k) for o, n in per_option.items()]
            rows.append(
                BucketRow(
                    label=_label(dimension, bucket, teams),
                    responses=_cell(bucket, responses[bucket], bucket_shown, k),
                    answered=_cell(bucket, answered, answered_shown, k),
                    options=option_cells,
                )
            )
        found.append(QuestionBreakdown(question=question, options=labels, rows=rows))
    return SurveyBreakdown(k=k, dimension=dimension, available=True, questions=found)
