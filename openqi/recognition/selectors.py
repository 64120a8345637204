"""Reading recognition. Every function takes its scope (organisation, system or user) first."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from openqi.accounts.models import User
from openqi.ideas.models import Campaign
from openqi.ideas.selectors import campaign_get, campaign_list, campaign_named_idea_counts
from openqi.organisations.models import Membership, Organisation, Role, System, Team
from openqi.recognition.models import (
    CampaignChallenge,
    Champion,
    ChampionStatus,
    Nomination,
    NominationCategory,
    NominationStatus,
    NoteStatus,
    ThankYou,
)

WALL_MONTHS = 12


def _notes(organisation: Organisation) -> QuerySet[ThankYou]:
    return ThankYou.objects.filter(organisation=organisation).select_related(
        "sender", "recipient", "team", "shared_with"
    )


def thank_you_received(*, organisation: Organisation, user: User) -> QuerySet[ThankYou]:
    """A person's collection: notes to them that a moderator has not hidden."""
    return _notes(organisation).filter(recipient=user).exclude(status=NoteStatus.HIDDEN)


def thank_you_sent(*, organisation: Organisation, user: User) -> QuerySet[ThankYou]:
    return _notes(organisation).filter(sender=user).exclude(status=NoteStatus.HIDDEN)


def thank_you_for_team(*, organisation: Organisation, team: Team) -> QuerySet[ThankYou]:
    """A team's notes, for its page and its huddle board."""
    return _notes(organisation).filter(team=team, status=NoteStatus.VISIBLE)


def thank_you_reported(*, organisation: Organisation) -> QuerySet[ThankYou]:
    return _notes(organisation).filter(status=NoteStatus.REPORTED).order_by("created_at")


def thank_you_get(*, organisation: Organisation, note_id: int) -> ThankYou | None:
    return _notes(organisation).filter(pk=note_id).first()


def thank_you_can_see(*, user: User, note: ThankYou, membership: Membership | None, is_system_admin: bool) -> bool:
    """Who may open a note: its sender and recipient, the manager it was shared with, every member
    for a team's note, and the panel (to moderate). A hidden note: the panel only."""
    panel = is_system_admin or (membership is not None and membership.has_role(Role.LEAD))
    if note.status == NoteStatus.HIDDEN:
        return panel
    if panel or user.pk in (note.sender_id, note.recipient_id, note.shared_with_id):
        return True
    return note.team_id is not None and membership is not None


def colleague_choices(*, organisation: Organisation, exclude: User | None = None) -> list[tuple[str, str]]:
    """Staff and above, by name, for "who are you thanking / nominating / sharing with"."""
    ranked = [r for r in Role.values if Membership(role=r).has_role(Role.STAFF)]
    members = (
        Membership.objects.filter(organisation=organisation, role__in=ranked)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return [
        (str(m.user_id), f"{m.user.display_name}{f' ({m.team.name})' if m.team_id and m.team else ''}")
        for m in members.select_related("team")
        if exclude is None or m.user_id != exclude.pk
    ]


def nomination_category_list(*, organisation: Organisation, active_only: bool = False) -> QuerySet[NominationCategory]:
    categories = NominationCategory.objects.filter(organisation=organisation)
    return categories.filter(active=True) if active_only else categories


def nomination_category_get(*, organisation: Organisation, category_id: int) -> NominationCategory | None:
    return NominationCategory.objects.filter(organisation=organisation, pk=category_id).first()


def _nominations(organisation: Organisation) -> QuerySet[Nomination]:
    return Nomination.objects.filter(organisation=organisation).select_related(
        "category", "nominee", "team", "nominated_by"
    )


def nomination_get(*, organisation: Organisation, nomination_id: int) -> Nomination | None:
    return _nominations(organisation).filter(pk=nomination_id).first()


def nomination_panel_list(*, organisation: Organisation, month: datetime.date) -> QuerySet[Nomination]:
    """The panel's view of one month: every nomination, by award then status."""
    return _nominations(organisation).filter(month=month).order_by("category__name", "status", "created_at")


def nomination_months(*, organisation: Organisation) -> list[datetime.date]:
    months = Nomination.objects.filter(organisation=organisation).order_by("-month").values_list("month", flat=True)
    return list(dict.fromkeys(months))


def nomination_list_by(*, organisation: Organisation, user: User) -> QuerySet[Nomination]:
    return _nominations(organisation).filter(nominated_by=user)


def winner_list(*, organisation: Organisation, months: int = WALL_MONTHS) -> QuerySet[Nomination]:
    """The wall of fame: the last year's winners, newest first."""
    since = (timezone.localdate().replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
    return (
        _nominations(organisation)
        .filter(status=NominationStatus.WON, month__gte=since)
        .order_by("-month", "category__name")
    )


def winner_list_for_system(*, system: System, months: int = WALL_MONTHS) -> QuerySet[Nomination]:
    """The ICS wall of fame: every organisation's winners in the system."""
    since = (timezone.localdate().replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
    return (
        Nomination.objects.filter(organisation__system=system, status=NominationStatus.WON, month__gte=since)
        .select_related("category", "nominee", "team", "organisation")
        .order_by("-month", "organisation__name", "category__name")
    )


def winner_get(*, organisation: Organisation, nomination_id: int) -> Nomination | None:
    return _nominations(organisation).filter(pk=nomination_id, status=NominationStatus.WON).first()


def recent_winners_for_user(*, user: User, days: int = 45) -> list[Nomination]:
    """Winners announced lately in the organisations where this person is staff or more, for the
    home page."""
    since = timezone.now() - datetime.timedelta(days=days)
    org_ids = [m.organisation_id for m in Membership.objects.filter(user=user) if m.has_role(Role.STAFF)]
    return list(
        Nomination.objects.filter(organisation_id__in=org_ids, status=NominationStatus.WON, decided_at__gte=since)
        .select_related("category", "nominee", "team", "organisation")
        .order_by("-decided_at")[:5]
    )


def campaign_for_challenge(*, organisation: Organisation, campaign_id: int) -> Campaign | None:
    return campaign_get(organisation=organisation, campaign_id=campaign_id)


def campaign_choices_for_challenge(*, organisation: Organisation) -> list[Campaign]:
    """Campaigns still running or not yet started that have no individual target, for the panel."""
    taken = CampaignChallenge.objects.filter(organisation=organisation).values_list("campaign_id", flat=True)
    today = timezone.localdate()
    return list(
        campaign_list(organisation=organisation)
        .filter(closed_on__isnull=True, ends_on__gte=today)
        .exclude(pk__in=taken)[:10]
    )


def challenge_get(*, organisation: Organisation, campaign: Campaign) -> CampaignChallenge | None:
    return CampaignChallenge.objects.filter(organisation=organisation, campaign=campaign).first()


def challenge_list(*, organisation: Organisation) -> QuerySet[CampaignChallenge]:
    return (
        CampaignChallenge.objects.filter(organisation=organisation)
        .select_related("campaign")
        .order_by("-campaign__starts_on", "-id")
    )


@dataclass(frozen=True)
class PersonalProgress:
    named_ideas: int
    target: int

    @property
    def hit(self) -> bool:
        return self.named_ideas >= self.target

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.named_ideas / self.target)) if self.target else 0


def challenge_progress_for(*, challenge: CampaignChallenge, user_id: int) -> PersonalProgress:
    """One person's own progress: their named ideas only (anonymous ideas store no person)."""
    counts = campaign_named_idea_counts(campaign=challenge.campaign)
    return PersonalProgress(named_ideas=counts.get(user_id, 0), target=challenge.individual_target)


def people_by_id(*, organisation: Organisation, user_ids: list[int]) -> dict[int, User]:
    """Entrants and winners by id, limited to people who are members here."""
    members = Membership.objects.filter(organisation=organisation, user_id__in=user_ids).select_related("user")
    return {m.user_id: m.user for m in members}


def team_get(*, organisation: Organisation, team_id: int) -> Team | None:
    return Team.objects.filter(organisation=organisation, pk=team_id).first()


def champion_list(*, organisation: Organisation, status: str = ChampionStatus.APPROVED) -> QuerySet[Champion]:
    return Champion.objects.filter(organisation=organisation, status=status).select_related("user", "team")


def champion_counts_by_team_of(*, organisations: list[Organisation]) -> dict[int, int]:
    """Approved champions placed in a team, by team id, for several organisations in one query."""
    return dict(
        Champion.objects.filter(organisation__in=organisations, status=ChampionStatus.APPROVED, team__isnull=False)
        .order_by()
        .values("team_id")
        .annotate(n=Count("pk"))
        .values_list("team_id", "n")
    )


def champion_list_for_system(*, system: System) -> QuerySet[Champion]:
    """The ICS directory: approved champions of every organisation in the system."""
    return (
        Champion.objects.filter(organisation__system=system, status=ChampionStatus.APPROVED)
        .select_related("user", "team", "organisation")
        .order_by("organisation__name", "team__name", "user__full_name")
    )


def champion_get(*, organisation: Organisation, champion_id: int) -> Champion | None:
    return Champion.objects.filter(organisation=organisation, pk=champion_id).select_related("user").first()


def champion_for(*, organisation: Organisation, user: User) -> Champion | None:
    return Champion.objects.filter(organisation=organisation, user=user).first()
