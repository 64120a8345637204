"""What the home page offers: the public front door's organisations when signed out; when signed
in, what it offers each organisation's member at a glance: check in today,
share an idea, surveys waiting. One selector and one partial (`web/_quick_actions.jinja`), so a
later "what needs you" home can reuse both."""

from dataclasses import dataclass

from openqi.accounts.models import User
from openqi.checkins.models import Score
from openqi.checkins.selectors import checkin_done_today
from openqi.ideas.selectors import portal_organisation_get
from openqi.organisations.models import Membership, Organisation, Role, System
from openqi.surveys.models import Survey
from openqi.surveys.selectors import survey_list_open_for


@dataclass(frozen=True)
class QuickActions:
    organisation: Organisation
    checked_in_today: bool
    has_team: bool  # the one-tap check-in counts for a team: without one, the full form explains
    surveys_waiting: tuple[Survey, ...]  # open, for this member's team, not answered yet

    @property
    def survey_count(self) -> int:
        return len(self.surveys_waiting)


# The check-in's answers, best first, as one-tap buttons.
CHECKIN_SCORES: tuple[tuple[int, str], ...] = tuple((int(s.value), str(s.label)) for s in Score)


def memberships_for_home(*, user: User) -> list[Membership]:
    """The person's memberships with their organisation and team, in organisation name order."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__system", "team")
        .order_by("organisation__name")
    )


def quick_actions_for(*, user: User, membership: Membership) -> QuickActions | None:
    """What one organisation offers the person at a glance; None for a partner (partners do not
    check in, share staff ideas or answer staff surveys)."""
    if not membership.has_role(Role.STAFF):
        return None
    organisation = membership.organisation
    waiting = tuple(
        survey for survey, answered in survey_list_open_for(user=user, membership=membership) if not answered
    )
    return QuickActions(
        organisation=organisation,
        checked_in_today=checkin_done_today(user=user, organisation=organisation),
        has_team=membership.team_id is not None,
        surveys_waiting=waiting,
    )


def quick_actions_list(*, user: User) -> list[QuickActions]:
    """One entry per organisation where the person is staff or more, in organisation name order."""
    found = (quick_actions_for(user=user, membership=m) for m in memberships_for_home(user=user))
    return [qa for qa in found if qa is not None]


def front_door_organisations() -> list[Organisation]:
    """Every organisation whose public pages (the ideas portal, follow-up, stories, "you said, we
    did") a patient may choose on the front door, by name."""
    return list(Organisation.objects.order_by("name").only("id", "name", "slug"))


def front_door_organisation(*, slug: str, organisations: list[Organisation]) -> Organisation | None:
    """The organisation chosen on the front door (the portal's own rule), or the only one there is."""
    if slug:
        return portal_organisation_get(org_slug=slug)
    return organisations[0] if len(organisations) == 1 else None


def front_door_systems() -> list[System]:
    """Every ICS, for the front door's invitation to its quality improvement network."""
    return list(System.objects.order_by("name").only("id", "name", "slug"))
