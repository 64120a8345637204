import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.factories import TeamFactory
from openqi.surveys import services
from openqi.surveys.models import Survey, SurveyMarker, SurveyResponse
from openqi.surveys.selectors import survey_answered
from openqi.surveys.tests.helpers import open_survey

pytestmark = pytest.mark.django_db


def _answers(survey: Survey, **by_position: Any) -> dict[str, Any]:
    questions = list(survey.questions.all())
    return {f"q{questions[int(k[1:]) - 1].pk}": v for k, v in by_position.items()}


def test_a_lead_builds_a_survey_and_it_is_audited(personas: Any) -> None:
    survey = open_survey(personas)
    assert [q.kind for q in survey.questions.all()] == ["likert", "nps", "single", "multiple", "text"]
    assert AuditEvent.objects.filter(action="survey.create", actor=personas.lead.user).exists()
    assert AuditEvent.objects.filter(action="survey.question_add").count() == 5


def test_choice_questions_need_two_to_ten_options(personas: Any) -> None:
    survey = open_survey(personas)
    with pytest.raises(ValidationError):
        services.question_add(actor=personas.lead.user, survey=survey, kind="single", text="x", choices=["Only"])


def test_a_closing_date_before_the_opening_date_is_refused(personas: Any) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.survey_create(
            actor=personas.lead.user,
            organisation=personas.org_a,
            title="x",
            teams=[],
            opens_on=today,
            closes_on=today - datetime.timedelta(days=1),
        )


def test_a_member_answers_once_and_nothing_links_the_response_to_them(personas: Any) -> None:
    survey = open_survey(personas)
    response = services.survey_respond(
        user=personas.member.user,
        survey=survey,
        team=personas.member.team,
        answers=_answers(survey, q1="Agree", q2="9", q3="Late", q4=["Rota", "Pay"], q5="More staff"),
    )
    # `answered_on` is for public surveys only (ADR 0033): a staff response never has a date.
    assert {f.column for f in SurveyResponse._meta.concrete_fields} == {"id", "survey_id", "answers", "answered_on"}
    assert response.answered_on is None
    assert sorted(response.answers.values(), key=str) == sorted(
        ["Agree", "9", "Late", ["Pay", "Rota"], "More staff"], key=str
    )
    assert survey_answered(user=personas.member.user, survey=survey)
    assert not AuditEvent.objects.filter(action__startswith="survey.respond").exists()
    with pytest.raises(ValidationError, match="already answered"):
        services.survey_respond(
            user=personas.member.user, survey=survey, team=personas.member.team, answers=_answers(survey, q1="Agree")
        )
    assert SurveyResponse.objects.count() == 1


def test_an_nhs_number_in_a_free_text_answer_is_refused_and_nothing_saved(personas: Any) -> None:
    survey = open_survey(personas)
    with pytest.raises(ValidationError) as refused:
        services.survey_respond(
            user=personas.member.user,
            survey=survey,
            team=None,
            answers=_answers(survey, q1="Agree", q5="Patient 9434765919"),
        )
    assert "NHS number" in str(refused.value)
    assert not SurveyResponse.objects.exists() and not SurveyMarker.objects.exists()


def test_a_survey_for_other_teams_refuses_a_member_outside_its_audience(personas: Any) -> None:
    other = TeamFactory(organisation=personas.org_a, name="Theatres")
    survey = open_survey(personas, teams=[other])
    with pytest.raises(PermissionDenied):
        services.survey_respond(
            user=personas.member.user, survey=survey, team=personas.member.team, answers=_answers(survey, q1="Agree")
        )


def test_a_survey_for_a_directorate_includes_the_teams_inside_it(personas: Any) -> None:
    directorate = TeamFactory(organisation=personas.org_a, name="Medicine")
    ward = TeamFactory(organisation=personas.org_a, name="Ward 5", parent=directorate)
    survey = open_survey(personas, teams=[directorate])
    assert services.survey_in_audience(survey=survey, team=ward)
    assert not services.survey_in_audience(survey=survey, team=None)


def test_a_survey_outside_its_dates_refuses_answers(personas: Any) -> None:
    today = timezone.localdate()
    survey = open_survey(
        personas, opens_on=today + datetime.timedelta(days=1), closes_on=today + datetime.timedelta(days=2)
    )
    with pytest.raises(ValidationError, match="not open"):
        services.survey_respond(
            user=personas.member.user, survey=survey, team=None, answers=_answers(survey, q1="Agree")
        )


def test_an_answer_outside_the_options_is_refused(personas: Any) -> None:
    survey = open_survey(personas)
    with pytest.raises(ValidationError):
        services.survey_respond(
            user=personas.member.user, survey=survey, team=None, answers=_answers(survey, q3="Twilight")
        )


def test_questions_cannot_change_once_someone_has_answered(personas: Any) -> None:
    survey = open_survey(personas)
    services.survey_respond(user=personas.member.user, survey=survey, team=None, answers=_answers(survey, q1="Agree"))
    with pytest.raises(ValidationError):
        services.question_add(actor=personas.lead.user, survey=survey, kind="text", text="More?", choices=[])
    with pytest.raises(ValidationError):
        services.question_remove(actor=personas.lead.user, survey=survey, question=survey.questions.first())


def test_closing_a_survey_deletes_its_markers_and_key(personas: Any) -> None:
    survey = open_survey(personas)
    services.survey_respond(user=personas.member.user, survey=survey, team=None, answers=_answers(survey, q1="Agree"))
    assert services.survey_purge_closed(today=survey.closes_on) == 0
    assert services.survey_purge_closed(today=survey.closes_on + datetime.timedelta(days=1)) == 1
    survey.refresh_from_db()
    assert survey.marker_key == ""
    assert not SurveyMarker.objects.exists()
    assert SurveyResponse.objects.count() == 1


def test_the_purge_command_clears_closed_surveys(personas: Any) -> None:
    from django.core.management import call_command

    today = timezone.localdate()
    survey = open_survey(personas)
    Survey.objects.filter(pk=survey.pk).update(
        opens_on=today - datetime.timedelta(days=9), closes_on=today - datetime.timedelta(days=2)
    )
    SurveyMarker.objects.create(digest="d" * 64, survey=survey)
    call_command("surveys_purge", stdout=None)
    assert not SurveyMarker.objects.exists()
