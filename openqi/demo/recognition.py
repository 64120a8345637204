"""Demo recognition for `seed_demo`: thank-yous, this month's nominations (one shortlisted), last
month's winners at Northfield and Riverside (so both walls of fame and the home page have some),
an approved champion, and an individual target on Northfield's open campaign. Built through the services; once only."""

import datetime

from django.utils import timezone

from openqi.accounts.models import User
from openqi.ideas.models import Campaign
from openqi.organisations.models import Organisation, Team
from openqi.recognition import services
from openqi.recognition.models import CampaignChallenge, NominationCategory, ThankYou


def _category(organisation: Organisation, name: str) -> NominationCategory:
    services.nomination_categories_ensure(organisation=organisation)
    return NominationCategory.objects.get(organisation=organisation, name=name)


def _winner(
    *, organisation: Organisation, panel: User, by: User, nominee: User, award: str, reason: str, citation: str
) -> None:
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    nomination = services.nomination_submit(
        actor=by,
        organisation=organisation,
        category=_category(organisation, award),
        nominee=nominee,
        reason=reason,
        month=last_month,
    )
    services.nomination_shortlist(actor=panel, nomination=nomination)
    services.nomination_decide(actor=panel, nomination=nomination, citation=citation)


def seed_recognition(*, northfield: Organisation, riverside: Organisation, ward: Team) -> None:
    if ThankYou.objects.filter(organisation=northfield).exists():
        return
    lead = User.objects.get(email="lead@northfield.example")
    staff = User.objects.get(email="staff@northfield.example")
    services.thank_you_send(
        actor=lead,
        organisation=northfield,
        recipient=staff,
        message="Thank you for running the safety huddle every morning this week, even when we were short-staffed.",
    )
    services.thank_you_send(
        actor=staff,
        organisation=northfield,
        recipient=lead,
        message="Thanks for helping me write the aim for our falls project: it finally makes sense.",
    )
    services.thank_you_send(
        actor=lead,
        organisation=northfield,
        team=ward,
        message="A big thank-you to the whole ward for testing the new discharge checklist over the bank holiday.",
    )
    _winner(
        organisation=northfield,
        panel=lead,
        by=lead,
        nominee=staff,
        award="Improver of the month",
        reason="Ran four PDSA cycles on the discharge checklist and shared every result with the team.",
        citation="For four careful PDSA cycles that made discharge from Ward 7 safer.",
    )
    # The Northfield lead coaches at Riverside too (demo/organisations.py): Riverside's winner.
    river_lead = User.objects.get(email="lead@riverside.example")
    _winner(
        organisation=riverside,
        panel=river_lead,
        by=river_lead,
        nominee=lead,
        award="Star of the month",
        reason="Coached the community team through their first huddle board.",
        citation="For coaching the community team's first huddle board, now used every day.",
    )
    this_month = services.nomination_submit(
        actor=staff,
        organisation=northfield,
        category=_category(northfield, "Star of the month"),
        nominee=lead,
        reason="Always finds time to coach people through their first improvement project.",
    )
    services.nomination_shortlist(actor=lead, nomination=this_month)
    services.nomination_submit(
        actor=staff,
        organisation=northfield,
        category=_category(northfield, "Improvement of the month"),
        team=ward,
        title="Discharge checklist on Ward 7",
        reason="Delayed discharges fell from nine to three a week after the checklist.",
    )
    champion = services.champion_volunteer(
        actor=staff, organisation=northfield, focus="ideas", focus_detail="Safer discharge campaign", contact="Ext 4321"
    )
    services.champion_decide(actor=lead, champion=champion, approve=True)
    campaign = Campaign.objects.filter(organisation=northfield, closed_on__isnull=True).order_by("-starts_on").first()
    if campaign is not None and not CampaignChallenge.objects.filter(campaign=campaign).exists():
        services.challenge_create(
            actor=lead, campaign=campaign, individual_target=2, prize="Afternoon tea for your ward", winners_wanted=1
        )
