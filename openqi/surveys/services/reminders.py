"""Reminders to audience members who have not answered a pulse survey yet.

Who has answered is known only through `SurveyMarker` (an HMAC of the person keyed with the
round's own secret): the audience is every member the survey is for, less those whose marker
exists. Answers carry no identity, so a reminder can never say, or depend on, what anyone answered.
The audit records that a reminder was sent and by whom, not to how many: counts taken at two
times would tell how many answered in between.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.notifications.services import notification_create
from openqi.organisations.models import ROLE_RANK, Membership, Role, Team
from openqi.surveys.models import Survey, SurveyMarker, SurveyState, survey_marker_digest

REMIND_DAYS_BEFORE_CLOSE = 2
ALREADY_REMINDED = "A reminder was already sent today. You can send another tomorrow."


def _audience_teams(survey: Survey) -> set[int] | None:
    """The chosen teams and every team inside them; None for the whole organisation."""
    chosen = set(survey.teams.values_list("pk", flat=True))
    if not chosen:
        return None
    children: dict[int | None, list[int]] = {}
    for team_id, parent_id in Team.objects.filter(organisation_id=survey.organisation_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(team_id)
    found, todo = set(), list(chosen)
    while todo:
        team_id = todo.pop()
        if team_id not in found:
            found.add(team_id)
            todo += children.get(team_id, [])
    return found


def survey_reminder_audience(*, survey: Survey) -> list[User]:
    """Active members (staff and up) the survey is for, without a marker for this round. A public
    survey's audience has no accounts: nobody to remind."""
    if not survey.marker_key or survey.is_public:
        return []
    roles = [role for role in Role.values if ROLE_RANK[role] >= ROLE_RANK[Role.STAFF]]
    members = Membership.objects.filter(
        organisation_id=survey.organisation_id, role__in=roles, user__is_active=True
    ).select_related("user")
    teams = _audience_teams(survey)
    if teams is not None:
        members = members.filter(team_id__in=teams)
    digests = {
        survey_marker_digest(key=survey.marker_key, survey_id=survey.pk, user_id=m.user_id): m.user for m in members
    }
    answered = set(SurveyMarker.objects.filter(survey=survey, digest__in=digests).values_list("digest", flat=True))
    return sorted((user for digest, user in digests.items() if digest not in answered), key=lambda u: u.pk)


@transaction.atomic
def survey_reminder_send(*, actor: User | None, survey: Survey, today: datetime.date | None = None) -> int:
    """Notify (and email, as each person prefers, from a task) everyone who has not answered yet.
    `actor` is the lead, or None when `surveys_daily` sends a scheduled reminder."""
    today = today or timezone.localdate()
    survey = Survey.objects.select_for_update().select_related("organisation").get(pk=survey.pk)
    if not survey.is_open(today):
        raise ValidationError("Reminders can be sent only while the survey is open.")
    if survey.last_reminded_on == today:
        raise ValidationError(ALREADY_REMINDED)
    people = survey_reminder_audience(survey=survey)
    url = reverse("surveys:survey_answer", args=[survey.organisation.slug, survey.pk])
    for user in people:
        notification_create(
            user=user,
            title=f"Reminder: please answer ‘{survey.title}’",
            body=f"The survey closes on {survey.closes_on:%-d %B %Y}. Your answers are anonymous. "
            "You get this reminder because you have not answered yet; nobody can see who answered what.",
            url=url,
            organisation=survey.organisation,
            important=True,
        )
    survey.last_reminded_on = today
    survey.save(update_fields=["last_reminded_on"])
    audit_log(
        actor=actor,
        action="survey.reminder_send",
        organisation=survey.organisation,
        obj=survey,
        detail={"scheduled": actor is None},
    )
    return len(people)


def survey_reminders_due(*, today: datetime.date | None = None) -> list[Survey]:
    """Send the scheduled reminders: open surveys with `auto_remind`, two days before closing
    (or on the day they open, when they are open for less than that)."""
    today = today or timezone.localdate()
    sent = []
    for survey in Survey.objects.filter(
        auto_remind=True, state=SurveyState.OPENED, opens_on__lte=today, closes_on__gte=today, archived_at__isnull=True
    ).exclude(last_reminded_on=today):
        due = max(survey.opens_on, survey.closes_on - datetime.timedelta(days=REMIND_DAYS_BEFORE_CLOSE))
        if today == due:
            survey_reminder_send(actor=None, survey=survey, today=today)
            sent.append(survey)
    return sent
