"""Support, follow, comments (with mentions) and export records."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.ideas.models import (
    Idea,
    IdeaComment,
    IdeaFollow,
    IdeaMention,
    IdeaSupport,
)
from openqi.ideas.selectors import colleague_matches
from openqi.ideas.services.common import check_free_text, idea_url
from openqi.notifications.services import notification_create
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


MAX_MENTIONS = 10


def _mentioned(*, idea: Idea, author: User, mentions: str) -> list[User]:
    """Resolve "Sam Jones, @alex@trust.nhs.uk" among the idea's organisation, or say which names
    are unknown or ambiguous."""
    names = [part.strip().lstrip("@").strip() for part in mentions.split(",")]
    names = list(dict.fromkeys(name for name in names if name))
    if len(names) > MAX_MENTIONS:
        raise ValidationError({"mentions": f"Mention {MAX_MENTIONS} colleagues or fewer"})
    errors: list[str] = []
    people: dict[int, User] = {}
    for name in names:
        matches = colleague_matches(organisation=idea.organisation, name=name)
        if not matches:
            errors.append(
                f"No one called ‘{name}’ works in {idea.organisation.name}: check the spelling or use "
                "their email address"
            )
        elif len(matches) > 1:
            errors.append(f"More than one person is called ‘{name}’: use their email address instead")
        elif matches[0].pk != author.pk:
            people[matches[0].pk] = matches[0]
    if errors:
        raise ValidationError({"mentions": errors})
    return list(people.values())


@transaction.atomic
def idea_comment_add(*, author: User, idea: Idea, body: str, mentions: str = "") -> IdeaComment:
    """Comment on an idea, naming colleagues to tell. Only staff with an account comment (the
    anonymous author replies through the code, where nobody can be mentioned), so a mention never
    comes from, or points to, an anonymous author."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write your comment"})
    check_free_text(body=body)
    people = _mentioned(idea=idea, author=author, mentions=mentions)
    comment = IdeaComment.objects.create(idea=idea, author=author, body=body)
    IdeaMention.objects.bulk_create([IdeaMention(comment=comment, user=person) for person in people])
    audit_log(
        actor=author,
        action="idea.comment",
        organisation=idea.organisation,
        obj=idea,
        detail={"mentioned": sorted(person.pk for person in people)} if people else None,
    )
    url = f"{idea_url(idea)}#comment-{comment.pk}"
    for person in people:
        notification_create(
            user=person,
            organisation=idea.organisation,
            title=f"{author.display_name} mentioned you on idea “{idea.title[:80]}”",
            body=body[:500],
            url=url,
            important=True,
        )
    return comment


def idea_export_record(*, actor: User, organisation: Organisation, filters: dict[str, object], count: int) -> None:
    """Exports are security events: who took which ideas out, and how many."""
    audit_log(actor=actor, action="idea.export", organisation=organisation, detail={"filters": filters, "rows": count})
