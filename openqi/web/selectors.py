"""What the home page offers: the public front door's organisations when signed out; when signed
in, what it offers each organisation's member at a glance: check in today,
share an idea, surveys waiting. One selector and one partial (`web/_quick_actions.jinja`), so a
later "what needs you" home can reuse both."""

from dataclasses import dataclass

from openqi.accounts.models import User
from openqi.checkins.models import Score
from openqi.checkins.selectors import checkin_done_today
from openqi.ideas.selectors import portal_organisation_get
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


def front_door_organisations() -> list[Organisation]:
    """Every organisation whose public pages (the ideas portal, follow-up, stories, "you said, we
    did") a patient may choose on the front door, by name."""
    return list(Organisation.objects.order_by("name").only("id", "name", "slug"))


def front_door_organisation(*, slug: str, organisations: list[Organisation]) -> Organisation | None:
    """The organisation chosen on the front door (the portal's own rule), or the only one there is."""
    if slug:
        return portal_organisation_get(org_slug=slug)
    return organisations[0] if len(organisations) == 1 else None
