"""Public pulse surveys for patients and carers (ADR 0033): no account, one answer a link session or
a kiosk session, stored with a date and nothing else, results under the same k rule."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from django.utils import timezone

from openqi.core.submission import FIELD_NAME, new_token
from openqi.surveys.models import Audience, Survey, SurveyMarker, SurveyResponse
from openqi.surveys.selectors import survey_list_open_for, survey_period_shares, survey_results
from openqi.surveys.services import question_add, survey_create, survey_open, survey_respond
from openqi.surveys.services.public import survey_respond_public

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def public_survey(personas: Any, *, opened: bool = True) -> Survey:
    today = timezone.localdate()
    survey = survey_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Carers on discharge",
        teams=[],
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
        audience=Audience.PUBLIC,
    )
    question_add(
        actor=personas.lead.user,
        survey=survey,
        kind="likert",
        text="I felt involved in planning the discharge",
        choices=[],
        required=True,
    )
    question_add(actor=personas.lead.user, survey=survey, kind="text", text="What would have helped?", choices=[])
    return survey_open(actor=personas.lead.user, survey=survey) if opened else survey


def answer(client: Client, url: str, survey: Survey, likert: str = "Agree", text: str = "", **extra: Any) -> Any:
    first, second = survey.questions.all()
    data = {f"q{first.pk}": likert, f"q{second.pk}": text, FIELD_NAME: new_token(), **extra}
    return client.post(url, data)


def test_a_public_survey_gets_a_link_and_a_kiosk_address_and_no_teams(personas: Any) -> None:
    survey = public_survey(personas)
    assert survey.is_public and survey.public_token and survey.kiosk_token
    assert survey.public_token != survey.kiosk_token


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"recurrence": "monthly"}, "recurrence"), ({"auto_remind": True}, "auto_remind")],
    ids=["repeating", "reminders"],
)
def test_a_public_survey_refuses_what_needs_staff_accounts(personas: Any, changes: Any, field: str) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        survey_create(
            actor=personas.lead.user,
            organisation=personas.org_a,
            title="Carers",
            teams=[],
            opens_on=today,
            closes_on=today,
            audience=Audience.PUBLIC,
            **changes,
        )
    assert field in refused.value.message_dict


def test_a_public_survey_is_not_for_staff_teams(personas: Any) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        survey_create(
            actor=personas.lead.user,
            organisation=personas.org_a,
            title="Carers",
            teams=[personas.member.team],
            opens_on=today,
            closes_on=today,
            audience=Audience.PUBLIC,
        )
    assert "teams" in refused.value.message_dict


def test_the_lead_creates_a_public_survey_from_the_form_and_sees_its_link_and_qr_code(
    personas: Any, lead_client: Client
) -> None:
    today = timezone.localdate()
    later = today + datetime.timedelta(days=14)
    response = lead_client.post(
        f"/o/{personas.org_a.slug}/surveys/new/",
        {
            "title": "Carers on discharge",
            "audience": "public",
            "opens_on-day": today.day,
            "opens_on-month": today.month,
            "opens_on-year": today.year,
            "closes_on-day": later.day,
            "closes_on-month": later.month,
            "closes_on-year": later.year,
            FIELD_NAME: new_token(),
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get(title="Carers on discharge")
    assert survey.is_public
    page = lead_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/").content.decode()
    assert f"/s/{survey.public_token}/" in page
    assert f"/s/kiosk/{survey.kiosk_token}/" in page
    assert 'aria-labelledby="public-qr-caption"' in page
    assert "Send a reminder" not in page


def test_staff_do_not_see_a_public_survey_among_theirs_nor_answer_it_signed_in(
    personas: Any, member_client: Client
) -> None:
    survey = public_survey(personas)
    assert survey_list_open_for(user=personas.member.user, membership=personas.member) == []
    assert member_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/answer/").status_code == 404
    with pytest.raises(PermissionDenied):
        survey_respond(user=personas.member.user, survey=survey, team=None, answers={})


def test_a_carer_answers_once_through_the_link_with_no_account_and_only_a_date_is_kept(personas: Any) -> None:
    survey = public_survey(personas)
    url = f"/s/{survey.public_token}/"
    carer = Client()
    assert carer.get(url).status_code == 200
    response = answer(carer, url, survey, likert="Agree", text="A call the day before")
    assert response.status_code == 200
    assert "Thank you for your answers" in response.content.decode()
    stored = SurveyResponse.objects.get(survey=survey)
    assert stored.answered_on == timezone.localdate()
    assert sorted(stored.answers.values()) == ["A call the day before", "Agree"]
    # The same browser cannot answer again; another can.
    assert "You have already answered" in carer.get(url).content.decode()
    assert "already answered" in answer(carer, url, survey).content.decode()
    assert answer(Client(), url, survey).status_code == 200
    assert SurveyResponse.objects.filter(survey=survey).count() == 2
    assert SurveyMarker.objects.filter(survey=survey).count() == 2


def test_a_kiosk_takes_one_answer_a_session_then_starts_again_for_the_next_person(personas: Any) -> None:
    survey = public_survey(personas)
    url = f"/s/kiosk/{survey.kiosk_token}/"
    kiosk = Client()
    first = answer(kiosk, url, survey)
    assert "ready for the next person" in first.content.decode()
    assert kiosk.get(f"{url}next/").status_code == 302
    assert "Send my answers" in kiosk.get(url).content.decode()
    answer(kiosk, url, survey, likert="Disagree")
    assert SurveyResponse.objects.filter(survey=survey).count() == 2


def test_public_pages_show_no_account_menu(personas: Any, lead_client: Client) -> None:
    survey = public_survey(personas)
    page = lead_client.get(f"/s/kiosk/{survey.kiosk_token}/").content.decode()
    assert "Sign out" not in page and personas.lead.user.email not in page


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(personas: Any) -> None:
    survey = public_survey(personas)
    response = answer(Client(), f"/s/{survey.public_token}/", survey, website="http://spam.example")
    assert response.status_code == 200
    assert not SurveyResponse.objects.exists()


def test_an_nhs_number_in_free_text_is_refused(personas: Any) -> None:
    survey = public_survey(personas)
    response = answer(Client(), f"/s/{survey.public_token}/", survey, text="Mum is 943 476 5919")
    assert response.status_code == 400
    assert "NHS number" in response.content.decode()
    assert not SurveyResponse.objects.exists()


@override_settings(CACHES=LOCMEM)
def test_many_answers_from_one_address_are_limited(personas: Any, monkeypatch: Any) -> None:
    from openqi.surveys import views_public

    monkeypatch.setattr(views_public, "LIMIT_PER_HOUR", 1)
    survey = public_survey(personas)
    url = f"/s/kiosk/{survey.kiosk_token}/"
    kiosk = Client()
    assert answer(kiosk, url, survey).status_code == 200
    assert answer(kiosk, url, survey).status_code == 429
    assert SurveyResponse.objects.count() == 1


def test_a_draft_or_unknown_link_finds_nothing(personas: Any) -> None:
    draft = public_survey(personas, opened=False)
    assert Client().get(f"/s/{draft.public_token}/").status_code == 404
    assert Client().get(f"/s/kiosk/{draft.kiosk_token}/").status_code == 404
    assert Client().get("/s/not-a-token/").status_code == 404


def test_the_public_link_is_not_the_kiosk(personas: Any) -> None:
    survey = public_survey(personas)
    assert Client().get(f"/s/kiosk/{survey.public_token}/").status_code == 404


def test_a_closed_public_survey_says_so_and_takes_no_answer(personas: Any) -> None:
    survey = public_survey(personas)
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    survey.refresh_from_db()
    assert "This survey is not open" in Client().get(f"/s/{survey.public_token}/").content.decode()
    with pytest.raises(ValidationError):
        survey_respond_public(survey=survey, answerer="a" * 32, answers={})


def _bulk(survey: Survey, day: datetime.date, **counts: int) -> None:
    question = survey.questions.first()
    assert question is not None
    SurveyResponse.objects.bulk_create(
        SurveyResponse(survey=survey, answers={str(question.pk): option}, answered_on=day)
        for option, count in counts.items()
        for _ in range(count)
    )


def test_public_results_show_nothing_below_k_and_everything_from_k(personas: Any, lead_client: Client) -> None:
    survey = public_survey(personas)
    today = timezone.localdate()
    _bulk(survey, today, Agree=10)
    assert survey_results(organisation=personas.org_a, survey=survey).responses is None
    page = lead_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/results/").content.decode()
    assert "I felt involved in planning the discharge" not in page
    _bulk(survey, today, Agree=1)
    assert survey_results(organisation=personas.org_a, survey=survey).responses == 11
    page = lead_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/results/").content.decode()
    assert "I felt involved in planning the discharge" in page


def test_public_results_offer_no_breakdown_by_team_or_role(personas: Any, lead_client: Client) -> None:
    """Public answers carry no team or role, so a breakdown by either would only ever be empty."""
    survey = public_survey(personas)
    _bulk(survey, timezone.localdate(), Agree=12)
    base = f"/o/{personas.org_a.slug}/surveys/{survey.pk}"
    page = lead_client.get(f"{base}/results/").content.decode()
    assert "Results by team" not in page and "Results by role" not in page
    for dimension in ("team", "role"):
        assert lead_client.get(f"{base}/results/by-{dimension}/").status_code == 404
    survey.audience = "staff"
    survey.save(update_fields=["audience"])
    assert lead_client.get(f"{base}/results/by-team/").status_code == 200


def test_public_results_hide_a_small_option_and_its_complement(personas: Any) -> None:
    survey = public_survey(personas)
    _bulk(survey, timezone.localdate(), Agree=12, Disagree=2)
    results = survey_results(organisation=personas.org_a, survey=survey)
    likert = results.questions[0]
    shown = {o.label: o.count for o in likert.options}
    assert shown["Disagree"] is None  # 2 < k
    assert results.hidden_below_k >= 1
    # Nothing shown lets the 2 be worked out: the answered total less the shown options is 0 or ≥ k.
    assert likert.answered == 14
    rest = likert.answered - sum(count for count in shown.values() if count)
    assert rest == 0 or rest >= results.k


def test_period_shares_keep_the_k_rule_in_each_period(personas: Any) -> None:
    survey = public_survey(personas)
    question = survey.questions.first()
    assert question is not None
    may, june, july = datetime.date(2026, 5, 4), datetime.date(2026, 6, 8), datetime.date(2026, 7, 6)
    _bulk(survey, may, Agree=8, Disagree=4)  # 12 answers, but 4 unfavourable: hidden, with the 8
    _bulk(survey, june, Agree=11, Disagree=12)  # both at least k: shown
    _bulk(survey, july, Agree=9)  # fewer than k answers
    shares = survey_period_shares(
        organisation=personas.org_a,
        survey=survey,
        question=question,
        favourable=["Strongly agree", "Agree"],
        frequency="monthly",
    )
    assert [(s.period, s.answered, s.favourable) for s in shares] == [
        (datetime.date(2026, 5, 1), 12, None),
        (datetime.date(2026, 6, 1), 23, 11),
        (datetime.date(2026, 7, 1), None, None),
    ]


def test_all_favourable_in_a_period_shows_because_the_rest_is_zero(personas: Any) -> None:
    survey = public_survey(personas)
    question = survey.questions.first()
    assert question is not None
    _bulk(survey, datetime.date(2026, 5, 4), Agree=11)
    shares = survey_period_shares(
        organisation=personas.org_a, survey=survey, question=question, favourable=["Agree"], frequency="weekly"
    )
    assert [(s.period, s.answered, s.favourable) for s in shares] == [(datetime.date(2026, 5, 4), 11, 11)]


def test_markers_and_key_of_a_public_survey_go_when_it_closes(personas: Any) -> None:
    survey = public_survey(personas)
    answer(Client(), f"/s/{survey.public_token}/", survey)
    assert SurveyMarker.objects.filter(survey=survey).exists()
    from openqi.surveys.services import survey_purge_closed

    survey_purge_closed(today=survey.closes_on + datetime.timedelta(days=1))
    survey.refresh_from_db()
    assert survey.marker_key == "" and not SurveyMarker.objects.filter(survey=survey).exists()
