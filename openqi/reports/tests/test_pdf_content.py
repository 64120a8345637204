"""What each report's PDF shows: tagged, titled, with a language, headings and alt text for its
charts; anonymous figures only at k or more; nothing a floor reader of the report may not see."""

import datetime
from pathlib import Path
from typing import Any

import pytest

from openqi.ideas.models import Campaign
from openqi.measures.models import Visibility as MeasureVisibility
from openqi.organisations.access import org_access_get
from openqi.projects.models import LinkKind, PdsaCycle, ProjectLink, Visibility
from openqi.reports import services
from openqi.reports.models import Report, Status
from openqi.reports.tests.helpers import (
    answer,
    make_ideas,
    make_measure,
    make_project,
    needs_poppler,
    pdf_structure,
    pdf_text,
)

pytestmark = [pytest.mark.django_db, needs_poppler]


def _request(personas: Any, user: Any, kind: str, **parameters: int) -> Report:
    access = org_access_get(user=user, org_slug=personas.org_a.slug)
    report = services.report_request(actor=user, access=access, kind=kind, parameters=parameters)
    return Report.objects.get(pk=report.pk)


def test_the_board_report_is_tagged_titled_with_headings_charts_with_alt_text_and_k_respected(
    personas: Any, tmp_path: Path
) -> None:
    org = personas.org_a
    make_measure(org, "Falls per 1,000 bed days", worse=True)
    make_measure(org, "Length of stay")
    make_measure(
        org, "Ward 1 only pressure ulcers", worse=True, visibility=MeasureVisibility.TEAM, team=personas.member.team
    )
    make_ideas(org, named=5, anonymous=3)  # 3 anonymous: below k, never shown
    answer(org, "Brighter corridor lights", "We fitted brighter lights on Ward 1.")
    make_project(org, "Fewer falls at night", progress_score="3.0")
    make_project(org, "Secret reorganisation", progress_score="4.0", visibility=Visibility.PRIVATE)

    report = _request(personas, personas.lead.user, "board")

    assert report.status == Status.READY and report.progress == 100
    text, info = pdf_text(bytes(report.content), tmp_path)
    assert "Tagged:          yes" in info
    assert f"Title:           {report.title}" in info
    assert "Author:          Alpha Hospitals NHS Trust" in info
    for heading in (
        "Headline figures",
        "Measures: icon matrix",
        "Measures in special cause concern",
        "Project highlights",
        "You said, we did",
    ):
        assert heading in text
    assert "Falls per 1,000 bed days" in text and "Length of stay" in text
    assert "anonymous share not shown: fewer than 11" in text
    assert "3 anonymously" not in text
    assert "We fitted brighter lights on Ward 1." in text
    assert "Fewer falls at night" in text
    # A private project is not for every reader of the board report; a team-only measure is
    # (its readers are leads and admins, who see every team's measures).
    assert "Secret reorganisation" not in text
    assert "Ward 1 only pressure ulcers" in text
    structure = pdf_structure(bytes(report.content))
    assert b"/Lang (en-GB)" in structure
    assert b"/H1" in structure and b"/H2" in structure and b"/Table" in structure
    assert b"/Figure" in structure
    assert b"/Alt (I chart of Falls per 1,000 bed days" in structure


def test_the_anonymous_share_shows_once_it_reaches_k(personas: Any, tmp_path: Path) -> None:
    make_ideas(personas.org_a, named=4, anonymous=12)
    report = _request(personas, personas.lead.user, "board")
    text, _ = pdf_text(bytes(report.content), tmp_path)
    assert "16" in text and "12 anonymously" in text


def test_the_newsletter_hides_a_small_anonymous_count_and_shows_the_team_s_answers(
    personas: Any, tmp_path: Path
) -> None:
    ward = personas.member.team
    make_ideas(personas.org_a, named=2, anonymous=4, team=ward)
    answer(personas.org_a, "Quiet hours at night", "Lights dim at 22:00 now.", team=ward)
    answer(personas.org_a, "Another team's idea", "Done elsewhere.")
    report = _request(personas, personas.member.user, "newsletter", team_id=ward.pk)
    text, info = pdf_text(bytes(report.content), tmp_path)
    assert "Tagged:          yes" in info
    assert "Ward 1" in text
    assert "Lights dim at 22:00 now." in text
    assert "Done elsewhere." not in text
    assert "is not shown when it is fewer than 11" in text
    assert "4 of them anonymously" not in text


def test_the_project_one_pager_has_the_aim_measures_with_pdsa_markers_cycles_and_score(
    personas: Any, tmp_path: Path
) -> None:
    org = personas.org_a
    project = make_project(
        org,
        "Fewer falls at night",
        progress_score="2.5",
        aim_what="Reduce falls at night",
        aim_amount=30,
        aim_unit="%",
        aim_by=datetime.date(2027, 3, 31),
        aim_for_whom="patients on Ward 1",
    )
    measure = make_measure(org, "Falls per 1,000 bed days", worse=True)
    ProjectLink.objects.create(
        project=project, organisation=org, kind=LinkKind.MEASURE, ref_id=measure.pk, label=measure.name
    )
    PdsaCycle.objects.create(
        project=project,
        organisation=org,
        number=1,
        objective="Night-time toileting rounds",
        question="Will rounds reduce falls?",
        prediction="Fewer falls at night",
        plan_when=datetime.date(2025, 3, 10),
    )
    team_only = make_measure(
        org, "Ward 1 night staffing", worse=True, visibility=MeasureVisibility.TEAM, team=personas.member.team
    )
    ProjectLink.objects.create(
        project=project, organisation=org, kind=LinkKind.MEASURE, ref_id=team_only.pk, label="Night staffing"
    )
    # Asked for by a member of Ward 1, who sees the team-only measure; the PDF is for every
    # member who can see the project, so it names the measure by its link and does not draw it.
    report = _request(personas, personas.member.user, "project", project_id=project.pk)
    assert report.status == Status.READY, report.failure
    text, _ = pdf_text(bytes(report.content), tmp_path)
    assert "Flags on the chart: 1" in text  # the PDSA cycle is flagged on the chart, with its key
    assert "Night staffing" in text and "I chart of Ward 1 night staffing" not in text
    assert "shared with its team only" in text
    for words in (
        "Fewer falls at night",
        "Aim",
        "We aim to reduce falls at night by 30% for patients on Ward 1",
        "Family of measures",
        "PDSA cycles",
        "Progress score: 2.5",
    ):
        assert words in text
    assert b"/Alt (I chart of Falls per 1,000 bed days" in pdf_structure(bytes(report.content))


def test_a_campaign_report_reuses_the_closing_report_and_an_open_campaign_fails_with_a_reason(
    personas: Any, tmp_path: Path
) -> None:
    campaign = Campaign.objects.create(
        organisation=personas.org_a,
        title="Five ideas in two weeks",
        question="What slows your shift?",
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 11, 14),
        target=5,
    )
    report = _request(personas, personas.member.user, "campaign", campaign_id=campaign.pk)
    assert report.status == Status.FAILED
    assert "not closed" in report.failure
    assert not report.content
    Campaign.objects.filter(pk=campaign.pk).update(closed_on=datetime.date(2026, 11, 15))
    report = _request(personas, personas.member.user, "campaign", campaign_id=campaign.pk)
    assert report.status == Status.READY
    text, _ = pdf_text(bytes(report.content), tmp_path)
    assert "Five ideas in two weeks" in text


def test_building_twice_changes_nothing_once_ready(personas: Any) -> None:
    report = _request(personas, personas.lead.user, "board")
    finished = report.finished_at
    services.report_build_run(report_id=report.pk)
    again = Report.objects.get(pk=report.pk)
    assert again.finished_at == finished and again.status == Status.READY


def test_the_page_count_is_read_from_the_pdf(personas: Any, tmp_path: Path) -> None:
    report = _request(personas, personas.lead.user, "board")
    _, info = pdf_text(bytes(report.content), tmp_path)
    assert f"Pages:           {report.pages}\n" in info
    assert report.pages >= 4


def test_the_project_one_pager_marks_a_sustainability_total_with_unconfirmed_weights_as_incomplete(
    personas: Any, tmp_path: Path
) -> None:
    from django.utils import timezone

    from openqi.sustainability.models import Assessment, TeamScore
    from openqi.sustainability.scoring import sustainability_model

    org = personas.org_a
    project = make_project(org, "Fewer falls at night")
    assessment = Assessment.objects.create(
        organisation=org, project=project, agreed_at=timezone.now(), individual_count=3
    )
    levels = {key: 4 for key in sustainability_model().keys} | {"monitoring": 1}
    for factor, level in levels.items():
        TeamScore.objects.create(assessment=assessment, organisation=org, factor=factor, level=level)

    report = _request(personas, personas.member.user, "project", project_id=project.pk)
    assert report.status == Status.READY, report.failure
    text, _ = pdf_text(bytes(report.content), tmp_path)
    # Level 4 of the eight confirmed factors is their maximum, 78.0; monitoring at level 1 (6.5 at
    # level 4) has no confirmed weight, nor have clinical leadership and fit: 78.0 − 6.5 = 71.5.
    assert "Agreed sustainability score: 71.5 (NHS Sustainability Model" in text
    assert "This total is incomplete" in text
    for unscored in ("Effectiveness of the system to monitor progress", "Clinical leadership engagement"):
        assert unscored in text
    assert "out of a possible" not in text
    assert "Weaknesses: Effectiveness of the system to monitor progress." in text


def test_the_project_one_pager_gives_a_complete_sustainability_total_out_of_its_maximum(
    personas: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from django.utils import timezone

    from openqi.reports import builders
    from openqi.sustainability import selectors as sustainability_selectors
    from openqi.sustainability.models import Assessment, TeamScore
    from openqi.sustainability.scoring import DATA_FILE, model_from_data

    # Every weight filled in (level n scores n/4 of the maximum; 10 where the maximum is unknown),
    # as the Guide's own table would be once entered: for the arithmetic only.
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for factor in data["factors"]:
        factor["maximum"], factor["maximum_source"] = factor["maximum"] or 10, "test"
        for level in factor["levels"]:
            level["score"], level["score_source"] = factor["maximum"] * level["level"] / 4, "test"
    complete = model_from_data(data)
    monkeypatch.setattr(sustainability_selectors, "sustainability_model", lambda: complete)
    monkeypatch.setattr(builders, "sustainability_model", lambda: complete)

    org = personas.org_a
    project = make_project(org, "Fewer falls at night")
    assessment = Assessment.objects.create(organisation=org, project=project, agreed_at=timezone.now())
    for key in complete.keys:
        TeamScore.objects.create(assessment=assessment, organisation=org, factor=key, level=4)
    report = _request(personas, personas.member.user, "project", project_id=project.pk)
    assert report.status == Status.READY, report.failure
    text, _ = pdf_text(bytes(report.content), tmp_path)
    # 78.0 from the eight published maxima + 10 + 10 = 98.0, all at level 4.
    assert "Agreed sustainability score: 98.0 out of a possible 98.0" in text
    assert "incomplete" not in text
