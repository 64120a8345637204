"""A campaign's closing report as PDF (shared PDF machinery): participation by team, ideas by
stage and the prize draw's winners. Anonymous ideas appear only in totals and by stage, with the
ideas app's own k rule on the anonymous share; they are never linked to a person."""

from dataclasses import dataclass
from typing import Any

from openqi.documents.pdf import PdfDocument, render_pdf
from openqi.ideas.models import Campaign
from openqi.ideas.selectors import campaign_ideas, campaign_progress
from openqi.recognition.models import CampaignChallenge
from openqi.recognition.selectors import people_by_id


@dataclass(frozen=True)
class TeamRow:
    team: str
    ideas: int


def campaign_participation(*, campaign: Campaign) -> list[TeamRow]:
    """Ideas per team, most first; ideas with no team are counted as such."""
    counts: dict[str, int] = {}
    for team_name in campaign_ideas(campaign=campaign).values_list("team__name", flat=True):
        key = team_name or "No team given"
        counts[key] = counts.get(key, 0) + 1
    return [TeamRow(team=t, ideas=n) for t, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def campaign_report_pdf(*, campaign: Campaign, challenge: CampaignChallenge | None) -> PdfDocument:
    context: dict[str, Any] = {
        "campaign": campaign,
        "progress": campaign_progress(campaign=campaign),
        "participation": campaign_participation(campaign=campaign),
        "challenge": challenge,
        "winners": [],
    }
    if challenge is not None and challenge.winner_ids:
        people = people_by_id(organisation=campaign.organisation, user_ids=list(challenge.winner_ids))
        context["winners"] = [people[w].display_name for w in challenge.winner_ids if w in people]
        context["entrants"] = len(challenge.entrant_ids)
    return render_pdf(
        template_name="recognition/campaign_report.jinja",
        context=context,
        organisation_name=campaign.organisation.name,
        title=f"Campaign closing report: {campaign.title}",
    )
