import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openqi.surveys.models import Survey, SurveyResponse
from openqi.surveys.tests.helpers import open_survey

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["surveys/new/", "surveys/{id}/", "surveys/{id}/questions/new/", "surveys/{id}/results/"]
)
def test_staff_are_refused_the_lead_pages(personas: Any, member_client: Client, path: str) -> None:
    survey = open_survey(personas)
    assert member_client.get(f"/o/{personas.org_a.slug}/" + path.format(id=survey.pk)).status_code == 403


def test_a_lead_creates_a_survey_and_adds_a_question(personas: Any, lead_client: Client) -> None:
    today = timezone.localdate()
    later = today + datetime.timedelta(days=7)
    response = lead_client.post(
        f"/o/{personas.org_a.slug}/surveys/new/",
        {
            "title": "Handover",
            "intro": "",
            "opens_on-day": today.day,
            "opens_on-month": today.month,
            "opens_on-year": today.year,
            "closes_on-day": later.day,
            "closes_on-month": later.month,
            "closes_on-year": later.year,
        },
    )
    survey = Survey.objects.get()
    assert response["Location"] == f"/o/{personas.org_a.slug}/surveys/{survey.pk}/"
    lead_client.post(
        f"/o/{personas.org_a.slug}/surveys/{survey.pk}/questions/new/",
        {"text": "Which shift?", "kind": "single", "choices": "Early\nLate"},
    )
    assert survey.questions.get().choices == ["Early", "Late"]


def test_a_survey_without_dates_shows_the_error_summary(personas: Any, lead_client: Client) -> None:
    html = lead_client.post(f"/o/{personas.org_a.slug}/surveys/new/", {"title": "x"}).content.decode()
    assert "There is a problem" in html
    assert "Enter the date the survey opens" in html


def test_a_member_sees_the_open_survey_answers_it_and_cannot_answer_again(personas: Any, member_client: Client) -> None:
    survey = open_survey(personas)
    listing = member_client.get(f"/o/{personas.org_a.slug}/surveys/").content.decode()
    assert "Winter pressures" in listing
    url = f"/o/{personas.org_a.slug}/surveys/{survey.pk}/answer/"
    q1 = survey.questions.first()
    html = member_client.post(url, {f"q{q1.pk}": "Agree"}).content.decode()
    assert "Thank you for your answers" in html
    assert "You have already answered" in member_client.get(url).content.decode()
    assert SurveyResponse.objects.count() == 1


def test_an_nhs_number_in_an_answer_shows_the_error_summary_and_saves_nothing(
    personas: Any, member_client: Client
) -> None:
    survey = open_survey(personas)
    text_q = survey.questions.get(kind="text")
    html = member_client.post(
        f"/o/{personas.org_a.slug}/surveys/{survey.pk}/answer/", {f"q{text_q.pk}": "943 476 5919 fell"}
    ).content.decode()
    assert "There is a problem" in html and "NHS number" in html
    assert not SurveyResponse.objects.exists()


def test_a_member_outside_the_audience_is_refused(personas: Any, member_client: Client) -> None:
    from openqi.factories import TeamFactory

    survey = open_survey(personas, teams=[TeamFactory(organisation=personas.org_a, name="Theatres")])
    assert member_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/answer/").status_code == 403
    assert "Winter pressures" not in member_client.get(f"/o/{personas.org_a.slug}/surveys/").content.decode()


def test_a_survey_of_another_organisation_gives_404(personas: Any, lead_client: Client) -> None:
    from openqi.factories import MembershipFactory

    survey = open_survey(personas)
    survey.organisation = personas.org_b
    survey.save()
    MembershipFactory(user=personas.lead.user, organisation=personas.org_b)
    assert lead_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/results/").status_code == 404


def test_the_date_boxes_are_named_as_the_form_reads_them(personas: Any, lead_client: Client) -> None:
    html = lead_client.get(f"/o/{personas.org_a.slug}/surveys/new/").content.decode()
    for name in ("opens_on-day", "opens_on-month", "opens_on-year", "closes_on-day"):
        assert f'name="{name}"' in html
    assert "[day]" not in html
