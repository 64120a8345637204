"""Support, follow, comments (with mentions) and export records."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.ideas.models import (
    Idea,
    IdeaComment,
    IdeaFollow,
    IdeaSupport,
)
from openqi.ideas.services._common import check_free_text
from openqi.organisations.models import Organisation


@transaction.atomic
def idea_support_toggle(*, user: User, idea: Idea) -> bool:
    """Back an idea ("me too"), or stop backing it. True when the person now supports it."""
    support = IdeaSupport.objects.filter(idea=idea, user=user).first()
    if support is not None:
        support.delete()
        audit_log(actor=user, action="idea.support_remove", organisation=idea.organisation, obj=idea)
        return False
    if idea.submitted_by_id == user.pk:
        raise PermissionDenied("You shared this idea, so you support it already.")
    IdeaSupport.objects.create(idea=idea, user=user)
    audit_log(actor=user, action="idea.support", organisation=idea.organisation, obj=idea)
    return True


@transaction.atomic
def idea_follow_toggle(*, user: User, idea: Idea) -> bool:
    follow = IdeaFollow.objects.filter(idea=idea, user=user).first()
    if follow is not None:
        follow.delete()
        audit_log(actor=user, action="idea.unfollow", organisation=idea.organisation, obj=idea)
        return False
    IdeaFollow.objects.create(idea=idea, user=user)
    audit_log(actor=user, action="idea.follow", organisation=idea.organisation, obj=idea)
    return True


@transaction.atomic
def idea_comment_add(*, author: User, idea: Idea, body: str) -> IdeaComment:
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write your comment"})
    check_free_text(body=body)
    comment = IdeaComment.objects.create(idea=idea, author=author, body=body)
    audit_log(actor=author, action="idea.comment", organisation=idea.organisation, obj=idea)
    return comment


def idea_export_record(*, actor: User, organisation: Organisation, filters: dict[str, object], count: int) -> None:
    """Exports are security events: who took which ideas out, and how many."""
    audit_log(actor=actor, action="idea.export", organisation=organisation, detail={"filters": filters, "rows": count})
