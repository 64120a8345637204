"""Patient and carer voice feeding a project measure (ADR 0033): a public survey's choose-one
question becomes a p chart's numerator (answers that chose a favourable option) and denominator
(all answers), period by period. Co-production sits above both the surveys and the measures apps,
which do not know each other, so the bridge lives here: it reads the surveys app's k-suppressed
period shares and writes through the measures app's own bulk write (its checks, its upsert, its
recomputation and audit), never their tables."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.coproduction.models import SurveyFeed
from openqi.measures.models import ChartType, Measure
from openqi.measures.selectors import measure_list
from openqi.measures.services.bulk_write import PointRow, data_points_write
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Organisation
from openqi.projects.models import LinkKind, ProjectLink
from openqi.surveys.models import Question, QuestionKind, Survey
from openqi.surveys.selectors import PeriodShare, survey_period_shares

FEEDABLE_KINDS = (QuestionKind.LIKERT, QuestionKind.SINGLE, QuestionKind.NPS)


def feed_measures(*, access: OrgAccess) -> QuerySet[Measure]:
    """The p-chart measures linked to a project of this organisation that this reader may see."""
    linked = ProjectLink.objects.filter(organisation=access.organisation, kind=LinkKind.MEASURE).values("ref_id")
    return measure_list(organisation=access.organisation, access=access).filter(chart_type=ChartType.P, pk__in=linked)


def feed_questions(*, survey: Survey) -> list[Question]:
    return [q for q in survey.questions.all() if q.kind in FEEDABLE_KINDS]


def survey_feed_get(*, organisation: Organisation, survey: Survey) -> SurveyFeed | None:
    return (
        SurveyFeed.objects.filter(organisation=organisation, survey=survey)
        .select_related("measure", "question")
        .first()
    )


@transaction.atomic
def survey_feed_set(
    *,
    actor: User,
    access: OrgAccess,
    survey: Survey,
    question: Question,
    favourable: list[str],
    measure: Measure,
) -> SurveyFeed:
    organisation = access.organisation
    if survey.organisation_id != organisation.pk or not survey.is_public:
        raise ValidationError(
            "Only a survey for patients, carers and the public in this organisation can feed a measure"
        )
    if question.survey_id != survey.pk or question.kind not in FEEDABLE_KINDS:
        raise ValidationError({"question": "Choose an ‘agree or disagree’, ‘choose one’ or ‘0 to 10’ question"})
    chosen = [o for o in question.options if o in favourable]
    if not chosen:
        raise ValidationError({"favourable": "Choose at least one answer that counts as favourable"})
    if len(chosen) == len(question.options):
        raise ValidationError(
            {"favourable": "Leave at least one answer out: if every answer counts, the chart is flat"}
        )
    if not feed_measures(access=access).filter(pk=measure.pk).exists():
        raise ValidationError({"measure": "Choose a p chart measure linked to a project"})
    feed, created = SurveyFeed.objects.update_or_create(
        survey=survey,
        defaults={
            "organisation": organisation,
            "question": question,
            "favourable": chosen,
            "measure": measure,
            "updated_by": actor,
            "updated_at": timezone.now(),
        },
    )
    audit_log(
        actor=actor,
        action="coproduction.survey_feed_create" if created else "coproduction.survey_feed_change",
        organisation=organisation,
        obj=feed,
        detail={"survey": survey.pk, "question": question.pk, "favourable": chosen, "measure": measure.pk},
    )
    return feed


@dataclass(frozen=True)
class FeedResult:
    written: int  # periods written (added or replaced) on the measure
    held_back: int  # periods with answers that the k rule keeps off the chart
    shares: list[PeriodShare]


def survey_feed_shares(*, feed: SurveyFeed) -> list[PeriodShare]:
    return survey_period_shares(
        organisation=feed.organisation,
        survey=feed.survey,
        question=feed.question,
        favourable=list(feed.favourable),
        frequency=feed.measure.frequency,
    )


@transaction.atomic
def survey_feed_run(*, actor: User, feed: SurveyFeed) -> FeedResult:
    """Add or replace the measure's point for every period the k rule shows: running again after
    more answers updates those periods, and changes nothing when nothing new came in."""
    shares = survey_feed_shares(feed=feed)
    rows = [
        PointRow(
            measure_id=feed.measure_id,
            period=share.period,
            numerator=float(share.favourable),
            denominator=float(share.answered),
            comment=f"From the public survey ‘{feed.survey.title}’",
        )
        for share in shares
        if share.favourable is not None and share.answered is not None
    ]
    held_back = len(shares) - len(rows)
    if rows:
        data_points_write(actor=actor, organisation=feed.organisation, rows=rows)
    feed.last_fed_at = timezone.now()
    feed.save(update_fields=["last_fed_at"])
    audit_log(
        actor=actor,
        action="coproduction.survey_feed_run",
        organisation=feed.organisation,
        obj=feed,
        detail={"measure": feed.measure_id, "written": len(rows), "held_back": held_back},
    )
    return FeedResult(written=len(rows), held_back=held_back, shares=shares)
