"""Recognition's writes: every function is keyword-only, atomic and audited."""

from openqi.recognition.services.challenges import (
    challenge_create,
    challenge_draw,
    challenge_fix_entrants,
    challenge_qualifiers,
    challenge_verify,
    challenge_verify_result,
)
from openqi.recognition.services.champions import champion_decide, champion_volunteer
from openqi.recognition.services.nominations import (
    nomination_categories_ensure,
    nomination_category_create,
    nomination_category_set_active,
    nomination_decide,
    nomination_shortlist,
    nomination_submit,
)
from openqi.recognition.services.thanks import (
    thank_you_moderate,
    thank_you_report,
    thank_you_send,
    thank_you_share,
)

__all__ = [
    "challenge_create",
    "challenge_draw",
    "challenge_fix_entrants",
    "challenge_qualifiers",
    "challenge_verify",
    "challenge_verify_result",
    "champion_decide",
    "champion_volunteer",
    "nomination_categories_ensure",
    "nomination_category_create",
    "nomination_category_set_active",
    "nomination_decide",
    "nomination_shortlist",
    "nomination_submit",
    "thank_you_moderate",
    "thank_you_report",
    "thank_you_send",
    "thank_you_share",
]
