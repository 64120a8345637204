"""One person with something in every app: named and anonymous contributions side by side."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from openqi.accounts.models import User
from openqi.accounts.services import user_preferences_update
from openqi.checkins.services import checkin_submit
from openqi.conftest import Personas, give_totp
from openqi.factories import SystemMembershipFactory, UserFactory
from openqi.ideas.models import Idea, IdeaComment, IdeaMention
from openqi.ideas.services import idea_comment_add, idea_follow_toggle, idea_submit, idea_support_toggle
from openqi.measures.models import Measure, MeasureFollow, PendingImport
from openqi.measures.services import data_point_add
from openqi.notifications.models import Notification
from openqi.organisations.models import Invitation, SystemRole
from openqi.projects.models import PdsaCycle, Project, ProjectMember, ProjectRole
from openqi.projects.services.pdsa import pdsa_cycle_plan
from openqi.projects.services.projects import project_create
from openqi.surveys.models import SurveyResponse
from openqi.surveys.services import question_add, survey_create, survey_open, survey_respond

SUBJECT_NAME = "Mina Okafor-Lindqvist"
ANONYMOUS_TEXTS = ("Secret anonymous idea", "Anonymous problem words", "Anonymous check-in words", "Survey words")


@dataclass
class Person:
    user: User
    email: str
    admin: User
    personas: Personas
    named_idea: Idea
    anonymous_idea: Idea
    lead_idea: Idea
    comment: IdeaComment
    measure: Measure
    project: Project
    cycle: PdsaCycle


@pytest.fixture
def person(personas: Personas) -> Person:
    org, subject, lead = personas.org_a, personas.member.user, personas.lead.user
    subject.full_name = SUBJECT_NAME
    subject.save()
    user_preferences_update(user=subject, full_name=SUBJECT_NAME, email_frequency="daily")
    admin = UserFactory(email="sysadmin@ics.nhs.uk")
    SystemMembershipFactory(user=admin, system=org.system, role=SystemRole.SYSTEM_ADMIN)
    give_totp(admin)
    Invitation.objects.create(
        organisation=org,
        email=subject.email,
        token_hash="0" * 64,
        invited_by=lead,
        expires_at=timezone.now() + datetime.timedelta(days=3),
        accepted_at=timezone.now(),
    )

    # Ideas: one named, one anonymous (same person), and a colleague's they discuss.
    named, _ = idea_submit(
        actor=subject,
        organisation=org,
        title="Named idea about handovers",
        problem="P",
        suggestion="S",
        identity="named",
    )
    anonymous, _ = idea_submit(
        actor=subject,
        organisation=org,
        title=ANONYMOUS_TEXTS[0],
        problem=ANONYMOUS_TEXTS[1],
        suggestion="Anonymous suggestion",
        identity="anonymous",
    )
    lead_idea, _ = idea_submit(
        actor=lead, organisation=org, title="Lead's idea about bins", problem="P", suggestion="S", identity="named"
    )
    comment = idea_comment_add(author=subject, idea=lead_idea, body="My comment on the bins")
    lead_comment = idea_comment_add(author=lead, idea=lead_idea, body="Thanks")
    IdeaMention.objects.create(comment=lead_comment, user=subject)
    idea_support_toggle(user=subject, idea=lead_idea)
    idea_follow_toggle(user=subject, idea=lead_idea)

    # Anonymous check-in and survey answer by the same person.
    checkin_submit(
        user=subject, organisation=org, team=personas.member.team, score=4, reasons=[], comment=ANONYMOUS_TEXTS[2]
    )
    today = timezone.localdate()
    survey = survey_create(
        actor=lead,
        organisation=org,
        title="Pulse",
        teams=[],
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=6),
    )
    question = question_add(actor=lead, survey=survey, kind="text", text="Anything else?", choices=[])
    survey = survey_open(actor=lead, survey=survey)
    survey_respond(user=subject, survey=survey, team=None, answers={f"q{question.pk}": ANONYMOUS_TEXTS[3]})

    # Measures.
    measure = Measure.objects.create(
        organisation=org,
        name="Falls per 1,000 bed days",
        measure_type="outcome",
        frequency="weekly",
        chart_type="i",
        improvement="decrease",
        owner=subject,
        created_by=subject,
    )
    data_point_add(actor=subject, measure=measure, period=datetime.date(2026, 1, 5), value=3.0, comment="From Datix")
    MeasureFollow.objects.create(measure=measure, organisation=org, user=subject)
    PendingImport.objects.create(organisation=org, created_by=subject, filename="falls.csv", file_format="csv")

    # Projects: a colleague's project they joined, a PDSA cycle they planned, involvement hours.
    project = project_create(actor=lead, organisation=org, title="Fewer falls", problem="Falls at night")
    ProjectMember.objects.create(project=project, organisation=org, user=subject, role=ProjectRole.MEMBER)
    cycle = pdsa_cycle_plan(
        actor=subject, project=project, objective="Try bed alarms", question="Do alarms help?", prediction="Yes"
    )
    apps.get_model("projects", "InvolvementEntry").objects.create(
        project=project,
        organisation=org,
        user=subject,
        person_name=SUBJECT_NAME,
        date=today,
        activity="Focus group",
        hours=Decimal("2.5"),
        expenses=Decimal("12.40"),
        note="Travels from Leeds",
        recorded_by=lead,
    )

    Notification.objects.create(user=subject, organisation=org, title="You were mentioned on bins")
    LogEntry.objects.create(
        user=lead,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(subject.pk),
        object_repr=subject.email,
        action_flag=CHANGE,
        change_message="Changed full name",
    )
    return Person(
        user=subject,
        email=subject.email,
        admin=admin,
        personas=personas,
        named_idea=named,
        anonymous_idea=anonymous,
        lead_idea=lead_idea,
        comment=comment,
        measure=measure,
        project=project,
        cycle=cycle,
    )


def anonymous_snapshot() -> dict[str, Any]:
    """Every anonymous record and the counts built from them, exactly as stored."""
    from openqi.checkins.models import CheckIn, CheckInDay, CheckInWeek
    from openqi.surveys.models import SurveyTally

    return {
        "ideas": list(Idea.objects.filter(identity="anonymous").order_by("pk").values()),
        "checkins": list(CheckIn.objects.order_by("pk").values()),
        "checkin_days": list(CheckInDay.objects.order_by("pk").values()),
        "checkin_weeks": list(CheckInWeek.objects.order_by("pk").values()),
        "survey_responses": list(SurveyResponse.objects.order_by("pk").values()),
        "survey_tallies": list(SurveyTally.objects.order_by("pk").values()),
    }
