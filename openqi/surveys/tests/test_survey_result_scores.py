"""A round of 33 to 38 answers is not a small group: its share agreeing shows whenever at least k
agreed and at least k did not, even when every single option is under k (the demo's rounds once
showed no score at all). The share is decided with the options, so it gives no hidden one away,
and the page says what it hid and why."""

import datetime
from typing import Any

import pytest
from django.test import Client

from openqi.surveys.models import Survey
from openqi.surveys.selectors import survey_results, survey_trend
from openqi.surveys.services.rounds import survey_rounds_open
from openqi.surveys.tests.helpers import add_responses, open_survey

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2030, 1, 7)


def _spread(survey: Survey, counts: dict[str, int]) -> None:
    for answer, n in counts.items():
        add_responses(survey, n, q1=answer)


def test_the_share_agreeing_shows_for_35_answers_though_every_option_is_under_k(personas: Any) -> None:
    survey = open_survey(personas)
    _spread(
        survey,
        {"Strongly agree": 8, "Agree": 9, "Neither agree nor disagree": 8, "Disagree": 6, "Strongly disagree": 4},
    )
    likert = survey_results(organisation=personas.org_a, survey=survey).questions[0]
    assert likert.answered == 35
    assert likert.agree is not None and likert.agree.count == 17 and likert.agree.share(35) == "49%"
    assert {g.label: g.count for g in likert.groups} == {
        "Agree or strongly agree": 17,
        "Neither, disagree or strongly disagree": 18,
    }
    assert all(o.status == "below_k" for o in likert.options)


def test_the_share_agreeing_hides_when_it_would_give_a_hidden_option_away(personas: Any) -> None:
    # Agree 20 shows on its own; with the share (25) it would give Strongly agree (5) away, so the
    # option, the small one, stays hidden and Agree is hidden with it inside the group.
    survey = open_survey(personas)
    _spread(survey, {"Strongly agree": 5, "Agree": 20, "Disagree": 12})
    likert = survey_results(organisation=personas.org_a, survey=survey).questions[0]
    options = {o.label: o for o in likert.options}
    assert likert.agree is not None and likert.agree.count == 25
    assert options["Strongly agree"].status == "below_k"
    assert options["Agree"].status == "complementary"
    assert options["Disagree"].count == 12
    # And a share resting on fewer than k who agreed is not shown at all.
    few = open_survey(personas)
    _spread(few, {"Agree": 4, "Disagree": 31})
    assert survey_results(organisation=personas.org_a, survey=few).questions[0].agree.status == "below_k"


def test_a_trend_of_rounds_of_33_to_38_answers_shows_a_score_in_every_round(personas: Any) -> None:
    first = open_survey(personas, opens_on=MONDAY, closes_on=MONDAY + datetime.timedelta(days=4))
    Survey.objects.filter(pk=first.pk).update(recurrence="weekly")
    rounds = [first]
    for week in (1, 2):
        rounds += survey_rounds_open(today=MONDAY + datetime.timedelta(days=7 * week))
    for number, survey in enumerate(rounds):
        _spread(
            survey,
            {
                "Strongly agree": 6 + number,
                "Agree": 8 + 2 * number,
                "Neither agree nor disagree": 8,
                "Disagree": 7 - number,
                "Strongly disagree": 5 - number,
            },
        )
    trend = survey_trend(organisation=personas.org_a, survey=rounds[-1])
    assert [(p.answered, p.score) for p in trend[0].points] == [(34, 41), (35, 49), (36, 56)]


def test_the_page_says_what_it_hid_and_why(personas: Any, lead_client: Client) -> None:
    survey = open_survey(personas)
    _spread(survey, {"Strongly agree": 5, "Agree": 20, "Disagree": 12})
    html = lead_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/results/").content.decode()
    assert "What is hidden and why" in html
    assert "Agree or strongly agree: <strong>68%</strong> (25 of 37)" in html
    assert "because fewer than 11 people gave" in html
    assert "would give away a smaller group" in html
