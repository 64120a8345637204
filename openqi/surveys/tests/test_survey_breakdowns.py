"""Results by team and by role: counted at answer time in buckets of at least k members, shown
after closing with k and complementary suppression; no response row carries team or role."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openqi.factories import MembershipFactory, TeamFactory
from openqi.organisations.models import Role
from openqi.surveys import services
from openqi.surveys.breakdowns import OTHER, role_bucket, survey_breakdown, tally_record, team_bucket
from openqi.surveys.models import Survey, SurveyResponse, SurveyTally
from openqi.surveys.selectors import survey_results
from openqi.surveys.tests.helpers import open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def wards(personas: Any) -> dict[str, Any]:
    """Medicine with a big ward (12 staff), a small ward (3 staff) and 2 leads of its own."""
    medicine = TeamFactory(organisation=personas.org_a, name="Medicine")
    big = TeamFactory(organisation=personas.org_a, name="Ward Big", parent=medicine)
    small = TeamFactory(organisation=personas.org_a, name="Ward Small", parent=medicine)
    for _ in range(12):
        MembershipFactory(organisation=personas.org_a, role=Role.STAFF, team=big)
    for _ in range(3):
        MembershipFactory(organisation=personas.org_a, role=Role.STAFF, team=small)
    for _ in range(2):
        MembershipFactory(organisation=personas.org_a, role=Role.LEAD, team=medicine)
    return {"medicine": medicine, "big": big, "small": small}


def _close(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    survey.refresh_from_db()


def _answers(survey: Survey, **by_position: Any) -> dict[str, Any]:
    questions = list(survey.questions.all())
    return {str(questions[int(k[1:]) - 1].pk): v for k, v in by_position.items()}


def test_a_team_with_fewer_than_k_members_is_counted_with_the_team_above(personas: Any, wards: Any) -> None:
    org = personas.org_a.pk
    assert team_bucket(organisation_id=org, team=wards["big"], k=11) == str(wards["big"].pk)
    assert team_bucket(organisation_id=org, team=wards["small"], k=11) == str(wards["medicine"].pk)
    assert team_bucket(organisation_id=org, team=wards["big"], k=20) == OTHER
    assert team_bucket(organisation_id=org, team=None, k=11) == OTHER


def test_role_groups_with_fewer_than_k_members_are_merged(personas: Any, wards: Any) -> None:
    org = personas.org_a.pk  # 16 staff (with the member), 4 leads and admins, no coaches
    assert role_bucket(organisation_id=org, role=Role.LEAD, k=11) == "leads+staff"
    assert role_bucket(organisation_id=org, role=Role.STAFF, k=11) == "leads+staff"
    for _ in range(7):
        MembershipFactory(organisation=personas.org_a, role=Role.QI_COACH)
    assert role_bucket(organisation_id=org, role=Role.LEAD, k=11) == "coaches+leads"
    assert role_bucket(organisation_id=org, role=Role.QI_COACH, k=11) == "coaches+leads"
    assert role_bucket(organisation_id=org, role=Role.STAFF, k=11) == "staff"
    assert role_bucket(organisation_id=org, role="partner", k=11) == OTHER


def test_answering_tallies_by_team_and_by_role_but_never_stores_either_on_the_response(
    personas: Any, wards: Any
) -> None:
    survey = open_survey(personas)
    member = MembershipFactory(organisation=personas.org_a, role=Role.STAFF, team=wards["small"])
    services.survey_respond(
        user=member.user,
        survey=survey,
        team=member.team,
        role=member.role,
        answers={f"q{k}": v for k, v in _answers(survey, q1="Agree", q2="9", q4=["Pay", "Kit"], q5="Hi").items()},
    )
    # `answered_on` is for public surveys only (ADR 0033): a staff response never has a date.
    assert {f.name for f in SurveyResponse._meta.get_fields()} == {"id", "survey", "answers", "answered_on"}
    assert not SurveyResponse.objects.filter(answered_on__isnull=False).exists()
    rows = {
        (t.dimension, t.bucket, t.question.position if t.question else None, t.option, t.count)
        for t in SurveyTally.objects.all()
    }
    bucket = str(wards["medicine"].pk)  # the small ward rolled up
    assert ("team", bucket, None, "", 1) in rows
    assert ("team", bucket, 2, "Promoters (9 or 10)", 1) in rows  # NPS stored as its group only
    assert ("role", "leads+staff", 4, "Kit", 1) in rows
    assert not any(position == 5 for _, _, position, _, _ in rows)  # free text is never tallied
    # team and role are never on one row
    assert {t.dimension for t in SurveyTally.objects.all()} == {"team", "role"}


def test_breakdowns_wait_until_the_survey_closes(personas: Any, wards: Any) -> None:
    survey = open_survey(personas)
    assert not survey_breakdown(organisation=personas.org_a, survey=survey, dimension="team").available


def test_buckets_are_suppressed_and_a_questions_row_shows_in_full_or_not_at_all(personas: Any, wards: Any) -> None:
    survey = open_survey(personas)
    big, medicine = wards["big"], wards["medicine"]

    def answer(team: Any, n: int, **values: Any) -> None:
        for _ in range(n):
            tally_record(survey=survey, team=team, role=Role.STAFF, answers=_answers(survey, **values))
            SurveyResponse.objects.create(survey=survey, answers=_answers(survey, **values))

    answer(big, 30, q1="Agree", q4=["Pay"])
    answer(big, 12, q1="Disagree", q4=["Pay", "Rota"])
    answer(big, 3, q1="Strongly agree")  # 3: below k, so the big ward's whole row of question 1 is hidden
    answer(wards["small"], 12, q1="Agree")  # rolled up to Medicine
    answer(None, 4, q1="Agree")  # "other": below k, so Medicine (the next smallest) is hidden too
    _close(survey)
    result = survey_breakdown(organisation=personas.org_a, survey=survey, dimension="team")
    assert result.available and result.complete
    likert = result.questions[0]
    rows = {row.label: row for row in likert.rows}
    big_row = rows["Ward Big"]
    assert (big_row.responses.count, big_row.answered.count, big_row.answered.status) == (45, None, "row_below_k")
    assert all(cell.count is None for cell in big_row.options)
    other = rows["Other teams and people without a team"]
    assert (other.responses.count, other.responses.status) == (None, "below_k")
    assert rows[f"{medicine.name} (with smaller teams inside it)"].responses.status == "complementary"
    multiple = {row.label: row for row in result.questions[3].rows}["Ward Big"]
    assert multiple.answered.count == 42
    assert [(c.count, c.status) for c in multiple.options] == [(42, "shown"), (12, "shown"), (0, "empty")]
    assert all(q.question.kind != "text" for q in result.questions)


def _small_groups_given_away(results: Any, breakdown: Any) -> list[tuple[str, str, int]]:
    """Each option the results page shows, less every bucket row that shows it, when exactly one
    bucket is left: what that leaves, if it is 1 to k - 1."""
    found = []
    for result, table in zip(results.questions, breakdown.questions, strict=False):
        assert result.question == table.question
        for i, option in enumerate(result.options):
            if option.count is None:
                continue
            shown = [row.options[i].count for row in table.rows if row.options[i].count is not None]
            left = option.count - sum(n for n in shown if n is not None)
            if len(table.rows) - len(shown) == 1 and 0 < left < results.k:
                found.append((table.question.text, option.label, left))
    return found


def test_the_results_page_less_the_other_buckets_does_not_give_a_small_buckets_option_away(
    personas: Any, wards: Any, lead_client: Client
) -> None:
    """ADR 0006's known limit: Disagree 15 on the results page less 12 in the big ward gave
    Medicine's 3, though Medicine's row hid it."""
    survey = open_survey(personas)
    answers = [(wards["big"], 30, "Agree"), (wards["big"], 12, "Disagree")]
    answers += [(wards["small"], 15, "Agree"), (wards["small"], 3, "Disagree")]
    for team, n, value in answers:
        for _ in range(n):
            tally_record(survey=survey, team=team, role=Role.STAFF, answers=_answers(survey, q1=value))
            SurveyResponse.objects.create(survey=survey, answers=_answers(survey, q1=value))
    _close(survey)
    results = survey_results(organisation=personas.org_a, survey=survey)
    assert [(o.label, o.count) for o in results.questions[0].options if o.count] == [("Agree", 45), ("Disagree", 15)]
    breakdown = survey_breakdown(organisation=personas.org_a, survey=survey, dimension="team")
    assert _small_groups_given_away(results, breakdown) == []
    html = lead_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/results/by-team/").content.decode()
    assert "Hidden: fewer than 11 people gave an answer in this row" in html  # Medicine's 3
    assert "Hidden to protect a smaller group" in html  # the big ward, whose 12 would leave the 3
    assert ">3<" not in html and ">12<" not in html


def test_a_round_with_answers_in_no_bucket_is_not_broken_down(personas: Any, wards: Any, lead_client: Client) -> None:
    survey = open_survey(personas)
    for _ in range(12):
        tally_record(survey=survey, team=wards["big"], role=Role.STAFF, answers=_answers(survey, q1="Agree"))
        SurveyResponse.objects.create(survey=survey, answers=_answers(survey, q1="Agree"))
    SurveyResponse.objects.create(survey=survey, answers=_answers(survey, q1="Agree"))  # before tallies existed
    _close(survey)
    breakdown = survey_breakdown(organisation=personas.org_a, survey=survey, dimension="role")
    assert breakdown.available and not breakdown.complete and breakdown.questions == []
    html = lead_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/results/by-team/").content.decode()
    assert "This round is not broken down by team" in html


def test_the_breakdown_pages_show_hidden_cells_in_words(personas: Any, wards: Any, lead_client: Client) -> None:
    survey = open_survey(personas)
    for _ in range(12):
        tally_record(survey=survey, team=wards["big"], role=Role.STAFF, answers=_answers(survey, q1="Agree"))
        SurveyResponse.objects.create(survey=survey, answers=_answers(survey, q1="Agree"))
    tally_record(survey=survey, team=None, role=Role.LEAD, answers=_answers(survey, q1="Agree"))
    SurveyResponse.objects.create(survey=survey, answers=_answers(survey, q1="Agree"))
    base = f"/o/{personas.org_a.slug}/surveys/{survey.pk}/results/"
    assert "shown once the survey has closed" in lead_client.get(base + "by-team/").content.decode()
    _close(survey)
    html = lead_client.get(base + "by-team/").content.decode()
    assert "Ward Big" in html and "Fewer than 11" in html and "Hidden to protect a smaller group" in html
    assert ">12<" not in html and ">13<" not in html  # the big ward is hidden as the lone one's complement
    role = lead_client.get(base + "by-role/").content.decode()
    assert "Staff" in role or "Leads and admins" in role
    assert lead_client.get(base + "by-grade/").status_code == 404
    assert "Results by team" in lead_client.get(base).content.decode()


def test_staff_may_not_see_breakdowns_and_outsiders_get_404(
    personas: Any, member_client: Client, outsider_client: Client
) -> None:
    survey = open_survey(personas)
    url = f"/o/{personas.org_a.slug}/surveys/{survey.pk}/results/by-team/"
    assert member_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 404


def test_tallies_hold_no_identity_and_every_team_bucket_stands_for_k_members(personas: Any, wards: Any) -> None:
    from openqi.organisations.models import Membership

    names = {f.name for f in SurveyTally._meta.get_fields()}
    assert names == {"id", "survey", "dimension", "bucket", "question", "option", "count"}
    survey = open_survey(personas)
    for team in (wards["big"], wards["small"], wards["medicine"], personas.member.team, None):
        tally_record(survey=survey, team=team, role=Role.STAFF, answers=_answers(survey, q1="Agree"))
    for bucket in SurveyTally.objects.filter(dimension="team").exclude(bucket=OTHER).values_list("bucket", flat=True):
        team_ids = [int(bucket)]
        inside = list(Membership.objects.filter(organisation=personas.org_a).values_list("team_id", "team__parent_id"))
        members = sum(1 for team_id, parent_id in inside if team_id in team_ids or parent_id in team_ids)
        assert members >= 11
