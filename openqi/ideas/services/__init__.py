"""Writes for ideas. Each is atomic and audited; anonymous contributions are audited only as each
finished day's counts (`ideas_anonymous_audit`), so no entry can be placed among a person's own."""

from openqi.ideas.models import TRANSITIONS
from openqi.ideas.services.campaigns import campaign_close, campaign_create
from openqi.ideas.services.common import NHS_NUMBER_MESSAGE, check_free_text
from openqi.ideas.services.engagement import (
    idea_comment_add,
    idea_export_record,
    idea_follow_toggle,
    idea_support_toggle,
)
from openqi.ideas.services.sharing import (
    idea_follow_up_reply,
    idea_moderate,
    idea_public_submit,
    idea_submit,
    ideas_anonymous_audit,
)
from openqi.ideas.services.workflow import idea_answer, idea_assign, idea_change_status

__all__ = [
    "NHS_NUMBER_MESSAGE",
    "TRANSITIONS",
    "campaign_close",
    "campaign_create",
    "check_free_text",
    "idea_answer",
    "idea_assign",
    "idea_change_status",
    "idea_comment_add",
    "idea_export_record",
    "idea_follow_toggle",
    "idea_follow_up_reply",
    "idea_moderate",
    "idea_public_submit",
    "idea_submit",
    "idea_support_toggle",
    "ideas_anonymous_audit",
]
