from typing import Any

from openqi.accounts.models import User
from openqi.demo.organisations import seed_organisations
from openqi.demo.patient_voice import MEASURE, TITLE, seed_patient_voice
from openqi.demo.projects import DISCHARGE, seed_projects
from openqi.measures.models import DataPoint
from openqi.projects.models import ProjectLink
from openqi.surveys.models import Survey
from openqi.surveys.selectors import survey_results


def test_the_carers_survey_demo_shows_results_and_feeds_the_discharge_p_chart(db: Any) -> None:
    demo = seed_organisations()
    northfield = demo.orgs["northfield"]
    seed_projects(northfield=northfield, riverside=demo.orgs["riverside"])
    lead = User.objects.get(email="lead@northfield.example")
    for _ in range(2):  # idempotent
        seed_patient_voice(northfield=northfield, lead=lead)
    survey = Survey.objects.get(organisation=northfield, title=TITLE)
    assert survey.is_public and survey.is_open()
    results = survey_results(organisation=northfield, survey=survey)
    assert results.responses == 168
    assert results.questions[0].agree is not None
    assert ProjectLink.objects.filter(project__title=DISCHARGE, label=MEASURE).exists()
    points = DataPoint.objects.filter(measure__name=MEASURE)
    assert points.count() == 4
    assert all(p.denominator and p.denominator >= results.k for p in points)
