"""Survey results go through k suppression: nothing below k, options below k hidden with a complement."""

from typing import Any

import pytest
from django.test import Client

from openqi.surveys.selectors import survey_results
from openqi.surveys.tests.helpers import add_responses, open_survey

pytestmark = pytest.mark.django_db


def _question(results: Any, position: int) -> Any:
    return results.questions[position - 1]


def test_nothing_is_shown_until_k_people_have_answered(personas: Any, lead_client: Client) -> None:
    survey = open_survey(personas)
    add_responses(survey, 10, q1="Agree", q5="Secret words")
    results = survey_results(organisation=personas.org_a, survey=survey)
    assert results.responses is None and results.questions == []
    html = lead_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/results/").content.decode()
    assert "Fewer than 11 responses so far" in html
    assert "Secret words" not in html


def test_a_small_option_is_hidden_with_its_next_smallest_sibling(personas: Any) -> None:
    survey = open_survey(personas)
    add_responses(survey, 30, q1="Agree", q3="Early")
    add_responses(survey, 15, q1="Disagree", q3="Late")
    add_responses(survey, 3, q1="Strongly disagree", q3="Night")
    options = {o.label: o for o in _question(survey_results(organisation=personas.org_a, survey=survey), 1).options}
    assert options["Agree"].count == 30
    assert options["Strongly disagree"].status == "below_k"
    assert options["Disagree"].status == "complementary"
    assert options["Strongly agree"].count == 0


def test_free_text_is_shown_only_when_k_people_wrote_some_and_in_alphabetical_order(personas: Any) -> None:
    survey = open_survey(personas)
    add_responses(survey, 12, q1="Agree", q5="Zebra crossing")
    add_responses(survey, 1, q1="Agree", q5="Apple")
    results = survey_results(organisation=personas.org_a, survey=survey)
    assert _question(results, 5).texts[0] == "Apple"
    assert _question(results, 3).answered is None  # nobody answered the shift question


def test_a_net_promoter_score_is_shown_only_when_every_group_is_shown(personas: Any) -> None:
    survey = open_survey(personas)
    add_responses(survey, 20, q2="10")
    add_responses(survey, 11, q2="7")
    add_responses(survey, 12, q2="3")
    nps = _question(survey_results(organisation=personas.org_a, survey=survey), 2)
    assert nps.nps == round(100 * (20 - 12) / 43)
    survey2 = open_survey(personas)
    add_responses(survey2, 30, q2="10")
    add_responses(survey2, 2, q2="0")
    assert _question(survey_results(organisation=personas.org_a, survey=survey2), 2).nps is None


def test_choose_any_options_are_each_checked_against_k(personas: Any) -> None:
    survey = open_survey(personas)
    add_responses(survey, 20, q4=["Pay", "Rota"])
    add_responses(survey, 4, q4=["Kit"])
    options = {o.label: o for o in _question(survey_results(organisation=personas.org_a, survey=survey), 4).options}
    assert options["Pay"].count == 20
    assert options["Kit"].count is None
