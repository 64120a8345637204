"""Reading ideas. Every function takes the organisation (or a system the viewer may read) first."""

from openqi.ideas.selectors.campaigns import (
    CampaignProgress,
    campaign_get,
    campaign_ideas,
    campaign_list,
    campaign_open_list,
    campaign_progress,
)
from openqi.ideas.selectors.ideas import (
    colleague_matches,
    idea_answered_list,
    idea_comments,
    idea_events,
    idea_follow_up_find,
    idea_get,
    idea_list,
    idea_moderation_queue,
    idea_viewer_state,
    portal_organisation_get,
)
from openqi.ideas.selectors.overview import (
    EXPORT_HEADER,
    OPEN_STATUSES,
    REPORTING_THRESHOLD,
    IdeaOverview,
    TeamRow,
    idea_export_rows,
    idea_overview,
)
from openqi.ideas.selectors.similar import (
    SharedIdea,
    idea_similar,
    idea_similar_across_system,
    idea_text,
    organisations_readable,
)

__all__ = [
    "EXPORT_HEADER",
    "OPEN_STATUSES",
    "REPORTING_THRESHOLD",
    "CampaignProgress",
    "IdeaOverview",
    "SharedIdea",
    "TeamRow",
    "campaign_get",
    "campaign_ideas",
    "campaign_list",
    "campaign_open_list",
    "campaign_progress",
    "colleague_matches",
    "idea_answered_list",
    "idea_comments",
    "idea_events",
    "idea_export_rows",
    "idea_follow_up_find",
    "idea_get",
    "idea_list",
    "idea_moderation_queue",
    "idea_overview",
    "idea_similar",
    "idea_similar_across_system",
    "idea_text",
    "idea_viewer_state",
    "organisations_readable",
    "portal_organisation_get",
]
