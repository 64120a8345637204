"""Property: on a survey's results page no hidden count can be worked out by subtraction, for
every kind of question (NPS included): the question's shown total less its shown options is 0 or
at least k, so it never equals a hidden option's small count.

Checked: with complementary suppression removed for NPS questions (their groups suppressed each on
its own, as choose-any options are), this test fails: an NPS group's small count equals the answered total less the shown groups."""

import datetime
from typing import Any

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openqi.anonymity import effective_k
from openqi.surveys.breakdowns import round_counts
from openqi.surveys.models import Question, QuestionKind, SurveyResponse
from openqi.surveys.selectors import survey_results
from openqi.surveys.services import question_add, survey_create

KINDS = {
    QuestionKind.LIKERT: [],
    QuestionKind.NPS: [],
    QuestionKind.SINGLE: ["Early", "Late", "Night"],
    QuestionKind.MULTIPLE: ["Pay", "Rota", "Kit"],
}


@st.composite
def rounds(draw: Any) -> tuple[str, list[Any]]:
    kind = draw(st.sampled_from(sorted(KINDS)))
    if kind == QuestionKind.NPS:
        # Most people in one or two groups, a few in another: the shape that tempts subtraction.
        answer = st.sampled_from([str(n) for n in range(11)])
    elif kind == QuestionKind.LIKERT:
        answer = st.sampled_from(Question(kind=kind).options)
    elif kind == QuestionKind.SINGLE:
        answer = st.sampled_from(KINDS[kind])
    else:
        answer = st.lists(st.sampled_from(KINDS[kind]), unique=True)
    big = st.lists(answer, min_size=11, max_size=40)
    small = st.lists(answer, min_size=0, max_size=12)
    return kind, draw(big) + draw(small)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=rounds())
def test_no_hidden_count_equals_the_shown_total_less_the_shown_groups(personas: Any, case: Any) -> None:
    kind, answers = case
    today = timezone.localdate()
    survey = survey_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Pulse",
        teams=[],
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=7),
    )
    question = question_add(actor=personas.lead.user, survey=survey, kind=kind, text="Q", choices=KINDS[kind])
    SurveyResponse.objects.bulk_create(SurveyResponse(survey=survey, answers={str(question.pk): a}) for a in answers)
    results = survey_results(organisation=personas.org_a, survey=survey)
    k = effective_k(results.k)
    if results.responses is None:
        assert len(answers) < k
        return
    [result] = results.questions
    if result.answered is None:
        return
    _, true_counts = round_counts(question, [{str(question.pk): a} for a in answers])
    shown = {o.label: o.count for o in result.options if o.count is not None}
    hidden = {o.label: true_counts[o.label] for o in result.options if o.count is None}
    for label, count in shown.items():
        assert count == true_counts[label]
        assert count == 0 or count >= k, (label, count)
    if kind == QuestionKind.MULTIPLE:
        return  # people choose several: there is no total to subtract the options from
    residue = result.answered - sum(c for c in shown.values() if c is not None)
    for label, count in hidden.items():
        if 0 < count < k:
            assert count != residue, f"{label} ({count}) = {result.answered} answered less the shown groups"
    assert residue == 0 or residue >= k, residue
    if result.nps is not None:
        assert not hidden  # the score with a hidden group would give the groups away
