"""What the signed-in home page offers each organisation's member at a glance: check in today,
share an idea, surveys waiting. One selector and one partial (`web/_quick_actions.jinja`), so a
later "what needs you" home can reuse both."""

from dataclasses import dataclass

from openqi.accounts.models import User
from openqi.checkins.models import Score
from openqi.checkins.selectors import checkin_done_today
from openqi.organisations.models import Membership, Organisation, Role
from openqi.surveys.models import Survey
from openqi.surveys.selectors import survey_list_open_for


@dataclass(frozen=True)
class QuickActions:
    organisation: Organisation
    checked_in_today: bool
    surveys_waiting: tuple[Survey, ...]  # open, for this member's team, not answered yet

    @property
    def survey_count(self) -> int:
        return len(self.surveys_waiting)


# The check-in's answers, best first, as one-tap buttons.
CHECKIN_SCORES: tuple[tuple[int, str], ...] = tuple((int(s.value), str(s.label)) for s in Score)


def quick_actions_list(*, user: User) -> list[QuickActions]:
    """One entry per organisation where the person is staff or more (partners do not check in,
    share staff ideas or answer staff surveys), in organisation name order."""
    memberships = (
        Membership.objects.filter(user=user).select_related("organisation", "team").order_by("organisation__name")
    )
    found = []
    for membership in memberships:
        if not membership.has_role(Role.STAFF):
            continue
        organisation = membership.organisation
        waiting = tuple(
            survey for survey, answered in survey_list_open_for(user=user, membership=membership) if not answered
        )
        found.append(
            QuickActions(
                organisation=organisation,
                checked_in_today=checkin_done_today(user=user, organisation=organisation),
                surveys_waiting=waiting,
            )
        )
    return found
