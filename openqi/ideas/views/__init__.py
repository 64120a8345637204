"""Idea pages: share, list, read, support, triage, answer, follow up; and the public portal."""

from openqi.ideas.views.campaigns import campaign_close, campaign_create, campaign_detail, campaign_list
from openqi.ideas.views.follow_up import idea_follow_up, portal_follow_up, portal_idea_create, portal_you_said_we_did
from openqi.ideas.views.ideas import idea_comment, idea_create, idea_detail, idea_follow, idea_list, idea_support
from openqi.ideas.views.reports import idea_export, idea_overview, idea_system_overview, you_said_we_did
from openqi.ideas.views.triage import idea_answer, idea_assign, idea_moderate, idea_status, moderation_list

__all__ = [
    "campaign_close",
    "campaign_create",
    "campaign_detail",
    "campaign_list",
    "idea_answer",
    "idea_assign",
    "idea_comment",
    "idea_create",
    "idea_detail",
    "idea_export",
    "idea_follow",
    "idea_follow_up",
    "idea_list",
    "idea_moderate",
    "idea_overview",
    "idea_status",
    "idea_support",
    "idea_system_overview",
    "moderation_list",
    "portal_follow_up",
    "portal_idea_create",
    "portal_you_said_we_did",
    "you_said_we_did",
]
