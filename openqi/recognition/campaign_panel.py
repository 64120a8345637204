"""Recognition's box on an ideas campaign's page (issue 19: "each person sees their own progress"),
registered with `ideas.extensions` in this app's `ready()`, so the ideas app does not know
recognition. Someone sharing ideas into a campaign reads the campaign's page, not the recognition
pages: the box tells them the individual target, the prize, their own progress (named ideas
only), and links to the draw and the closing report. A lead is offered to set a target."""

from django.urls import reverse
from django.utils import timezone

from openqi.ideas.extensions import CampaignPanel, PanelLink
from openqi.ideas.models import Campaign
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Role
from openqi.recognition.models import CampaignChallenge
from openqi.recognition.selectors import PersonalProgress, challenge_get, challenge_progress_for


def _ideas(n: int) -> str:
    return f"{n} idea{'s' if n != 1 else ''}"


def _progress_line(progress: PersonalProgress) -> str:
    line = f"You have shared {progress.named_ideas} of {_ideas(progress.target)} under your own name"
    return line + (": you are in the draw." if progress.hit else ".")


def _challenge_panel(challenge: CampaignChallenge, campaign: Campaign, user_id: int, slug: str) -> CampaignPanel:
    lines = [
        f"Share {_ideas(challenge.individual_target)} under your own name in this campaign to enter the draw "
        f"for {challenge.prize}. Ideas shared anonymously, or named to the QI team only, do not count.",
    ]
    lines.append(_progress_line(challenge_progress_for(challenge=challenge, user_id=user_id)))
    if challenge.drawn_at is not None:
        lines.append(f"The draw was made on {timezone.localtime(challenge.drawn_at):%d %B %Y}.")
    links = [
        PanelLink("Your progress and the prize draw", reverse("recognition:challenge_detail", args=[slug, campaign.pk]))
    ]
    if campaign.closed_on is not None:
        links.append(
            PanelLink(
                "Download the closing report (PDF)", reverse("recognition:campaign_report", args=[slug, campaign.pk])
            )
        )
    return CampaignPanel(heading="Individual target and prize draw", lines=tuple(lines), links=tuple(links))


def campaign_panel(*, access: OrgAccess, user_id: int, campaign: Campaign) -> CampaignPanel | None:
    slug = access.organisation.slug
    challenge = challenge_get(organisation=access.organisation, campaign=campaign)
    if challenge is not None:
        return _challenge_panel(challenge, campaign, user_id, slug)
    if campaign.closed_on is not None:
        return CampaignPanel(
            heading="Closing report",
            lines=("Participation by team, ideas by stage and the closing words, as a PDF to share.",),
            links=(
                PanelLink(
                    "Download the closing report (PDF)",
                    reverse("recognition:campaign_report", args=[slug, campaign.pk]),
                ),
            ),
        )
    if access.has_role(Role.LEAD) and campaign.ends_on >= timezone.localdate():
        return CampaignPanel(
            heading="Prize draw",
            lines=(
                "Set an individual target (for example 5 ideas in 2 weeks): everyone who reaches it enters a prize draw.",
            ),
            links=(
                PanelLink(
                    "Set an individual target", reverse("recognition:challenge_create", args=[slug, campaign.pk])
                ),
            ),
        )
    return None
