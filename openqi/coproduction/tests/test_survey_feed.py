"""A public survey feeds a project's p chart through the measures app's own write (ADR 0033):
only periods the k rule shows, again and again without duplicates, and only for the lead."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.coproduction import survey_feeds
from openqi.coproduction.models import SurveyFeed
from openqi.coproduction.tests.conftest import post
from openqi.measures.models import DataPoint, Measure
from openqi.organisations.access import OrgAccess
from openqi.projects import services as project_services
from openqi.projects.models import Project
from openqi.surveys.models import Survey, SurveyResponse
from openqi.surveys.tests.test_public_surveys import public_survey

MAY, JUNE = datetime.date(2026, 5, 6), datetime.date(2026, 6, 10)


def _measure(personas: Any, project: Project, *, chart_type: str = "p", link: bool = True) -> Measure:
    measure = Measure.objects.create(
        organisation=personas.org_a,
        name="Carers who felt involved in discharge planning",
        measure_type="process",
        what_counted="Carers answering agree or strongly agree",
        frequency="monthly",
        chart_type=chart_type,
        improvement="increase",
    )
    if link:
        project_services.project_link_add(
            actor=personas.lead.user,
            project=project,
            kind="measure",
            ref_id=measure.pk,
            label=measure.name,
            has_baseline=False,
            measure_type="process",
        )
    return measure


def _answers(survey: Survey, day: datetime.date, **counts: int) -> None:
    question = survey.questions.first()
    assert question is not None
    SurveyResponse.objects.bulk_create(
        SurveyResponse(survey=survey, answers={str(question.pk): option}, answered_on=day)
        for option, count in counts.items()
        for _ in range(count)
    )


def _access(personas: Any) -> OrgAccess:
    return OrgAccess(organisation=personas.org_a, membership=personas.lead, is_system_admin=False)


def test_feeding_writes_only_periods_the_k_rule_shows(personas: Any, project: Project) -> None:
    survey = public_survey(personas)
    measure = _measure(personas, project)
    _answers(survey, MAY, Agree=12, Disagree=11)
    _answers(survey, JUNE, Agree=5)  # too few answers: held back
    question = survey.questions.first()
    assert question is not None
    feed = survey_feeds.survey_feed_set(
        actor=personas.lead.user,
        access=_access(personas),
        survey=survey,
        question=question,
        favourable=["Strongly agree", "Agree"],
        measure=measure,
    )
    result = survey_feeds.survey_feed_run(actor=personas.lead.user, feed=feed)
    assert (result.written, result.held_back) == (1, 1)
    point = DataPoint.objects.get(measure=measure)
    assert (point.period, point.numerator, point.denominator) == (datetime.date(2026, 5, 1), 12, 23)
    # More answers later: the same period is replaced, not duplicated, and June now shows.
    _answers(survey, MAY, Agree=1)
    _answers(survey, JUNE, Agree=6)
    result = survey_feeds.survey_feed_run(actor=personas.lead.user, feed=feed)
    assert (result.written, result.held_back) == (2, 0)
    points = {p.period: (p.numerator, p.denominator) for p in DataPoint.objects.filter(measure=measure)}
    assert points == {datetime.date(2026, 5, 1): (13, 24), datetime.date(2026, 6, 1): (11, 11)}


@pytest.mark.parametrize(
    ("chart_type", "link", "field"),
    [("i", True, "measure"), ("p", False, "measure")],
    ids=["not-a-p-chart", "not-linked-to-a-project"],
)
def test_only_a_p_chart_linked_to_a_project_can_be_fed(
    personas: Any, project: Project, chart_type: str, link: bool, field: str
) -> None:
    survey = public_survey(personas)
    question = survey.questions.first()
    assert question is not None
    with pytest.raises(ValidationError) as refused:
        survey_feeds.survey_feed_set(
            actor=personas.lead.user,
            access=_access(personas),
            survey=survey,
            question=question,
            favourable=["Agree"],
            measure=_measure(personas, project, chart_type=chart_type, link=link),
        )
    assert field in refused.value.message_dict


@pytest.mark.parametrize(
    ("favourable", "why"),
    [
        ([], "at least one"),
        (["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"], "flat"),
    ],
    ids=["none", "all"],
)
def test_favourable_answers_must_be_some_but_not_all(
    personas: Any, project: Project, favourable: list[str], why: str
) -> None:
    survey = public_survey(personas)
    question = survey.questions.first()
    assert question is not None
    with pytest.raises(ValidationError) as refused:
        survey_feeds.survey_feed_set(
            actor=personas.lead.user,
            access=_access(personas),
            survey=survey,
            question=question,
            favourable=favourable,
            measure=_measure(personas, project),
        )
    assert why in str(refused.value)


def test_a_free_text_question_cannot_feed(personas: Any, project: Project) -> None:
    survey = public_survey(personas)
    text_question = survey.questions.last()
    assert text_question is not None
    with pytest.raises(ValidationError):
        survey_feeds.survey_feed_set(
            actor=personas.lead.user,
            access=_access(personas),
            survey=survey,
            question=text_question,
            favourable=["x"],
            measure=_measure(personas, project),
        )


def test_the_lead_sets_up_the_feed_through_the_pages(personas: Any, project: Project, lead_client: Client) -> None:
    survey = public_survey(personas)
    measure = _measure(personas, project)
    _answers(survey, MAY, Agree=11, Disagree=11)
    question = survey.questions.first()
    assert question is not None
    url = f"/o/{personas.org_a.slug}/involvement/surveys/{survey.pk}/feed/"
    first = lead_client.get(url)
    assert first.status_code == 200 and "Which question feeds a project measure?" in first.content.decode()
    second = lead_client.get(f"{url}?question={question.pk}")
    assert measure.name in second.content.decode()
    refused = post(lead_client, url, {"question": question.pk, "measure": measure.pk})
    assert refused.status_code == 400 and "Choose at least one answer" in refused.content.decode()
    saved = post(lead_client, url, {"question": question.pk, "favourable": ["Agree"], "measure": measure.pk})
    assert saved.status_code == 302
    assert SurveyFeed.objects.get(survey=survey).favourable == ["Agree"]
    assert DataPoint.objects.get(measure=measure).numerator == 11
    page = lead_client.get(url).content.decode()
    assert "Feed again with the latest answers" in page
    assert post(lead_client, f"{url}run/").status_code == 302


def test_a_staff_survey_or_a_member_gets_no_feed_page(
    personas: Any, member_client: Client, lead_client: Client
) -> None:
    survey = public_survey(personas)
    url = f"/o/{personas.org_a.slug}/involvement/surveys/{survey.pk}/feed/"
    assert member_client.get(url).status_code == 403
    Survey.objects.filter(pk=survey.pk).update(audience="staff")
    assert lead_client.get(url).status_code == 404
