"""Campaign challenges: an individual target on an ideas campaign and a verifiable prize draw."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.ideas.models import Campaign
from openqi.ideas.selectors import campaign_named_idea_counts
from openqi.notifications.services import notification_create
from openqi.organisations.models import Membership
from openqi.recognition import draws
from openqi.recognition.models import CampaignChallenge
from openqi.recognition.services.common import check_text, recognition_url, require_panel


@transaction.atomic
def challenge_create(
    *, actor: User, campaign: Campaign, individual_target: int, prize: str, winners_wanted: int = 1
) -> CampaignChallenge:
    require_panel(actor, campaign.organisation)
    if CampaignChallenge.objects.filter(campaign=campaign).exists():
        raise ValidationError("This campaign already has an individual target")
    if campaign.closed_on is not None:
        raise ValidationError("This campaign is closed")
    if individual_target < 1:
        raise ValidationError({"individual_target": "The individual target must be at least 1 idea"})
    if not 1 <= winners_wanted <= 20:
        raise ValidationError({"winners_wanted": "Draw between 1 and 20 winners"})
    prize = prize.strip()
    if not prize:
        raise ValidationError({"prize": "Say what the prize is"})
    check_text(prize=prize)
    challenge = CampaignChallenge.objects.create(
        organisation=campaign.organisation,
        campaign=campaign,
        individual_target=individual_target,
        prize=prize[:150],
        winners_wanted=winners_wanted,
        created_by=actor,
    )
    audit_log(actor=actor, action="campaign_challenge.create", organisation=campaign.organisation, obj=challenge)
    return challenge


def challenge_qualifiers(*, challenge: CampaignChallenge) -> list[int]:
    """Who hit the individual target with named ideas, still a member here, by user id."""
    counts = campaign_named_idea_counts(campaign=challenge.campaign)
    hit = [user_id for user_id, n in counts.items() if n >= challenge.individual_target]
    members = set(
        Membership.objects.filter(organisation=challenge.organisation, user_id__in=hit).values_list(
            "user_id", flat=True
        )
    )
    return draws.entrants_canonical([u for u in hit if u in members])


@transaction.atomic
def challenge_fix_entrants(*, actor: User, challenge: CampaignChallenge) -> CampaignChallenge:
    """Close entry: fix who entered and commit to a secret seed, both in the audit log, before the draw."""
    require_panel(actor, challenge.organisation)
    challenge = CampaignChallenge.objects.select_for_update().get(pk=challenge.pk)
    campaign = challenge.campaign
    if challenge.entrants_fixed_at is not None:
        raise ValidationError("The entrants are already fixed")
    if campaign.closed_on is None and campaign.ends_on >= timezone.localdate():
        raise ValidationError("Close the campaign, or wait until it ends, before fixing the entrants")
    entrants = challenge_qualifiers(challenge=challenge)
    seed = draws.seed_new()
    challenge.entrant_ids = entrants
    challenge.entrants_fixed_at = timezone.now()
    challenge.seed = seed
    challenge.seed_commitment = draws.commitment(seed)
    challenge.save(update_fields=["entrant_ids", "entrants_fixed_at", "seed", "seed_commitment"])
    audit_log(
        actor=actor,
        action="campaign_challenge.entrants_fixed",
        organisation=challenge.organisation,
        obj=challenge,
        detail={
            "entrants": entrants,
            "entrants_digest": draws.entrants_digest(entrants),
            "seed_commitment": challenge.seed_commitment,
            "winners_wanted": challenge.winners_wanted,
        },
    )
    return challenge


@transaction.atomic
def challenge_draw(*, actor: User, challenge: CampaignChallenge) -> CampaignChallenge:
    """Reveal the committed seed and draw; the seed, winners and verification go to the audit log."""
    require_panel(actor, challenge.organisation)
    challenge = CampaignChallenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.entrants_fixed_at is None:
        raise ValidationError("Fix the entrants before the draw")
    if challenge.drawn_at is not None:
        raise ValidationError("The draw has already been made")
    if not challenge.entrant_ids:
        raise ValidationError("Nobody hit the individual target, so there is nobody to draw")
    winners = draws.draw_winners(challenge.seed, challenge.entrant_ids, challenge.winners_wanted)
    challenge.winner_ids = winners
    challenge.drawn_at = timezone.now()
    challenge.drawn_by = actor
    challenge.save(update_fields=["winner_ids", "drawn_at", "drawn_by"])
    check = challenge_verify_result(challenge=challenge)
    audit_log(
        actor=actor,
        action="campaign_challenge.draw",
        organisation=challenge.organisation,
        obj=challenge,
        detail={"seed": challenge.seed, "winners": winners, "verified": check.verified},
    )
    url = recognition_url("challenge_detail", challenge.organisation, challenge.campaign_id)
    for user in User.objects.filter(pk__in=winners):
        notification_create(
            user=user,
            title=f"You won the prize draw: {challenge.prize}",
            body=f"For hitting the target in the campaign ‘{challenge.campaign.title}’.",
            url=url,
            organisation=challenge.organisation,
            important=True,
        )
    return challenge


def challenge_verify_result(*, challenge: CampaignChallenge) -> draws.Verification:
    return draws.verify(
        seed=challenge.seed,
        recorded_commitment=challenge.seed_commitment,
        entrant_ids=challenge.entrant_ids,
        wanted=challenge.winners_wanted,
        recorded_winners=challenge.winner_ids,
    )


@transaction.atomic
def challenge_verify(*, actor: User, challenge: CampaignChallenge) -> draws.Verification:
    """A panel member recomputes the draw from the revealed seed; the check is audited."""
    require_panel(actor, challenge.organisation)
    if challenge.drawn_at is None:
        raise ValidationError("There is no draw to verify yet")
    result = challenge_verify_result(challenge=challenge)
    audit_log(
        actor=actor,
        action="campaign_challenge.verify",
        organisation=challenge.organisation,
        obj=challenge,
        detail={
            "commitment_matches": result.commitment_matches,
            "winners_match": result.winners_match,
            "verified": result.verified,
        },
    )
    return result
