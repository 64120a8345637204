"""Ideas that wait for someone: what the personal home ("What needs you") lists. Scoped by the
organisation like every other ideas read; callers decide who may see which list (the QI team's
list only for QI coaches and above, as the triage pages do)."""

from django.db.models import F, Q, QuerySet

from openqi.accounts.models import User
from openqi.ideas.models import ANSWERABLE, Idea, Status
from openqi.ideas.selectors.ideas import visible_ideas
from openqi.organisations.models import Organisation

# Still to be decided by whoever owns the idea (accepted ideas still have to be done).
_UNDECIDED = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.NEEDS_INFO, Status.ACCEPTED)


def idea_list_waiting_for_qi_team(*, organisation: Organisation) -> QuerySet[Idea]:
    """New ideas to triage, and ideas closed without their "you said, we did" answer yet, oldest
    first (the longest wait at the top)."""
    waiting = Q(status=Status.SUBMITTED) | Q(status__in=ANSWERABLE, public_answer="")
    return visible_ideas(organisation).filter(waiting).order_by("submitted_on", "id")


def idea_list_owned_open(*, organisation: Organisation, user: User) -> QuerySet[Idea]:
    """Ideas assigned to this person that still need them: not yet done, or done without the
    public answer. Those with a response date come first, soonest first."""
    needs_owner = Q(status__in=_UNDECIDED) | Q(status__in=ANSWERABLE, public_answer="")
    return (
        visible_ideas(organisation)
        .filter(owner=user)
        .filter(needs_owner)
        .order_by(F("response_due").asc(nulls_last=True), "submitted_on", "id")
    )
